"""The letter built from a conversation: the parent's words, their consent, their council, nothing invented."""

import pytest

from bot.conversation.checklist import DONT_KNOW, SKIPPED, questions
from bot.letter import build_letter, letter_from_fields
from bot.letter.examples import ANSWERS, BATH, FULL_JOURNEY, TODAY
from bot.letter.model import SECTION_KEYS, paragraphs


def heading(key):
    return questions()[key].heading


def test_every_answer_is_under_its_heading_word_for_word():
    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    by_key = {section.key: section for section in letter.sections}
    assert list(by_key) == [key for key in SECTION_KEYS if key in ANSWERS]
    # Who else is involved sits with the household, school and GP, in the details block.
    assert [(item.key, item.heading, item.text) for item in letter.about] == [
        ("involved", heading("involved"), ANSWERS["involved"])
    ]
    by_key.update({item.key: item for item in letter.about})
    for key, text in ANSWERS.items():
        assert by_key[key].heading == heading(key)
        assert by_key[key].text == text


@pytest.mark.parametrize("marker", [SKIPPED, DONT_KNOW, "", None])
def test_a_skipped_topic_leaves_no_section(marker):
    slots = {**FULL_JOURNEY, "siblings": marker}
    letter = build_letter(slots, council=BATH, today=TODAY)
    assert "siblings" not in [section.key for section in letter.sections]
    assert all(heading("siblings") not in text for text in letter.to_fields().values())
    assert "section_siblings" not in letter.to_fields()


def test_an_answer_of_only_spaces_leaves_no_section():
    letter = build_letter({**FULL_JOURNEY, "tried": "   \n  "}, council=BATH, today=TODAY)
    assert "tried" not in [section.key for section in letter.sections]


def test_addressed_to_the_councils_front_door_by_its_official_name():
    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    assert letter.recipient.split("\n") == [
        "Children's Services front door (duty team)",
        "Bath and North East Somerset Council",
    ]


def test_without_a_council_the_letter_names_none():
    letter = build_letter({**FULL_JOURNEY, "council_code": None}, today=TODAY)
    assert letter.recipient == "Children's Services front door (duty team)"


def test_dated_and_signed_with_the_parents_details():
    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    assert letter.date == "22 November 2026"
    assert letter.sender == "Siân Llŷr\n07700 900123 (please text first)"
    assert letter.signature == "Siân Llŷr"


def test_no_name_or_contact_given_means_none_shown():
    slots = {**FULL_JOURNEY, "parent_name": SKIPPED, "parent_contact": None}
    letter = build_letter(slots, council=BATH, today=TODAY)
    assert letter.sender == ""
    assert letter.signature == ""


@pytest.mark.parametrize(
    "age, in_subject", [("11", "aged 11"), ("18 months", "aged 18 months"), ("nine.", "aged nine")]
)
def test_a_short_age_goes_in_the_subject(age, in_subject):
    letter = build_letter({**FULL_JOURNEY, "child_age": age}, council=BATH, today=TODAY)
    assert letter.subject.startswith("Request for an assessment under section 17 of the Children Act 1989")
    assert letter.subject.endswith(in_subject)
    assert "child_age" not in [section.key for section in letter.sections]


def test_a_longer_age_answer_keeps_its_own_section_first():
    age = "He turned 11 in March, his sister is 6"
    letter = build_letter({**FULL_JOURNEY, "child_age": age}, council=BATH, today=TODAY)
    assert letter.subject == "Request for an assessment under section 17 of the Children Act 1989"
    assert (letter.sections[0].key, letter.sections[0].text) == ("child_age", age)


def test_consent_names_the_people_the_parent_agreed_to():
    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    assert letter.consent == (
        "I agree that you may contact Dr Patel, Mrs Hughes at Widcombe Junior School and CAMHS about my child. "
        "Please ask me before you contact anyone else."
    )


def test_consent_names_from_the_conversation_read_as_the_parent_would_write_them():
    """The conversation names kinds of professional (bot.consent.people_named): "GP", "school", "CAMHS"."""
    slots = {**FULL_JOURNEY, "consent_names": ["GP", "school", "health visitor", "CAMHS"]}
    assert build_letter(slots, council=BATH, today=TODAY).consent.startswith(
        "I agree that you may contact our GP, the school, the health visitor and CAMHS about my child."
    )


def test_consent_names_with_commas_stay_readable():
    slots = {**FULL_JOURNEY, "consent_names": ["Dr Patel, our GP", "CAMHS"]}
    assert "contact Dr Patel, our GP; and CAMHS about" in build_letter(slots, council=BATH, today=TODAY).consent


def test_consent_refused_says_ask_first():
    slots = {**FULL_JOURNEY, "consent_to_contact": "no"}
    consent = build_letter(slots, council=BATH, today=TODAY).consent
    assert consent == "Please do not contact anyone else about my child without asking me first."
    assert "Dr Patel" not in consent


def test_consent_never_asked_is_left_out():
    slots = {**FULL_JOURNEY, "consent_to_contact": None, "consent_names": None}
    assert build_letter(slots, council=BATH, today=TODAY).consent == ""


def test_consent_yes_without_names():
    slots = {**FULL_JOURNEY, "consent_names": []}
    assert build_letter(slots, council=BATH, today=TODAY).consent == (
        "I agree that you may contact the professionals I have named in this letter."
    )


def test_five_asks_as_a_parent_makes_them_on_first_contact():
    asks = build_letter(FULL_JOURNEY, council=BATH, today=TODAY).asks
    assert len(asks) == 5
    joined = " ".join(asks)
    for needed in (
        "received",
        "who I can talk to",
        "in writing, with your reasons",
        "how long it will take",
        "copy of any assessment and of any plan",
        "where I can find your threshold document",
    ):
        assert needed in joined
    # The complaints procedure is for "if they say no" (content/topics/refused_complaints.yml), not a first letter.
    assert "complain" not in joined and "protocol" not in joined


def test_paragraphs_are_kept():
    assert paragraphs("one\nstill one\n\n\n  two\r\n\r\nthree") == ["one\nstill one", "two", "three"]


def test_edited_fields_make_the_same_letter_back():
    letter = build_letter(FULL_JOURNEY, council=BATH, today=TODAY)
    assert letter_from_fields(letter.to_fields()) == letter


def test_edits_replace_text_and_an_emptied_box_drops_its_part():
    fields = build_letter(FULL_JOURNEY, council=BATH, today=TODAY).to_fields()
    fields["section_problems"] = "Rewritten by me."
    fields["section_tried"] = "  "
    fields["asks"] = "1. Ring me back\n\n2) Send the plan\n- And the complaints procedure"
    fields["section_not_a_topic"] = "ignored"
    edited = letter_from_fields(fields)
    by_key = {section.key: section for section in edited.sections}
    assert by_key["problems"].text == "Rewritten by me."
    assert by_key["problems"].heading == heading("problems")
    assert "tried" not in by_key
    assert "not_a_topic" not in by_key
    assert edited.asks == ("Ring me back", "Send the plan", "And the complaints procedure")


def test_control_characters_are_dropped_but_words_kept():
    letter = build_letter({**FULL_JOURNEY, "problems": "He\x00 shouts\x07 a lot"}, council=BATH, today=TODAY)
    assert letter.sections[0].text == "He shouts a lot"


def test_council_can_be_given_as_a_plain_record():
    record = {"name": "Cornwall", "official_name": "Cornwall Council", "contacts": []}
    letter = build_letter(FULL_JOURNEY, council=record, today=TODAY)
    assert letter.recipient.endswith("\nCornwall Council")
