"""The letter a parent takes to children's services, built from the conversation and nothing else.

The parent's answers go in word for word, each under its checklist heading. A topic the parent skipped or
didn't know leaves no trace: no heading, no "None", nothing made up.

A Letter is also a flat set of text fields (`to_fields` / `letter_from_fields`), so the preview page can show one
box per section and make a PDF from whatever the parent edited, without storing anything.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Mapping
from zoneinfo import ZoneInfo

from bot import slots as slot_names
from bot.checklist import answers_from_slots, questions
from bot.letter.council import LetterCouncil, as_letter_council, format_date, letter_council
from bot.letter.wording import letter_wording

UK = ZoneInfo("Europe/London")

# Checklist keys that become sections, in the order a duty worker reads them: the child's age first.
# parent_name and parent_contact are the sender's details, not sections.
SECTION_KEYS = (
    "child_age", "problems", "severity", "duration", "impact_on_child", "siblings", "tried", "involved",
    "help_wanted", "without_help",
)

# A short age ("9", "18 months", "nine") goes in the subject line rather than a section of its own.
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_SHORT_AGE = re.compile(r"^(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b[\w ,.'-]{0,24}$", re.IGNORECASE)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Control characters other than tab and newline would break the PDF and mean nothing in a letter.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: object) -> str:
    """The same words, with Windows line endings unified, stray control characters dropped and ends trimmed."""
    value = _CONTROL.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in value.split("\n")).strip()


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside a paragraph."""
    return [part for part in _PARAGRAPH_BREAK.split(clean_text(text)) if part.strip()]


@dataclass(frozen=True)
class Section:
    key: str  # a checklist key, e.g. "problems"
    heading: str
    text: str  # the parent's words

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.text)


@dataclass(frozen=True)
class Letter:
    recipient: str  # address lines, one per line
    sender: str  # the parent's name and contact details, one per line; "" when not given
    date: str  # "22 November 2026"
    salutation: str
    subject: str
    request: str  # the request in one plain sentence, then a line introducing the parent's words
    sections: tuple[Section, ...]  # the answered topics only, in reading order
    consent_heading: str
    consent: str  # what the parent agreed to, by name; "" when the question was never answered
    asks_heading: str
    asks: tuple[str, ...]  # numbered when rendered
    closing: str
    sign_off: str
    signature: str  # the parent's name, or "" so they can sign by hand
    footnote: str

    def to_fields(self) -> dict[str, str]:
        """One text per editable part, keyed by form field name (sections as "section_<key>")."""
        fields = {
            "recipient": self.recipient, "sender": self.sender, "date": self.date,
            "salutation": self.salutation, "subject": self.subject, "request": self.request,
        }
        fields.update({f"section_{section.key}": section.text for section in self.sections})
        fields.update({
            "consent": self.consent,
            "asks": "\n".join(self.asks),
            "closing": self.closing, "sign_off": self.sign_off, "signature": self.signature,
            "footnote": self.footnote,
        })
        return fields


def today_in_uk() -> dt.date:
    return dt.datetime.now(UK).date()


def _join_names(names: list[str]) -> str:
    # Semicolons when a name carries its own comma ("Dr Patel, our GP"), so the list still reads clearly.
    separator = "; " if any("," in name for name in names) else ", "
    if len(names) == 1:
        return names[0]
    last = "; and " if separator == "; " else " and "
    return separator.join(names[:-1]) + last + names[-1]


def _consent_names(value: object) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [name for name in (clean_text(item) for item in items) if name]


def _consent_phrase(name: str, phrases: Mapping[str, str]) -> str:
    # The conversation names kinds of professional ("GP", "school"); the letter says "our GP", "the school".
    if name in phrases:
        return str(phrases[name])
    return name if name[:1].isupper() or name[:1].isdigit() else f"the {name}"


def consent_text(consent: object, names: object) -> str:
    """What the parent agreed to, by name; "" when they were never asked (nothing is assumed)."""
    words = letter_wording()
    answer = str(consent or "").strip().lower()
    if answer == "no":
        return words["consent_no"].strip()
    if answer != "yes":
        return ""
    agreed = [_consent_phrase(name, words.get("consent_name_phrases") or {}) for name in _consent_names(names)]
    if agreed:
        return words["consent_yes_names"].strip().format(names=_join_names(agreed))
    return words["consent_yes"].strip()


def _short_age(text: str) -> str | None:
    one_line = clean_text(text).rstrip(".")
    return one_line if "\n" not in one_line and _SHORT_AGE.match(one_line) else None


def build_letter(
    slots: Mapping[str, object],
    council: LetterCouncil | object | None = None,
    today: dt.date | None = None,
) -> Letter:
    """The letter for a conversation's slot values. The council defaults to the one in the `council_code` slot."""
    words = letter_wording()
    headings = {key: question.heading for key, question in questions().items()}
    answers = {key: clean_text(answer.text) for key, answer in answers_from_slots(slots).items()
               if answer.status == "answered" and clean_text(answer.text)}

    if council is None:
        council = letter_council(slots.get(slot_names.COUNCIL_CODE))  # type: ignore[arg-type]
    council = as_letter_council(council)

    recipient = [words["recipient"].strip()]
    if council is not None:
        recipient.append(council.letter_name)

    sender = [answers[key] for key in ("parent_name", "parent_contact") if key in answers]

    subject = words["subject"].strip()
    section_keys = list(SECTION_KEYS)
    age = _short_age(answers["child_age"]) if "child_age" in answers else None
    if age:
        subject = words["subject_with_age"].strip().format(age=age)
        section_keys.remove("child_age")

    sections = tuple(Section(key, headings[key], answers[key]) for key in section_keys if key in answers)
    request = words["request"].strip()
    if sections:
        request += "\n\n" + words["own_words"].strip()

    return Letter(
        recipient="\n".join(recipient),
        sender="\n".join(sender),
        date=format_date(today or today_in_uk()) or "",
        salutation=words["salutation"].strip(),
        subject=subject,
        request=request,
        sections=sections,
        consent_heading=words["consent_heading"].strip(),
        consent=consent_text(slots.get(slot_names.CONSENT_TO_CONTACT), slots.get(slot_names.CONSENT_NAMES)),
        asks_heading=words["asks_heading"].strip(),
        asks=tuple(ask.strip() for ask in words["asks"]),
        closing=words["closing"].strip(),
        sign_off=words["sign_off"].strip(),
        signature=answers.get("parent_name", ""),
        footnote=words["footnote"].strip(),
    )


# "1. ", "2) ", "- " at the start of a line the parent typed in the asks box: the letter numbers them itself.
_ASK_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s*")


def letter_from_fields(fields: Mapping[str, str]) -> Letter:
    """The letter as the parent edited it on the preview page. Headings come from content, never the form.

    An emptied box drops that part of the letter, as a skipped topic would.
    """
    words = letter_wording()
    headings = {key: question.heading for key, question in questions().items()}

    def text(name: str) -> str:
        return clean_text(fields.get(name, ""))

    sections = tuple(
        Section(key, headings[key], text(f"section_{key}")) for key in SECTION_KEYS if text(f"section_{key}")
    )
    asks = tuple(
        ask for ask in (_ASK_NUMBER.sub("", line).strip() for line in text("asks").split("\n")) if ask
    )
    return Letter(
        recipient=text("recipient"), sender=text("sender"), date=text("date"), salutation=text("salutation"),
        subject=text("subject"), request=text("request"), sections=sections,
        consent_heading=words["consent_heading"].strip(), consent=text("consent"),
        asks_heading=words["asks_heading"].strip(), asks=asks,
        closing=text("closing"), sign_off=text("sign_off"), signature=text("signature"), footnote=text("footnote"),
    )

