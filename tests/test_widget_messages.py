"""How a message's text becomes what the parent sees (web_widget/messages.js), run in the real browser:
text is never HTML, line breaks are kept, and only http(s) addresses become links."""

import pytest
from browser_support import chromium, open_widget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

RENDER = """async (text) => {
  const { renderText } = await import('/widget/messages.js');
  const box = document.createElement('div');
  box.append(renderText(text, '(opens in a new tab)'));
  return {
    html: box.innerHTML,
    paragraphs: [...box.querySelectorAll('p')].map(p => p.textContent),
    breaks: box.querySelectorAll('br').length,
    links: [...box.querySelectorAll('a')].map(a => ({href: a.getAttribute('href'), text: a.firstChild.textContent,
                                                    rel: a.rel, target: a.target})),
    elements: [...new Set([...box.querySelectorAll('*')].map(e => e.tagName.toLowerCase()))],
  };
}"""


@pytest.fixture(scope="module")
def render(chromium, stack):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(stack.gateway_url + "/")
    yield lambda text: page.evaluate(RENDER, text)
    context.close()


def test_markup_stays_text(render):
    result = render('<b>bold</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>')
    assert result["paragraphs"] == ['<b>bold</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>']
    assert result["elements"] == ["p"]


def test_line_breaks_become_lines_and_blank_lines_paragraphs(render):
    result = render("First line\nSecond line\n\nNew paragraph\r\nand its second line")
    assert result["paragraphs"] == ["First lineSecond line", "New paragraphand its second line"]
    assert result["breaks"] == 2


def test_only_web_addresses_become_links_without_trailing_punctuation(render):
    result = render(
        "See https://www.bathnes.gov.uk/children. Or (http://example.org/a?b=1&c=2), not javascript:alert(1)"
    )
    assert [link["href"] for link in result["links"]] == [
        "https://www.bathnes.gov.uk/children",
        "http://example.org/a?b=1&c=2",
    ]
    assert [link["text"] for link in result["links"]] == [
        "https://www.bathnes.gov.uk/children",
        "http://example.org/a?b=1&c=2",
    ]
    assert all(link["rel"] == "noopener noreferrer" and link["target"] == "_blank" for link in result["links"])
    assert "javascript:alert(1)" in result["paragraphs"][0]
    assert result["paragraphs"][0].startswith("See https://www.bathnes.gov.uk/children")


def test_a_quote_cannot_break_out_of_a_link(render):
    result = render('https://example.org/"onmouseover="alert(1) and https://example.org/<b>x</b>')
    assert [link["href"] for link in result["links"]] == ["https://example.org/", "https://example.org/"]
    assert set(result["elements"]) <= {"p", "a", "span"}
