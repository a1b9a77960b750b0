"""The early-help reply for a conversation: the decision from what the parent said, with their
council's early help page when the council is known. It only advises; the checklist always carries on."""
from __future__ import annotations

from datetime import date
from typing import Mapping

from bot.checklist import answers_from_slots
from bot.councils import get_council
from bot.early_help import decide, early_help_message


def _early_help_page(council_code: object) -> str | None:
    council = get_council(str(council_code)) if council_code else None
    pages = council.contacts_of("early_help_page") if council else []
    return pages[0].value if pages else None


def advice_for_slots(slots: Mapping[str, object], today: date | None = None) -> str:
    """early_help.decide() reads the answers itself with bot.nlp (professionals, durations, ages, negation);
    the safety decision's `safety_concerns` slot says whether the conversation touched on harm."""
    answers = {key: answer.text for key, answer in answers_from_slots(slots).items() if answer.text}
    decision = decide(answers, safety_concerns=slots.get("safety_concerns") or (), today=today)
    return early_help_message(decision, _early_help_page(slots.get("council_code")))
