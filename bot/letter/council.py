"""The council the letter is addressed to: only what the letter and the "what to do next" message need.

The letter works from this small view of a council, so it can be built and tested without the council
directory; its contacts are the directory's own `Contact` (bot.councils), one of each kind the letter uses.
`letter_council(code)` builds one from the directory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.councils.directory import Contact, Council, get_council

# The directory's contact kinds the letter uses (LetterCouncil fields of the same names).
KINDS = ("front_door_phone", "email", "out_of_hours_phone")


@dataclass(frozen=True)
class LetterCouncil:
    name: str  # the short name a parent knows, e.g. "Bath and North East Somerset"
    official_name: str | None = None  # e.g. "Bath and North East Somerset Council"; used on the letter
    code: str | None = None
    website: str | None = None
    front_door_phone: Contact | None = None
    email: Contact | None = None
    out_of_hours_phone: Contact | None = None

    @property
    def letter_name(self) -> str:
        return self.official_name or self.name


def _contact(raw: Any) -> Contact:
    """A directory record's contact given as a mapping (a record from elsewhere than the directory)."""
    if isinstance(raw, Contact):
        return raw
    checked = raw.get("last_checked")
    if isinstance(checked, str):
        checked = dt.date.fromisoformat(checked[:10])
    return Contact(
        kind=str(raw.get("kind", "")),
        value=str(raw.get("value") or "").strip(),
        status=str(raw.get("status") or "unverified").lower(),
        last_checked=checked,
        source_url=raw.get("source_url") or "",
        source=raw.get("source") or "",
    )


def from_directory(council: Council | dict) -> LetterCouncil:
    """The letter's view of a council directory record (a Council, or the same fields as a mapping).

    One contact of each kind: a verified one before an unverified one, never a stale one (kept in the
    directory for reviewers only): a parent needs one number to ring, and the message says how sure we are of it.
    """
    if isinstance(council, Council):
        get = council.__getattribute__
        contacts = [c for c in council.contacts if c.status != "stale"]
    else:
        get = council.get
        contacts = [c for c in map(_contact, council.get("contacts") or ()) if c.status != "stale"]
    chosen = {}
    for kind in KINDS:
        found = sorted((c for c in contacts if c.kind == kind and c.value), key=lambda c: not c.verified)
        if found:
            chosen[kind] = found[0]
    return LetterCouncil(
        name=str(get("name")),
        official_name=get("official_name"),
        code=get("code"),
        website=get("website") or None,
        **chosen,
    )


def letter_council(code: str | None) -> LetterCouncil | None:
    """The council for this directory code, or None when there is no code or the directory doesn't know it."""
    if not code:
        return None
    council = get_council(code)
    return from_directory(council) if council is not None else None


def as_letter_council(council: Any) -> LetterCouncil | None:
    """Accept what a caller has to hand: a LetterCouncil, a directory record, a directory code, or None."""
    if council is None or isinstance(council, LetterCouncil):
        return council
    if isinstance(council, str):
        return letter_council(council)
    return from_directory(council)
