"""Reading a message into Rasa's parse format (bot/understanding/parse.py), with the real trained classifiers.

`Understanding.load()` loads the cached classifiers (`make model` trains them when data/ changed).
"""

from __future__ import annotations

import pytest

from bot.understanding import parse as parsing
from bot.understanding.service import Understanding
from bot.understanding.training_data import PAYLOAD_ONLY_INTENTS

RASA_KEYS = {"text", "intent", "intent_ranking", "entities"}


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return Understanding.load(log=lambda *_: None)


# --- segments(): sentences, and a trailing question clause split off its sentence ---------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he's 14 and violent, will they take him off me?", ["he's 14 and violent", "will they take him off me?"]),
        ("He is 12. He hits his sister every day.", ["He is 12.", "He hits his sister every day."]),
        ("she won't go to school\nshe cries every morning", ["she won't go to school", "she cries every morning"]),
        ("my son is 9 and can they help with respite?", ["my son is 9", "can they help with respite?"]),
        ("he screams at me but what can I do about it", ["he screams at me", "what can I do about it"]),
        ("how long does an assessment take?", ["how long does an assessment take?"]),
        # A clause that does not read as a question is left in its sentence.
        ("he kicks off when it is time for bed", ["he kicks off when it is time for bed"]),
        ("  ", []),
    ],
)
def test_segments(text, expected):
    assert parsing.segments(text) == expected


def test_only_the_last_sentence_loses_its_question_clause():
    parts = parsing.segments("He's 15, will they listen? He hits me. Anyway, what happens next?")
    assert parts == ["He's 15, will they listen?", "He hits me.", "Anyway", "what happens next?"]


# --- safety_parts(): what the safety screen scores besides the whole message --------------------------------

BACK_STORY = (
    "we moved here in the summer and the new school has been really good with his EHCP and the taxi, "
    "I only wanted to ask what a child in need assessment is"
)


def test_a_long_run_on_sentence_is_also_screened_by_its_last_clause():
    assert parsing.safety_parts(f"{BACK_STORY}, but his lips have gone blue and he isn't waking up") == [
        "his lips have gone blue and he isn't waking up"
    ]


def test_a_short_last_piece_takes_the_clause_before_it():
    text = f"{BACK_STORY}, he's gone floppy, help"
    assert parsing.safety_parts(text) == [
        "I only wanted to ask what a child in need assessment is he's gone floppy help"
    ]


UNBROKEN = (
    "we moved here in the summer and the new school has been good with his EHCP and his taxi and his teaching assistant"
)


@pytest.mark.parametrize("text", ["he hit me, then he left, he is at his dad's", UNBROKEN])
def test_short_sentences_and_unbroken_ones_add_no_clause(text):
    assert parsing.safety_parts(text) == []


def test_danger_at_the_end_of_a_long_back_story_is_urgent(understanding):
    assert understanding.screen(f"{BACK_STORY}, but his lips have gone blue and he isn't waking up").level == "urgent"


# --- shorthand payloads ------------------------------------------------------------------------------------


def test_a_bare_payload_is_taken_at_its_word():
    parsed = parsing.shorthand("/greet")
    assert set(parsed) == RASA_KEYS
    assert parsed["intent"] == {"name": "greet", "confidence": 1.0}
    assert parsed["intent_ranking"] == [{"name": "greet", "confidence": 1.0}]
    assert parsed["entities"] == []


def test_a_payload_carries_its_entities():
    text = '/choose_council{"council_code": "BAS", "postcode": "BA1 1AA"}'
    parsed = parsing.shorthand(text)
    assert parsed["intent"]["name"] == "choose_council"
    assert parsed["entities"] == [
        {"entity": "council_code", "value": "BAS", "start": 0, "end": len(text), "extractor": "payload"},
        {"entity": "postcode", "value": "BA1 1AA", "start": 0, "end": len(text), "extractor": "payload"},
    ]


@pytest.mark.parametrize("text", ["hello /greet", "/greet{not json}", "/ greet", "greet", '/greet{"a": 1} more'])
def test_anything_else_is_not_a_payload(text):
    assert parsing.shorthand(text) is None


def test_a_payload_reaches_rasa_unchanged_through_the_service(understanding):
    assert understanding.parse('/inform{"x": "y"}')["entities"][0]["value"] == "y"
    # Payload-only intents arrive this way and only this way.
    assert understanding.parse("/urgent_danger")["intent"]["name"] == "urgent_danger"


# --- Rasa's parse format -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how long does an assessment take",
        "my 12 year old has been refusing school for months and lashing out at his little sister",
        "banana phone",
        "",
    ],
)
def test_rasa_format_fields(understanding, text):
    parsed = understanding.parse(text)
    assert set(parsed) == RASA_KEYS
    assert parsed["text"] == text
    assert set(parsed["intent"]) == {"name", "confidence"}
    assert isinstance(parsed["intent"]["name"], str) and 0.0 <= parsed["intent"]["confidence"] <= 1.0
    ranking = parsed["intent_ranking"]
    assert len(ranking) <= parsing.RANKING_LENGTH + 1  # + nlu_fallback in front when it falls back
    assert all(set(item) == {"name", "confidence"} and 0.0 <= item["confidence"] <= 1.0 for item in ranking)
    if text:
        assert ranking[0]["name"] == parsed["intent"]["name"]
        scores = (
            [item["confidence"] for item in ranking[1:]]
            if parsed["intent"]["name"] == "nlu_fallback"
            else [item["confidence"] for item in ranking]
        )
        assert scores == sorted(scores, reverse=True)
    assert isinstance(parsed["entities"], list)


def test_a_plain_question_gets_its_topic_and_no_story(understanding):
    parsed = understanding.parse("how long does an assessment take")
    assert parsed["intent"]["name"].startswith("faq_")
    assert parsed["entities"] == []


def test_a_story_with_a_question_returns_the_question_and_the_story(understanding):
    text = "he's 14 and violent, will they take him off me?"
    parsed = understanding.parse(text)
    assert parsed["intent"]["name"].startswith("faq_")
    [story] = [e for e in parsed["entities"] if e["entity"] == parsing.STORY_ENTITY]
    assert story["value"] == "he's 14 and violent"
    assert text[story["start"] : story["end"]] == story["value"]
    assert story["extractor"] == "understanding"


@pytest.mark.parametrize(
    ("text", "topic", "story_start"),
    [
        (
            "my lad is 10 and has adhd and he trashes the house most nights and i want to ask for help, "
            "but how do i ask them",
            "faq_how_to_ask",
            "my lad is 10 and has adhd",
        ),
        (
            "my girl is 15, not been to school since easter and i need some help with her, how long will it take",
            "faq_how_long",
            "my girl is 15, not been to school",
        ),
    ],
)
def test_a_story_that_also_asks_for_help_is_kept_before_its_question(understanding, text, topic, story_start):
    """The story part also reads as a request to start ("i want to ask for help"): it is still kept as the story."""
    parsed = understanding.parse(text)
    assert parsed["intent"]["name"] == topic
    [story] = [e["value"] for e in parsed["entities"] if e["entity"] == parsing.STORY_ENTITY]
    assert story.startswith(story_start)


def test_a_bare_request_to_start_before_a_question_is_not_a_story(understanding):
    parsed = understanding.parse("hi, i want to get ready to ask for help, how long does it all take?")
    assert parsed["intent"]["name"].startswith("faq_")
    assert parsed["entities"] == []


def test_a_story_alone_is_an_answer(understanding):
    parsed = understanding.parse(
        "my 12 year old has been refusing school for months and lashing out at his little sister"
    )
    assert parsed["intent"]["name"] == parsing.STORY_INTENT
    assert parsed["entities"] == []


def test_a_few_unclear_words_fall_back_with_the_closest_topics(understanding):
    parsed = understanding.parse("banana phone")
    assert parsed["intent"]["name"] == parsing.FALLBACK_INTENT
    assert parsed["intent_ranking"][0]["name"] == parsing.FALLBACK_INTENT
    assert len(parsed["intent_ranking"]) > 1


def test_the_classifier_does_not_know_payload_only_intents(understanding):
    assert not PAYLOAD_ONLY_INTENTS & set(understanding.classifiers.intents.classes_.tolist())


@pytest.mark.parametrize(
    "text",
    [
        "yes someone is in danger right now",
        "help he's strangling his sister",
        "my son has taken an overdose",
        "urgent danger",
        "he's got a knife and he's coming at me, will the police come?",
    ],
)
def test_a_payload_only_intent_is_never_predicted(understanding, text):
    parsed = understanding.parse(text)
    assert parsed["intent"]["name"] != "urgent_danger"
    assert "urgent_danger" not in {item["name"] for item in parsed["intent_ranking"]}


@pytest.mark.parametrize("answer", ["he's 12", "she is 9", "my mum", "Sarah", "about 2 years"])
def test_a_short_checklist_answer_that_says_nothing_about_harm_is_not_asked_about(understanding, answer):
    assert understanding.screen(answer, in_checklist=True).level is None


@pytest.mark.parametrize("answer", ["he's hitting me", "he strangled me", "she cut her wrists"])
def test_a_short_checklist_answer_about_harm_still_is(understanding, answer):
    assert understanding.screen(answer, in_checklist=True).level in ("urgent", "check")
