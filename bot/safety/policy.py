"""Decide whether to answer with emergency help: the pattern screen and the NLU intent together.

The screen alone is enough for "urgent" (the dialogue engine may be slow or down; the screen never is).
For "possible" the NLU decides, and when it cannot (no answer in time, or an unsure one) we escalate:
a false alarm costs a parent one tap on "carry on", a miss can cost far more.
"""
from __future__ import annotations

from typing import Any

from bot.content import ContentError, load_yaml
from bot.safety.screen import NONE, POSSIBLE, URGENT, ScreenResult

URGENT_INTENT = "urgent_danger"


def _thresholds() -> tuple[float, float, float]:
    settings = (load_yaml("safety/patterns.yml") or {}).get("settings") or {}
    try:
        low = float(settings.get("nlu_agrees_at", 0.2))
        high = float(settings.get("nlu_alone_at", 0.8))
        sure = float(settings.get("nlu_sure_of_other_at", 0.5))
    except (TypeError, ValueError) as error:
        raise ContentError(f"safety/patterns.yml settings: thresholds must be numbers: {error}") from error
    if not 0 <= low <= high <= 1 or not 0 <= sure <= 1:
        raise ContentError("safety/patterns.yml settings: need 0 <= nlu_agrees_at <= nlu_alone_at <= 1")
    return low, high, sure


def combine(result: ScreenResult, nlu_intent: str | None = None, nlu_confidence: float | None = None) -> bool:
    """True when the next bot message must be the emergency reply.

    nlu_intent / nlu_confidence: the NLU's verdict on the same message, or None when there is none (engine slow,
    failing, or not asked). Use `nlu_from_parse()` to read them from a Rasa /model/parse answer.
    """
    low, high, sure = _thresholds()
    confidence = float(nlu_confidence or 0.0)
    says_urgent = nlu_intent == URGENT_INTENT
    if result.level == URGENT:
        return True
    if result.level == POSSIBLE:
        if nlu_intent is None:
            return True  # a danger word and nobody to ask: unsure, so escalate
        if says_urgent:
            return confidence >= low
        return confidence < sure  # the NLU thinks it is something else, but is not sure of it
    if result.level == NONE:
        return says_urgent and confidence >= high
    raise ValueError(f"unknown screen level {result.level!r}")


# The name the gateway uses: should_escalate(screen(text), *nlu_from_parse(parse)).
should_escalate = combine


def nlu_from_parse(parse: dict[str, Any] | None) -> tuple[str | None, float | None]:
    """(intent, confidence) from a Rasa parse result, preferring urgent_danger wherever it ranks.

    If urgent_danger is anywhere in the ranking with at least the "agrees" confidence, that is what counts:
    a second-place "urgent_danger" on a message with danger words is not a reason to stay quiet.
    """
    if not parse:
        return None, None
    low, _, _ = _thresholds()
    for item in parse.get("intent_ranking") or []:
        if item.get("name") == URGENT_INTENT and float(item.get("confidence") or 0) >= low:
            return URGENT_INTENT, float(item["confidence"])
    intent = parse.get("intent") or {}
    if not intent.get("name"):
        return None, None
    return intent["name"], float(intent.get("confidence") or 0.0)
