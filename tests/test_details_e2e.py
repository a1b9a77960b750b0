"""Issue 11 end to end: the optional "about you and your child" part through the public HTTP API, against the
real Rasa, action server and gateway, and the letter it makes in all four formats (the PDF's text read with
pypdf, the Word document's with python-docx)."""

from __future__ import annotations

import pytest
from test_letter_details import visible_html_text

from bot.conversation import details
from bot.letter.examples import docx_text, pdf_text, words
from bot.run.stack import Parent
from tests.test_conversation_e2e import ANSWERS, answer_until_done, start_checklist

pytestmark = pytest.mark.e2e

DETAILS = {
    "child_name": "Rhys O'Neill",
    "child_dob": "3rd May 2014",
    "school": "Avenue Junior School, Year 6",
    "gp": "Unthank Road Medical Centre",
    "household": "Me, Rhys and his sister Mia (6). I have parental responsibility, so does his dad (lives in Leeds).",
    "safe_contact": "Please do not leave voicemails; text first. His dad must not know about this.",
    "communication_needs": "Rhys needs things written down and time to answer.",
    "disability": "Waiting for an autism assessment since March. No EHC plan yet.",
    "going_well": "He loves football and drawing, and his teacher says he is kind.",
    "child_views": "He says he just wants to feel safe at school and for the shouting to stop.",
}
# What the letter shows for each (the date of birth as a date nobody can misread, with the age).
IN_LETTER = {**DETAILS, "child_dob": "3 May 2014", "child_address": "NR2 1NH"}
REQUESTS = ("A parent carer's needs assessment for me", "A young carer's needs assessment")


class CarefulParent(Parent):
    """A parent who, when the safety screen is unsure and asks "Is anyone in danger right now?", answers no
    (the gateway then passes on the words it held back), so these tests follow the details part itself."""

    SAFETY_NO = "/safety_check_no"
    checks: list[str]

    def say(self, text: str, expect: int = 200) -> dict:
        reply = super().say(text, expect)
        offered = [b["payload"] for m in self.turn.get("messages", []) for b in m["buttons"]] if expect == 200 else []
        if self.SAFETY_NO in offered:
            self.checks = [*getattr(self, "checks", []), text]
            reply = super().say(self.SAFETY_NO)
        return reply


@pytest.fixture
def parent(stack) -> Parent:
    return CarefulParent(stack.gateway_url)


def reach_the_details(parent: Parent) -> None:
    """The nine main questions and the rest, the council by postcode, the read-back and consent."""
    start_checklist(parent)
    answer_until_done(parent, ANSWERS)
    parent.say("NR2 1NH")
    parent.press("Yes")
    # Before the letter is made: what happens with what they wrote, while they can still change it.
    assert "must act on that straight away" in parent.text()
    parent.press("all correct")
    parent.press("Yes")
    assert parent.turn["asking"] == details.WANTED
    assert parent.turn["progress"] == {"answered": 9, "total": 9}  # the details never make this "9 of 21"
    assert parent.turn["details"] is None
    titles = [b["title"] for m in parent.turn["messages"] for b in m["buttons"]]
    assert titles == ["Yes, add the details", "Skip this part"]
    assert parent.turn["finished"] is False


def letter_texts(parent: Parent) -> dict[str, str]:
    links = parent.turn["letter"]
    base = f"/api/conversations/{parent.id}/letter"
    responses = {
        "html": parent.http.get(base, params={"format": "html"}),
        "txt": parent.http.get(links["text_url"]),
        "pdf": parent.http.get(links["pdf_url"]),
        "docx": parent.http.get(base, params={"format": "docx"}),
    }
    for letter_format, response in responses.items():
        assert response.status_code == 200, letter_format
    return {
        "html": visible_html_text(responses["html"].text),
        "txt": words(responses["txt"].text),
        "pdf": pdf_text(responses["pdf"].content),
        "docx": docx_text(responses["docx"].content),
    }


def test_every_detail_answered_reaches_all_four_formats_of_the_letter(parent):
    reach_the_details(parent)
    parent.press("add the details")
    assert parent.turn["details"] == {"answered": 0, "total": 12, "label": "a few details for the letter"}
    asked = []
    while parent.turn["asking"] is not None:
        key = parent.turn["asking"]
        asked.append(key)
        assert len(asked) <= 20, asked
        if key == "child_dob" and asked.count(key) == 1:
            parent.say("31/02/2014")  # not a real date: a kind message, the same question, never a dead end
            assert parent.turn["asking"] == "child_dob"
            assert "isn't a date in the calendar" in parent.text()
            assert "Keep what I wrote" in [b["title"] for m in parent.turn["messages"] for b in m["buttons"]]
        elif key == "child_address":
            assert "NR2 1NH" in parent.text()  # the postcode the council look-up had
            parent.press("Just use NR2 1NH")
        elif key == "carer_assessments":
            assert "section 17ZD" in parent.text() and "section 17ZA" in parent.text()
            parent.press("Both")
        else:
            parent.say(DETAILS[key])
    assert [key for key in dict.fromkeys(asked)] == list(details.KEYS)
    assert parent.turn["finished"] is True
    assert parent.turn["progress"] == {"answered": 9, "total": 9}
    assert parent.turn["details"]["answered"] == 12

    checklist = parent.checklist()
    for key, expected in IN_LETTER.items():
        assert checklist["answers"][key] == expected, key
    assert checklist["requests"] == ["parent_carer_assessment", "young_carer_assessment"]
    assert checklist["progress"] == {"answered": 9, "total": 9}

    for letter_format, text in letter_texts(parent).items():
        assert "Rhys O'Neill, born 3 May 2014 (aged 12)" in text, letter_format  # the subject line
        for key, expected in IN_LETTER.items():
            assert words(expected) in text, (letter_format, key)
        assert "Please read first: contacting me safely" in text, letter_format
        for request in REQUESTS:
            assert request in text, (letter_format, request)
        assert "Norfolk County Council" in text, letter_format


@pytest.mark.parametrize("how", ["whole part", "each question"])
def test_everything_new_skipped_still_makes_a_good_letter(parent, how):
    reach_the_details(parent)
    if how == "whole part":
        parent.press("Skip this part")
    else:
        parent.press("add the details")
        while parent.turn["asking"] is not None:
            # "skip" typed works too, even where the question offers other buttons.
            parent.say("skip") if parent.turn["asking"] == "carer_assessments" else parent.press("Skip")
    assert parent.turn["finished"] is True
    assert parent.turn["progress"] == {"answered": 9, "total": 9}
    checklist = parent.checklist()
    assert not set(details.KEYS) & set(checklist["answers"])
    assert checklist["requests"] == []

    for letter_format, text in letter_texts(parent).items():
        for absent in (
            "Please read first",
            "I am also asking for",
            "Date of birth",
            "School or nursery",
            "Who lives at home",
            "What my child says",
            "What is going well",
            "None",
            "__skipped__",
            "skipped",
        ):
            assert absent not in text, (letter_format, absent)
        assert "Request for an assessment under section 17 of the Children Act 1989" in text
        assert "What is happening: honestly its everything atm" in text, letter_format  # the summary
        assert "Who else is involved" in text and ANSWERS["involved"] in text
        assert "Please tell me where I can find your threshold document" in text
        assert "complaints procedure" not in text
