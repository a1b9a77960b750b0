"""Matching council, district and place names as parents type them ("bath", "B&NES", "Kirklees council").

One in-memory index of normalised name -> places it could mean, built from the directory (council names,
official names, aliases, the districts of each county), content/councils/other_nations.csv (councils in
Wales, Scotland and Northern Ireland) and content/councils/places.csv (GeoNames towns and villages). About
7,000 keys; exact matches are dictionary look-ups, typos fall back to difflib.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.content import content_path
from bot.councils.directory import Directory, load_directory

# Words that say what kind of council it is, not which one: "Kirklees Council" is Kirklees.
_FILLER = {
    "council",
    "borough",
    "metropolitan",
    "district",
    "county",
    "city",
    "the",
    "of",
    "royal",
    "corporation",
    "authority",
    "unitary",
    "mbc",
    "bc",
    "dc",
    "cc",
    "lbo",
    "area",
    "social",
    "services",
    "childrens",
    "children",
    "in",
    "near",
    "i",
    "live",
    "im",
    "we",
    "my",
    "is",
}
# Ordinary words that happen to be place names too; never matched as a single word inside a sentence.
_COMMON_WORDS = {
    "street",
    "march",
    "send",
    "wool",
    "hope",
    "ash",
    "over",
    "bury",
    "wells",
    "eye",
    "bank",
    "church",
    "green",
    "cross",
    "park",
    "hill",
    "lower",
    "upper",
    "new",
    "home",
    "house",
}
# A place matched alongside a council of the same name is offered only if it is a real town, not a hamlet.
_ALSO_OFFER_POPULATION = 5000
_FUZZY_CUTOFF = 0.82

TIER_COUNCIL, TIER_PLACE = 1, 2


@dataclass(frozen=True)
class NameMatch:
    authority: str  # directory code for an English council; GSS code of a council elsewhere in the UK
    authority_name: str
    nation: str
    via: str  # "council", "district" or "place"
    name: str  # what matched, as written in the source ("Malvern Hills", "Newport")
    population: int = 0

    @property
    def tier(self) -> int:
        return TIER_PLACE if self.via == "place" else TIER_COUNCIL


def light_key(text: str) -> str:
    """Lower case, '&' as 'and', 'St.'/'Saint' as 'st', punctuation as spaces, single spaces."""
    text = text.lower().replace("&", " and ").replace("’", "").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = ["st" if word in ("saint", "st") else word for word in text.split()]
    return " ".join(words)


def stripped_key(text: str) -> str:
    """light_key without words that only describe the council ("kirklees council" -> "kirklees")."""
    return " ".join(word for word in light_key(text).split() if word not in _FILLER)


class NameIndex:
    def __init__(self, directory: Directory, places: list[dict], other_councils: list[dict]):
        self.light: dict[str, list[NameMatch]] = {}
        self.stripped: dict[str, list[NameMatch]] = {}
        for council in directory.councils.values():
            for name in (council.name, council.official_name, council.govuk_slug.replace("-", " "), *council.aliases):
                self._add(name, NameMatch(council.code, council.official_name, "England", "council", name))
            for district in council.districts:
                if district.code != council.gss_code:
                    self._add(
                        district.name,
                        NameMatch(council.code, council.official_name, "England", "district", district.name),
                    )
        for row in other_councils:
            if row["nation"] in ("Wales", "Scotland", "Northern Ireland"):
                name = row["name"].strip()
                self._add(name, NameMatch(row["code"], name, row["nation"], "council", name))
        for row in places:
            code, nation = row["authority_code"], row["nation"]
            if nation == "England":
                place_council = directory.get(code)
                if place_council is None:
                    continue
                code, authority_name = place_council.code, place_council.official_name
            else:
                authority_name = row["authority_name"]
            self._add(
                row["place_name"],
                NameMatch(code, authority_name, nation, "place", row["place_name"], int(row["population"] or 0)),
            )
        # Typos rarely change the first letter: comparing only keys that share it keeps a miss to milliseconds.
        self._fuzzy_keys: dict[str, list[str]] = {}
        for key in sorted(self.stripped):
            self._fuzzy_keys.setdefault(key[0], []).append(key)

    def _add(self, name: str, match: NameMatch) -> None:
        for index, key in ((self.light, light_key(name)), (self.stripped, stripped_key(name))):
            if key:
                entries = index.setdefault(key, [])
                if match not in entries:
                    entries.append(match)

    def exact(self, text: str) -> list[NameMatch]:
        """Matches of the whole text: first as typed, then without words like "council"."""
        return self.light.get(light_key(text)) or self.stripped.get(stripped_key(text)) or []

    def within(self, text: str) -> list[NameMatch]:
        """The longest name found inside a sentence ("we're in Malvern Hills, near Worcester")."""
        words = light_key(text).split()
        for size in range(min(len(words), 6), 0, -1):
            found: list[NameMatch] = []
            for start in range(len(words) - size + 1):
                key = stripped_key(" ".join(words[start : start + size]))
                if not key or (size == 1 and (key in _COMMON_WORDS or len(key) < 3)):
                    continue
                found += [m for m in self.stripped.get(key, []) if m not in found]
            if found:
                return found
        return []

    def starting(self, text: str) -> list[NameMatch]:
        """Council and district names that begin with the text ("Malvern" -> Malvern Hills)."""
        key = stripped_key(text)
        if len(key) < 4:
            return []
        matches: list[NameMatch] = []
        for name, entries in self.stripped.items():
            if name.startswith(key + " "):
                matches += [m for m in entries if m.tier == TIER_COUNCIL and m not in matches]
        return matches

    def fuzzy(self, text: str) -> list[NameMatch]:
        """Names spelled nearly like the text ("Kirklee", "Brigton and Hove")."""
        key = stripped_key(text)
        if len(key) < 4:
            return []
        keys = difflib.get_close_matches(key, self._fuzzy_keys.get(key[0], []), n=6, cutoff=_FUZZY_CUTOFF)
        if not keys:
            return []
        best = difflib.SequenceMatcher(None, key, keys[0]).ratio()
        matches: list[NameMatch] = []
        for candidate in keys:
            if difflib.SequenceMatcher(None, key, candidate).ratio() >= best - 0.03:
                matches += [m for m in self.stripped[candidate] if m not in matches]
        return matches


def narrow(matches: list[NameMatch]) -> list[NameMatch]:
    """Keep council-level matches and only the real towns that share their name; sort the likeliest first."""
    councils = [m for m in matches if m.tier == TIER_COUNCIL]
    if councils:
        authorities = {m.authority for m in councils}
        towns = [
            m
            for m in matches
            if m.tier == TIER_PLACE and m.authority not in authorities and m.population >= _ALSO_OFFER_POPULATION
        ]
        matches = councils + towns
    return sorted(matches, key=lambda m: (m.tier, -m.population))


def read_content_csv(relative: str) -> list[dict]:
    with content_path(relative).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    return NameIndex(
        load_directory(), read_content_csv("councils/places.csv"), read_content_csv("councils/other_nations.csv")
    )
