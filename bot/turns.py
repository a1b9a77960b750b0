"""What a parent's message means while a checklist question is open.

Inside the checklist almost everything is an answer: free text about a child scores low or oddly with any
classifier, so a message is only taken as a request (skip, go back, a side question…) when the classifier
is confident and the message is short or reads as a question. A button's payload is always taken at its word.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.wording import QUESTION_WORDS

REQUESTS = {
    "skip", "dont_know", "ask_why", "go_back", "change_answer", "keep_answer", "reuse_answer", "resume",
    "stop_for_now", "ask_what_should_i_do", "urgent_danger",
}
SHORT_MESSAGE_WORDS = 12
CONFIDENT = 0.5  # the understanding service's probabilities; chosen by cross-validation (tools/nlu_report.py)
URGENT_CONFIDENT = 0.8


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
        return Turn("faq", intent) if intent.startswith("faq_") else Turn(intent if intent in REQUESTS else "answer")
    if not intent or intent == "nlu_fallback":
        return Turn("answer")
    if intent == "urgent_danger":
        return Turn("urgent_danger") if confidence >= URGENT_CONFIDENT else Turn("answer")
    short = len(text.split()) <= SHORT_MESSAGE_WORDS
    if intent.startswith("faq_") or intent == "ask_what_should_i_do":
        if confidence >= CONFIDENT and reads_as_question(text):
            return Turn("faq", intent) if intent.startswith("faq_") else Turn(intent)
        return Turn("answer")
    if intent in REQUESTS and confidence >= CONFIDENT and short:
        return Turn(intent)
    return Turn("answer")
