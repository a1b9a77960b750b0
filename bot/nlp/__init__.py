"""Structure found in a parent's answer: durations, professionals and services, family relations, ages.

A blank English spaCy pipeline with rule-based components only (no model download): an EntityRuler built
from content/nlp/patterns.yml and Matcher patterns for durations and ages. The verbatim answer always
stays as the parent wrote it; this only adds structure for routing and letter headings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.util import filter_spans

from bot.content import load_yaml
from bot.nlp.patterns import AGE_PATTERNS, DURATION_PATTERNS, NUMBER_WORDS


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
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
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


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


def extract(text: str) -> Extraction:
    doc = pipeline()(text)
    professionals, relations, sentences = [], [], {}
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
    matches = _matcher()(doc, as_spans=True)
    age_spans = [m for m in matches if m.label_ == "AGE"]
    age_tokens = {i for span in age_spans for i in range(span.start, span.end)}
    for span in age_spans:
        numbers = [n for n in (_number(token.text) for token in span) if n is not None]
        if numbers and 0 <= numbers[0] <= 25:
            ages.append(numbers[0])
    # "9 years old" is an age, not a duration.
    duration_spans = [m for m in matches if m.label_ == "DURATION" and not age_tokens & set(range(m.start, m.end))]
    for span in filter_spans(duration_spans):
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
