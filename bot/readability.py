"""A rough reading-level check for the plain-English answers (Flesch-Kincaid grade).

Good enough to catch an answer drifting into long sentences and long words; it is not a substitute for
reading the answer aloud. US grade + 5 gives a rough UK reading age (grade 6 is about age 11).
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# A list item or paragraph without a full stop still ends a "sentence" for a reader.
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n\s*-\s")


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e: close enough for short English words."""
    word = word.lower().split("'")[0]
    if len(word) <= 3:
        return 1
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith(("ed", "es")) and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges")) and count > 1:
        count -= 1
    return max(count, 1)


def sentences(text: str) -> int:
    parts = [part for part in SENTENCE_END.split(text) if WORD.search(part)]
    return max(len(parts), 1)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of text (0 for text without words)."""
    words = WORD.findall(text)
    if not words:
        return 0.0
    total_syllables = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences(text) + 11.8 * total_syllables / len(words) - 15.59


def reading_age(text: str) -> float:
    return grade(text) + 5
