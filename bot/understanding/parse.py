"""A message in, Rasa's parse format out (`intent`, `intent_ranking`, `entities`, `text`).

Parents write several things at once. A question at the end of a story ("he's 14 and violent, will they
take him off me?") is read on its own as well as whole: the question decides the intent, and the rest comes
back as a `story` entity so the actions keep it for the checklist. Button payloads (`/intent{"k": "v"}`)
are Rasa's shorthand and are taken at their word.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np

from bot.understanding.models import Classifiers
from bot.understanding.wording import QUESTION_LEADS, QUESTION_WORDS

FALLBACK_INTENT = "nlu_fallback"
STORY_ENTITY = "story"
STORY_INTENT = "answer"
# Below this the top intent is a guess: the actions offer the closest topics instead of acting on it.
# Chosen by cross-validation on the training data (tools/nlu_report.py), never on the blind set.
FALLBACK_BELOW = 0.25
# A question clause inside a story counts when the classifier is at least this sure of it.
QUESTION_AT = 0.40
STORY_MIN_WORDS = 4
# A few words the classifier is unsure are a story ("banana phone") are not kept as one: the parent gets
# the closest topics and a way on. Inside the checklist a fallback is still kept as the answer
# (bot/conversation/checklist.py).
SHORT_STORY_WORDS = 6
SHORT_STORY_AT = 0.6
# A message this long with no question in it is a parent telling what is going on, whatever topic it
# sounds like ("my 9 yr old hits me every day after school…" is a story, not a question about violence).
LONG_STORY_WORDS = 12
STORY_AT = 0.05  # …as long as the classifier thinks a story possible at all ("i want to complain about…" is a question)
RANKING_LENGTH = 10

_SHORTHAND = re.compile(r"^/([A-Za-z0-9_]+)(\{.*\})?\s*$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_ASKS = "|".join([*(re.escape(w) + r"\b" for w in QUESTION_WORDS), *(re.escape(lead) for lead in QUESTION_LEADS)])
# Where a question clause starts inside a sentence: ", will they…", " and can they…", " but i'm worried…"
_CLAUSE = re.compile(r"(?:,|;|\band\b|\bbut\b|\bso\b|\s-\s)\s*(?=(?:" + _ASKS + r"))", re.IGNORECASE)
_ASKS_AT_START = re.compile(r"^(?:" + _ASKS + r")", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float
    ranking: list[tuple[str, float]]
    story: str | None = None


def reads_as_question(text: str) -> bool:
    stripped = text.strip().lower()
    return stripped.endswith("?") or bool(_ASKS_AT_START.match(stripped))


# Question phrases that need no clause boundary before them: "once i send it how many weeks till they decide".
_ASKS_ANYWHERE = re.compile(
    r"\b(?:how (?:long|many|much|often|soon|do|does|can|will|would)|what (?:happens|if|do|does|can|will|would|should)"
    r"|will (?:they|she|he|it|i|we)|can (?:they|i|we|she|he|you)|do (?:they|i|we|you)|should (?:i|we)"
    r"|who (?:do|can|should|will)|where (?:do|can|should))\b",
    re.IGNORECASE,
)


def asks_anything(text: str) -> bool:
    """A question mark, a question phrase, or any sentence or clause that starts the way a question does."""
    return (
        "?" in text
        or bool(_ASKS_ANYWHERE.search(text))
        or bool(_ASKS_AT_START.match(text.strip()))
        or any(
            _ASKS_AT_START.match(text[m.end() :].lstrip())
            for m in re.finditer(r"[.!,;]|\n|\band\b|\bbut\b|\bso\b", text)
        )
    )


def segments(text: str) -> list[str]:
    """Sentences, with a trailing question clause split off its sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    if parts:
        last = parts[-1]
        cuts = [m.end() for m in _CLAUSE.finditer(last)]
        if cuts:
            head, tail = last[: cuts[-1]].rstrip(" ,;-"), last[cuts[-1] :].strip()
            head = re.sub(r"\s*\b(?:and|but|so)$", "", head, flags=re.IGNORECASE).strip()
            if head and tail and reads_as_question(tail):
                parts = [*parts[:-1], head, tail]
    return parts


# Where a long run-on sentence divides into clauses, for the safety screen (not for intents).
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s-\s|\bbut\b|\bsorry\b)\s*", re.IGNORECASE)
LONG_SENTENCE_WORDS = 20
CLAUSE_MIN_WORDS = 5


def last_clause(sentence: str) -> str | None:
    """The last clause of a long run-on sentence (at least CLAUSE_MIN_WORDS words), or None.

    Parents often say why they are writing at the very end of one long sentence, after a back-story ("…I only
    came on to ask about a carers assessment, but he's gone floppy and he's hardly breathing"); scored whole,
    the back-story drowns it. On cross-validation (tools/safety_cv.py) scoring the last clause as well caught
    a little more danger for the same share of near misses asked; scoring every clause asked more near misses.
    """
    if len(sentence.split()) < LONG_SENTENCE_WORDS:
        return None
    pieces = _CLAUSE_BREAK.split(sentence)
    for start in range(len(pieces) - 1, 0, -1):  # never from the first piece: that is the whole sentence
        clause = " ".join(piece.strip() for piece in pieces[start:] if piece.strip())
        if len(clause.split()) >= CLAUSE_MIN_WORDS:
            return clause
    return None


def safety_parts(text: str) -> list[str]:
    """What the safety screen scores besides the whole message: its sentences, and long sentences' last clause."""
    sentences = segments(text)
    parts = sentences if len(sentences) > 1 else []
    for sentence in sentences:
        clause = last_clause(sentence)
        if clause and clause not in parts:
            parts.append(clause)
    return parts


def shorthand(text: str) -> dict | None:
    """Rasa's `/intent{"entity": "value"}`: only ever a button's payload (the gateway makes sure)."""
    match = _SHORTHAND.match(text.strip())
    if not match:
        return None
    intent, raw = match.group(1), match.group(2)
    try:
        values = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        return None
    entities = [
        {"entity": name, "value": value, "start": 0, "end": len(text), "extractor": "payload"}
        for name, value in (values.items() if isinstance(values, dict) else [])
    ]
    return rasa_format(text, intent, 1.0, [(intent, 1.0)], entities)


def read(text: str, vectors: np.ndarray, parts: list[str], classifiers: Classifiers) -> Reading:
    """vectors[0] is the whole message; vectors[1:] are `parts` when there is more than one."""
    rankings = classifiers.intent_ranking([text, *parts] if len(parts) > 1 else [text], vectors)
    whole = rankings[0]
    top, confidence = whole[0]
    if len(parts) > 1:
        question = _question(whole, rankings[-1] if reads_as_question(parts[-1]) else None)
        if question is not None:
            intent, score, ranking = question
            return Reading(intent, score, ranking, _story(text, parts, rankings))
        if reads_as_question(parts[-1]) and _is_question_intent(top) and confidence >= FALLBACK_BELOW:
            # The clause alone is vague ("what happens in that?") but the whole message says what it is about.
            return Reading(top, confidence, whole, _story(text, parts, rankings))
    if (
        len(text.split()) >= LONG_STORY_WORDS
        and not asks_anything(text)
        and (
            confidence < FALLBACK_BELOW or (_is_question_intent(top) and dict(whole).get(STORY_INTENT, 0.0) >= STORY_AT)
        )
    ):
        return Reading(STORY_INTENT, dict(whole).get(STORY_INTENT, 0.0), whole)
    if confidence < FALLBACK_BELOW or (
        top == STORY_INTENT and confidence < SHORT_STORY_AT and len(text.split()) < SHORT_STORY_WORDS
    ):
        return Reading(FALLBACK_INTENT, 1.0 - confidence, whole)
    return Reading(top, confidence, whole)


def _story(text: str, parts: list[str], rankings) -> str | None:
    """What comes before the question, when it tells something (about the child, the family, what happened):
    kept for the checklist. Its own reading has to be a story or a topic, or at least possibly a story ("he's
    11, hits me every day and i want to ask for help" reads as a request to start too), not a greeting or a
    bare request to start, and it must not itself be a question."""
    story_parts = [
        part
        for part, ranking in zip(parts[:-1], rankings[1:-1])
        if not reads_as_question(part)
        and (
            ranking[0][0] == STORY_INTENT
            or _is_question_intent(ranking[0][0])
            or dict(ranking).get(STORY_INTENT, 0.0) >= STORY_AT
        )
    ]
    story = text[: text.rfind(parts[-1])].strip(" ,;-\n")
    return story if story_parts and len(story.split()) >= STORY_MIN_WORDS else None


def _question(whole, last) -> tuple[str, float, list] | None:
    """The question a message asks. When its last clause reads as a question, the whole message's reading and
    the clause's are averaged: the clause says what is asked, the whole says what it is about."""
    ranking = whole
    if last is not None and _is_question_intent(last[0][0]):
        scores = dict(whole)
        for name, score in last:
            scores[name] = (scores.get(name, 0.0) + score) / 2
        ranking = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    top, confidence = ranking[0]
    if _is_question_intent(top) and confidence >= QUESTION_AT:
        return top, confidence, ranking
    return None


def _is_question_intent(intent: str) -> bool:
    return intent.startswith("faq_") or intent in {"ask_what_should_i_do", "ask_why"}


def rasa_format(text: str, intent: str, confidence: float, ranking, entities: list[dict]) -> dict:
    ranked = [{"name": name, "confidence": round(float(score), 4)} for name, score in ranking[:RANKING_LENGTH]]
    if intent == FALLBACK_INTENT:
        ranked.insert(0, {"name": intent, "confidence": round(float(confidence), 4)})
    return {
        "text": text,
        "intent": {"name": intent, "confidence": round(float(confidence), 4)},
        "intent_ranking": ranked,
        "entities": entities,
    }


def to_rasa(text: str, reading: Reading) -> dict:
    entities = []
    if reading.story:
        start = text.find(reading.story)
        entities.append(
            {
                "entity": STORY_ENTITY,
                "value": reading.story,
                "start": max(start, 0),
                "end": max(start, 0) + len(reading.story),
                "extractor": "understanding",
            }
        )
    return rasa_format(text, reading.intent, reading.confidence, reading.ranking, entities)
