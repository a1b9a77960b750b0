"""The read-back at the end of the checklist: every answer under its heading, in the parent's words."""
from __future__ import annotations

import re
from typing import Mapping

from bot import messages
from bot.checklist import Answer, questions
from bot.councils import get_council


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
    code = slots.get("council_code")
    council = get_council(str(code)) if code else None
    return messages.text("read_back_council", council=council.official_name or council.name) if council else None
