"""Structure found in a parent's answer: durations, professionals and services, family relations, ages.

A blank English spaCy pipeline with rule-based components only (no model download): an EntityRuler built
from content/nlp/patterns.yml and Matcher patterns for durations and ages. The verbatim answer always
stays as the parent wrote it; this only adds structure for routing and letter headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import cast

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.util import filter_spans

from bot.content import load_yaml
from bot.nlp.durations import months_of
from bot.nlp.patterns import (
    AGE_PATTERNS,
    DURATION_PATTERNS,
    FREQUENCY_WORDS,
    HOW_LONG_PATTERNS,
    NOT_HOW_LONG_AFTER,
    NUMBER_WORDS,
)


@dataclass(frozen=True)
class Extraction:
    professionals: list[str] = field(default_factory=list)  # canonical names, e.g. "GP", "CAMHS"
    relations: list[str] = field(default_factory=list)  # canonical, e.g. "sibling", "grandparent"
    durations: list[str] = field(default_factory=list)  # the parent's words, e.g. "since September"
    ages: list[int] = field(default_factory=list)
    no_other_children: bool = False
    mentions_trying: bool = False
    sentences: dict[str, str] = field(default_factory=dict)  # what was found → the sentence it is in


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """Built once per process from the patterns in content/."""
    patterns = load_yaml("nlp/patterns.yml")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}))
    ruler.add_patterns(
        [
            {"label": label, "pattern": phrase, "id": canonical}
            for label, group in (("PROFESSIONAL", "professionals"), ("RELATION", "relations"))
            for canonical, phrases in patterns[group].items()
            for phrase in phrases
        ]
        + [{"label": "NO_OTHER_CHILDREN", "pattern": p} for p in patterns["no_other_children"]]
        + [{"label": "TRIED", "pattern": p} for p in patterns["tried_cues"]]
    )
    return nlp


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    matcher = Matcher(pipeline().vocab)
    matcher.add("DURATION", DURATION_PATTERNS)
    matcher.add("AGE", AGE_PATTERNS)
    return matcher


def _number(token_text: str) -> int | None:
    word = token_text.lower()
    digits = word[: len(word) - len(word.lstrip("0123456789"))]  # "12yo" → "12"
    if digits:
        return int(digits)
    return NUMBER_WORDS.get(word)


def _ages_and_durations(doc, matcher: Matcher) -> tuple[list, list]:
    matches = matcher(doc, as_spans=True)
    age_spans = [m for m in matches if m.label_ == "AGE"]
    age_tokens = {i for span in age_spans for i in range(span.start, span.end)}
    # "9 years old" is an age, not a duration.
    duration_spans = [m for m in matches if m.label_ == "DURATION" and not age_tokens & set(range(m.start, m.end))]
    return age_spans, filter_spans(duration_spans)


def _age_of(span) -> int | None:
    numbers = [n for n in (_number(token.text) for token in span) if n is not None]
    return numbers[0] if numbers and 0 <= numbers[0] <= 25 else None


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


def extract(text: str) -> Extraction:
    doc = pipeline()(text)
    professionals: list[str] = []
    relations: list[str] = []
    sentences: dict[str, str] = {}
    no_other_children = mentions_trying = False
    for ent in doc.ents:
        if ent.label_ == "PROFESSIONAL":
            professionals.append(ent.ent_id_)
            sentences.setdefault(ent.ent_id_, ent.sent.text)
        elif ent.label_ == "RELATION":
            relations.append(ent.ent_id_)
            sentences.setdefault(ent.ent_id_, ent.sent.text)
        elif ent.label_ == "NO_OTHER_CHILDREN":
            no_other_children = True
        elif ent.label_ == "TRIED":
            mentions_trying = True
            sentences.setdefault("tried", ent.sent.text)

    durations, ages = [], []
    age_spans, duration_spans = _ages_and_durations(doc, _matcher())
    for span in age_spans:
        age = _age_of(span)
        if age is not None:
            ages.append(age)
    for span in duration_spans:
        durations.append(span.text)
        sentences.setdefault("duration", span.sent.text)
    return Extraction(
        professionals=_unique(professionals),
        relations=_unique(relations),
        durations=_unique(durations),
        ages=_unique(ages),
        no_other_children=no_other_children,
        mentions_trying=mentions_trying,
        sentences=sentences,
    )


# --- How long, and how old, for rules that need numbers (early help) ---------------------------------------


@lru_cache(maxsize=1)
def _how_long_matcher() -> Matcher:
    matcher = Matcher(pipeline().vocab)
    matcher.add("DURATION", DURATION_PATTERNS + HOW_LONG_PATTERNS)
    matcher.add("AGE", AGE_PATTERNS)
    return matcher


def _normalise(text: str) -> str:
    # Phones write curly apostrophes; spaCy's English exceptions expect straight ones ("haven’t").
    return text.replace("\u2019", "'").replace("\u2018", "'")


def how_long(text: str, today: date | None = None) -> list[tuple[str, float | None]]:
    """Each stretch of time in the parent's words with its length in months (None when the words give no
    length, e.g. "since he started secondary school"). Ages are never durations ("my 12 year old"), nor are
    frequencies ("3 times a week") or age gaps ("2 years older"). "since September" is measured from today."""
    doc = pipeline()(_normalise(text))
    _, spans = _ages_and_durations(doc, _how_long_matcher())
    found = []
    for span in spans:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if before in FREQUENCY_WORDS or after in NOT_HOW_LONG_AFTER:
            continue
        found.append((span.text, months_of(span.text, today)))
    return found


def age_spans(doc) -> list:
    """The spans of a parsed answer that give a child's age ("my 12 year old", "she's 9")."""
    return _ages_and_durations(doc, _matcher())[0]


def age_in_answer(text: str) -> int | None:
    """The child's age from an answer to "how old is your child?": "12", "twelve", "she's 12", "nearly 13"."""
    doc = pipeline()(_normalise(text))
    for span in age_spans(doc):
        age = _age_of(span)
        if age is not None:
            return age
    for token in doc:
        number = _number(token.text) if (token.like_num or token.lower_ in NUMBER_WORDS) else None
        if number is not None and 0 <= number <= 25 and token.lower_ not in ("a", "an"):
            return number
    return None
