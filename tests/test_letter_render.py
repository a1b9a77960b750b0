"""The letter in its three formats: every answer word for word, as text, on clean pages."""

import re

import pytest

from bot.conversation.checklist import SKIPPED, questions
from bot.letter import build_letter, check_content, render_html, render_pdf, render_text
from bot.letter.examples import (
    ANSWERS,
    BATH,
    FULL_JOURNEY,
    PAGE_FOOTER,
    TODAY,
    html_tags,
    html_text,
    pdf_pages,
    pdf_text,
    words,
)


def rendered(letter, letter_format):
    if letter_format == "html":
        return html_text(render_html(letter))
    if letter_format == "txt":
        return words(render_text(letter))
    return pdf_text(render_pdf(letter))


@pytest.fixture(scope="module")
def full_letter():
    return build_letter(FULL_JOURNEY, council=BATH, today=TODAY)


@pytest.fixture(scope="module")
def outputs(full_letter):
    return {letter_format: rendered(full_letter, letter_format) for letter_format in ("html", "txt", "pdf")}


def test_content_loads_and_templates_compile():
    check_content()


@pytest.mark.parametrize("letter_format", ["html", "txt", "pdf"])
def test_every_answered_topic_appears_word_for_word(outputs, letter_format):
    text = outputs[letter_format]
    for key, answer in ANSWERS.items():
        assert words(answer) in text, key
        assert words(questions()[key].heading) in text


@pytest.mark.parametrize("letter_format", ["html", "txt", "pdf"])
def test_addressed_dated_and_signed(outputs, letter_format):
    text = outputs[letter_format]
    for expected in (
        "Children's Services front door (duty team) Bath and North East Somerset Council",
        "22 November 2026",
        "Siân Llŷr",
        "07700 900123 (please text first)",
        "Request for an assessment under section 17 of the Children Act 1989: my child, aged 11",
        "Dr Patel, Mrs Hughes at Widcombe Junior School and CAMHS",
        "Please tell me where I can find your threshold document",
    ):
        assert expected in text


@pytest.mark.parametrize("letter_format", ["html", "txt", "pdf"])
def test_a_skipped_topic_leaves_no_trace(letter_format):
    letter = build_letter({**FULL_JOURNEY, "siblings": SKIPPED}, council=BATH, today=TODAY)
    text = rendered(letter, letter_format)
    assert words(questions()["siblings"].heading) not in text
    assert "frightened and has started wetting" not in text
    for placeholder in ("None", "__skipped__", "skipped", "N/A", "Not answered"):
        assert placeholder not in text


def test_html_and_script_in_answers_come_out_as_text():
    attack = '<script>alert("x")</script><b>bold</b> & <img src=x onerror=alert(1)>'
    letter = build_letter({**FULL_JOURNEY, "problems": attack}, council=BATH, today=TODAY)
    page = render_html(letter)
    assert not {"script", "b", "img"} & set(html_tags(page))
    assert words(attack) in html_text(page)
    assert attack in render_text(letter)  # plain text is served as text/plain, so it stays as typed
    assert words(attack) in pdf_text(render_pdf(letter))


def test_paragraphs_survive_in_every_format(full_letter):
    first, second = ANSWERS["problems"].split("\n\n")
    page = render_html(full_letter)
    assert re.search(r"<p>" + re.escape(first.split(",")[0]), page)
    assert re.search(r"<p>" + re.escape(second[:20]), page)
    assert first + "\n\n" + second in render_text(full_letter)


def test_the_letter_page_has_no_inline_script_or_style_and_no_outside_assets(full_letter):
    page = render_html(full_letter)
    assert "<script" not in page and "<style" not in page and " style=" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert '<link rel="stylesheet" href="/letter/static/letter.css">' in page


def test_a_full_journey_fits_on_one_or_two_pages(full_letter):
    assert 1 <= pdf_pages(render_pdf(full_letter)) <= 2


def test_five_thousand_character_answers_flow_across_pages():
    sentence = "On Monday he would not get out of bed and threw his shoes at me when I asked again. "
    long_answer = (sentence * 30)[:2500].strip() + "\n\n" + (sentence * 30)[:2490].strip() + " THE END."
    assert 4900 < len(long_answer) <= 5000
    slots = {**FULL_JOURNEY, "problems": long_answer, "severity": long_answer, "impact_on_child": long_answer}
    pdf = render_pdf(build_letter(slots, council=BATH, today=TODAY))
    text = pdf_text(pdf)
    assert text.count(words(long_answer)) == 3  # nothing cut off at page breaks
    assert 3 <= pdf_pages(pdf) <= 6


def test_headings_are_not_left_at_the_bottom_of_a_page():
    """Answers of many lengths push each heading to every position on the page: none may end a page."""
    from io import BytesIO

    from pypdf import PdfReader

    sentence = "He would not get out of bed and threw his shoes at me when I asked again. "
    headings = {words(question.heading) for question in questions().values()}
    for count in range(4, 70, 6):
        slots = {**FULL_JOURNEY, "problems": (sentence * count).strip()}
        reader = PdfReader(BytesIO(render_pdf(build_letter(slots, council=BATH, today=TODAY))))
        for page in reader.pages[:-1]:
            # Footers and list numbers are extracted after the page's text: drop them.
            lines = [re.sub(PAGE_FOOTER, "", line).strip() for line in (page.extract_text() or "").split("\n")]
            lines = [line for line in lines if line and not re.fullmatch(r"\d+\.", line)]
            assert lines[-1] not in headings, f"{count} sentences: a page ends with the heading {lines[-1]!r}"


@pytest.mark.parametrize("letter_format", ["html", "txt", "pdf"])
def test_welsh_and_other_non_english_names_render(letter_format):
    slots = {
        **FULL_JOURNEY,
        "parent_name": "Zoë Ćwikła",
        "involved": "Nain in Llanfairpwllgwyngyll, and Siôn from Ysgol Gymraeg Llŷn; Dr Øyvind Ñúñez.",
    }
    text = rendered(build_letter(slots, council=BATH, today=TODAY), letter_format)
    for expected in ("Zoë Ćwikła", "Llanfairpwllgwyngyll", "Siôn", "Llŷn", "Øyvind Ñúñez"):
        assert expected in text


def test_pdf_fetches_nothing(monkeypatch):
    """A stylesheet or image in the letter would be a network or disk fetch: the renderer refuses them."""
    import bot.letter.render as render

    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    page = render.render_html(letter, stylesheet_url="http://example.invalid/evil.css")
    html_class, stylesheet, fonts, fetcher = render._pdf_tools()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.invalid/evil.css")
    assert html_class(string=page, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet], font_config=fonts)


def test_a_broken_template_is_reported_as_a_content_error(monkeypatch, tmp_path):
    import shutil

    import bot.letter.render as render
    from bot.content import ContentError

    broken = tmp_path / "letter"
    shutil.copytree(render.TEMPLATES, broken)
    (broken / "letter.txt").write_text("{{ letter.closng }}", encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES", broken)
    render.environment.cache_clear()
    try:
        with pytest.raises(ContentError, match="closng"):
            check_content()
    finally:
        monkeypatch.undo()
        render.environment.cache_clear()
