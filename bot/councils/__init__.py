"""Councils: which local authority runs a parent's children's services, and how to contact it.

Pure domain code (no HTTP). Content: content/councils/ (one YAML file per council, overrides.yml,
messages.yml, places.csv, other_nations.csv). Run-time postcode index: var/postcodes.idx, built at set-up by
`python -m bot.councils.build_index` (skips in ~0.1 s when current).

Public API
----------
find_council(text) -> LookupResult
    Whatever the parent typed: a full postcode ("nr21nh"), a sector ("BA2 4") or district ("BA2"), a place or
    council name ("bath", "B&NES", "Kirklees council", "Malvern Hills"), or a sentence containing one.
    LookupResult fields:
      kind        "found" | "choose" | "not_england" | "malformed" | "unknown"
      message     plain text to show the parent as it is (confirmation, question, or explanation)
      council     Council when found (in England), else None
      candidates  tuple[Candidate] to choose from when kind == "choose" (may be empty: ask again, e.g.
                  "London"); the single match when found. Candidate: code, name, nation, label, share,
                  in_england. A candidate outside England has a GSS code (e.g. "W06000022"), not a directory code.
      nation      "Wales" | "Scotland" | "Northern Ireland" | "Channel Islands" | "Isle of Man" when not_england
      basis       "postcode" | "postcode_sector" | "postcode_district" | "council" | "district" | "place"
      query       the normalised postcode or the text
      as_dict()   JSON-ready form (used by GET /api/local-authorities)
choose(code) -> LookupResult
    The parent picked a candidate or corrected us: "found" for that council's code.
get_council(code) -> Council | None
    By directory code (the stable mySociety code, e.g. "BAS", kept in the `council_code` slot) or any GSS code,
    old ones included (Barnsley E08000016 and E08000038 both work).
    Council: code, name, official_name, type, gss_code, other_gss_codes, website, districts, contacts,
    contacts_of(kind), as_dict(). Contact: kind, value, status ("verified" | "unverified" | "stale"),
    last_checked (date), source_url, source, menu. Kinds: website, children_services_page, front_door_phone,
    out_of_hours_phone, email, early_help_page.
all_councils() -> list[Council]
default_council() -> Council | None
    RTA_DEFAULT_COUNCIL (bot.settings) or default_council in content/councils/overrides.yml; None for a charity.
contact_lines(council, kinds=DEFAULT_KINDS) -> list[str]
    Plain-text lines for a parent: heading, website, each contact with "found on <site> on <date>; not yet
    confirmed" unless verified; never a stale number; when no phone of the requested kinds: the website plus
    999, 101 and the NSPCC helpline. E.g. contact_lines(c, ("out_of_hours_phone",)) for an urgent reply.
ask_message() -> str
    The question asking for a postcode or council name (says it is optional and what it is used for).
"""

from bot.councils.contacts import DEFAULT_KINDS, contact_lines
from bot.councils.directory import Contact, Council, all_councils, default_council, get_council
from bot.councils.lookup import Candidate, LookupResult, choose, find_council, messages


def ask_message() -> str:
    return " ".join(str(messages()["ask"]).split())


__all__ = [
    "Candidate",
    "Contact",
    "Council",
    "DEFAULT_KINDS",
    "LookupResult",
    "all_councils",
    "ask_message",
    "choose",
    "contact_lines",
    "default_council",
    "find_council",
    "get_council",
]
