"""Which earlier answer a parent means when they say "change what I said about school"."""
from __future__ import annotations

import re
from typing import Mapping

from bot.checklist import ALL_KEYS, answer_from_slot, questions

# Words that only say "I want to change something", never what.
_REQUEST_WORDS = set(
    "i want wanna need would like to can could please change changing edit update correct fix redo "
    "what said say wrote told you about the a an bit part my answer answers thing something earlier "
    "before on for of that this it me let just re".split()
)


def _topic_words(message: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", message.lower())
    return {word for word in words if word not in _REQUEST_WORDS and len(word) > 1}


def answered_keys(slots: Mapping[str, object]) -> list[str]:
    return [key for key in ALL_KEYS if answer_from_slot(key, slots.get(key)) is not None]


def candidate_keys(message: str, slots: Mapping[str, object]) -> list[str]:
    """The answered keys the message could mean: exact topic names first, then answers that mention it.

    Several candidates means "ask which"; none means the message named nothing we can match.
    """
    topic = _topic_words(message)
    if not topic:
        return []
    lowered = message.lower()
    answered = answered_keys(slots)
    by_name = [
        key for key in answered
        if any(re.search(rf"\b{re.escape(alias)}\b", lowered) for alias in questions()[key].aliases)
    ]
    if len(by_name) == 1:
        return by_name
    by_content = [
        key for key in answered
        if any(re.search(rf"\b{re.escape(word)}", str(slots.get(key) or "").lower()) for word in topic)
    ]
    return by_content or by_name
