"""One safety decision per message: urgent, check or none, and which kinds of danger.

The understanding service's risk classifier scores each sentence of the message; this module turns those
scores into a level with three pieces of context: a short list of absolute triggers that always escalate,
where the message sits (a checklist answer about the past needs a present-time cue to be urgent), and the
category classifier for the right helplines. Thresholds and word lists: content/safety/decision.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher

from bot.content import ContentError, load_yaml

CONTENT = "safety/decision.yml"
URGENT, CHECK, NONE = "urgent", "check", None
LEVELS = (URGENT, CHECK)


@dataclass(frozen=True)
class SafetyDecision:
    level: str | None
    categories: list[str] = field(default_factory=list)
    # Kinds of harm the message is about even when nobody is in danger now (a past sexual assault, say):
    # early-help advice must never call that low-level.
    concerns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"level": self.level, "categories": list(self.categories), "concerns": list(self.concerns)}


@dataclass(frozen=True)
class SentenceScores:
    urgent: float  # P(urgent)
    check: float  # P(check)
    categories: list[tuple[str, float]]  # ranked


@lru_cache(maxsize=1)
def _content() -> dict:
    data = load_yaml(CONTENT) or {}
    for key in ("thresholds", "absolute", "present_cues"):
        if key not in data:
            raise ContentError(f"{CONTENT}: missing {key}")
    return data


@lru_cache(maxsize=1)
def _matchers() -> tuple[spacy.language.Language, PhraseMatcher, PhraseMatcher]:
    nlp = spacy.blank("en")
    absolute = PhraseMatcher(nlp.vocab, attr="LOWER")
    for category, phrases in _content()["absolute"].items():
        absolute.add(category, [nlp.make_doc(p) for p in phrases])
    present = PhraseMatcher(nlp.vocab, attr="LOWER")
    present.add("present", [nlp.make_doc(p) for p in _content()["present_cues"]])
    return nlp, absolute, present


def absolute_triggers(text: str) -> list[str]:
    """Categories of absolute triggers in the text (needs no classifier: works with the service down)."""
    nlp, absolute, _ = _matchers()
    doc = nlp.make_doc(text.replace("’", "'"))
    return list(dict.fromkeys(nlp.vocab.strings[match_id] for match_id, _, _ in absolute(doc)))


def has_present_cue(text: str) -> bool:
    nlp, _, present = _matchers()
    return bool(present(nlp.make_doc(text)))


def decide(sentences: list[str], scores: list[SentenceScores], in_checklist: bool) -> SafetyDecision:
    """sentences[i] is scored by scores[i]; the whole message may be one of them."""
    thresholds = _content()["thresholds"]
    text = " ".join(sentences)
    triggered = absolute_triggers(text)
    level = None
    worst: SentenceScores | None = None
    for sentence, score in zip(sentences, scores):
        sentence_level = None
        if score.urgent >= thresholds["urgent_at"]:
            sentence_level = URGENT
            if in_checklist and not has_present_cue(sentence):
                sentence_level = thresholds.get("checklist_cap_without_present_cue", CHECK)
        elif score.urgent + score.check >= thresholds["checklist_check_at" if in_checklist else "check_at"]:
            sentence_level = CHECK
        if _rank(sentence_level) > _rank(level) or (sentence_level and worst is None):
            level, worst = sentence_level, score
    if triggered:
        level = URGENT
    categories = list(triggered)
    if worst is not None:
        categories += [c for c, p in worst.categories if p >= thresholds["category_at"] and c not in categories]
    concerned = max(scores, key=lambda s: s.urgent + s.check, default=None)
    concerns: list[str] = []
    if concerned is not None and concerned.urgent + concerned.check >= thresholds["concern_at"]:
        concerns = [c for c, p in concerned.categories if p >= thresholds["category_at"]][:2]
    return SafetyDecision(level, categories[:3] if level else [], list(dict.fromkeys(categories[:3] + concerns)))


def _rank(level: str | None) -> int:
    ranks: dict[str | None, int] = {URGENT: 2, CHECK: 1}
    return ranks.get(level, 0)
