"""What parents actually write, through the real HTTP API: the gateway, Rasa (dialogue only) and the
understanding service behind Rasa's external NLU interface (issue 9)."""

from __future__ import annotations

import pytest

from bot.run.stack import Parent

pytestmark = pytest.mark.e2e
DIDNT_UNDERSTAND = "didn't understand"


def everything_said(parent: Parent) -> str:
    return parent.text().lower()


def test_rasa_parses_through_the_understanding_service(stack):
    import httpx

    response = httpx.post(
        f"{stack.rasa_url}/model/parse",
        params={"token": stack.token},
        json={"text": "how long will I wait for someone to come out"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.json()["intent"]["name"] == "faq_how_long"


def test_a_first_message_that_tells_the_story_is_kept(stack):
    parent = Parent(stack.gateway_url)
    story = "my 12 year old has been refusing school for months and lashing out at his little sister"
    parent.answer(story)  # lashing out at a sibling, still going on: asked about first, then kept
    assert "kept what you wrote" in everything_said(parent)
    assert parent.turn["asking"] == "severity"  # not "what are the problems?" again
    assert parent.checklist()["answers"]["problems"] == story


@pytest.mark.parametrize(
    "opening",
    [
        "I'd like to get ready to ask social services for help with my child",
        "I need help with my daughter",
    ],
)
def test_asking_for_help_starts_the_checklist(stack, opening):
    parent = Parent(stack.gateway_url)
    parent.say(opening)
    assert DIDNT_UNDERSTAND not in everything_said(parent)
    assert parent.turn["asking"] in ("problems", "severity")


def test_a_question_inside_a_story_is_answered_and_the_story_kept(stack):
    parent = Parent(stack.gateway_url)
    parent.say("he's 14 and violent, will they take him off me?")
    # A violent child may mean danger now: the safety screen may ask first (issue 10); "no" carries on.
    assert parent.turn["safety"]["level"] in (None, "check")
    if parent.turn["safety"]["level"] == "check":
        parent.press("No, carry on")
    said = everything_said(parent)
    assert "court" in said  # the answer about children being taken into care
    assert parent.checklist()["answers"]["problems"] == "he's 14 and violent"


@pytest.mark.parametrize(
    ("question", "words_in_answer"),
    [
        ("what do I need to have ready before I phone them", "duty"),
        ("how long will I wait for someone to come out", "working days"),
        ("I suffer with depression, will they use that against me", "mental health"),
    ],
)
def test_real_questions_get_the_right_answer(stack, question, words_in_answer):
    parent = Parent(stack.gateway_url)
    parent.say(question)
    assert words_in_answer in everything_said(parent)


def test_a_question_mid_checklist_is_answered_and_the_question_asked_again(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    asking = parent.turn["asking"]
    parent.say("sorry before I go on, how long does the assessment take?")
    assert parent.turn["asking"] == asking
    assert "working days" in everything_said(parent)


def test_a_long_answer_with_a_question_in_it_stays_the_answer(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help with my son")
    parent.say("he kicks off most nights and school have excluded him twice")
    answer = (
        "the worst was two weeks ago when he threw a chair at me and the police came out, "
        "what am I supposed to do when he's like that, I'm on my knees"
    )
    parent.say(answer)
    if parent.turn["safety"]["level"] == "check":
        parent.press("No, carry on")
    assert parent.checklist()["answers"]["severity"] == answer


def test_not_understood_offers_the_closest_topics_never_a_dead_end(stack):
    parent = Parent(stack.gateway_url)
    parent.say("what about the paperwork thing with the dates")
    buttons = [b for m in parent.turn["messages"] for b in m["buttons"]]
    assert buttons, parent.text()
    assert DIDNT_UNDERSTAND not in everything_said(parent) or len(buttons) >= 2


def test_out_of_scope_gets_a_kind_pointer_then_back(stack):
    parent = Parent(stack.gateway_url)
    parent.say("I need help getting carers for my mum, she's 84 and has dementia")
    assert "adult social care" in everything_said(parent)
    parent.press("Carry on")
    assert parent.turn["asking"] == "problems"


def test_words_typed_outside_the_form_after_the_first_story_are_kept_as_the_next_answer(stack):
    parent = Parent(stack.gateway_url)
    parent.say("my ds is 13 and hes been kicking off for about a year, will they think im a bad mum if i ring them?")
    if parent.turn["safety"]["level"] == "check":  # the screen may ask first (issue 10); "no" carries on
        parent.press("No, carry on")
    assert parent.checklist()["answers"]["problems"].startswith("my ds is 13")
    worst = "the worst was when he threw the tv off the stand and the police came, he was 12 then"
    parent.say(worst)  # typed instead of pressing "Carry on"
    if parent.turn["safety"]["level"] == "check":
        parent.press("No, carry on")
    assert parent.checklist()["answers"]["severity"] == worst
    assert parent.turn["asking"] == "duration"
