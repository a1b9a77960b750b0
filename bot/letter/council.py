"""The council the letter is addressed to: only what the letter and the "what to do next" message need.

The letter works from this small model, so it can be built and tested without the council directory.
`letter_council(code)` builds one from the directory (bot.councils) when it is available.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.councils.directory import get_council

VERIFIED = "verified"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class LetterContact:
    value: str
    status: str = UNVERIFIED  # "verified" or "unverified": numbers change, so we say which
    source_url: str | None = None
    last_checked: dt.date | str | None = None

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED


@dataclass(frozen=True)
class LetterCouncil:
    name: str  # the short name a parent knows, e.g. "Bath and North East Somerset"
    official_name: str | None = None  # e.g. "Bath and North East Somerset Council"; used on the letter
    code: str | None = None
    website: str | None = None
    front_door_phone: LetterContact | None = None
    email: LetterContact | None = None
    out_of_hours_phone: LetterContact | None = None

    @property
    def letter_name(self) -> str:
        return self.official_name or self.name


# The directory's contact kinds that the letter uses, mapped to LetterCouncil fields.
_KINDS = {"front_door_phone": "front_door_phone", "email": "email", "out_of_hours_phone": "out_of_hours_phone"}


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _status(raw: Any) -> str:
    # The directory may say "verified", "unverified", "unverified_live"…: anything but "verified" is unverified.
    return VERIFIED if str(raw or "").strip().lower() == VERIFIED else UNVERIFIED


def from_directory(council: Any) -> LetterCouncil:
    """A LetterCouncil from a council directory record (attributes or dict keys: name, website, contacts…)."""
    found: dict[str, LetterContact] = {}
    for contact in _get(council, "contacts", None) or ():
        field = _KINDS.get(str(_get(contact, "kind", "")))
        value = str(_get(contact, "value", "") or "").strip()
        # A "stale" number is kept in the directory for reviewers only and is never shown to a parent.
        if not field or not value or str(_get(contact, "status", "")).lower() == "stale":
            continue
        candidate = LetterContact(
            value=value,
            status=_status(_get(contact, "status")),
            source_url=_get(contact, "source_url"),
            last_checked=_get(contact, "last_checked"),
        )
        # Keep the first of each kind, unless a later one is verified and the kept one is not.
        # (One number each: a parent needs one to ring, and the message says how sure we are of it.)
        if field not in found or (candidate.verified and not found[field].verified):
            found[field] = candidate
    return LetterCouncil(
        name=str(_get(council, "name")),
        official_name=_get(council, "official_name"),
        code=_get(council, "code") or _get(council, "gss_code"),
        website=_get(council, "website"),
        **found,
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


def format_date(value: dt.date | str | None) -> str | None:
    """"22 November 2026" from a date or an ISO date string; other strings as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"
