"""One safety decision per message: urgent, check or none, and which kinds of danger.

The understanding service's risk classifier scores the whole message and each of its parts (sentences, a
long sentence's last clause); this module turns those scores into a level with four pieces of context: a
short list of absolute triggers that always escalate, where the message sits (a checklist answer about the
past needs a present-time cue to be urgent), the shape of the message (a long story is asked about when its
whole reads as danger, or one part does strongly enough: the check model below), and the category classifier
for the right helplines. Thresholds, weights and word lists: content/safety/decision.yml.
"""

from __future__ import annotations

import math
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
    # P(urgent) + P(check) from each of the risk classifier's two models on its own (the vectors' and the
    # words'); without them, the blend above stands in for both.
    meaning: float | None = None
    words: float | None = None

    @property
    def risk(self) -> float:
        return self.urgent + self.check


@lru_cache(maxsize=1)
def _content() -> dict:
    data = load_yaml(CONTENT) or {}
    for key in ("thresholds", *CHECK_MODELS, "absolute", "present_cues"):
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


def _logit(probability: float) -> float:
    p = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


# The check model's weights for a first message, and for an answer to a checklist question.
CHECK_MODELS = ("check_model", "checklist_check_model")
SCORES = ("whole_meaning", "whole_words", "most_meaning", "most_words")
CHECK_FEATURES = (*SCORES, "length", *(f"{name}_by_length" for name in SCORES))
# A checklist answer this short ("he's 12", "my mum", "she is 9") says too little for the check model: the training
# data has three such answers about danger and two calm ones, and the classifier's middling scores on them are
# noise. It is asked only when the classifier leans to danger (short_answer_check_at); "he's hitting me" still is.
SHORT_ANSWER_WORDS = 3
# Messages shorter than this are weighed as this long: the training data has few messages of one to three
# words, and without a floor the model asked about them on scores it would let pass at four ("alright", "see you").
SHORTEST_LENGTH = 4


def check_features(sentences: list[str], scores: list[SentenceScores]) -> dict[str, float]:
    """What the check model weighs: sentences[0] is the whole message, the rest its parts (scored by `scores`)."""
    meaning = [s.risk if s.meaning is None else s.meaning for s in scores]
    words = [s.risk if s.words is None else s.words for s in scores]
    values = {
        "whole_meaning": _logit(meaning[0]),
        "whole_words": _logit(words[0]),
        "most_meaning": _logit(max(meaning)),
        "most_words": _logit(max(words)),
    }
    length = math.log1p(max(len(sentences[0].split()), SHORTEST_LENGTH))
    return {**values, "length": length, **{f"{name}_by_length": values[name] * length for name in SCORES}}


def check_probability(sentences: list[str], scores: list[SentenceScores], in_checklist: bool = False) -> float:
    """How likely a message is to need "is anyone in danger right now?".

    A logistic model over the risk classifier's scores, fitted on cross-validated scores of the training data
    (tools/safety_cv.py --fit-check-model): the whole message's and its highest-scoring part's, from each of the
    classifier's two models separately, each also times the message's length. It leans on the whole message, so
    a long story that says something hard about the past and then that all is well now is not asked just because
    one sentence of it, read alone, sounds like danger; a part that scores very high still counts, more so in a
    long message (the danger at the end of a back-story). Kept apart, the two models' scores let it trust the
    words less in short messages, where one word ("phone", "blue") can sway them. A checklist answer has weights
    of its own: there the parent is describing the worst times for a social worker, so hard words about the past
    are the rule, not a sign of danger now.
    """
    model = _content()[CHECK_MODELS[1] if in_checklist else CHECK_MODELS[0]]
    features = check_features(sentences, scores)
    z = model["intercept"] + sum(weight * features[name] for name, weight in model["weights"].items())
    return 1 / (1 + math.exp(-z))


def decide(sentences: list[str], scores: list[SentenceScores], in_checklist: bool) -> SafetyDecision:
    """sentences[i] is scored by scores[i]; sentences[0] is the whole message, the rest are its parts."""
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
        if _rank(sentence_level) > _rank(level) or (sentence_level and worst is None):
            level, worst = sentence_level, score
    if level is None and scores and _asked(sentences, scores, in_checklist, thresholds):
        level, worst = CHECK, max(scores, key=lambda s: s.risk)
    if triggered:
        level = URGENT
    categories = list(triggered)
    if worst is not None:
        categories += [c for c, p in worst.categories if p >= thresholds["category_at"] and c not in categories]
    concerned = max(scores, key=lambda s: s.risk, default=None)
    concerns: list[str] = []
    if concerned is not None and concerned.risk >= thresholds["concern_at"]:
        concerns = [c for c, p in concerned.categories if p >= thresholds["category_at"]][:2]
    return SafetyDecision(level, categories[:3] if level else [], list(dict.fromkeys(categories[:3] + concerns)))


def _asked(sentences: list[str], scores: list[SentenceScores], in_checklist: bool, thresholds: dict) -> bool:
    if in_checklist and len(sentences[0].split()) <= SHORT_ANSWER_WORDS:
        return max(s.risk for s in scores) >= thresholds["short_answer_check_at"]
    check_at = thresholds["checklist_check_at" if in_checklist else "check_at"]
    return check_probability(sentences, scores, in_checklist) >= check_at


def _rank(level: str | None) -> int:
    ranks: dict[str | None, int] = {URGENT: 2, CHECK: 1}
    return ranks.get(level, 0)
