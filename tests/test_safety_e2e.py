"""Urgent danger gets emergency contacts first, wherever it comes in the conversation, and the
conversation carries on with every answer kept (through the real HTTP API)."""

from __future__ import annotations

import pytest

from bot.run.stack import Parent
from tests.test_conversation_e2e import ANSWERS, answer_until_done, start_checklist

pytestmark = pytest.mark.e2e
URGENT = "my son has got a knife and he says he is going to stab me, he's in the kitchen now"


def assert_emergency_first(parent: Parent) -> None:
    first = parent.turn["messages"][0]["text"]
    assert "999" in first.splitlines()[0]
    everything = parent.text()
    for number in ("0808 800 5000", "0800 1111", "116 123"):
        assert number in everything


def test_urgent_at_the_greeting_then_carry_on(stack):
    parent = Parent(stack.gateway_url)
    parent.say(URGENT)
    assert_emergency_first(parent)
    parent.press("carry on")
    assert parent.turn["asking"] == "problems"


def test_urgent_mid_checklist_keeps_the_answer_and_the_place(stack):
    parent = Parent(stack.gateway_url)
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    parent.say(URGENT)
    assert_emergency_first(parent)
    assert parent.turn["asking"] == "duration"  # the urgent words answered "how serious", and were kept
    assert parent.checklist()["answers"] == {"problems": ANSWERS["problems"], "severity": URGENT}


def test_urgent_after_the_read_back_names_the_council(stack):
    parent = Parent(stack.gateway_url, council="BAS")
    start_checklist(parent)
    answer_until_done(parent, ANSWERS)
    parent.say("she has taken a load of pills and won't wake up properly")
    assert_emergency_first(parent)
    assert "Bath and North East Somerset" in parent.text()
    assert "01454 615165" in parent.text()  # the out-of-hours team, from the directory (unverified, with source)
    parent.press("carry on")
    assert "correct" in parent.text().lower()  # back at the read-back
    assert parent.checklist()["answers"] == ANSWERS


def test_hard_topics_that_are_not_emergencies_do_not_escalate(stack):
    parent = Parent(stack.gateway_url)
    start_checklist(parent)
    parent.say("it was self-harm awareness week at school and he came home upset about a friend")
    assert "999" not in parent.text()
    assert parent.turn["asking"] == "severity"
