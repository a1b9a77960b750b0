"""A council's contacts as plain-text lines for a parent, honest about what has and hasn't been checked.

Rules (issue 4): a number nobody has confirmed is shown only with where and when it was found, next to the
council's website; a number its own source calls stale is never shown; a council with no number gets its
website plus 999, 101 and the NSPCC helpline. Wording lives in content/councils/messages.yml.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from urllib.parse import urlparse

from bot.councils.directory import PHONE_KINDS, Contact, Council
from bot.councils.lookup import messages
from bot.dates import long_date

DEFAULT_KINDS = ("front_door_phone", "out_of_hours_phone", "email", "children_services_page", "early_help_page")


def provenance(contact: Contact) -> str:
    """' – found on www.example.gov.uk on 22 November 2026; not yet confirmed…', or the verified note."""
    wording = messages()["contacts"]
    if contact.last_checked is None:
        raise ValueError(f"{contact.kind} {contact.value!r} has no last_checked date to show")
    checked = long_date(contact.last_checked)
    if contact.status == "verified":
        return wording["verified"].format(date=checked)
    if contact.source_url:
        host = urlparse(contact.source_url).netloc
        return wording["unverified"].format(source=host, date=checked)
    return wording["unverified_no_address"].format(source=contact.source, date=checked)


def contact_lines(
    council: Council, kinds: tuple[str, ...] = DEFAULT_KINDS, *, today: dt.date | None = None
) -> list[str]:
    """Lines to show a parent: heading, website, then each requested kind; the fallback when no number.

    `kinds` picks and orders what to show, e.g. ("out_of_hours_phone",) for an urgent reply at night.
    """
    wording = messages()["contacts"]
    labels = wording["labels"]
    lines = [wording["heading"].format(council=council.official_name)]
    if council.website:
        lines.append(wording["line"].format(label=labels["website"], values=council.website))
    for kind in kinds:
        shown = council.contacts_of(kind)
        # One line per source: numbers found on the same page on the same day are shown together.
        for _, same_source in groupby(shown, key=lambda c: (c.status, c.source_url, c.source, c.last_checked)):
            group = list(same_source)
            values = wording["joiner"].join(c.value + (f" ({c.menu})" if c.menu else "") for c in group)
            lines.append(wording["line"].format(label=labels[kind], values=values) + provenance(group[0]))
    wanted_phones = [kind for kind in kinds if kind in PHONE_KINDS]
    if wanted_phones and not any(council.contacts_of(kind) for kind in wanted_phones):
        lines.append(
            " ".join(wording["no_number"].format(council=council.official_name, website=council.website).split())
        )
        lines += list(wording["fallback"])
    if kinds == DEFAULT_KINDS:
        lines += change_lines(council, today)
    return lines


def change_lines(council: Council, today: dt.date | None = None) -> list[str]:
    """Known reorganisations still to come (e.g. Surrey on 1 April 2027), one line per successor council."""
    today = today or dt.date.today()
    upcoming: dict[tuple[str, str], list[str]] = {}
    for district in council.districts:
        change = district.changes
        if change and dt.date.fromisoformat(str(change["on"])) > today:
            upcoming.setdefault((str(change["on"]), change["to"]), []).append(district.name)
    wording = messages()["contacts"]["changes"]
    return [
        wording.format(date=long_date(dt.date.fromisoformat(on)), district=", ".join(names), to=to)
        for (on, to), names in sorted(upcoming.items())
    ]
