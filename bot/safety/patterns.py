"""Compile the short pattern language of content/safety/*.yml into spaCy Matcher / PhraseMatcher patterns.

A pattern is a line of space-separated slots, each matching one word of the normalised message
(see bot/safety/text.py):

    word            that word                      a|b|c        any of these words
    @group          any word of a `words:` group   {macro}      any of the word sequences of a `macros:` entry
    slot?           the slot is optional           *3           up to 3 words of any kind (never a sentence break)
    stab*           a word starting with "stab"    suicidal~    "suicidal" with one typo (spaCy FUZZY1)
    re:^\\d+$        a regular expression

Patterns made only of plain words go to the PhraseMatcher (fast, exact); the rest to the Matcher.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.content import ContentError

_GAP = re.compile(r"^\*(\d+)$")
_PLAIN = re.compile(r"^[a-z0-9]+$")


@dataclass(frozen=True)
class Compiled:
    """One content pattern, expanded: token-pattern lists for the Matcher, word lists for the PhraseMatcher."""

    matcher_patterns: list[list[dict]]
    phrases: list[list[str]]
    literals: frozenset[str]  # every word the pattern names, so its own "not"/"never" is not read as a negation


class PatternLanguage:
    def __init__(self, groups: dict[str, list[str]], macros: dict[str, list[str]]):
        self.groups = {name: [self._word(w, f"words.{name}") for w in values] for name, values in groups.items()}
        self.macros = macros

    @staticmethod
    def _word(word: str, where: str) -> str:
        if not isinstance(word, str):
            # YAML reads a bare no / n / on / off as true or false.
            raise ContentError(f"{where}: {word!r} is not a word (put words like no, n, on, off in quotes)")
        word = word.strip().lower()
        if not word:
            raise ContentError(f"{where}: empty word")
        return word

    def compile(self, pattern: str, where: str) -> Compiled:
        if not isinstance(pattern, str):
            raise ContentError(f"{where}: {pattern!r} is not a pattern (write it in quotes)")
        sequences = self._expand_macros(pattern.split(), where, depth=0)
        matcher_patterns: list[list[dict]] = []
        phrases: list[list[str]] = []
        literals: set[str] = set()
        for slots in sequences:
            if not slots:
                raise ContentError(f"{where}: empty pattern")
            if all(_PLAIN.match(slot) for slot in slots):
                phrases.append(slots)
                literals.update(slots)
                continue
            tokens = [self._slot(slot, where, literals) for slot in slots]
            if all(token.get("OP") in ("?", "*") or token.get("OP", "").startswith("{0,") for token in tokens):
                raise ContentError(f"{where}: every slot is optional in {pattern!r}")
            matcher_patterns.append(tokens)
        return Compiled(matcher_patterns, phrases, frozenset(literals))

    def _expand_macros(self, slots: list[str], where: str, depth: int) -> list[list[str]]:
        if depth > 5:
            raise ContentError(f"{where}: macros nested too deeply")
        choices: list[list[list[str]]] = []
        for slot in slots:
            optional = slot.endswith("?") and slot.startswith("{")
            name = slot.rstrip("?")
            if name.startswith("{") and name.endswith("}"):
                body = self.macros.get(name[1:-1])
                if body is None:
                    raise ContentError(f"{where}: unknown macro {name}")
                options = [seq for item in body for seq in self._expand_macros(str(item).split(), where, depth + 1)]
                if optional:
                    options.append([])
                choices.append(options)
            else:
                choices.append([[slot]])
        return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*choices)]

    def _slot(self, slot: str, where: str, literals: set[str]) -> dict:
        gap = _GAP.match(slot)
        if gap:
            # Any words except a sentence break, so a gap never joins two sentences.
            return {"ORTH": {"NOT_IN": ["."]}, "OP": "{0,%s}" % gap.group(1)}
        optional = slot.endswith("?") and len(slot) > 1
        if optional:
            slot = slot[:-1]
        if slot.startswith("re:"):
            try:
                re.compile(slot[3:])
            except re.error as error:
                raise ContentError(f"{where}: bad regular expression {slot!r}: {error}") from error
            token: dict = {"LOWER": {"REGEX": slot[3:]}}
        else:
            alternatives: list[str] = []
            for alt in slot.split("|"):
                if alt.startswith("@"):
                    group = self.groups.get(alt[1:])
                    if group is None:
                        raise ContentError(f"{where}: unknown word group {alt}")
                    alternatives.extend(group)
                elif alt:
                    alternatives.append(alt)
            if not alternatives:
                raise ContentError(f"{where}: empty slot in pattern")
            token = self._alternatives(alternatives, where)
            literals.update(a.rstrip("*~") for a in alternatives)
        if optional:
            token["OP"] = "?"
        return token

    @staticmethod
    def _alternatives(alternatives: list[str], where: str) -> dict:
        fuzzy = [a for a in alternatives if a.endswith("~")]
        prefixes = [a for a in alternatives if a.endswith("*")]
        if fuzzy:
            if len(fuzzy) != len(alternatives):
                raise ContentError(f"{where}: do not mix typo-tolerant (~) and exact words in one slot")
            return {"LOWER": {"FUZZY1": {"IN": [a[:-1] for a in fuzzy]}}}
        for alt in alternatives:
            bare = alt.rstrip("*")
            if not _PLAIN.match(bare):
                raise ContentError(f"{where}: {alt!r} is not a plain lower-case word")
        if prefixes:
            body = "|".join(re.escape(a[:-1]) + ".*" if a.endswith("*") else re.escape(a) for a in alternatives)
            return {"LOWER": {"REGEX": f"^(?:{body})$"}}
        if len(alternatives) == 1:
            return {"LOWER": alternatives[0]}
        return {"LOWER": {"IN": sorted(set(alternatives))}}
