"""Emergency help and the safety question look different in the real browser, say what they are to
screen readers, and stay accessible (issue 10)."""

import pytest
from browser_support import chromium, open_widget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_emergency_help_is_styled_announced_and_accessible(open_widget):
    widget = open_widget("/")
    widget.start()
    widget.type_answer("help he's strangling his sister")
    urgent = widget.part(".rta-kind-urgent")
    urgent.first.wait_for(state="visible")
    assert urgent.first.get_attribute("role") == "alert"
    assert "Emergency help:" in urgent.first.text_content()
    assert "999" in urgent.first.text_content()
    assert widget.part(".rta-kind-urgent").first.evaluate("e => getComputedStyle(e).borderLeftWidth") == "6px"
    widget.screenshot("emergency help")
    assert widget.axe_violations() == []


def test_the_safety_question_is_styled_and_answered_by_its_buttons(open_widget):
    widget = open_widget("/")
    widget.reach_first_question()
    widget.type_answer("he hit me")
    check = widget.part(".rta-kind-check")
    check.first.wait_for(state="visible")
    assert "Safety question:" in check.first.text_content()
    titles = [button["title"] for button in widget.reply_buttons()]
    assert any("No, carry on" in title for title in titles), titles
    widget.screenshot("safety question")
    assert widget.axe_violations() == []
    widget.press_reply("No, carry on")
    assert "he hit me" in widget.user_messages()[-2:][0] or "he hit me" in " ".join(widget.user_messages())
