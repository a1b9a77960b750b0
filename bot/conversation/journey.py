"""The journey after each answer: what comes next, the read-back, and who may be contacted.

checklist → council (unless known or skipped) → read-back → consent (when the parent named people who
could be contacted) → a few optional details for the letter (bot.conversation.details; skippable as a
whole) → letter. A correction or a side trip always returns here: the rules in data/rules/journey.yml branch
on the `next_step` slot this decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.contract import Slot, Step
from bot.conversation import details, messages
from bot.conversation.checklist import ALL_KEYS, Answer, answer_from_slot, questions
from bot.councils import get_council
from bot.nlp import extract


def checklist_complete(slots: Mapping[str, object]) -> bool:
    return all(slots.get(key) not in (None, "") for key in ALL_KEYS)


def next_step(slots: Mapping[str, object], professionals_named: bool) -> str:
    if not checklist_complete(slots):
        return Step.CHECKLIST
    if not slots.get(Slot.COUNCIL_CODE) and not slots.get(Slot.COUNCIL_QUERY):
        return Step.COUNCIL
    if not slots.get(Slot.CHECKLIST_CONFIRMED):
        return Step.READ_BACK
    if professionals_named and not slots.get(Slot.CONSENT_TO_CONTACT):
        return Step.CONSENT
    if not details.done(slots):
        return Step.DETAILS
    return Step.LETTER


# ----- the read-back: every answer under its heading, in the parent's words ---------------------------------


def _one_message(text: str) -> str:
    """Blank lines would split a chat message in two (Rasa sends each paragraph alone): keep single breaks."""
    return re.sub(r"\n\s*\n+", "\n", text.strip())


def read_back_lines(answers: dict[str, Answer]) -> list[str]:
    """One line per answer, each to be sent as its own message."""
    lines = []
    for key, answer in answers.items():
        heading = questions()[key].heading
        if answer.status == "answered":
            lines.append(messages.text("read_back_item", heading=heading, answer=_one_message(answer.text or "")))
        elif answer.status == "skipped":
            lines.append(messages.text("read_back_skipped", heading=heading))
        else:
            lines.append(messages.text("read_back_dont_know", heading=heading))
    return lines


def council_line(slots: Mapping[str, object]) -> str | None:
    code = slots.get(Slot.COUNCIL_CODE)
    council = get_council(str(code)) if code else None
    return messages.text("read_back_council", council=council.official_name or council.name) if council else None


# ----- consent: may the council contact the people the parent named? ----------------------------------------


def people_named(slots: Mapping[str, object]) -> list[str]:
    """Professionals and services named in the `involved` answer, e.g. ["GP", "school", "CAMHS"]."""
    answer = answer_from_slot("involved", slots.get("involved"))
    if answer is None or answer.text is None:
        return []
    return extract(answer.text).professionals


def names_in_words(names: list[str]) -> str:
    """ "your GP, the school and CAMHS": how the consent question lists them (worded as the letter words them)."""
    from bot.letter.model import service_phrase  # the letter imports this package: imported when first needed

    phrases = [service_phrase(name, to_parent=True) for name in names]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
