"""Turn a message into the plain word list the safety patterns are written against.

Parents type fast and on phones: apostrophes come and go ("he's" / "hes"), hyphens too ("self-harm" /
"self harm"), and txt-speak drops letters ("hittin", "u"). Normalising once here means the pattern lists
only need one spelling of each of those, and the patterns stay readable.
"""
from __future__ import annotations

import re

# Sentence breaks become a "." token so patterns and cues never reach across sentences.
_SENTENCE_BREAK = re.compile(r"[.!?;]+|\n+")
_TOKEN = re.compile(r"[a-z0-9]+|[.,:]")
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
# A dropped final g ("hittin", "cuttin"), but not words that really end in -ain/-oin/-ein ("again", "join"),
# nor these real -in words (medicines the overdose patterns name, family words).
_DROPPED_G = re.compile(r"^[a-z]{3,}[^aeo]in$")
_REAL_IN_WORDS = frozenset(
    "melatonin insulin aspirin vitamin cousin robin cabin basin muffin violin penguin pumpkin napkin "
    "dolphin raisin toxin origin margin admin latin satin".split()
)


def words(text: str, shorthand: dict[str, str]) -> list[str]:
    """Lower-case word and punctuation tokens, apostrophes removed, txt-speak expanded."""
    text = _APOSTROPHES.sub("", text.lower())
    text = _SENTENCE_BREAK.sub(" . ", text)
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if _DROPPED_G.match(token) and token not in _REAL_IN_WORDS:
            token += "g"
        expanded = shorthand.get(token)
        if expanded:
            tokens.extend(expanded.split())
        else:
            tokens.append(token)
    return tokens
