"""Spotting when one answer also answers later questions, so the parent isn't asked twice.

Real messages often say several things at once ("since September… the GP referred us to CAMHS…").
Nothing is filled in silently: when the bot reaches a later question it quotes the sentence and offers
"Yes, use that"; the parent's exact words are used, sentence by sentence.
"""
from __future__ import annotations

import re
from typing import Mapping

from bot.checklist import ALL_KEYS
from bot.nlp import Extraction, extract

# "school" alone ("he refuses school") is not a sign of who is involved; named services are.
_NOT_INVOLVEMENT = {"school"}


def _sentences_for(extraction: Extraction, names: list[str]) -> str:
    found = [extraction.sentences[name] for name in names if name in extraction.sentences]
    return " ".join(dict.fromkeys(found))


# "Two weeks ago he threw a chair" says when something happened, not how long it has gone on; "it started
# two years ago" or "it's been going on since…" does.
_ONSET = re.compile(r"\b(start|began|begun|since|been|first|ever|going on|got worse)", re.IGNORECASE)


def _says_how_long(extraction: Extraction) -> bool:
    sentence = extraction.sentences.get("duration", "")
    when_only = all(re.search(re.escape(d) + r"\s+ago\b", sentence, re.IGNORECASE) for d in extraction.durations)
    return not when_only or bool(_ONSET.search(sentence))


def later_answers_in(text: str, current_key: str, slots: Mapping[str, object]) -> dict[str, str]:
    """Later, still-unanswered keys this answer seems to cover, each with the parent's sentence(s)."""
    extraction = extract(text)
    hints: dict[str, str] = {}
    if extraction.durations and _says_how_long(extraction):
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
