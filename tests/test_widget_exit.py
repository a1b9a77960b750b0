"""Exit this page, by the red button and by pressing Shift 3 times: the chat goes at once, the
conversation is deleted on the server and in the browser, and the tab goes to a neutral site."""

import pytest
from browser_support import EXIT_URL, chromium, open_widget, server_has_conversation  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def start_and_answer_one(widget):
    widget.type_answer(widget.reach_first_question())
    state = widget.stored()
    assert state and state["id"]
    assert server_has_conversation(widget.gateway_url, state["id"])
    return state["id"]


def assert_everything_gone(widget, conversation_id):
    widget.page.wait_for_url(EXIT_URL + "*")
    assert not server_has_conversation(widget.gateway_url, conversation_id)
    # Same tab, back on the site: the browser's copy is gone and the chat starts afresh.
    widget.page.goto(widget.gateway_url + "/")
    widget.part(".rta-intro").wait_for(state="visible")
    assert widget.stored() is None
    assert widget.user_messages() == []


def test_the_exit_button_hides_the_chat_at_once_and_deletes_everything(open_widget):
    widget = open_widget("/")
    conversation_id = start_and_answer_one(widget)
    # In the same task as the click: the cover is up and the chat hidden before anything else happens.
    hidden_at_once = widget.page.evaluate(
        """() => { const root = document.querySelector('ready-to-ask').shadowRoot;
                   root.querySelector('.rta-panel .rta-exit').click();
                   return {cover: !root.querySelector('.rta-cover').hidden,
                           panel: root.querySelector('.rta-panel').hidden,
                           stored: Object.keys(sessionStorage).length}; }"""
    )
    assert hidden_at_once == {"cover": True, "panel": True, "stored": 0}
    assert_everything_gone(widget, conversation_id)


def test_pressing_shift_three_times_exits(open_widget):
    widget = open_widget("/")
    conversation_id = start_and_answer_one(widget)
    widget.page.keyboard.press("Shift")
    widget.page.keyboard.press("Shift")
    announced = widget.part(".rta-panel .rta-announcer")
    announced.filter(has_text="1 more time").wait_for(state="attached")
    widget.screenshot("after shift twice")
    widget.page.keyboard.press("Shift")
    assert_everything_gone(widget, conversation_id)


def test_other_keys_between_shifts_do_not_exit(open_widget):
    widget = open_widget("/")
    conversation_id = start_and_answer_one(widget)
    box = widget.part("textarea")
    box.focus()
    # Typing capitals uses Shift, but never three Shifts in a row.
    widget.page.keyboard.type("Hello THERE")
    for key in ("Shift", "Shift", "a", "Shift"):
        widget.page.keyboard.press(key)
    widget.page.wait_for_timeout(700)
    assert widget.page.url.startswith(widget.gateway_url)
    assert widget.stored()["id"] == conversation_id
    assert box.input_value() == "Hello THEREa"


def test_exit_from_the_charity_page_chat_button(open_widget):
    widget = open_widget("/demo/charity")
    # The dock's exit button is visible even before the chat is opened.
    assert widget.part(".rta-dock .rta-exit").is_visible()
    widget.open_launcher()
    conversation_id = start_and_answer_one(widget)
    widget.part(".rta-panel .rta-exit").click()
    assert_everything_gone(widget, conversation_id)


def test_exit_stays_on_screen_when_the_chat_is_scrolled_away(open_widget):
    from browser_support import PHONE

    widget = open_widget("/", viewport=PHONE)
    floating = widget.part(".rta-exit-floating")
    # The chat is further down the page on a phone: its Exit button is not in view, so a copy is.
    floating.wait_for(state="visible")
    box = floating.bounding_box()
    assert box["y"] < 60 and box["x"] + box["width"] <= PHONE["width"]
    widget.screenshot("floating exit")
    widget.part(".rta-panel .rta-exit").scroll_into_view_if_needed()
    floating.wait_for(state="hidden")
    widget.page.mouse.wheel(0, -5000)
    floating.wait_for(state="visible")
    floating.click()
    widget.page.wait_for_url(EXIT_URL + "*")
