"""The early-help reply for a conversation: the decision from what the parent said, with their
council's early help page when the council is known."""
from __future__ import annotations

from typing import Mapping

from bot.checklist import answers_from_slots
from bot.councils import get_council
from bot.early_help import decide, early_help_message
from bot.nlp import extract


def _early_help_page(council_code: object) -> str | None:
    council = get_council(str(council_code)) if council_code else None
    pages = council.contacts_of("early_help_page") if council else []
    return pages[0].value if pages else None


def advice_for_slots(slots: Mapping[str, object]) -> str:
    answers = {key: answer.text for key, answer in answers_from_slots(slots).items() if answer.text}
    said = " ".join(answers.get(key, "") for key in ("tried", "involved"))
    decision = decide(answers, extract(said) if said else None, safety_concerns=slots.get("safety_concerns") or ())
    return early_help_message(decision, _early_help_page(slots.get("council_code")))
