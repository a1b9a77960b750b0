"""The checklist: its keys, its questions, the parent's answers as the conversation holds them, and what a
parent's message means while a question is open.

Answers live in Rasa slots named after the keys. A slot holds the parent's words verbatim, or one of two
markers when they skipped the question or said they don't know. Nothing else reads slot values directly.

Inside the checklist almost everything is an answer: free text about a child scores low or oddly with any
classifier, so a message is only taken as a request (skip, go back, a side question…) when the classifier
is confident and the message is short or reads as a question. A button's payload is always taken at its word.
A "change" names an earlier answer by topic or by its words; an answer that also answers later questions is
offered back, quoted, when they come (never filled in silently).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.content import ContentError, load_yaml, require_keys
from bot.contract import Intent
from bot.nlp import Extraction, extract
from bot.understanding.wording import QUESTION_WORDS

REQUIRED_KEYS = (
    "problems",
    "severity",
    "duration",
    "impact_on_child",
    "siblings",
    "tried",
    "involved",
    "help_wanted",
    "without_help",
)
OPTIONAL_KEYS = ("child_age", "parent_name", "parent_contact")
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

SKIPPED = "__skipped__"
DONT_KNOW = "__dont_know__"
MARKERS = {SKIPPED: "skipped", DONT_KNOW: "dont_know"}


@dataclass(frozen=True)
class Question:
    key: str
    heading: str
    question: str
    why: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    key: str
    status: str  # "answered", "skipped" or "dont_know"
    text: str | None  # the parent's exact words when answered


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """The questions in the order they are asked, validated against the fixed keys."""
    raw = load_yaml("checklist.yml").get("questions") or []
    loaded: dict[str, Question] = {}
    for item in raw:
        require_keys(f"checklist.yml question {item.get('key')!r}", item, ("key", "heading", "question", "why"))
        loaded[item["key"]] = Question(
            key=item["key"],
            heading=item["heading"].strip(),
            question=item["question"].strip(),
            why=item["why"].strip(),
            aliases=tuple(str(alias).lower() for alias in item.get("aliases") or ()),
        )
    if tuple(loaded) != ALL_KEYS:
        raise ContentError(f"checklist.yml must list exactly these keys in this order: {', '.join(ALL_KEYS)}")
    return loaded


def answer_from_slot(key: str, value: object) -> Answer | None:
    """None when the question has not been reached or was cleared for a correction."""
    if value is None or value == "":
        return None
    text = str(value)
    if text in MARKERS:
        return Answer(key=key, status=MARKERS[text], text=None)
    return Answer(key=key, status="answered", text=text)


def answers_from_slots(slots: Mapping[str, object], keys: tuple[str, ...] = ALL_KEYS) -> dict[str, Answer]:
    """Every key the parent has dealt with, in the order of `keys` (the checklist's by default)."""
    found = {}
    for key in keys:
        answer = answer_from_slot(key, slots.get(key))
        if answer is not None:
            found[key] = answer
    return found


def progress(slots: Mapping[str, object]) -> dict[str, int]:
    """Required questions dealt with (answered, skipped or don't know) out of all required ones."""
    done = sum(1 for key in REQUIRED_KEYS if answer_from_slot(key, slots.get(key)) is not None)
    return {"answered": done, "total": len(REQUIRED_KEYS)}


# ----- what a message means while a question is open ---------------------------------------------------------

REQUESTS = {
    Intent.SKIP,
    Intent.DONT_KNOW,
    Intent.ASK_WHY,
    Intent.GO_BACK,
    Intent.CHANGE_ANSWER,
    Intent.KEEP_ANSWER,
    Intent.REUSE_ANSWER,
    Intent.RESUME,
    Intent.STOP_FOR_NOW,
    Intent.ASK_WHAT_SHOULD_I_DO,
    Intent.URGENT_DANGER,
}
SHORT_MESSAGE_WORDS = 12
CONFIDENT = 0.5  # the understanding service's probabilities; chosen by cross-validation (tools/nlu_report.py)
URGENT_CONFIDENT = 0.8
ANSWER, FAQ = "answer", "faq"


@dataclass(frozen=True)
class Turn:
    kind: str  # "answer", one of REQUESTS, or "faq"
    topic_intent: str | None = None  # the faq_… intent for a side question


def reads_as_question(text: str) -> bool:
    stripped = text.strip().lower()
    first_word = stripped.split(maxsplit=1)[0] if stripped else ""
    return stripped.endswith("?") or first_word in QUESTION_WORDS


def interpret(intent: str | None, confidence: float, text: str, from_button: bool) -> Turn:
    if from_button and intent:
        return Turn(FAQ, intent) if Intent.is_faq(intent) else Turn(intent if intent in REQUESTS else ANSWER)
    if not intent or intent == Intent.NLU_FALLBACK:
        return Turn(ANSWER)
    if intent == Intent.URGENT_DANGER:
        return Turn(intent) if confidence >= URGENT_CONFIDENT else Turn(ANSWER)
    short = len(text.split()) <= SHORT_MESSAGE_WORDS
    if Intent.is_faq(intent) or intent == Intent.ASK_WHAT_SHOULD_I_DO:
        if confidence >= CONFIDENT and reads_as_question(text):
            return Turn(FAQ, intent) if Intent.is_faq(intent) else Turn(intent)
        return Turn(ANSWER)
    if intent in REQUESTS and confidence >= CONFIDENT and short:
        return Turn(intent)
    return Turn(ANSWER)


# ----- "change what I said about school": which earlier answer ---------------------------------------------

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
        key
        for key in answered
        if any(re.search(rf"\b{re.escape(alias)}\b", lowered) for alias in questions()[key].aliases)
    ]
    if len(by_name) == 1:
        return by_name
    by_content = [
        key
        for key in answered
        if any(re.search(rf"\b{re.escape(word)}", str(slots.get(key) or "").lower()) for word in topic)
    ]
    return by_content or by_name


# ----- one answer that also answers later questions ---------------------------------------------------------
# Real messages often say several things at once ("since September… the GP referred us to CAMHS…"). Nothing
# is filled in silently: when the bot reaches a later question it quotes the sentence and offers "Yes, use
# that"; the parent's exact words are used, sentence by sentence.

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
    later = ALL_KEYS[ALL_KEYS.index(current_key) + 1 :]
    return {
        key: (sentence or text).strip()
        for key, sentence in hints.items()
        if key in later and slots.get(key) in (None, "")
    }
