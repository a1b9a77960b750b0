"""'About you and your child': the optional details at the end of the conversation that let a duty team act
on the letter the same day (the child's name and date of birth, address, school, GP, household, how to
contact the parent safely, …) and the carers' assessments a parent can ask for as well.

Like checklist answers, each detail lives in a slot named after its key: the parent's words, or the
checklist's SKIPPED / DONT_KNOW markers. Two things are read rather than kept verbatim: a date of birth is
stored as "3 May 2014" (or "aged 12" when the parent gave an age), so no one misreads 3/5 as 5 March; and the
carers' assessments are stored as request keys separated by commas ("none" when the parent wanted neither).
Dates and postcodes are checked with a kind message, never a dead end: the parent can keep what they wrote
or skip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.content import ContentError, load_yaml, require_keys
from bot.contract import Slot
from bot.conversation.checklist import MARKERS, Answer, answers_from_slots
from bot.councils.postcodes import parse_postcode
from bot.dates import from_long_date, long_date

CONTENT_FILE = "details.yml"

WANTED = Slot.DETAILS_WANTED  # "yes" once the parent chose to add details, "no" when they skipped the whole part
PENDING = Slot.DETAILS_PENDING  # {"key": …, "text": …}: words that failed a check, kept if the parent says so
YES, NO = "yes", "no"

KEYS = (
    "child_name",
    "child_dob",
    "child_address",
    "school",
    "gp",
    "household",
    "safe_contact",
    "communication_needs",
    "disability",
    "going_well",
    "child_views",
    "carer_assessments",
)
REQUESTS_KEY = "carer_assessments"
NO_REQUESTS = "none"
REQUEST_KEYS = ("parent_carer_assessment", "young_carer_assessment")


@dataclass(frozen=True)
class DetailQuestion:
    key: str
    heading: str
    question: str
    why: str
    question_with_postcode: str | None = None


@dataclass(frozen=True)
class Request:
    key: str
    button: str
    law: str  # one plain sentence on what the law says, for the conversation
    letter: str  # the same request as the parent makes it in the letter
    summary: str  # a few words for the letter's summary line


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


@lru_cache(maxsize=1)
def wording() -> dict:
    raw = load_yaml(CONTENT_FILE)
    if not isinstance(raw, dict):
        raise ContentError(f"{CONTENT_FILE}: expected a mapping")
    require_keys(
        CONTENT_FILE,
        raw,
        (
            "offer",
            "button_add",
            "button_skip_all",
            "offer_unclear",
            "skipped_all",
            "progress_label",
            "questions",
            "requests",
            "button_both",
            "button_neither",
            "requests_ack",
            "keep_what_i_wrote",
            "kept_as_written",
            "dob_unreadable",
            "dob_not_a_date",
            "dob_in_future",
            "dob_too_old",
            "postcode_malformed",
            "postcode_missing",
            "nothing_to_go_back_to",
            "change_in_letter",
            "use_postcode",
            "sources",
            "facts",
        ),
    )
    for fact, names in raw["facts"].items():
        unknown = [name for name in names or () if name not in raw["sources"]]
        if not names or unknown:
            raise ContentError(f"{CONTENT_FILE} fact {fact!r}: needs known sources (unknown: {unknown})")
    for request in raw["requests"]:
        if not request.get("sources") or any(name not in raw["sources"] for name in request["sources"]):
            raise ContentError(f"{CONTENT_FILE} request {request.get('key')!r}: needs known sources")
    for name, needed in (("dob_not_a_date", "{text}"), ("dob_too_old", "{age}"), ("postcode_malformed", "{postcode}")):
        if needed not in raw[name]:
            raise ContentError(f"{CONTENT_FILE} {name}: must keep {needed}")
    return raw


def text(name: str, **values: str) -> str:
    template = " ".join(str(wording()[name]).split())
    return template.format(**values) if values else template


@lru_cache(maxsize=1)
def questions() -> dict[str, DetailQuestion]:
    loaded: dict[str, DetailQuestion] = {}
    for item in wording()["questions"]:
        require_keys(f"{CONTENT_FILE} question {item.get('key')!r}", item, ("key", "heading", "question", "why"))
        with_postcode = item.get("question_with_postcode")
        if with_postcode and "{postcode}" not in with_postcode:
            raise ContentError(f"{CONTENT_FILE} {item['key']}.question_with_postcode: must keep {{postcode}}")
        loaded[item["key"]] = DetailQuestion(
            key=item["key"],
            heading=_text(item["heading"]),
            question=_text(item["question"]),
            why=_text(item["why"]),
            question_with_postcode=_text(with_postcode) if with_postcode else None,
        )
    if tuple(loaded) != KEYS:
        raise ContentError(f"{CONTENT_FILE} must list exactly these keys in this order: {', '.join(KEYS)}")
    return loaded


@lru_cache(maxsize=1)
def requests() -> dict[str, Request]:
    loaded = {
        item["key"]: Request(
            item["key"], _text(item["button"]), _text(item["law"]), _text(item["letter"]), _text(item["summary"])
        )
        for item in wording()["requests"]
    }
    if tuple(loaded) != REQUEST_KEYS:
        raise ContentError(f"{CONTENT_FILE} requests must be exactly: {', '.join(REQUEST_KEYS)}")
    return loaded


def check_content() -> None:
    questions()
    requests()


# ----- where the part is ------------------------------------------------------------------------------------


def skipped_whole_part(slots: Mapping[str, object]) -> bool:
    return slots.get(WANTED) == NO


def done(slots: Mapping[str, object]) -> bool:
    """The part is over: skipped as a whole, or every question dealt with (answered, skipped, don't know)."""
    return skipped_whole_part(slots) or (
        slots.get(WANTED) == YES and all(slots.get(key) not in (None, "") for key in KEYS)
    )


def progress(slots: Mapping[str, object]) -> dict | None:
    """The details count on their own, so the nine main questions stay "9 of 9"; None until the parent
    chose to add details."""
    if slots.get(WANTED) != YES:
        return None
    dealt = sum(1 for key in KEYS if slots.get(key) not in (None, ""))
    return {"answered": dealt, "total": len(KEYS), "label": text("progress_label")}


def answers(slots: Mapping[str, object]) -> dict[str, Answer]:
    """Every detail dealt with, in order (the carers' assessments as the request keys, comma-separated)."""
    return answers_from_slots(slots, KEYS)


def chosen_requests(slots: Mapping[str, object]) -> list[str]:
    """The carers' assessments the parent ticked, as request keys in content order."""
    value = str(slots.get(REQUESTS_KEY) or "")
    if value in MARKERS:
        return []
    ticked = {part.strip() for part in value.split(",")}
    return [key for key in REQUEST_KEYS if key in ticked]


# ----- reading the parent's words ---------------------------------------------------------------------------

_DECLINE = re.compile(
    r"^\s*(i'?d )?(rather not( say)?|prefer not( to say)?|i would rather not( say)?|not saying|no comment|pass|"
    r"none of your business|i don'?t want to (say|tell you))\W*$",
    re.IGNORECASE,
)


def declines(text_: str) -> bool:
    """ "I'd rather not say": the same as Skip, whatever the classifier made of it."""
    return bool(_DECLINE.match(text_.replace("I would rather not say", "rather not say")))


def read_requests(text_: str) -> str | None:
    """What the parent ticked: request keys joined by commas, NO_REQUESTS, or None when unclear."""
    lowered = " ".join(text_.lower().replace("’", "'").split())
    by_button = {request.button.lower(): key for key, request in requests().items()}
    if lowered in by_button:
        return by_button[lowered]
    if lowered in (wording()["button_both"].lower(), "both", "both please", "yes both", "yes, both"):
        return ",".join(REQUEST_KEYS)
    if lowered in (wording()["button_neither"].lower(), "neither", "no", "none", "no thanks", "no thank you", "nope"):
        return NO_REQUESTS
    found = [
        key
        for key, word in (("parent_carer_assessment", "parent carer"), ("young_carer_assessment", "young carer"))
        if word in lowered
    ]
    return ",".join(found) if found else None


@dataclass(frozen=True)
class Checked:
    """A date of birth or an address, read. `value` is what goes in the letter; `problem` the kind message
    when it failed a check (then `value` is None and the parent may keep their words or try again)."""

    value: str | None
    problem: str | None = None


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4}|\d{2})"
_NUMERIC = re.compile(rf"\b(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*{_YEAR}\b")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_AGE = re.compile(
    r"^(?:(?:he|she|they|my (?:son|daughter|child)|(?:he|she)'?s|they'?re|they are|he is|she is|it'?s)\s+)?"
    r"(?:is\s+|'s\s+)?(?:aged?\s+|just\s+|nearly\s+|almost\s+)?"
    r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")(?:\s*(?:and a half|½))?\s*"
    r"(years?|yrs?|y/?o|months?|weeks?)?(?:\s+old)?\s*\.?$",
    re.IGNORECASE,
)
OLDEST = 25  # children's services work with young people up to 25 in some cases (care leavers, SEND)


def _year(raw: str, today: dt.date) -> int:
    if len(raw) == 4:
        return int(raw)
    two = int(raw)
    return 2000 + two if 2000 + two <= today.year else 1900 + two


def _age_on(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def read_date_of_birth(typed: str, today: dt.date | None = None) -> Checked:
    """ "3/5/2014", "03-05-14", "3rd May 2014", "May 3, 2014" → "3 May 2014" (UK order: day first);
    "12", "he's 12", "18 months old" → "aged 12" / "aged 18 months". Anything else: a kind problem."""
    today = today or dt.date.today()
    words = " ".join(typed.strip().split())
    age = _AGE.match(words)
    if age:
        raw, unit = age.group(1).lower(), (age.group(2) or "years").lower()
        number = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        half = " and a half" if re.search(r"and a half|½", words, re.IGNORECASE) else ""
        if unit.startswith(("month", "week")):
            label = "month" if unit.startswith("month") else "week"
            return Checked(f"aged {number} {label}{'s' if number != 1 else ''}")
        if number <= OLDEST:
            return Checked(f"aged {number}{half}")
        return Checked(None, text("dob_too_old", age=str(number)))
    for pattern, order in ((_NUMERIC, "dmy"), (_DAY_MONTH, "dMy"), (_MONTH_DAY, "Mdy")):
        match = pattern.search(words)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        day = int(parts["d"])
        month = int(parts["m"]) if "m" in parts else MONTHS[parts["M"].lower().rstrip(".")]
        year = _year(parts["y"], today)
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return Checked(None, text("dob_not_a_date", text=match.group(0)))
        if born > today:
            return Checked(None, text("dob_in_future"))
        if _age_on(born, today) > OLDEST:
            return Checked(None, text("dob_too_old", age=str(_age_on(born, today))))
        return Checked(long_date(born))
    return Checked(None, text("dob_unreadable"))


def parse_stored_date(value: str) -> dt.date | None:
    """The date back from what read_date_of_birth stored ("3 May 2014"); None for an age or other words."""
    return from_long_date(value)


def age_on(value: str, today: dt.date) -> int | None:
    born = parse_stored_date(value)
    return _age_on(born, today) if born else None


_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")


def check_address(typed: str) -> Checked:
    """An address keeps the parent's words. A postcode that looks cut short gets a kind problem; no postcode at all
    is fine (the reply suggests adding one)."""
    words = " ".join(typed.strip().split())
    upper = words.upper()
    if _POSTCODE_IN_TEXT.search(upper):
        return Checked(words)
    tokens = re.findall(r"[A-Za-z0-9]+", upper)
    if not tokens:
        return Checked(words)
    last, before = tokens[-1], tokens[-2] if len(tokens) > 1 else ""
    if re.fullmatch(r"[0-9][A-Z]{0,2}", last) and re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?", before):
        candidate = f"{before} {last}"  # "BA1 1A": an outward code and a cut-short inward code
    elif re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]{0,3}", last):
        candidate = last  # "BA1", "BA11A"
    else:
        return Checked(words)
    postcode = parse_postcode(candidate)
    if postcode and postcode.kind in ("district", "sector", "malformed"):
        return Checked(None, text("postcode_malformed", postcode=candidate))
    return Checked(words)


def has_postcode(address: str) -> bool:
    return bool(_POSTCODE_IN_TEXT.search(address.upper()))


def postcode_in(typed: str) -> str | None:
    """The full postcode in what the parent typed at the council question, tidied; None otherwise."""
    postcode = parse_postcode(typed)
    if postcode and postcode.kind == "full":
        return postcode.text
    match = _POSTCODE_IN_TEXT.search(typed.upper())
    return f"{match.group(1)} {match.group(2)}" if match else None
