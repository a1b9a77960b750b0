"""The small pure modules behind the conversation: reading a reply, corrections, reuse, next step."""

import pytest

from bot.contract import neutralise, restore
from bot.conversation.checklist import (
    ALL_KEYS,
    DONT_KNOW,
    SKIPPED,
    answers_from_slots,
    candidate_keys,
    interpret,
    later_answers_in,
    progress,
)
from bot.conversation.journey import next_step


@pytest.mark.parametrize(
    "intent, confidence, text, button, kind",
    [
        ("skip", 0.95, "skip", False, "skip"),
        ("skip", 1.0, "/skip", True, "skip"),
        ("skip", 0.4, "skip it", False, "answer"),  # not confident: keep the words
        ("dont_know", 0.9, "dunno", False, "dont_know"),
        ("go_back", 0.9, "go back", False, "go_back"),
        ("go_back", 0.9, "we go back to the GP every month and they never listen to us at all", False, "answer"),
        ("faq_take_child_away", 0.9, "will they take him off me", False, "faq"),
        ("faq_take_child_away", 0.9, "social services took my cousin's kids", False, "answer"),
        ("faq_how_long", 0.3, "how long does it take?", False, "answer"),
        ("nlu_fallback", 0.3, "smashed the door again", False, "answer"),
        ("deny", 0.99, "no", False, "answer"),  # "no" answers "are there other children?"
        ("urgent_danger", 0.95, "he has a knife", False, "urgent_danger"),
        ("urgent_danger", 0.5, "he once had a knife at school", False, "answer"),
        ("answer", 0.9, "since september", False, "answer"),
    ],
)
def test_reading_a_reply_inside_the_checklist(intent, confidence, text, button, kind):
    assert interpret(intent, confidence, text, button).kind == kind


def test_markers_and_progress():
    slots = {"problems": "he hits", "severity": SKIPPED, "duration": DONT_KNOW, "child_age": "9"}
    answers = answers_from_slots(slots)
    assert [(a.key, a.status, a.text) for a in answers.values()] == [
        ("problems", "answered", "he hits"),
        ("severity", "skipped", None),
        ("duration", "dont_know", None),
        ("child_age", "answered", "9"),
    ]
    assert progress(slots) == {"answered": 3, "total": 9}  # optional questions never count


@pytest.mark.parametrize(
    "message, expected",
    [
        ("change what I said about school", ["involved"]),
        ("change the answer about his sister", ["siblings"]),
        ("i want to change how long", ["duration"]),
        ("change what i said about the chair", ["severity"]),
        ("change something", []),
    ],
)
def test_which_answer_a_parent_means(message, expected):
    slots = {
        "problems": "He shouts.",
        "severity": "He threw a chair.",
        "duration": "two years",
        "siblings": "his sister is 6",
        "involved": "his school and the GP",
    }
    assert candidate_keys(message, slots) == expected


def test_one_answer_offered_for_later_questions_in_the_parents_own_sentences():
    text = "He has meltdowns. It started since September. The GP referred us to CAMHS. His brother is scared."
    hints = later_answers_in(text, "problems", {"problems": text})
    assert hints == {
        "duration": "It started since September.",
        "siblings": "His brother is scared.",
        "tried": "The GP referred us to CAMHS.",
        "involved": "The GP referred us to CAMHS.",
    }
    assert later_answers_in(text, "involved", {}) == {}  # nothing later than `involved` is covered


@pytest.mark.parametrize(
    "slots, named, step",
    [
        ({}, False, "checklist"),
        ({**dict.fromkeys(ALL_KEYS, "x")}, False, "council"),
        ({**dict.fromkeys(ALL_KEYS, "x"), "council_code": "NFK"}, True, "read_back"),
        ({**dict.fromkeys(ALL_KEYS, "x"), "council_query": SKIPPED, "checklist_confirmed": True}, True, "consent"),
        ({**dict.fromkeys(ALL_KEYS, "x"), "council_code": "NFK", "checklist_confirmed": True}, False, "details"),
        (
            {
                **dict.fromkeys(ALL_KEYS, "x"),
                "council_code": "NFK",
                "checklist_confirmed": True,
                "details_wanted": "no",
            },
            False,
            "letter",
        ),
        (
            {
                **dict.fromkeys(ALL_KEYS, "x"),
                "council_code": "NFK",
                "checklist_confirmed": True,
                "consent_to_contact": "no",
                "details_wanted": "no",
            },
            True,
            "letter",
        ),
    ],
)
def test_next_step(slots, named, step):
    assert next_step(slots, professionals_named=named) == step


@pytest.mark.parametrize("text", ["/restart", '  /inform{"problems": "x"}', "/"])
def test_typed_shorthand_is_neutralised_and_restored(text):
    guarded = neutralise(text)
    assert not guarded.strip().startswith("/")
    assert restore(guarded) == text


def test_ordinary_text_is_untouched():
    assert neutralise("he hit me / it was bad") == "he hit me / it was bad"


def test_when_something_happened_is_not_offered_as_how_long_it_has_gone_on():
    severity = "Two weeks ago he threw a chair at me and the police came out"
    assert "duration" not in later_answers_in(severity, "severity", {})
    started = "It started about two years ago when his dad left"
    assert later_answers_in(started, "severity", {})["duration"] == started
