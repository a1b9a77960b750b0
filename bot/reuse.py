"""Spotting when one answer also answers later questions, so the parent isn't asked twice.

Real messages often say several things at once ("since September… the GP referred us to CAMHS…").
Nothing is filled in silently: when the bot reaches a later question it quotes the sentence and offers
"Yes, use that"; the parent's exact words are used, sentence by sentence.
"""
from __future__ import annotations

from typing import Mapping

from bot.checklist import ALL_KEYS
from bot.nlp import Extraction, extract

# "school" alone ("he refuses school") is not a sign of who is involved; named services are.
_NOT_INVOLVEMENT = {"school"}


def _sentences_for(extraction: Extraction, names: list[str]) -> str:
    found = [extraction.sentences[name] for name in names if name in extraction.sentences]
    return " ".join(dict.fromkeys(found))


def later_answers_in(text: str, current_key: str, slots: Mapping[str, object]) -> dict[str, str]:
    """Later, still-unanswered keys this answer seems to cover, each with the parent's sentence(s)."""
    extraction = extract(text)
    hints: dict[str, str] = {}
    if extraction.durations:
        hints["duration"] = extraction.sentences.get("duration", "")
    if "sibling" in extraction.relations:
        hints["siblings"] = extraction.sentences.get("sibling", "")
    if extraction.mentions_trying:
        hints["tried"] = extraction.sentences.get("tried", "")
    involved = [name for name in extraction.professionals if name not in _NOT_INVOLVEMENT]
    if involved:
        hints["involved"] = _sentences_for(extraction, involved)
    later = ALL_KEYS[ALL_KEYS.index(current_key) + 1:]
    return {
        key: (sentence or text).strip()
        for key, sentence in hints.items()
        if key in later and slots.get(key) in (None, "")
    }
