"""Three levels, one decision (issue 10), through the real HTTP API: urgent gives emergency contacts
first; check asks "Is anyone in danger right now?" and either escalates or carries on with the words
kept; ordinary life and the past raise nothing. The emergency reply never waits for the dialogue engine."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

import pytest

from bot.run.stack import Parent

pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def paused(stack, name: str):
    """One real process stopped (SIGSTOP) for the block: it answers nothing until resumed."""
    pid = stack.pids()[name]
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def first_line(parent: Parent) -> str:
    return parent.turn["messages"][0]["text"].splitlines()[0]


@pytest.mark.parametrize("message", ["help he's strangling his sister", "my son just stabbed his brother"])
def test_danger_now_is_urgent_with_999_first(stack, message):
    parent = Parent(stack.gateway_url)
    parent.say(message)
    assert parent.turn["safety"]["level"] == "urgent"
    assert "999" in first_line(parent)
    assert parent.turn["messages"][0]["kind"] == "urgent"


@pytest.mark.parametrize(
    "message", ["my mum is coming for the kids on saturday", "we're going for my sister's birthday meal"]
)
def test_ordinary_family_life_raises_nothing(stack, message):
    parent = Parent(stack.gateway_url)
    parent.say(message)
    assert parent.turn["safety"]["level"] is None
    assert "999" not in parent.text()


def test_a_checklist_answer_about_last_month_is_at_most_a_check(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he has meltdowns and lashes out when things change")
    parent.say(
        "the worst was last month, he hit his brother so hard we had to call an ambulance and the "
        "police came, he calmed down after a few hours"
    )
    assert parent.turn["safety"]["level"] in (None, "check")


def test_check_then_no_carries_on_with_the_words_kept(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he hit me")
    assert parent.turn["safety"]["level"] == "check"
    assert [m.get("kind") for m in parent.turn["messages"]] == ["check"]
    assert "Is anyone in danger right now?" in parent.text()
    assert "999" in parent.text()
    parent.press("No, carry on")
    assert parent.checklist()["answers"]["problems"] == "he hit me"
    assert parent.turn["asking"] == "severity"


def test_check_then_yes_gives_the_emergency_reply_and_keeps_the_words(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he hit me")
    parent.press("Yes, someone is in danger")
    assert parent.turn["safety"]["level"] == "urgent"
    assert "999" in first_line(parent)
    assert parent.checklist()["answers"]["problems"] == "he hit me"


def test_the_emergency_reply_does_not_wait_for_a_paused_engine(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    with paused(stack, "rasa"):
        started = time.monotonic()
        parent.say("he's got a knife to his sister's throat right now")
        took = time.monotonic() - started
    assert took < 1.5, took
    assert parent.turn["safety"]["level"] == "urgent"
    assert "999" in first_line(parent)
    # Once the engine is back, the words are the answer to the question that was open.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "problems" not in parent.checklist()["answers"]:
        time.sleep(0.5)
    parent.press("carry on")
    assert parent.checklist()["answers"]["problems"] == "he's got a knife to his sister's throat right now"


def test_danger_words_get_the_emergency_reply_with_the_understanding_service_stopped(stack):
    parent = Parent(stack.gateway_url)
    with paused(stack, "understanding"):
        started = time.monotonic()
        parent.say("he's got a knife to his sister's throat")
        took = time.monotonic() - started
    assert took < 3, took  # the words alone are checked after 1.5 s
    assert parent.turn["safety"]["level"] == "urgent"
    assert "999" in first_line(parent)


def test_an_ordinary_message_waits_for_a_busy_understanding_service_instead_of_failing(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    understanding = stack.pids()["understanding"]
    os.kill(understanding, signal.SIGSTOP)  # as busy as it gets: answers nothing for 3 s
    threading.Timer(3, os.kill, (understanding, signal.SIGCONT)).start()
    parent.say("he won't go to school and stays in his room all day")  # served: 200, not a 503
    assert parent.checklist()["answers"]["problems"] == "he won't go to school and stays in his room all day"


@pytest.mark.parametrize("typed", ["no", "No we're safe", "nobody"])
def test_a_typed_no_to_the_check_carries_on_like_the_button(stack, typed):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he hit me")
    assert parent.turn["safety"]["level"] == "check"
    parent.say(typed)
    assert parent.turn["safety"]["level"] is None
    assert parent.checklist()["answers"]["problems"] == "he hit me"
    assert parent.turn["asking"] == "severity"


def test_a_typed_yes_to_the_check_gives_the_emergency_reply(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he hit me")
    parent.say("yes")
    assert parent.turn["safety"]["level"] == "urgent"
    assert "999" in first_line(parent)


def test_typing_on_after_a_check_still_answers_the_first_message(stack):
    """The parent ignores the check and writes more: their first words go through and get their answer
    (here the answer about children being taken into care), then the new words are read."""
    parent = Parent(stack.gateway_url)
    parent.say("my son is violent to me and his sister, will they take him off me?")
    assert parent.turn["safety"]["level"] == "check"
    parent.say("sorry I should say I'm his mum and it's just me and him")
    assert "court" in parent.text().lower()
    assert parent.checklist()["answers"]["problems"] == "my son is violent to me and his sister"


def test_writing_on_after_a_check_is_not_asked_again_at_once(stack):
    parent = Parent(stack.gateway_url)
    parent.say(
        "my lad is 14 and hes been kicking off for months, punched holes in doors and last week he went "
        "for his little sister, will they take him off me if i ring them"
    )
    assert parent.turn["safety"]["level"] == "check"
    parent.say("sorry i should say its just me and him and his sister she is 9")
    assert parent.turn["safety"]["level"] is None
    assert "court" in parent.text().lower()  # the first message's question answered
    assert "kicking off for months" in parent.checklist()["answers"]["problems"]
