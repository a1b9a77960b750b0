"""The checklist: its keys, its questions, and the parent's answers as the conversation holds them.

Answers live in Rasa slots named after the keys. A slot holds the parent's words verbatim, or one of two
markers when they skipped the question or said they don't know. Nothing else reads slot values directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from bot.content import ContentError, load_yaml, require_keys

REQUIRED_KEYS = (
    "problems",
    "severity",
    "duration",
    "impact_on_child",
    "siblings",
    "tried",
    "involved",
    "help_wanted",
    "without_help",
)
OPTIONAL_KEYS = ("child_age", "parent_name", "parent_contact")
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

SKIPPED = "__skipped__"
DONT_KNOW = "__dont_know__"
MARKERS = {SKIPPED: "skipped", DONT_KNOW: "dont_know"}


@dataclass(frozen=True)
class Question:
    key: str
    heading: str
    question: str
    why: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    key: str
    status: str  # "answered", "skipped" or "dont_know"
    text: str | None  # the parent's exact words when answered


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """The questions in the order they are asked, validated against the fixed keys."""
    raw = load_yaml("checklist.yml").get("questions") or []
    loaded: dict[str, Question] = {}
    for item in raw:
        require_keys(f"checklist.yml question {item.get('key')!r}", item, ("key", "heading", "question", "why"))
        loaded[item["key"]] = Question(
            key=item["key"],
            heading=item["heading"].strip(),
            question=item["question"].strip(),
            why=item["why"].strip(),
            aliases=tuple(str(alias).lower() for alias in item.get("aliases") or ()),
        )
    if tuple(loaded) != ALL_KEYS:
        raise ContentError(f"checklist.yml must list exactly these keys in this order: {', '.join(ALL_KEYS)}")
    return loaded


def answer_from_slot(key: str, value: object) -> Answer | None:
    """None when the question has not been reached or was cleared for a correction."""
    if value is None or value == "":
        return None
    text = str(value)
    if text in MARKERS:
        return Answer(key=key, status=MARKERS[text], text=None)
    return Answer(key=key, status="answered", text=text)


def answers_from_slots(slots: Mapping[str, object]) -> dict[str, Answer]:
    """Every key the parent has dealt with, in checklist order."""
    found = {}
    for key in ALL_KEYS:
        answer = answer_from_slot(key, slots.get(key))
        if answer is not None:
            found[key] = answer
    return found


def progress(slots: Mapping[str, object]) -> dict[str, int]:
    """Required questions dealt with (answered, skipped or don't know) out of all required ones."""
    done = sum(1 for key in REQUIRED_KEYS if answer_from_slot(key, slots.get(key)) is not None)
    return {"answered": done, "total": len(REQUIRED_KEYS)}
