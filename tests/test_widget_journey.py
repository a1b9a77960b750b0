"""A parent's whole journey in a real browser, on the council demo page, against the real stack."""

import re

import httpx
import pytest
from browser_support import ANSWERS, ARTIFACTS, chromium, open_widget, server_has_conversation, slug  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_full_journey_by_typing_and_clicking_ends_with_the_letter(open_widget):
    widget = open_widget("/")
    widget.screenshot("council page before starting", full_page=True)
    # Exit this page is explained before the first question.
    intro = widget.part(".rta-intro").inner_text()
    assert "Exit this page" in intro and "Shift" in intro
    assert widget.part(".rta-panel .rta-exit").is_visible()

    widget.start()
    assert widget.bot_messages(), "the bot greets the parent"
    turns = widget.finish_checklist(screenshot_every=6)
    assert turns > len([k for k in ANSWERS if k not in ("child_age", "parent_name", "parent_contact")])
    widget.screenshot("letter offered")

    state = widget.stored()
    assert state["finished"] is True
    progress = widget.part(".rta-progress-text").inner_text()
    total = state["progress"]["total"]
    assert f"{total} of {total}" in progress

    # The parent's own words are in the transcript, as text.
    transcript = "\n".join(widget.user_messages())
    assert ANSWERS["problems"] in transcript

    preview = widget.part("a.rta-letter-preview")
    pdf = widget.part("a.rta-letter-pdf")
    assert preview.is_visible() and pdf.is_visible()
    conversation_id = state["id"]
    assert preview.get_attribute("href") == f"{widget.gateway_url}/letter/{conversation_id}"
    assert pdf.get_attribute("href") == f"{widget.gateway_url}/api/conversations/{conversation_id}/letter?format=pdf"
    assert preview.get_attribute("rel") == "noopener noreferrer"

    # Following the link opens the letter, with the parent's words in it.
    with widget.page.context.expect_page() as new_tab:
        preview.click()
    letter_page = new_tab.value
    letter_page.wait_for_load_state()
    assert letter_page.url == f"{widget.gateway_url}/letter/{conversation_id}"
    assert "school" in letter_page.content()
    letter_page.screenshot(path=str(ARTIFACTS / f"{slug(widget.test_name)}-letter-preview.png"), full_page=True)
    letter_page.close()
    response = httpx.get(pdf.get_attribute("href"), timeout=60)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    widget.assert_only_gateway_traffic()
    assert widget.page.context.cookies() == [], "the chat sets no cookies"
    widget.assert_no_page_problems()


def test_reload_mid_checklist_continues_where_the_parent_was(open_widget):
    widget = open_widget("/")
    widget.start()
    for _ in range(4):
        kind, value = widget.next_move()
        widget.type_answer(value) if kind == "type" else widget.press_reply(value)
    before = widget.stored()
    assert before["asking"], "still in the checklist"
    bot_before, user_before = widget.bot_messages(), widget.user_messages()
    progress_before = widget.part(".rta-progress-text").inner_text()
    widget.part("textarea").fill("Something I had started to type")

    widget.page.reload()
    widget.part(".rta-log").wait_for(state="visible")
    widget.page.wait_for_timeout(300)  # the state check with the server
    assert widget.stored()["id"] == before["id"]
    assert widget.bot_messages() == bot_before
    assert widget.user_messages() == user_before
    assert widget.part(".rta-progress-text").inner_text() == progress_before
    assert widget.part(".rta-intro").is_hidden()
    assert widget.part("textarea").input_value() == "Something I had started to type"
    widget.screenshot("after reload")

    # And the conversation really carries on with the server.
    kind, value = widget.next_move()
    assert kind == "type", "the question being asked is still a question to answer"
    widget.type_answer(value)
    after = widget.stored()
    assert after["id"] == before["id"]
    assert after["progress"]["answered"] > before["progress"]["answered"]
    assert server_has_conversation(widget.gateway_url, after["id"])


def test_html_and_script_typed_by_the_parent_show_as_text(open_widget):
    widget = open_widget("/")
    widget.start()
    kind, value = widget.next_move()
    while kind != "type":
        widget.press_reply(value)
        kind, value = widget.next_move()
    typed = (
        '<img src=x onerror="window.__hacked=1"><script>window.__hacked=2</script>'
        '<b>bold</b> & <a href="javascript:alert(1)">x</a>'
    )
    widget.type_answer("He cannot sleep.\n" + typed)
    assert widget.page.evaluate("() => window.__hacked") is None
    shown = widget.user_messages()[-1]
    assert typed in shown and "He cannot sleep." in shown
    # Nothing but our own text containers and links inside the transcript.
    tags = widget.page.evaluate(
        "() => [...new Set([...document.querySelector('ready-to-ask').shadowRoot.querySelector('.rta-log')"
        ".querySelectorAll('*')].map(e => e.tagName.toLowerCase()))]"
    )
    assert set(tags) <= {"div", "p", "br", "span", "a"}, tags
    hrefs = widget.part(".rta-log a").evaluate_all("links => links.map(a => a.href)")
    assert all(re.match(r"https?://", href) for href in hrefs), hrefs
    widget.screenshot("html shown as text")
    widget.assert_no_page_problems()
