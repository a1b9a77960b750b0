"""find_council(text): whatever the parent typed (postcode, part of one, town or council name) -> their council.

Always answers with a LookupResult the conversation can show as it is (`message`) and act on (`kind`):
found, choose (candidates to pick from, or a question), not_england, malformed or unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from bot.content import ContentError, load_yaml, require_keys
from bot.councils.directory import Council, Directory, load_directory
from bot.councils.names import NameMatch, light_key, name_index, narrow, read_content_csv, stripped_key
from bot.councils.postcodes import Postcode, find_postcode_in_text, parse_postcode, postcode_index

MESSAGES_FILE = "councils/messages.yml"
# A partial postcode answers directly only when this share of its postcodes lies in one council's area.
DOMINANT_SHARE = 0.9
# Councils holding less than this share of a partial postcode are slivers, not worth offering.
MIN_CANDIDATE_SHARE = 0.02
MAX_CANDIDATES = 6
MAX_NAME_CHARS = 300

NATIONS = {
    "E": "England",
    "W": "Wales",
    "S": "Scotland",
    "N": "Northern Ireland",
    "L": "Channel Islands",
    "M": "Isle of Man",
}

FOUND, CHOOSE, NOT_ENGLAND, MALFORMED, UNKNOWN = "found", "choose", "not_england", "malformed", "unknown"


@dataclass(frozen=True)
class Candidate:
    code: str  # directory code in England (e.g. "NFK"); the GSS code of a council elsewhere in the UK
    name: str  # the council's official name
    nation: str
    label: str  # how to show it in a list ("Isle of Wight Council (for Newport)")
    share: float | None = None  # for a partial postcode: the share of its postcodes in this council's area

    @property
    def in_england(self) -> bool:
        return self.nation == "England"

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "nation": self.nation, "label": self.label, "share": self.share}


@dataclass(frozen=True)
class LookupResult:
    kind: str  # found, choose, not_england, malformed or unknown
    message: str  # ready to show the parent
    council: Council | None = None  # when found
    candidates: tuple[Candidate, ...] = field(default=())  # when choose (may be empty: then ask again)
    nation: str = ""  # when not_england
    basis: str = ""  # how it was found: postcode, postcode_sector, postcode_district, council, district, place
    query: str = ""  # the postcode as normalised, or the text as typed

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "council": self.council.as_dict() if self.council else None,
            "candidates": [c.as_dict() for c in self.candidates],
            "nation": self.nation,
            "basis": self.basis,
            "query": self.query,
        }


@lru_cache(maxsize=1)
def messages() -> dict:
    raw = load_yaml(MESSAGES_FILE)
    if not isinstance(raw, dict):
        raise ContentError(f"{MESSAGES_FILE}: expected a mapping")
    require_keys(
        MESSAGES_FILE,
        raw,
        (
            "ask",
            "example_postcode",
            "found",
            "found_from_district",
            "found_from_place",
            "found_from_area",
            "postcode_not_in_data",
            "malformed",
            "choose_area",
            "choose_name",
            "candidate",
            "candidate_with_place",
            "candidate_other_nation",
            "unknown",
            "unknown_postcode",
            "not_england",
            "council_part",
            "contacts",
        ),
    )
    for nation in ("Wales", "Scotland", "Northern Ireland", "Channel Islands", "Isle of Man"):
        if not raw["not_england"].get(nation):
            raise ContentError(f"{MESSAGES_FILE}: not_england needs a message for {nation}")
    directory = load_directory()
    for name, asked in (raw.get("ask_instead") or {}).items():
        require_keys(f"{MESSAGES_FILE} ask_instead {name!r}", asked, ("message",))
        unknown = [code for code in asked.get("candidates") or () if directory.get(code) is None]
        if unknown:
            raise ContentError(f"{MESSAGES_FILE} ask_instead {name!r}: unknown council codes {', '.join(unknown)}")
    return raw


def _say(key: str, **values) -> str:
    text = messages()[key]
    return " ".join(str(text).format(example=messages()["example_postcode"], **values).split())


def nation_of(code: str) -> str:
    return NATIONS.get(code[:1], "")


@lru_cache(maxsize=1)
def _other_nation_names() -> dict[str, str]:
    return {row["code"]: row["name"].strip() for row in read_content_csv("councils/other_nations.csv")}


def _not_england(nation: str, council_name: str, query: str, basis: str) -> LookupResult:
    council_part = (
        messages()["council_part"].format(council=council_name)
        if council_name and nation in ("Wales", "Scotland", "Northern Ireland")
        else ""
    )
    text = " ".join(messages()["not_england"][nation].format(council_part=council_part).split())
    return LookupResult(NOT_ENGLAND, text, nation=nation, basis=basis, query=query)


# --- postcodes --------------------------------------------------------------------------------------------------


def _by_council(districts: Counter, directory: Directory) -> Counter:
    """District counts regrouped by the council that runs children's services (other nations kept as is)."""
    grouped: Counter = Counter()
    for lad, count in districts.items():
        council = directory.by_district.get(lad)
        grouped[council.code if council else lad] += count
    return grouped


def _candidate(code: str, directory: Directory, share: float | None = None, place: str = "") -> Candidate:
    council = directory.get(code) if nation_of(code) == "England" or len(code) == 3 else None
    if council:
        label = (
            _say("candidate_with_place", council=council.official_name, place=place)
            if place
            else _say("candidate", council=council.official_name)
        )
        return Candidate(council.code, council.official_name, "England", label, share)
    name = _other_nation_names().get(code, code)
    nation = nation_of(code)
    return Candidate(code, name, nation, _say("candidate_other_nation", council=name, nation=nation), share)


def _from_area(districts: Counter, area: str, basis: str, prefix: str = "") -> LookupResult | None:
    directory = load_directory()
    councils = _by_council(districts, directory)
    total = sum(councils.values())
    if not total:
        return None
    ranked = councils.most_common()
    top, top_count = ranked[0]
    if top_count / total >= DOMINANT_SHARE:
        council = directory.get(top) if len(top) == 3 else None
        if council is None:
            return _not_england(nation_of(top), _other_nation_names().get(top, ""), area, basis)
        message = (prefix + " " + _say("found_from_area", area=area, council=council.official_name)).strip()
        return LookupResult(
            FOUND, message, council=council, candidates=(_candidate(top, directory, 1.0),), basis=basis, query=area
        )
    candidates = tuple(
        _candidate(code, directory, round(count / total, 3))
        for code, count in ranked
        if count / total >= MIN_CANDIDATE_SHARE
    )[:MAX_CANDIDATES]
    message = (prefix + " " + _say("choose_area", area=area)).strip()
    return LookupResult(CHOOSE, message, candidates=candidates, basis=basis, query=area)


def _from_postcode(postcode: Postcode) -> LookupResult:
    if postcode.kind == "malformed":
        return LookupResult(MALFORMED, _say("malformed"))
    index = postcode_index()
    if postcode.kind == "district":
        return _from_area(index.districts_in(postcode.outward), postcode.outward, "postcode_district") or LookupResult(
            UNKNOWN, _say("unknown_postcode", postcode=postcode.text), query=postcode.text
        )
    if postcode.kind == "sector":
        return _from_area(
            index.districts_in(postcode.outward, postcode.inward), postcode.text, "postcode_sector"
        ) or LookupResult(UNKNOWN, _say("unknown_postcode", postcode=postcode.text), query=postcode.text)
    lad = index.district_of(postcode.outward, postcode.inward)
    if lad is None:
        # New since the data was made, or a typo: go by its sector, then its district.
        prefix = _say("postcode_not_in_data", postcode=postcode.text)
        sector = f"{postcode.outward} {postcode.inward[0]}"
        return (
            _from_area(index.districts_in(postcode.outward, postcode.inward[0]), sector, "postcode_sector", prefix)
            or _from_area(index.districts_in(postcode.outward), postcode.outward, "postcode_district", prefix)
            or LookupResult(UNKNOWN, _say("unknown_postcode", postcode=postcode.text), query=postcode.text)
        )
    nation = nation_of(lad)
    if nation != "England":
        return _not_england(nation, _other_nation_names().get(lad, ""), postcode.text, "postcode")
    council = load_directory().by_district.get(lad)
    if council is None:  # a district missing from the directory: check-content reports this
        return LookupResult(UNKNOWN, _say("unknown_postcode", postcode=postcode.text), query=postcode.text)
    return LookupResult(
        FOUND,
        _say("found", council=council.official_name),
        council=council,
        candidates=(_candidate(council.code, load_directory()),),
        basis="postcode",
        query=postcode.text,
    )


# --- names --------------------------------------------------------------------------------------------------


def _from_names(matches: list[NameMatch], text: str) -> LookupResult:
    directory = load_directory()
    matches = narrow(matches)
    authorities = list(dict.fromkeys(m.authority for m in matches))
    if len(authorities) == 1:
        match = matches[0]
        if match.nation != "England":
            return _not_england(match.nation, match.authority_name, text, match.via)
        council = directory.get(match.authority)
        assert council is not None, f"{match.authority} is in the name index but not the directory"
        if match.via == "district":
            message = _say("found_from_district", district=match.name, council=council.official_name)
        elif match.via == "place" and stripped_key(match.name) != stripped_key(council.name):
            message = _say("found_from_place", place=match.name, council=council.official_name)
        else:
            message = _say("found", council=council.official_name)
        return LookupResult(
            FOUND,
            message,
            council=council,
            candidates=(_candidate(council.code, directory),),
            basis=match.via,
            query=text,
        )
    nations = {m.nation for m in matches}
    if "England" not in nations and len(nations) == 1:
        return _not_england(nations.pop(), "", text, matches[0].via)
    candidates = []
    for code in authorities[:MAX_CANDIDATES]:
        first = next(m for m in matches if m.authority == code)
        place = (
            first.name
            if first.via != "council" and stripped_key(first.name) != stripped_key(first.authority_name)
            else ""
        )
        candidates.append(_candidate(code, directory, place=place))
    return LookupResult(
        CHOOSE, _say("choose_name", text=text.strip()), candidates=tuple(candidates), basis=matches[0].via, query=text
    )


def find_council(text: str) -> LookupResult:
    """Find the parent's council from a postcode, part of one, a place or a council name (see module doc)."""
    text = (text or "").strip()
    if not text:
        return LookupResult(UNKNOWN, _say("unknown", text=""), query="")
    postcode = parse_postcode(text) or find_postcode_in_text(text)
    if postcode:
        return _from_postcode(postcode)
    asked = (messages().get("ask_instead") or {}).get(light_key(text))
    if asked:
        directory = load_directory()
        candidates = tuple(_candidate(code, directory) for code in asked.get("candidates") or ())
        return LookupResult(CHOOSE, " ".join(str(asked["message"]).split()), candidates=candidates, query=text)
    index = name_index()
    words = text[:MAX_NAME_CHARS]  # a name is short; a long message is only searched for one at its start
    matches = index.exact(words) or index.within(words) or index.starting(words) or index.fuzzy(words)
    if not matches:
        return LookupResult(UNKNOWN, _say("unknown", text=text), query=text)
    return _from_names(matches, text)


def choose(code: str) -> LookupResult:
    """The parent picked a candidate (or corrected us): confirm that council by its code."""
    directory = load_directory()
    council = directory.get(code)
    if council is None:
        nation = nation_of(code)
        if nation and nation != "England":
            return _not_england(nation, _other_nation_names().get(code, ""), code, "council")
        return LookupResult(UNKNOWN, _say("unknown", text=code), query=code)
    return LookupResult(
        FOUND,
        _say("found", council=council.official_name),
        council=council,
        candidates=(_candidate(council.code, directory),),
        basis="council",
        query=code,
    )
