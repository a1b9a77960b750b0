"""The letter with the optional details (issue 11), read as a duty social worker reads it: in all four
formats, with everything answered and with everything skipped."""

import re

import pytest

from bot.conversation import details
from bot.conversation.checklist import SKIPPED
from bot.letter import build_letter, letter_from_fields, render_html, render_pdf, render_text
from bot.letter.examples import (
    ANSWERS,
    BATH,
    DETAILS,
    FULL_JOURNEY,
    TODAY,
    TYPICAL_WITH_DETAILS,
    docx_text,
    pdf_pages,
    pdf_text,
    words,
)
from bot.letter.word import render_docx

FORMATS = ("html", "txt", "pdf", "docx")


def visible_html_text(page: str) -> str:
    """The words a reader sees: parts marked `hidden` (kept for the preview's editing) left out."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.hidden_depth, self.stack = [], 0, []

        def handle_starttag(self, tag, attrs):
            if tag in ("meta", "link", "br", "img", "input"):
                return
            hidden = self.hidden_depth > 0 or "hidden" in dict(attrs)
            self.stack.append(hidden)
            self.hidden_depth += hidden

        def handle_endtag(self, tag):
            if tag in ("meta", "link", "br", "img", "input") or not self.stack:
                return
            self.hidden_depth -= self.stack.pop()

        def handle_data(self, data):
            if not self.hidden_depth:
                self.parts.append(data)

    parser = Visible()
    parser.feed(page)
    return words(" ".join(parser.parts))


def rendered(letter, letter_format):
    if letter_format == "html":
        return visible_html_text(render_html(letter))
    if letter_format == "txt":
        return words(render_text(letter))
    if letter_format == "docx":
        return docx_text(render_docx(letter))
    return pdf_text(render_pdf(letter))


@pytest.fixture(scope="module")
def with_details():
    letter = build_letter(TYPICAL_WITH_DETAILS, council=BATH, today=TODAY)
    return letter, {letter_format: rendered(letter, letter_format) for letter_format in FORMATS}


def test_the_subject_names_the_child_with_date_of_birth_and_age(with_details):
    letter, _ = with_details
    assert letter.subject == (
        "Request for an assessment under section 17 of the Children Act 1989: Rhys Llŷr, born 3 May 2015 (aged 11)"
    )


def test_a_three_line_summary_comes_first(with_details):
    letter, _ = with_details
    who, happening, why_now = letter.summary.split("\n\n")
    assert who.startswith("I am asking you to assess the needs of my child, Rhys Llŷr, because I believe Rhys")
    assert who.endswith(
        "I am also asking for a parent carer's needs assessment for me and a young carer's needs assessment."
    )
    assert happening == "What is happening: My son has been refusing to go to school since September."
    assert why_now == "Why I am asking now: " + ANSWERS["without_help"]


def test_household_school_gp_and_who_else_is_involved_together(with_details):
    letter, _ = with_details
    assert letter.about_heading == "About Rhys and our family"
    assert [item.key for item in letter.about] == [
        "child_name",
        "child_dob",
        "child_address",
        "household",
        "school",
        "gp",
        "involved",
        "communication_needs",
        "disability",
    ]
    assert dict((item.heading, item.text) for item in letter.about)["Date of birth"] == "3 May 2015 (aged 11)"


@pytest.mark.parametrize("letter_format", FORMATS)
def test_every_format_has_the_child_the_household_and_how_to_contact_safely(with_details, letter_format):
    _, outputs = with_details
    text = outputs[letter_format]
    for key in (
        "child_name",
        "child_address",
        "school",
        "gp",
        "household",
        "safe_contact",
        "communication_needs",
        "disability",
        "going_well",
        "child_views",
    ):
        assert words(DETAILS[key]) in text, key
    assert "3 May 2015 (aged 11)" in text
    assert "Please read first: contacting me safely" in text
    assert "parent carer's needs assessment for me. The law says the council must assess a parent carer's needs" in text
    assert "section 17ZD" in text and "section 17ZA" in text
    for answer in ANSWERS.values():
        assert words(answer) in text


@pytest.mark.parametrize("letter_format", FORMATS)
def test_safe_contact_comes_before_the_parents_words(with_details, letter_format):
    _, outputs = with_details
    text = outputs[letter_format]
    assert text.index(DETAILS["safe_contact"]) < text.index("Dear Duty Team") < text.index(ANSWERS["severity"])


def test_a_typical_journey_with_every_detail_still_fits_on_two_pages(with_details):
    letter, _ = with_details
    assert pdf_pages(render_pdf(letter)) == 2


SKIPPED_DETAILS = {**FULL_JOURNEY, "details_wanted": "yes", **dict.fromkeys(details.KEYS, SKIPPED)}
NEW_HEADINGS = (
    "Please read first",
    "I am also asking for",
    "Date of birth",
    "Address",
    "School or nursery",
    "Who lives at home",
    "Communication needs",
    "Disability or diagnosis",
    "What is going well",
    "What my child says",
)


@pytest.mark.parametrize(
    "slots", [SKIPPED_DETAILS, {**FULL_JOURNEY, "details_wanted": "no"}], ids=["each skipped", "whole part skipped"]
)
@pytest.mark.parametrize("letter_format", FORMATS)
def test_everything_new_skipped_still_makes_a_good_letter_with_no_empty_headings(slots, letter_format):
    letter = build_letter(slots, council=BATH, today=TODAY)
    text = rendered(letter, letter_format)
    for heading in NEW_HEADINGS:
        assert heading not in text, heading
    for placeholder in ("None", "__skipped__", "skipped", "N/A", "Not answered", "{", "}"):
        assert placeholder not in text
    assert "Request for an assessment under section 17 of the Children Act 1989: my child, aged 11" in text
    assert "What is happening: My son has been refusing" in text
    for answer in ANSWERS.values():
        assert words(answer) in text
    # Who else is involved still goes in, in its own block.
    assert "About my child and our family" in text and "Who else is involved" in text


def test_no_empty_html_parts_when_details_are_skipped():
    page = render_html(build_letter(SKIPPED_DETAILS, council=BATH, today=TODAY))
    for part in ("safe_contact", "requests"):
        assert re.search(rf'data-part="{part}" hidden', page), part


def test_an_age_instead_of_a_date_of_birth():
    letter = build_letter({**TYPICAL_WITH_DETAILS, "child_dob": "aged 11"}, council=BATH, today=TODAY)
    assert letter.subject.endswith(": Rhys Llŷr, aged 11")
    assert ("Age", "aged 11") in [(item.heading, item.text) for item in letter.about]


def test_a_date_of_birth_kept_as_written_stays_out_of_the_subject():
    letter = build_letter({**TYPICAL_WITH_DETAILS, "child_dob": "spring 2015"}, council=BATH, today=TODAY)
    assert letter.subject.endswith(": Rhys Llŷr, aged 11")  # the age from the checklist
    assert ("Date of birth", "spring 2015") in [(item.heading, item.text) for item in letter.about]


def test_the_edited_letter_with_details_comes_back_the_same():
    letter = build_letter(TYPICAL_WITH_DETAILS, council=BATH, today=TODAY)
    assert letter_from_fields(letter.to_fields()) == letter


def test_an_emptied_detail_box_drops_its_row():
    fields = build_letter(TYPICAL_WITH_DETAILS, council=BATH, today=TODAY).to_fields()
    fields["about_gp"] = ""
    fields["safe_contact"] = ""
    fields["requests"] = "- A parent carer's needs assessment for me."
    edited = letter_from_fields(fields)
    assert "gp" not in [item.key for item in edited.about]
    assert edited.safe_contact == ""
    assert edited.requests == ("A parent carer's needs assessment for me.",)
