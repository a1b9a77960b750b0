"""Compile the short pattern language of content/safety/*.yml into spaCy Matcher / PhraseMatcher patterns.

A pattern is a line of space-separated slots, each matching one word of the normalised message
(see bot/safety/text.py):

    word            that word                      a|b|c        any of these words
    @group          any word of a `words:` group   {macro}      any of the word sequences of a `macros:` entry
                                                   a|{macro}    either (macros and words can be mixed)
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


# Words so frequent that a pattern should not be looked for at every one of them (see `Anchor`).
_COMMON = frozenset(
    "i he she they we you me him her them us it is are was were be been being has have had my his their our "
    "the a an to 2 and of in on at for with im hes shes theyre id ill not dont do does did so that this what "
    "who going got get gets says said will would can could up out off now just keep keeps still your "
    # ordinary story words: a parent's long message is full of them
    "year years yr yrs yo old olds last time day days night week weeks hard really very tried try trying "
    "room school home house help told tell back again all some one two three course training bag".split()
)


@dataclass(frozen=True)
class Anchor:
    """The one required slot a Matcher pattern is looked for around.

    spaCy's Matcher tries every pattern at every word (hundreds of patterns x a thousand words is a quarter
    of a second). So each pattern is filed under its rarest required slot, and at screening time only the
    patterns whose anchor occurs in the message are run, on a window around each occurrence.
    kind: "words" (value: frozenset), "regex" (value: str) or "fuzzy" (value: frozenset, one typo allowed).
    """

    kind: str
    value: frozenset | str
    before: int  # how many words the pattern can reach before the anchor
    after: int  # and after it


@dataclass(frozen=True)
class Compiled:
    """One content pattern, expanded: token-pattern lists for the Matcher, word lists for the PhraseMatcher."""

    matcher_patterns: list[list[dict]]
    phrases: list[list[str]]
    literals: frozenset[str]  # every word the pattern names, so its own "not"/"never" is not read as a negation
    anchors: list[Anchor] = None  # one per matcher pattern


def _width(token: dict) -> int:
    op = token.get("OP")
    if op is None or op == "?":
        return 1
    gap = re.match(r"^\{0,(\d+)\}$", op)
    if gap:
        return int(gap.group(1))
    raise ContentError(f"unbounded slot {token!r}")


def anchor_of(tokens: list[dict]) -> Anchor:
    candidates = []
    for index, token in enumerate(tokens):
        if "OP" in token:
            continue
        spec = token.get("LOWER")
        if isinstance(spec, str):
            kind, value = "words", frozenset([spec])
        elif isinstance(spec, dict) and "IN" in spec:
            kind, value = "words", frozenset(spec["IN"])
        elif isinstance(spec, dict) and "REGEX" in spec:
            kind, value = "regex", spec["REGEX"]
        elif isinstance(spec, dict) and "FUZZY1" in spec:
            kind, value = "fuzzy", frozenset(spec["FUZZY1"]["IN"])
        else:
            continue
        common = kind == "words" and bool(value & _COMMON)
        size = len(value) if kind != "regex" else 50
        candidates.append(((common, size), index, kind, value))
    if not candidates:
        raise ContentError(f"pattern has no required word to look for: {tokens!r}")
    _, index, kind, value = min(candidates, key=lambda c: c[0])
    before = sum(_width(t) for t in tokens[:index])
    after = sum(_width(t) for t in tokens[index + 1:])
    return Anchor(kind, value, before, after)


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
        return Compiled(matcher_patterns, phrases, frozenset(literals), [anchor_of(t) for t in matcher_patterns])

    def _expand_macros(self, slots: list[str], where: str, depth: int) -> list[list[str]]:
        if depth > 5:
            raise ContentError(f"{where}: macros nested too deeply")
        choices: list[list[list[str]]] = []
        for slot in slots:
            if "{" not in slot:
                choices.append([[slot]])
                continue
            # A slot with macros, possibly among other words: "{victim}", "{victim}?", "them|{victim}".
            optional = slot.endswith("?")
            options: list[list[str]] = []
            plain = []
            for alternative in slot.rstrip("?").split("|"):
                if alternative.startswith("{") and alternative.endswith("}"):
                    body = self.macros.get(alternative[1:-1])
                    if body is None:
                        raise ContentError(f"{where}: unknown macro {alternative}")
                    options += [seq for item in body for seq in self._expand_macros(str(item).split(), where, depth + 1)]
                else:
                    plain.append(alternative)
            if plain:
                options.append(["|".join(plain)])
            if optional:
                options.append([])
            choices.append(options)
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
