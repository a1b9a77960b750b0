"""The letter's wording, from content/letter/wording.yml, checked on load so a bad edit fails at start-up."""

from __future__ import annotations

from functools import lru_cache

from bot.content import ContentError, load_yaml, require_keys

WORDING_FILE = "letter/wording.yml"

LETTER_KEYS = (
    "recipient",
    "salutation",
    "subject",
    "subject_with_child",
    "my_child",
    "born",
    "aged",
    "age_label",
    "summary_request",
    "summary_request_named",
    "summary_also",
    "summary_happening",
    "summary_why_now",
    "own_words",
    "safe_contact_heading",
    "about_heading",
    "about_heading_named",
    "requests_heading",
    "consent_heading",
    "consent_yes_names",
    "consent_yes",
    "consent_no",
    "asks_heading",
    "asks",
    "closing",
    "sign_off",
    "footnote",
)
NEXT_STEPS_KEYS = (
    "ready",
    "ready_with_link",
    "what_to_do",
    "contact_council",
    "contact_unknown_council",
    "phone",
    "email",
    "out_of_hours",
    "verified",
    "unverified",
    "unverified_date_part",
    "no_contacts",
    "no_contacts_no_website",
    "keep_a_copy",
    "what_happens_next",
    "ask_in_writing",
    "diary",
    "danger",
)
PREVIEW_KEYS = (
    "title",
    "heading",
    "intro",
    "what_happens",
    "not_saved",
    "exit",
    "exit_url",
    "exit_explain",
    "download_pdf",
    "download_text",
    "download_docx",
    "print",
    "labels",
    "too_long",
    "not_a_form",
)
PREVIEW_LABELS = (
    "recipient",
    "sender",
    "date",
    "safe_contact",
    "salutation",
    "subject",
    "summary",
    "request",
    "consent",
    "requests",
    "asks",
    "closing",
    "sign_off",
    "signature",
    "footnote",
)
# Placeholders each text must keep, so a council's rewording cannot silently drop the parent's details.
PLACEHOLDERS = {
    ("letter", "subject_with_child"): ("{child}",),
    ("letter", "born"): ("{date}",),
    ("letter", "aged"): ("{age}",),
    ("letter", "summary_request_named"): ("{name}",),
    ("letter", "summary_also"): ("{requests}",),
    ("letter", "summary_happening"): ("{text}",),
    ("letter", "summary_why_now"): ("{text}",),
    ("letter", "about_heading_named"): ("{first_name}",),
    ("letter", "consent_yes_names"): ("{names}",),
    ("next_steps", "ready_with_link"): ("{url}",),
    ("next_steps", "contact_council"): ("{council}",),
    ("next_steps", "phone"): ("{value}",),
    ("next_steps", "email"): ("{value}",),
    ("next_steps", "out_of_hours"): ("{value}",),
    ("next_steps", "no_contacts"): ("{website}",),
    ("preview", "too_long"): ("{limit}",),
}


def _check_sources(where: str, names: object, known: dict) -> None:
    if not isinstance(names, list) or not names:
        raise ContentError(f"{WORDING_FILE} {where}: needs a list of sources")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ContentError(f"{WORDING_FILE} {where}: unknown sources {', '.join(map(str, unknown))}")


@lru_cache(maxsize=1)
def wording() -> dict:
    raw = load_yaml(WORDING_FILE)
    if not isinstance(raw, dict):
        raise ContentError(f"{WORDING_FILE}: expected sections sources, facts, letter, next_steps")
    require_keys(WORDING_FILE, raw, ("sources", "facts", "letter", "next_steps", "preview"))
    sources = raw["sources"]
    for name, source in sources.items():
        require_keys(f"{WORDING_FILE} source {name!r}", source, ("title",))
    for name, fact in raw["facts"].items():
        require_keys(f"{WORDING_FILE} fact {name!r}", fact, ("text",))
        _check_sources(f"fact {name!r}", fact.get("sources"), sources)
    require_keys(f"{WORDING_FILE} letter", raw["letter"], LETTER_KEYS)
    require_keys(f"{WORDING_FILE} next_steps", raw["next_steps"], NEXT_STEPS_KEYS)
    require_keys(f"{WORDING_FILE} preview", raw["preview"], PREVIEW_KEYS)
    require_keys(f"{WORDING_FILE} preview labels", raw["preview"]["labels"], PREVIEW_LABELS)
    _check_sources("letter footnote", raw["letter"].get("footnote_sources"), sources)
    _check_sources("next_steps", raw["next_steps"].get("sources"), sources)
    _check_sources("preview what_happens", raw["preview"].get("what_happens_sources"), sources)
    asks = raw["letter"]["asks"]
    if not isinstance(asks, list) or not all(isinstance(ask, str) and ask.strip() for ask in asks):
        raise ContentError(f"{WORDING_FILE} letter asks: expected a list of sentences")
    for (section, key), needed in PLACEHOLDERS.items():
        missing = [name for name in needed if name not in raw[section][key]]
        if missing:
            raise ContentError(f"{WORDING_FILE} {section}.{key}: must keep {', '.join(missing)}")
    return raw


def letter_wording() -> dict:
    return wording()["letter"]


def next_steps_wording() -> dict:
    return wording()["next_steps"]


def preview_wording() -> dict:
    return wording()["preview"]
