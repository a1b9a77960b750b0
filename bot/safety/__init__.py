"""Safety first: decide whether a message suggests someone may be in danger now, and answer with emergency help.

Pure domain code (no HTTP). The understanding service scores each message with its risk classifier and
`decide()` turns the scores into one `SafetyDecision` (urgent, check or none, and the kinds of danger);
`absolute_triggers()` needs no classifier, so it still escalates with the service down. The gateway sends
the whole crisis reply (`bot.safety.crisis`): `crisis_reply()` for urgent, `check_reply()` for check.
Thresholds, absolute triggers and the crisis reply's wording live in content/safety/ so they can be edited
without touching code.
"""

from typing import TypeGuard

from bot.content import ContentError
from bot.safety import decision as _decision
from bot.safety.crisis import check_content as _check_helplines
from bot.safety.crisis import check_reply, crisis_reply, emergency_reply
from bot.safety.decision import CHECK, NONE, URGENT, SafetyDecision, absolute_triggers, decide

_THRESHOLDS = ("urgent_at", "check_at", "checklist_check_at", "short_answer_check_at", "concern_at", "category_at")


def check_content() -> None:
    """Checks content/safety/: decision.yml (thresholds, absolute triggers, present cues) and helplines.yml.

    Raises ContentError on the first problem.
    """
    content = _decision._content()
    thresholds = content["thresholds"] or {}
    for key in _THRESHOLDS:
        value = thresholds.get(key)
        if not _is_number(value) or not 0 <= value <= 1:
            raise ContentError(f"{_decision.CONTENT}: thresholds.{key} must be a number from 0 to 1, not {value!r}")
    if thresholds.get("checklist_cap_without_present_cue", CHECK) not in (URGENT, CHECK):
        raise ContentError(f"{_decision.CONTENT}: thresholds.checklist_cap_without_present_cue must be urgent or check")
    for name in _decision.CHECK_MODELS:
        model = content[name] or {}
        weights = model.get("weights")
        if (
            not _is_number(model.get("intercept"))
            or not isinstance(weights, dict)
            or set(weights) != set(_decision.CHECK_FEATURES)
            or not all(_is_number(w) for w in weights.values())
        ):
            raise ContentError(
                f"{_decision.CONTENT}: {name} needs a number intercept and a number weight for each of "
                + ", ".join(_decision.CHECK_FEATURES)
            )
    absolute = content["absolute"]
    if not isinstance(absolute, dict) or not all(
        isinstance(phrases, list) and phrases and all(isinstance(p, str) and p.strip() for p in phrases)
        for phrases in absolute.values()
    ):
        raise ContentError(f"{_decision.CONTENT}: absolute must map each category to a list of phrases")
    if not isinstance(content["present_cues"], list) or not content["present_cues"]:
        raise ContentError(f"{_decision.CONTENT}: present_cues must be a list of words")
    _decision._matchers()  # builds the absolute-trigger and present-cue matchers once
    _check_helplines()


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def warm_up() -> None:
    """Call once at start-up: builds the absolute-trigger matchers and checks content/safety/ (raises ContentError)."""
    check_content()


__all__ = [
    "CHECK",
    "NONE",
    "URGENT",
    "SafetyDecision",
    "absolute_triggers",
    "check_content",
    "check_reply",
    "crisis_reply",
    "decide",
    "emergency_reply",
    "warm_up",
]
