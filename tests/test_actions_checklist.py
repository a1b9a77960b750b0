"""The checklist form's actions, called directly with a Tracker built from a small JSON fixture."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.checklist_form import ASK_ACTIONS, ValidateChecklistForm
from bot.contract import neutralise
from bot.conversation.checklist import DONT_KNOW, SKIPPED, questions

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tracker_mid_checklist.json").read_text())
DOMAIN = {"slots": {}, "forms": {"checklist_form": {"required_slots": list(questions())}}}


def tracker(text: str, intent: str, confidence: float = 0.95, entities=(), metadata=None, **slots) -> Tracker:
    state = copy.deepcopy(FIXTURE)
    state["slots"].update(slots)
    # What action_extract_slots did before validation: the requested slot holds the message text.
    state["slots"][state["slots"]["requested_slot"]] = text
    events = [{"event": "slot", "name": state["slots"]["requested_slot"], "value": text}]
    return Tracker(
        state["sender_id"],
        state["slots"],
        {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "metadata": metadata or {},
        },
        events,
        False,
        None,
        state["active_loop"],
        "action_listen",
    )


def run(action, tracker: Tracker) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("about two years, worse since year 7", "answer", "about two years, worse since year 7"),
        ("smashed the door", "nlu_fallback", "smashed the door"),
        ("/skip", "skip", SKIPPED),
        ("dunno", "dont_know", DONT_KNOW),
        (neutralise("/weird start"), "nlu_fallback", "/weird start"),  # guard removed, words kept
    ],
)
def test_replies_that_fill_the_question(text, intent, expected):
    slots, _ = run(ValidateChecklistForm(), tracker(text, intent))
    assert slots["duration"] == expected


@pytest.mark.parametrize(
    "text, intent, says",
    [
        ("why do you need that", "ask_why", questions()["duration"].why),
        ("will they take my child away?", "faq_take_child_away", "Back to where we were"),
    ],
)
def test_requests_leave_the_question_open(text, intent, says):
    slots, messages = run(ValidateChecklistForm(), tracker(text, intent))
    assert slots["duration"] is None
    assert any(says in (m.get("text") or "") for m in messages)


def test_go_back_reopens_the_previous_answer_with_its_words():
    slots, _ = run(ValidateChecklistForm(), tracker("go back", "go_back"))
    assert slots["severity"] is None
    assert slots["correcting"] == "severity"
    assert slots["previous_answer"] == "He threw a chair last week."


def test_reuse_uses_the_offered_sentence():
    slots, _ = run(ValidateChecklistForm(), tracker("/reuse_answer", "reuse_answer", 1.0))
    assert slots["duration"] == "It started since September."


def test_change_with_a_chosen_key():
    entities = [{"entity": "change_key", "value": "problems"}]
    slots, messages = run(
        ValidateChecklistForm(), tracker('/change_answer{"change_key": "problems"}', "change_answer", 1.0, entities)
    )
    assert slots["problems"] is None and slots["correcting"] == "problems"
    assert "What is happening" in messages[0]["text"]


def test_ambiguous_change_asks_which_with_buttons():
    slots, messages = run(ValidateChecklistForm(), tracker("change an answer", "change_answer"))
    assert slots["duration"] is None
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/change_answer{"change_key": "problems"}', '/change_answer{"change_key": "severity"}']


def test_asking_while_correcting_shows_the_old_answer_and_a_keep_button():
    ask = next(a for a in ASK_ACTIONS if a().name() == "action_ask_severity")()
    state = tracker("go back", "go_back", correcting="severity", previous_answer="He threw a chair last week.")
    _, messages = run(ask, state)
    assert "He threw a chair last week." in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/keep_answer"


def test_asking_offers_earlier_words_to_reuse():
    ask = next(a for a in ASK_ACTIONS if a().name() == "action_ask_duration")()
    _, messages = run(ask, tracker("", "answer"))
    assert "It started since September." in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/reuse_answer"


def test_an_urgent_answer_is_kept_and_the_crisis_reply_is_left_to_the_gateway():
    words = "he's got a knife and he's threatening me, it's been like this for two years"
    slots, messages = run(ValidateChecklistForm(), tracker(words, "answer", metadata={"urgent": True}))
    assert slots["duration"] == words
    assert messages == []  # the gateway sends the whole crisis reply (bot/safety/crisis.py)
