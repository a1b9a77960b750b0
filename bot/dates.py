"""One way to write a date for a parent, a council and a letter: "3 May 2014" (never 3/5/2014, which a reader
can take for 5 March), in every message, contact line, date of birth and letter."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """ "22 November 2026"."""
    return f"{day.day} {day:%B %Y}"


def from_long_date(text: str) -> dt.date | None:
    """The date back from long_date()'s words; None for anything else."""
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y").date()
    except ValueError:
        return None
