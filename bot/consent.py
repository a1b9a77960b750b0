"""Who the parent named as involved, so the bot can ask whether the council may contact them."""
from __future__ import annotations

from typing import Mapping

from bot.checklist import answer_from_slot
from bot.nlp import extract


def people_named(slots: Mapping[str, object]) -> list[str]:
    """Professionals and services named in the `involved` answer, e.g. ["GP", "school", "CAMHS"]."""
    answer = answer_from_slot("involved", slots.get("involved"))
    if answer is None or answer.text is None:
        return []
    return extract(answer.text).professionals


def names_in_words(names: list[str]) -> str:
    """"the GP, school and CAMHS": how the consent question and the letter list them."""
    phrases = ["your GP" if name == "GP" else name if name.isupper() else f"the {name}" for name in names]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
