"""What comes next in the journey, decided from the conversation's slots alone.

checklist → council (unless known or skipped) → read-back → consent (when the parent named people who
could be contacted) → a few optional details for the letter (bot.details; skippable as a whole) → letter.
A correction or a side trip always returns here.
"""
from __future__ import annotations

from typing import Mapping

from bot import details
from bot import slots as slot_names
from bot.checklist import ALL_KEYS

CHECKLIST, COUNCIL, READ_BACK, CONSENT, LETTER = "checklist", "council", "read_back", "consent", "letter"
DETAILS = "details"


def checklist_complete(slots: Mapping[str, object]) -> bool:
    return all(slots.get(key) not in (None, "") for key in ALL_KEYS)


def next_step(slots: Mapping[str, object], professionals_named: bool) -> str:
    if not checklist_complete(slots):
        return CHECKLIST
    if not slots.get(slot_names.COUNCIL_CODE) and not slots.get("council_query"):
        return COUNCIL
    if not slots.get(slot_names.CHECKLIST_CONFIRMED):
        return READ_BACK
    if professionals_named and not slots.get(slot_names.CONSENT_TO_CONTACT):
        return CONSENT
    if not details.done(slots):
        return DETAILS
    return LETTER
