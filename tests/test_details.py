"""The optional "about you and your child" part: reading dates of birth, addresses and ticked requests,
progress counted apart from the nine main questions, where it sits in the journey, and its form's actions."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.details_form import ASK_ACTIONS, AskDetailsWanted, ValidateDetailsForm
from bot.conversation import details
from bot.conversation.checklist import ALL_KEYS, DONT_KNOW, SKIPPED, progress
from bot.conversation.journey import next_step

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("3/5/2014", "3 May 2014"),  # UK order: day first
        ("03-05-14", "3 May 2014"),
        ("3.5.2014", "3 May 2014"),
        ("3rd May 2014", "3 May 2014"),
        ("3rd of may 2014", "3 May 2014"),
        ("May 3, 2014", "3 May 2014"),
        ("born on 21 Sept 2019", "21 September 2019"),
        ("12", "aged 12"),
        ("he's 12", "aged 12"),
        ("She is nine", "aged 9"),
        ("12 years old", "aged 12"),
        ("18 months old", "aged 18 months"),
    ],
)
def test_a_date_of_birth_or_an_age_is_read(typed, stored):
    assert details.read_date_of_birth(typed, TODAY) == details.Checked(stored)


@pytest.mark.parametrize(
    "typed, says",
    [
        ("31/02/2014", "31/02/2014 isn't a date in the calendar"),
        ("3/5/2030", "in the future"),
        ("3 May 1990", "That would make your child 36"),
        ("sometime in spring 2014", "couldn't read that as a date of birth"),
    ],
)
def test_a_date_that_fails_gets_a_kind_message_and_the_way_on(typed, says):
    checked = details.read_date_of_birth(typed, TODAY)
    assert checked.value is None and says in checked.problem
    assert "Keep what I wrote" in checked.problem


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("14 Widcombe Parade, Bath BA2 4JT", False),
        ("14 widcombe parade bath ba24jt", False),
        ("14 Widcombe Parade, Bath", False),  # no postcode: kept, with a suggestion to add one
        ("Flat 3b", False),
        ("14 Widcombe Parade, Bath BA2 4J", True),  # cut short
        ("14 Widcombe Parade, BA2", True),
    ],
)
def test_an_address_keeps_the_parents_words_and_a_cut_short_postcode_is_queried(typed, problem):
    checked = details.check_address(typed)
    assert bool(checked.problem) is problem
    assert checked.value == (None if problem else typed)


@pytest.mark.parametrize(
    "typed, ticked",
    [
        ("A parent carer's needs assessment", "parent_carer_assessment"),
        ("A young carer's needs assessment", "young_carer_assessment"),
        ("Both", "parent_carer_assessment,young_carer_assessment"),
        ("the young carer one please", "young_carer_assessment"),
        ("Neither", details.NO_REQUESTS),
        ("no thanks", details.NO_REQUESTS),
        ("maybe later", None),
    ],
)
def test_ticking_the_carers_assessments(typed, ticked):
    assert details.read_requests(typed) == ticked


def test_ticked_requests_in_content_order_and_markers_mean_none():
    assert details.chosen_requests({"carer_assessments": "young_carer_assessment,parent_carer_assessment"}) == [
        "parent_carer_assessment",
        "young_carer_assessment",
    ]
    assert details.chosen_requests({"carer_assessments": SKIPPED}) == []
    assert details.chosen_requests({"carer_assessments": "none"}) == []


def test_every_request_says_what_the_law_says_with_its_section():
    for key, request in details.requests().items():
        section = "17ZD" if key == "parent_carer_assessment" else "17ZA"
        assert f"section {section}" in request.law and f"section {section}" in request.letter


def test_the_postcode_from_the_council_question():
    assert details.postcode_in("nr21nh") == "NR2 1NH"
    assert details.postcode_in("we live at NR2 1NH") == "NR2 1NH"
    assert details.postcode_in("Norwich") is None


def test_details_count_apart_from_the_nine_main_questions():
    main = dict.fromkeys(ALL_KEYS, "x")
    assert details.progress(main) is None  # not offered or not chosen: nothing shown
    slots = {**main, "details_wanted": "yes", "child_name": "Sam", "child_dob": SKIPPED}
    assert progress(slots) == {"answered": 9, "total": 9}
    assert details.progress(slots) == {"answered": 2, "total": 12, "label": "a few details for the letter"}


@pytest.mark.parametrize(
    "extra, step",
    [
        ({}, "details"),
        ({"details_wanted": "no"}, "letter"),  # skipped as a whole
        ({"details_wanted": "yes", "child_name": "Sam"}, "details"),
        ({"details_wanted": "yes", **dict.fromkeys(details.KEYS, SKIPPED)}, "letter"),
    ],
)
def test_the_details_come_after_consent_and_before_the_letter(extra, step):
    slots = {
        **dict.fromkeys(ALL_KEYS, "x"),
        "council_code": "NFK",
        "checklist_confirmed": True,
        "consent_to_contact": "yes",
        **extra,
    }
    assert next_step(slots, professionals_named=True) == step


# ----- the form's actions, called directly ---------------------------------------------------------------------

DOMAIN = {"slots": {}, "forms": {"details_form": {"required_slots": [details.WANTED, *details.KEYS]}}}


def tracker(requested: str, text: str, intent: str = "answer", confidence: float = 0.95, **slots) -> Tracker:
    values = {"requested_slot": requested, requested: text, **slots}
    return Tracker(
        "test",
        values,
        {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [], "metadata": {}},
        [{"event": "slot", "name": requested, "value": text}],
        False,
        None,
        {"name": "details_form"},
        "action_listen",
    )


def run(action, tracker: Tracker) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def test_the_offer_can_skip_the_whole_part_with_one_button():
    slots, messages = run(ValidateDetailsForm(), tracker(details.WANTED, "/skip", "skip", 1.0))
    assert slots[details.WANTED] == "no" and slots["requested_slot"] is None
    assert "what you've told me so far" in messages[0]["text"]
    slots, _ = run(ValidateDetailsForm(), tracker(details.WANTED, "/affirm", "affirm", 1.0))
    assert slots == {details.WANTED: "yes"}


def test_the_offer_has_two_buttons():
    dispatcher = CollectingDispatcher()
    asyncio.run(AskDetailsWanted().run(dispatcher, tracker(details.WANTED, ""), DOMAIN))
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes, add the details", "Skip this part"]


def test_a_date_of_birth_is_stored_readably():
    slots, _ = run(ValidateDetailsForm(), tracker("child_dob", "3/5/2014"))
    assert slots["child_dob"] == "3 May 2014"


def test_an_unreadable_date_asks_again_kindly_and_can_be_kept_as_written():
    slots, messages = run(ValidateDetailsForm(), tracker("child_dob", "31/02/2014"))
    assert slots["child_dob"] is None
    assert slots[details.PENDING] == {"key": "child_dob", "text": "31/02/2014"}
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/skip", "/keep_answer"]
    slots, _ = run(
        ValidateDetailsForm(),
        tracker("child_dob", "/keep_answer", "keep_answer", 1.0, **{details.PENDING: slots[details.PENDING]}),
    )
    assert slots["child_dob"] == "31/02/2014" and slots[details.PENDING] is None


@pytest.mark.parametrize(
    "text, intent, stored",
    [
        ("/skip", "skip", SKIPPED),
        ("I'd rather not say", "nlu_fallback", SKIPPED),
        ("dunno", "dont_know", DONT_KNOW),
        ("Widcombe Junior School", "answer", "Widcombe Junior School"),
    ],
)
def test_skip_always_works_and_answers_are_kept_word_for_word(text, intent, stored):
    slots, _ = run(ValidateDetailsForm(), tracker("school", text, intent))
    assert slots["school"] == stored


def test_the_address_can_be_the_postcode_the_council_look_up_had():
    dispatcher = CollectingDispatcher()
    ask = next(action for action in ASK_ACTIONS if action.key == "child_address")()
    asyncio.run(ask.run(dispatcher, tracker("child_address", "", council_postcode="NR2 1NH"), DOMAIN))
    assert "NR2 1NH" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["buttons"][0] == {"title": "Just use NR2 1NH", "payload": "/reuse_answer"}
    slots, _ = run(
        ValidateDetailsForm(),
        tracker("child_address", "/reuse_answer", "reuse_answer", 1.0, council_postcode="NR2 1NH"),
    )
    assert slots["child_address"] == "NR2 1NH"


def test_the_requests_question_says_what_the_law_says_and_offers_each():
    dispatcher = CollectingDispatcher()
    ask = next(action for action in ASK_ACTIONS if action.key == "carer_assessments")()
    asyncio.run(ask.run(dispatcher, tracker("carer_assessments", ""), DOMAIN))
    text = dispatcher.messages[0]["text"]
    assert "section 17ZD" in text and "section 17ZA" in text
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles[:4] == ["A parent carer's needs assessment", "A young carer's needs assessment", "Both", "Neither"]
    slots, _ = run(ValidateDetailsForm(), tracker("carer_assessments", "Both", "affirm", 0.7))
    assert slots["carer_assessments"] == "parent_carer_assessment,young_carer_assessment"


def test_why_do_you_ask_explains_and_asks_again():
    slots, messages = run(ValidateDetailsForm(), tracker("safe_contact", "/ask_why", "ask_why", 1.0))
    assert slots == {"safe_contact": None}
    assert "top of your letter" in messages[0]["text"]
