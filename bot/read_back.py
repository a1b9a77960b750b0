"""The read-back at the end of the checklist: every answer under its heading, in the parent's words."""
from __future__ import annotations

from typing import Mapping

from bot import messages
from bot.checklist import Answer, questions


def read_back_lines(answers: dict[str, Answer]) -> list[str]:
    lines = []
    for key, answer in answers.items():
        heading = questions()[key].heading
        if answer.status == "answered":
            lines.append(messages.text("read_back_item", heading=heading, answer=answer.text or ""))
        elif answer.status == "skipped":
            lines.append(messages.text("read_back_skipped", heading=heading))
        else:
            lines.append(messages.text("read_back_dont_know", heading=heading))
    return lines


def council_line(slots: Mapping[str, object]) -> str | None:
    from bot.councils import get_council  # noqa: PLC0415  (wired when the directory lands)

    code = slots.get("council_code")
    council = get_council(str(code)) if code else None
    return messages.text("read_back_council", council=council.name) if council else None
