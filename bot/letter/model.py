"""The letter a parent takes to children's services, built from the conversation and nothing else.

Read as a duty social worker reads it: a three-line summary first (who, what is happening, why now, what is
asked), how to contact the parent safely at the top, the child's name and date of birth in the subject, the
details that let the front door find the child's records together in one block (household, school, GP, who
else is involved), then the parent's answers word for word, each under its checklist heading, and the asks a
parent makes on first contact. A topic the parent skipped or didn't know leaves no trace: no heading, no
"None", nothing made up.

A Letter is also a flat set of text fields (`to_fields` / `letter_from_fields`), so the preview page can show one
box per section and make a PDF from whatever the parent edited, without storing anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.contract import Slot
from bot.conversation import details
from bot.conversation.checklist import answers_from_slots, questions
from bot.dates import long_date
from bot.letter.council import LetterCouncil, as_letter_council, letter_council
from bot.letter.wording import letter_wording

UK = ZoneInfo("Europe/London")

# Answers that become sections of the parent's own words, in the order a duty worker reads them: the child's
# age first (when it is more than a short age), the child's own views next to the effect on them, strengths
# before what has been tried. parent_name and parent_contact are the sender's details, not sections.
SECTION_KEYS = (
    "child_age",
    "problems",
    "severity",
    "duration",
    "impact_on_child",
    "child_views",
    "siblings",
    "going_well",
    "tried",
    "help_wanted",
    "without_help",
)
# The facts a front door checks its records with, and everyone around the child, together in one block.
ABOUT_KEYS = (
    "child_name",
    "child_dob",
    "child_address",
    "household",
    "school",
    "gp",
    "involved",
    "communication_needs",
    "disability",
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
    request: str  # the line introducing the parent's own words; "" when there are none
    sections: tuple[Section, ...]  # the answered topics only, in reading order
    consent_heading: str
    consent: str  # what the parent agreed to, by name; "" when the question was never answered
    asks_heading: str
    asks: tuple[str, ...]  # numbered when rendered
    closing: str
    sign_off: str
    signature: str  # the parent's name, or "" so they can sign by hand
    footnote: str
    summary: str = ""  # up to three short paragraphs: who and what is asked, what is happening, why now
    safe_contact_heading: str = ""
    safe_contact: str = ""  # how to contact the parent safely, in their words; shown first
    about_heading: str = ""
    about: tuple[Section, ...] = ()  # name, date of birth, address, household, school, GP, who else is involved…
    requests_heading: str = ""
    requests: tuple[str, ...] = ()  # the carers' assessments the parent ticked, one sentence each

    def to_fields(self) -> dict[str, str]:
        """One text per editable part, keyed by form field name (sections as "section_<key>", the details
        block as "about_<key>")."""
        fields = {
            "recipient": self.recipient,
            "sender": self.sender,
            "date": self.date,
            "safe_contact": self.safe_contact,
            "salutation": self.salutation,
            "subject": self.subject,
            "summary": self.summary,
        }
        fields.update({f"about_{item.key}": item.text for item in self.about})
        fields["request"] = self.request
        fields.update({f"section_{section.key}": section.text for section in self.sections})
        fields.update(
            {
                "consent": self.consent,
                "requests": "\n".join(self.requests),
                "asks": "\n".join(self.asks),
                "closing": self.closing,
                "sign_off": self.sign_off,
                "signature": self.signature,
                "footnote": self.footnote,
            }
        )
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


def service_phrase(name: str, to_parent: bool = False) -> str:
    """How a service the parent named is written: "our GP", "the school", "CAMHS", "Dr Patel".

    One vocabulary for the letter (the parent's voice) and the conversation (to_parent: "your GP"): the
    canonical names of content/nlp/patterns.yml, worded by content/letter/wording.yml `consent_name_phrases`.
    """
    phrases = letter_wording().get("consent_name_phrases") or {}
    if name in phrases:
        phrase = str(phrases[name]).strip()
        return re.sub(r"^our\b", "your", phrase) if to_parent else phrase
    return name if name[:1].isupper() or name[:1].isdigit() else f"the {name}"


def consent_text(consent: object, names: object) -> str:
    """What the parent agreed to, by name; "" when they were never asked (nothing is assumed)."""
    words = letter_wording()
    answer = str(consent or "").strip().lower()
    if answer == "no":
        return words["consent_no"].strip()
    if answer != "yes":
        return ""
    agreed = [service_phrase(name) for name in _consent_names(names)]
    if agreed:
        return words["consent_yes_names"].strip().format(names=_join_names(agreed))
    return words["consent_yes"].strip()


def _short_age(text: str) -> str | None:
    one_line = clean_text(text).rstrip(".")
    return one_line if "\n" not in one_line and _SHORT_AGE.match(one_line) else None


def _headings() -> dict[str, str]:
    found = {key: question.heading for key, question in questions().items()}
    found.update({key: question.heading for key, question in details.questions().items()})
    return found


def about_heading(key: str, text: str) -> str:
    """The label in the details block; a date of birth given as an age is labelled as one."""
    if key == "child_dob" and text.startswith("aged "):
        return letter_wording()["age_label"].strip()
    return _headings()[key]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])|\n+")
SUMMARY_WORDS = 30


def first_sentence(text: str) -> str:
    """The parent's first sentence (or line), cut at a word boundary if it runs on, for the summary."""
    first = _SENTENCE_END.split(clean_text(text), maxsplit=1)[0].strip()
    words = first.split()
    if len(words) > SUMMARY_WORDS:
        return " ".join(words[:SUMMARY_WORDS]).rstrip(",;:") + "…"
    return first


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _child_details(answers: Mapping[str, str], today: dt.date) -> tuple[str | None, str | None, str | None]:
    """(name, date of birth with the age as the letter shows it, age alone) from the details and the age."""
    name = answers.get("child_name")
    dob = answers.get("child_dob")
    age = None
    if dob:
        years = details.age_on(dob, today)
        if years is not None:
            age = str(years)
            dob = f"{dob} ({letter_wording()['aged'].strip().format(age=age)})"
        elif dob.startswith("aged "):
            age = dob.removeprefix("aged ")
    if age is None and "child_age" in answers:
        age = _short_age(answers["child_age"])
    return name, dob, age


def _subject(words: Mapping[str, str], name: str | None, dob: str | None, age: str | None) -> str:
    """The child's name and date of birth (with their age), so the front door can find their records."""
    parts = []
    if dob and details.parse_stored_date(dob.split(" (")[0]):
        parts.append(words["born"].strip().format(date=dob))
    elif age:
        parts.append(words["aged"].strip().format(age=age))
    if not name and not parts:
        return words["subject"].strip()
    return words["subject_with_child"].strip().format(child=", ".join([name or words["my_child"].strip(), *parts]))


def _summary(words: Mapping[str, str], answers: Mapping[str, str], name: str | None, requests: list[str]) -> str:
    if name:
        lines = [words["summary_request_named"].strip().format(name=name, first_name=name.split()[0])]
    else:
        lines = [words["summary_request"].strip()]
    if requests:
        lines[0] += " " + words["summary_also"].strip().format(requests=_and_list(requests))
    if "problems" in answers:
        lines.append(words["summary_happening"].strip().format(text=first_sentence(answers["problems"])))
    why_now = answers.get("without_help") or answers.get("severity")
    if why_now:
        lines.append(words["summary_why_now"].strip().format(text=first_sentence(why_now)))
    return "\n\n".join(lines)


def build_letter(
    slots: Mapping[str, object],
    council: LetterCouncil | object | None = None,
    today: dt.date | None = None,
) -> Letter:
    """The letter for a conversation's slot values. The council defaults to the one in the `council_code` slot."""
    words = letter_wording()
    headings = _headings()
    given = {**answers_from_slots(slots), **details.answers(slots)}
    answers = {
        key: clean_text(answer.text)
        for key, answer in given.items()
        if answer.status == "answered" and clean_text(answer.text)
    }
    answers.pop(details.REQUESTS_KEY, None)  # request keys, not words: they become the requests below
    today = today or today_in_uk()

    if council is None:
        council = letter_council(slots.get(Slot.COUNCIL_CODE))  # type: ignore[arg-type]
    council = as_letter_council(council)

    recipient = [words["recipient"].strip()]
    if council is not None:
        recipient.append(council.letter_name)

    sender = [answers[key] for key in ("parent_name", "parent_contact") if key in answers]

    name, dob, age = _child_details(answers, today)
    if dob:
        answers["child_dob"] = dob
    subject = _subject(words, name, dob, age)
    section_keys = list(SECTION_KEYS)
    if "child_age" in answers and (_short_age(answers["child_age"]) or dob):
        section_keys.remove("child_age")  # the age is in the subject and the details block already

    ticked = [details.requests()[key] for key in details.chosen_requests(slots)]
    sections = tuple(Section(key, headings[key], answers[key]) for key in section_keys if key in answers)
    about = tuple(Section(key, about_heading(key, answers[key]), answers[key]) for key in ABOUT_KEYS if key in answers)
    first_name = name.split()[0] if name else None

    return Letter(
        recipient="\n".join(recipient),
        sender="\n".join(sender),
        date=long_date(today),
        salutation=words["salutation"].strip(),
        subject=subject,
        request=words["own_words"].strip() if sections else "",
        sections=sections,
        consent_heading=words["consent_heading"].strip(),
        consent=consent_text(slots.get(Slot.CONSENT_TO_CONTACT), slots.get(Slot.CONSENT_NAMES)),
        asks_heading=words["asks_heading"].strip(),
        asks=tuple(ask.strip() for ask in words["asks"]),
        closing=words["closing"].strip(),
        sign_off=words["sign_off"].strip(),
        signature=answers.get("parent_name", ""),
        footnote=words["footnote"].strip(),
        summary=_summary(words, answers, name, [request.summary for request in ticked]),
        safe_contact_heading=words["safe_contact_heading"].strip(),
        safe_contact=answers.get("safe_contact", ""),
        about_heading=_about_heading_for(first_name),
        about=about,
        requests_heading=words["requests_heading"].strip(),
        requests=tuple(request.letter for request in ticked),
    )


def _about_heading_for(first_name: str | None) -> str:
    words = letter_wording()
    return (
        words["about_heading_named"].strip().format(first_name=first_name)
        if first_name
        else words["about_heading"].strip()
    )


# "1. ", "2) ", "- " at the start of a line the parent typed in the asks box: the letter numbers them itself.
_ASK_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s*")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (_ASK_NUMBER.sub("", line).strip() for line in text.split("\n")) if line)


def letter_from_fields(fields: Mapping[str, str]) -> Letter:
    """The letter as the parent edited it on the preview page. Headings come from content, never the form.

    An emptied box drops that part of the letter, as a skipped topic would.
    """
    words = letter_wording()
    headings = _headings()

    def text(name: str) -> str:
        return clean_text(fields.get(name, ""))

    sections = tuple(
        Section(key, headings[key], text(f"section_{key}")) for key in SECTION_KEYS if text(f"section_{key}")
    )
    about = tuple(
        Section(key, about_heading(key, text(f"about_{key}")), text(f"about_{key}"))
        for key in ABOUT_KEYS
        if text(f"about_{key}")
    )
    name = text("about_child_name")
    return Letter(
        recipient=text("recipient"),
        sender=text("sender"),
        date=text("date"),
        salutation=text("salutation"),
        subject=text("subject"),
        request=text("request"),
        sections=sections,
        consent_heading=words["consent_heading"].strip(),
        consent=text("consent"),
        asks_heading=words["asks_heading"].strip(),
        asks=_lines(text("asks")),
        closing=text("closing"),
        sign_off=text("sign_off"),
        signature=text("signature"),
        footnote=text("footnote"),
        summary=text("summary"),
        safe_contact_heading=words["safe_contact_heading"].strip(),
        safe_contact=text("safe_contact"),
        about_heading=_about_heading_for(name.split()[0] if name else None),
        about=about,
        requests_heading=words["requests_heading"].strip(),
        requests=_lines(text("requests")),
    )
