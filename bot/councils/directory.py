"""The local authority directory: England's 153 councils with children's services and their contacts.

Read from content/councils/authorities/*.yml (one file per council, edited by hand) with the deployment's
content/councils/overrides.yml applied on top, and validated on load: a broken edit fails at start-up, not
mid-conversation. `directory_problems()` lists every problem at once for `make check-content`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from bot.content import ContentError, content_path, load_yaml

AUTHORITIES_DIR = "councils/authorities"
OVERRIDES_FILE = "councils/overrides.yml"

CONTACT_KINDS = (
    "website",  # the council's homepage
    "children_services_page",  # where the council says how to contact children's services
    "front_door_phone",  # daytime duty / front door / MASH line for the public
    "out_of_hours_phone",  # Emergency Duty Team
    "email",
    "early_help_page",
)
PHONE_KINDS = ("front_door_phone", "out_of_hours_phone")
URL_KINDS = ("website", "children_services_page", "early_help_page")
# "stale": kept for reviewers because a source still prints it, never shown to a parent.
STATUSES = ("verified", "unverified", "stale")
TYPE_CODES = ("CTY", "UA", "MD", "LBO", "CC")

# UK numbers a parent can dial: geographic 01/02, non-geographic 03, mobile 07, freephone/special 08.
_PHONE = re.compile(r"^0(?:[1-3]\d{8,9}|7\d{9}|8\d{8,9})$")
_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_GSS = re.compile(r"^E\d{8}$")
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Contact:
    kind: str
    value: str
    status: str  # verified / unverified / stale
    last_checked: dt.date | None  # always set in the directory; None only for a contact made elsewhere (tests)
    source_url: str = ""  # may be empty only when `source` names a document with no web address
    source: str = ""
    checked_how: str = ""
    notes: str = ""  # for reviewers; not shown to parents
    shared_with: str = ""  # when one service covers several councils
    menu: str = ""  # what to press after dialling, e.g. "option 1"

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "status": self.status,
            "last_checked": self.last_checked.isoformat() if self.last_checked else None,
            "source_url": self.source_url,
            "source": self.source,
            "menu": self.menu,
        }


@dataclass(frozen=True)
class District:
    code: str  # the ONS LAD code of a district, borough or unitary area
    name: str
    changes: dict | None = None  # a known future reorganisation: {"on", "to", "source_url"}


@dataclass(frozen=True)
class Council:
    code: str  # the directory's stable key (mySociety's three-letter code, e.g. "BAS")
    name: str
    official_name: str
    type: str
    type_code: str
    region: str
    gss_code: str
    other_gss_codes: tuple[str, ...]
    govuk_slug: str
    aliases: tuple[str, ...]
    districts: tuple[District, ...]
    contacts: tuple[Contact, ...] = field(default=())

    @property
    def website(self) -> str:
        return next((c.value for c in self.contacts if c.kind == "website"), "")

    def contacts_of(self, kind: str, *, shown_only: bool = True) -> list[Contact]:
        """Contacts of one kind, verified first; stale ones only when shown_only is False."""
        found = [c for c in self.contacts if c.kind == kind and (not shown_only or c.status != "stale")]
        return sorted(found, key=lambda c: c.status != "verified")

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "official_name": self.official_name,
            "type": self.type,
            "gss_code": self.gss_code,
            "other_gss_codes": list(self.other_gss_codes),
            "website": self.website,
            "contacts": [c.as_dict() for c in self.contacts if c.status != "stale"],
        }


class Directory:
    """All councils, indexed by code, GSS code and district code."""

    def __init__(self, councils: list[Council], default_code: str = ""):
        self.councils = {c.code: c for c in councils}
        self.by_gss: dict[str, Council] = {}
        self.by_district: dict[str, Council] = {}
        for council in councils:
            for gss in (council.gss_code, *council.other_gss_codes):
                self.by_gss[gss] = council
            for district in council.districts:
                self.by_district[district.code] = council
        self.default_code = default_code

    def get(self, code: str) -> Council | None:
        """By directory code or any GSS code (old ones too, e.g. Barnsley's E08000016)."""
        if not code:
            return None
        code = code.strip()
        return self.councils.get(code.upper()) or self.by_gss.get(code.upper())


# --- loading -------------------------------------------------------------------------------------------------


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _contact(raw: dict) -> Contact:
    return Contact(
        kind=str(raw.get("kind", "")),
        value=str(raw.get("value", "")).strip(),
        status=str(raw.get("status", "")),
        last_checked=_date(raw.get("last_checked")),
        source_url=str(raw.get("source_url") or ""),
        source=str(raw.get("source") or ""),
        checked_how=str(raw.get("checked_how") or ""),
        notes=str(raw.get("notes") or ""),
        shared_with=str(raw.get("shared_with") or ""),
        menu=str(raw.get("menu") or ""),
    )


def _council(raw: dict, override: dict | None) -> Council:
    contacts = [_contact(c) for c in raw.get("contacts") or []]
    if override:
        replaced = [_contact(c) for c in override.get("contacts") or []]
        kinds = {c.kind for c in replaced}
        # A council's own verified details replace everything the directory had for those kinds.
        contacts = [c for c in contacts if c.kind not in kinds] + replaced
    return Council(
        code=str(raw.get("code", "")),
        name=str(raw.get("name", "")),
        official_name=str(raw.get("official_name", "")),
        type=str(raw.get("type", "")),
        type_code=str(raw.get("type_code", "")),
        region=str(raw.get("region", "")),
        gss_code=str(raw.get("gss_code", "")),
        other_gss_codes=tuple(raw.get("other_gss_codes") or ()),
        govuk_slug=str(raw.get("govuk_slug", "")),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        districts=tuple(
            District(code=str(d["code"]), name=str(d["name"]), changes=d.get("changes"))
            for d in raw.get("districts") or ()
        ),
        contacts=tuple(contacts),
    )


def _read_raw() -> tuple[list[tuple[str, dict]], dict]:
    folder = content_path(AUTHORITIES_DIR)
    if not folder.is_dir():
        raise ContentError(f"council directory missing: {folder}")
    raw = []
    for path in sorted(folder.glob("*.yml")):
        data = load_yaml(f"{AUTHORITIES_DIR}/{path.name}")
        if not isinstance(data, dict):
            raise ContentError(f"{path.name}: expected a mapping of council fields")
        raw.append((path.name, data))
    overrides = load_yaml(OVERRIDES_FILE) if content_path(OVERRIDES_FILE).is_file() else {}
    return raw, overrides or {}


def _build() -> tuple[Directory, list[str]]:
    raw, overrides = _read_raw()
    problems: list[str] = []
    override_councils = overrides.get("councils") or {}
    if not isinstance(override_councils, dict):
        problems.append(f"{OVERRIDES_FILE}: 'councils' must be a mapping of council code to details")
        override_councils = {}
    councils = []
    for filename, data in raw:
        try:
            council = _council(data, override_councils.get(data.get("code")))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{filename}: cannot read ({error})")
            continue
        problems += [f"{filename}: {p}" for p in council_problems(council)]
        councils.append(council)
    known = {c.code for c in councils}
    for code in override_councils:
        if code not in known:
            problems.append(f"{OVERRIDES_FILE}: no council with code {code!r}")
    default_code = str(overrides.get("default_council") or "").strip()
    if default_code and default_code not in known:
        problems.append(f"{OVERRIDES_FILE}: default_council {default_code!r} is not a council code")
    problems += _uniqueness_problems(councils)
    return Directory(councils, default_code), problems


def directory_problems() -> list[str]:
    """Every problem in the directory and overrides (empty when valid); for `make check-content`."""
    try:
        return _build()[1]
    except ContentError as error:
        return [str(error)]


def unchecked_directory() -> Directory:
    """The directory even when some entries are invalid, so other checks can still report on it."""
    return _build()[0]


@lru_cache(maxsize=1)
def load_directory() -> Directory:
    directory, problems = _build()
    if problems:
        raise ContentError("council directory is invalid:\n  " + "\n  ".join(problems))
    return directory


# --- validation ----------------------------------------------------------------------------------------------


def is_uk_phone(value: str) -> bool:
    """Digits and single spaces only, and a dialable UK number (e.g. '01225 396111', '0300 123 1116')."""
    if not re.fullmatch(r"\d+( \d+)*", value):
        return False
    return bool(_PHONE.match(value.replace(" ", "")))


def is_web_address(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and "." in parsed.netloc and " " not in value


def contact_problems(contact: Contact, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    where = f"{contact.kind} {contact.value!r}"
    problems = []
    if contact.kind not in CONTACT_KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(CONTACT_KINDS)}")
    if contact.status not in STATUSES:
        problems.append(f"{where}: status must be one of {', '.join(STATUSES)}")
    if contact.kind in PHONE_KINDS and not is_uk_phone(contact.value):
        problems.append(f"{where}: not a UK phone number written as digits and spaces (e.g. 01225 396111)")
    if contact.kind in URL_KINDS and not is_web_address(contact.value):
        problems.append(f"{where}: not a web address starting http:// or https://")
    if contact.kind == "email" and not _EMAIL.match(contact.value):
        problems.append(f"{where}: not an email address")
    if contact.source_url and not is_web_address(contact.source_url):
        problems.append(f"{where}: source_url is not a web address")
    if not contact.source_url and not contact.source:
        problems.append(f"{where}: needs a source_url (or, for a document with no web address, a source)")
    if contact.last_checked is None:
        problems.append(f"{where}: needs last_checked (the day it was last checked)")
    elif contact.last_checked > today:
        problems.append(f"{where}: last_checked {contact.last_checked} is in the future")
    return problems


def council_problems(council: Council, today: dt.date | None = None) -> list[str]:
    problems = []
    for name in ("code", "name", "official_name", "type", "gss_code", "govuk_slug"):
        if not getattr(council, name):
            problems.append(f"missing {name}")
    if council.code and not _CODE.match(council.code):
        problems.append(f"code {council.code!r} must be three capital letters")
    if council.type_code not in TYPE_CODES:
        problems.append(f"type_code {council.type_code!r} must be one of {', '.join(TYPE_CODES)}")
    for gss in (council.gss_code, *council.other_gss_codes):
        if not _GSS.match(gss):
            problems.append(f"GSS code {gss!r} must look like E06000022")
    if not council.districts:
        problems.append("no districts: every council covers at least its own area")
    if not council.website:
        problems.append("no website contact")
    for contact in council.contacts:
        problems += contact_problems(contact, today)
    for district in council.districts:
        if district.changes:
            try:
                _date(district.changes.get("on"))
            except (TypeError, ValueError):
                problems.append(f"district {district.name}: changes.on must be a date")
    return problems


def _uniqueness_problems(councils: list[Council]) -> list[str]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for position, council in enumerate(councils):
        keys = [("code", council.code), ("slug", council.govuk_slug)]
        keys += [("GSS code", g) for g in (council.gss_code, *council.other_gss_codes)]
        keys += [("district", d.code) for d in council.districts]
        for label, key in keys:
            first = seen.setdefault((label, key), position)
            if first != position:
                problems.append(f"duplicate {label} {key!r}: {councils[first].name} and {council.name}")
    return problems


# --- the public helpers ------------------------------------------------------------------------------------


def get_council(code: str) -> Council | None:
    """The council with this directory code (e.g. "BAS") or GSS code, or None."""
    return load_directory().get(code)


def all_councils() -> list[Council]:
    return sorted(load_directory().councils.values(), key=lambda c: c.name)


def default_council() -> Council | None:
    """The deployment's own council: RTA_DEFAULT_COUNCIL if set, else overrides.yml, else None (a charity)."""
    from bot.settings import load_settings

    directory = load_directory()
    code = load_settings().default_council.strip() or directory.default_code
    if not code:
        return None
    council = directory.get(code)
    if council is None:
        raise ContentError(f"default council {code!r} is not in the council directory")
    return council
