"""When things go wrong the parent loses nothing: network failures are retryable, a too-long answer
keeps its text, a vanished conversation offers a fresh start; Start again and Delete my answers delete."""

import httpx
import pytest
from browser_support import chromium, open_widget, server_has_conversation  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_network_failure_keeps_the_typed_text_and_can_be_retried(open_widget):
    widget = open_widget("/")
    answer = widget.reach_first_question()
    users_before = widget.user_messages()
    widget.page.context.set_offline(True)
    widget.part("textarea").fill(answer)
    widget.part(".rta-send").click()
    notice = widget.part(".rta-notice")
    notice.wait_for(state="visible")
    assert "connection" in notice.inner_text()
    assert notice.get_attribute("role") == "alert"
    assert widget.part("textarea").input_value() == answer
    assert widget.user_messages() == users_before, "the unsent answer is not shown as sent"
    widget.screenshot("offline")

    widget.page.context.set_offline(False)
    before = len(widget.bot_messages())
    widget.part(".rta-retry").click()
    widget.wait_for_turn(before)
    assert widget.user_messages()[-1] == answer
    assert widget.part("textarea").input_value() == ""


def test_an_answer_over_the_limit_shows_why_and_keeps_the_text(open_widget):
    widget = open_widget("/")
    widget.reach_first_question()
    too_long = "a" * 5001
    widget.part("textarea").fill(too_long)
    widget.part(".rta-send").click()
    notice = widget.part(".rta-notice")
    notice.wait_for(state="visible")
    assert notice.inner_text().strip(), "the server's explanation is shown"
    assert widget.part(".rta-retry").count() == 0, "sending it again would fail the same way"
    assert widget.part("textarea").input_value() == too_long
    widget.screenshot("too long")


def test_a_conversation_deleted_elsewhere_offers_a_fresh_start(open_widget):
    widget = open_widget("/")
    answer = widget.reach_first_question()
    conversation_id = widget.stored()["id"]
    assert httpx.delete(f"{widget.gateway_url}/api/conversations/{conversation_id}", timeout=30).status_code == 204
    widget.part("textarea").fill(answer)
    widget.part(".rta-send").click()
    notice = widget.part(".rta-notice")
    notice.wait_for(state="visible")
    assert "could not find this conversation" in notice.inner_text()
    assert widget.stored() is None
    widget.part(".rta-retry").click()  # "Start again"
    widget.page.wait_for_function("() => Object.keys(sessionStorage).some(k => k.startsWith('ready-to-ask:'))")
    widget.wait_until_idle()
    assert widget.stored()["id"] != conversation_id
    assert widget.user_messages() == [], "the new conversation starts with a clean transcript"


def test_delete_my_answers_deletes_on_the_server_and_in_the_browser(open_widget):
    widget = open_widget("/")
    widget.reach_first_question()
    conversation_id = widget.stored()["id"]
    widget.part(".rta-actions button").filter(has_text="Delete my answers").click()
    # A second step, so a slip of the finger deletes nothing.
    assert server_has_conversation(widget.gateway_url, conversation_id)
    widget.part(".rta-confirm .rta-warning").click()
    widget.part(".rta-deleted").wait_for(state="visible")
    assert not server_has_conversation(widget.gateway_url, conversation_id)
    assert widget.stored() is None
    assert widget.user_messages() == []
    assert widget.deep_focus()["text"] == "Start"
    widget.screenshot("deleted")


def test_start_again_deletes_and_starts_a_new_conversation(open_widget):
    widget = open_widget("/")
    widget.reach_first_question()
    old_id = widget.stored()["id"]
    widget.part(".rta-actions button").filter(has_text="Start again").click()
    widget.part(".rta-confirm .rta-warning").click()
    widget.page.wait_for_function(
        "(old) => { const k = Object.keys(sessionStorage).find(k => k.startsWith('ready-to-ask:'));"
        " return k && JSON.parse(sessionStorage.getItem(k)).id !== old; }",
        arg=old_id,
    )
    widget.wait_until_idle()
    assert not server_has_conversation(widget.gateway_url, old_id)
    new_id = widget.stored()["id"]
    assert new_id != old_id
    assert widget.user_messages() == []


def test_delete_without_a_connection_says_so_and_can_be_retried(open_widget):
    widget = open_widget("/")
    widget.reach_first_question()
    conversation_id = widget.stored()["id"]
    widget.page.context.set_offline(True)
    widget.part(".rta-actions button").filter(has_text="Delete my answers").click()
    widget.part(".rta-confirm .rta-warning").click()
    widget.part(".rta-notice").wait_for(state="visible")
    # Nothing is forgotten until the server has really deleted it: the parent can try again.
    assert widget.stored()["id"] == conversation_id
    widget.page.context.set_offline(False)
    widget.part(".rta-retry").click()
    widget.part(".rta-deleted").wait_for(state="visible")
    assert not server_has_conversation(widget.gateway_url, conversation_id)
    assert widget.stored() is None


def test_a_503_is_retried_by_itself_with_the_same_message_id(open_widget):
    """The dialogue engine down for a moment: the widget tries again after a second, with the same id."""
    widget = open_widget("/")
    answer = widget.reach_first_question()
    bodies = []

    def first_attempt_fails(route):
        bodies.append(route.request.post_data_json)
        if len(bodies) == 1:
            route.fulfill(
                status=503,
                content_type="application/json",
                headers={"Retry-After": "1"},
                body='{"detail": "Sorry, something went wrong on our side. Nothing you typed was lost."}',
            )
        else:
            route.continue_()

    widget.page.route("**/messages", first_attempt_fails)
    before = len(widget.bot_messages())
    widget.part("textarea").fill(answer)
    widget.part(".rta-send").click()
    widget.wait_for_turn(before)
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert bodies[0]["text"] == answer and len(bodies[0]["client_message_id"]) >= 16
    assert widget.user_messages()[-1] == answer
    assert widget.part(".rta-notice").is_hidden()
