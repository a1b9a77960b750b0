"""A whole journey with the keyboard alone: every control reachable with Tab, pressed with Enter,
focus always visible and never trapped."""

import re

import pytest
from browser_support import POSTCODE, chromium, open_widget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

MAX_TABS = 40


def tab_to(widget, predicate, description, backwards=False):
    """Presses Tab (or Shift+Tab) until the focused element matches; fails if it never does."""
    for _ in range(MAX_TABS):
        focused = widget.deep_focus()
        if predicate(focused):
            # Focus must be visible: our focus style draws an outline or a box shadow.
            assert focused["outline"].split()[0] != "none" or focused["shadow"] != "none", focused
            return focused
        widget.page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"could not reach {description} with the keyboard; focus is on {widget.deep_focus()}")


def test_keyboard_only_journey_on_the_charity_page(open_widget):
    widget = open_widget("/demo/charity")
    page = widget.page
    tab_to(widget, lambda f: "rta-open" in f["cls"], "the chat button")
    page.keyboard.press("Enter")
    assert widget.part("dialog").evaluate("d => d.open")
    assert widget.deep_focus()["tag"] in ("h2", "h3", "textarea"), "focus moves into the chat when it opens"
    tab_to(widget, lambda f: f["tag"] == "button" and f["text"] == "Start", "Start")
    before = len(widget.bot_messages())
    page.keyboard.press("Enter")
    widget.wait_for_turn(before)

    for _turn in range(60):
        move = widget.next_move(POSTCODE)
        if move is None:
            break
        kind, value = move
        before = len(widget.bot_messages())
        if kind == "type":
            tab_to(widget, lambda f: f["tag"] == "textarea", "the answer box")
            page.keyboard.type(value)
            page.keyboard.press("Enter")
        else:
            pattern = re.compile(value, re.I)
            tab_to(
                widget,
                lambda f, pattern=pattern: "rta-reply" in f["cls"] and pattern.search(f["text"]),
                f"the {value} button",
                backwards=True,
            )
            page.keyboard.press("Enter")
        widget.wait_for_turn(before)
    else:
        raise AssertionError("no letter after 60 turns")

    assert widget.stored()["finished"] is True
    tab_to(widget, lambda f: f["tag"] == "a" and "letter" in f["text"].lower(), "the letter link", backwards=True)
    widget.screenshot("keyboard journey finished")

    # No trap: Escape closes the chat and focus goes back to the button that opened it.
    page.keyboard.press("Escape")
    assert not widget.part("dialog").evaluate("d => d.open")
    # The dialog's close event, a task queued after it closes, returns focus to the button that opened it.
    for _ in range(40):
        if "rta-open" in widget.deep_focus()["cls"]:
            break
        page.wait_for_timeout(50)
    assert "rta-open" in widget.deep_focus()["cls"]
    widget.assert_no_page_problems()


def test_tab_moves_through_the_inline_chat_and_out_again(open_widget):
    widget = open_widget("/")
    tab_to(widget, lambda f: f["text"] == "Start", "Start")
    before = len(widget.bot_messages())
    widget.page.keyboard.press("Enter")
    widget.wait_for_turn(before)
    # Focus has moved to the conversation, not been lost to the page.
    assert widget.deep_focus()["tag"] in ("button", "textarea")
    # Keep tabbing: focus leaves the widget for the rest of the page (no keyboard trap).
    for _ in range(MAX_TABS):
        widget.page.keyboard.press("Tab")
        if widget.page.evaluate("() => document.activeElement && document.activeElement.tagName") != "READY-TO-ASK":
            break
    else:
        raise AssertionError("focus never left the widget")
