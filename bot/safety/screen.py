"""The safety screen: deterministic spaCy patterns run on every message, before the dialogue engine.

`screen(text)` says whether a message suggests someone may be in danger now:
  - "urgent": a danger pattern matched and nothing around it says otherwise -> emergency help at once;
  - "possible": a danger word appeared, but negated ("he's not in danger"), in the past ("years ago"), as a
    topic ("self-harm awareness week"), or only as a loose word ("knife") -> ask the NLU and, if unsure, escalate;
    two separate loose words in one sentence add up to "urgent", except `weak` ones ("bedroom", "kicked off"):
    everyday words that only ask the NLU, so a parent's ordinary description never adds up to an emergency;
  - "none".
The spaCy pipeline (a blank English vocabulary with a Matcher and a PhraseMatcher built from content/safety/)
is built once per process; screening is pure CPU work with no I/O, so a slow engine cannot delay it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.matcher.levenshtein import levenshtein_compare
from spacy.tokens import Doc

from bot.content import ContentError, load_yaml, require_keys
from bot.safety.patterns import PatternLanguage
from bot.safety.text import words

URGENT = "urgent"
POSSIBLE = "possible"
NONE = "none"
WEAK = "weak"  # a content list, not a level: "possible" on its own, never adds up with other loose words
_STRENGTHS = (URGENT, POSSIBLE, WEAK)
_SENTENCE = "."


@dataclass(frozen=True)
class Hit:
    """One danger pattern found in a message: where (token positions), never the words themselves."""

    category: str
    rule: str  # "category/strength/number", to trace a decision back to the line in content/safety
    strength: str  # what the pattern says on its own: urgent or possible
    start: int
    end: int
    downgraded_by: str | None = None  # "negation" or "context" when something around it softened it

    @property
    def live(self) -> bool:
        return self.downgraded_by is None

    @property
    def adds_up(self) -> bool:
        """False for a `weak` word: it never counts towards two loose words making "urgent"."""
        return f"/{WEAK}/" not in self.rule


@dataclass(frozen=True)
class ScreenResult:
    level: str  # urgent | possible | none
    categories: tuple[str, ...]  # danger categories behind the level, in content order
    hits: tuple[Hit, ...] = ()

    @property
    def urgent(self) -> bool:
        return self.level == URGENT


@dataclass(frozen=True)
class _Rule:
    category: str
    strength: str
    literals: frozenset[str]


class _Screen:
    def __init__(self) -> None:
        patterns = load_yaml("safety/patterns.yml")
        cues = load_yaml("safety/cues.yml")
        for where, data, keys in (
            ("safety/patterns.yml", patterns, ("words", "categories")),
            ("safety/cues.yml", cues, ("negation", "breakers", "context", "recency", "harmless", "shorthand")),
        ):
            if not isinstance(data, dict):
                raise ContentError(f"{where}: expected a mapping")
            require_keys(where, data, keys)
        language = PatternLanguage(patterns["words"], patterns.get("macros") or {})
        self.nlp = spacy.blank("en")
        self.vocab = self.nlp.vocab
        self.phrases = PhraseMatcher(self.vocab, attr="ORTH")
        # Matcher patterns grouped by anchor (see bot.safety.patterns.Anchor): one small Matcher per anchor.
        self.anchor_ids: dict[tuple, int] = {}
        self.anchor_matchers: list[Matcher] = []
        self.anchor_reach: list[list[int]] = []  # [before, after] per anchor
        self.word_anchors: dict[str, list[int]] = defaultdict(list)
        self.other_anchors: list[tuple[int, str, object]] = []  # (id, "regex"|"fuzzy", value)
        self.rules: dict[str, _Rule] = {}
        self.category_order: list[str] = []
        self.shorthand = dict(zip(
            _words("safety/cues.yml shorthand", list(cues["shorthand"])),
            _words("safety/cues.yml shorthand", list(cues["shorthand"].values())),
        ))

        for category, spec in patterns["categories"].items():
            where = f"safety/patterns.yml categories.{category}"
            if not isinstance(spec, dict) or not spec.get(URGENT):
                raise ContentError(f"{where}: needs an `urgent` list")
            self.category_order.append(category)
            for strength in _STRENGTHS:
                for number, line in enumerate(spec.get(strength) or [], start=1):
                    key = f"{category}/{strength}/{number}"
                    compiled = language.compile(line, f"{where}.{strength}[{number}]")
                    self._add(key, compiled)
                    self.rules[key] = _Rule(category, POSSIBLE if strength == WEAK else strength, compiled.literals)

        # Combinations: parts that are urgent only when all are in one sentence.
        self.combinations: list[tuple[str, int]] = []
        for number, combo in enumerate(patterns.get("combinations") or [], start=1):
            where = f"safety/patterns.yml combinations[{number}]"
            if not isinstance(combo, dict) or combo.get("category") not in self.category_order:
                raise ContentError(f"{where}: needs a known `category`")
            parts = combo.get("all") or []
            if len(parts) < 2:
                raise ContentError(f"{where}: `all` needs two or more patterns")
            for part, line in enumerate(parts):
                self._add(f"combo/{number}/{part}", language.compile(line, f"{where}.all[{part}]"))
            self.combinations.append((combo["category"], len(parts)))
            self.rules[f"{combo['category']}/combination/{number}"] = _Rule(combo["category"], URGENT, frozenset())
        self.negation = frozenset(_words("safety/cues.yml negation", cues["negation"]["words"]))
        self.negation_window = int(cues["negation"].get("window", 3))
        self.breakers = frozenset(_words("safety/cues.yml breakers", cues["breakers"])) | {_SENTENCE, ","}
        # A context cue may apply to some categories only ({pattern: ..., only: [self_harm, ...]}).
        self.cue_only: dict[str, frozenset[str]] = {}
        for kind in ("context", "recency", "harmless"):
            for number, entry in enumerate(cues[kind], start=1):
                where = f"safety/cues.yml {kind}[{number}]"
                key = f"cue/{kind}/{number}"
                if isinstance(entry, dict):
                    unknown = set(entry.get("only") or ()) - set(self.category_order)
                    if "pattern" not in entry or not entry.get("only") or unknown:
                        raise ContentError(f"{where}: needs `pattern` and `only` (known categories); bad: {unknown}")
                    self.cue_only[key] = frozenset(entry["only"])
                    entry = entry["pattern"]
                self._add(key, language.compile(entry, where))
        settings = patterns.get("settings") or {}
        # Two separate loose danger words in one sentence ("took something" ... "won't wake up") add up to urgent.
        self.possible_to_urgent = int(settings.get("possible_hits_make_urgent", 0))
        self.any_possible_to_urgent = int(settings.get("possible_hits_any_category_make_urgent", 0))

    def _add(self, key: str, compiled) -> None:
        for tokens, anchor in zip(compiled.matcher_patterns, compiled.anchors):
            identity = (anchor.kind, anchor.value)
            if identity not in self.anchor_ids:
                number = len(self.anchor_matchers)
                self.anchor_ids[identity] = number
                self.anchor_matchers.append(Matcher(self.vocab, validate=True))
                self.anchor_reach.append([0, 0])
                if anchor.kind == "words":
                    for word in anchor.value:
                        self.word_anchors[word].append(number)
                else:
                    value = re.compile(anchor.value) if anchor.kind == "regex" else anchor.value
                    self.other_anchors.append((number, anchor.kind, value))
            number = self.anchor_ids[identity]
            self.anchor_matchers[number].add(key, [tokens])
            reach = self.anchor_reach[number]
            reach[0], reach[1] = max(reach[0], anchor.before), max(reach[1], anchor.after)
        if compiled.phrases:
            self.phrases.add(key, [Doc(self.vocab, words=p) for p in compiled.phrases])

    def __call__(self, text: str) -> ScreenResult:
        tokens = words(text, self.shorthand)
        if not tokens:
            return ScreenResult(NONE, ())
        doc = Doc(self.vocab, words=tokens)
        sentence_of = []
        sentence = 0
        for token in tokens:
            sentence_of.append(sentence)
            if token == _SENTENCE:
                sentence += 1

        strings = self.vocab.strings
        found: dict[tuple[str, int], int] = {}  # (key, start) -> shortest end
        for match_id, start, end in self._matches(doc, tokens):
            key = strings[match_id]
            if (key, start) not in found or end < found[(key, start)]:
                found[(key, start)] = end

        harmless: list[tuple[int, int]] = []
        context: dict[int, list[tuple[int, int, str]]] = {}  # sentence -> cue spans
        recent_sentences: set[int] = set()
        candidates: list[tuple[str, int, int]] = []
        combo_parts: dict[tuple[int, int], dict[int, tuple[int, int]]] = defaultdict(dict)  # (combo, sentence)
        for (key, start), end in found.items():
            if key.startswith("combo/"):
                _, combo, part = key.split("/")
                combo_parts[(int(combo), sentence_of[start])][int(part)] = (start, end)
            elif key.startswith("cue/context/"):
                context.setdefault(sentence_of[start], []).append((start, end, key))
            elif key.startswith("cue/recency/"):
                recent_sentences.add(sentence_of[start])
            elif key.startswith("cue/harmless/"):
                harmless.append((start, end))
            else:
                candidates.append((key, start, end))

        for (combo, _), parts in combo_parts.items():
            category, needed = self.combinations[combo - 1]
            if len(parts) == needed:
                key = f"{category}/combination/{combo}"
                spans = parts.values()
                candidates.append((key, min(s for s, _ in spans), max(e for _, e in spans)))
        hits: list[Hit] = []
        for key, start, end in sorted(candidates, key=lambda c: (c[1], c[2], c[0])):
            if any(start < h_end and h_start < end for h_start, h_end in harmless):
                continue
            rule = self.rules[key]
            downgraded = None
            if self._negated(tokens, start, end, rule.literals):
                downgraded = "negation"
            elif sentence_of[start] not in recent_sentences and any(
                # A cue inside the match is part of it ("being USED TO carry drugs"), not context for it.
                not (start <= c_start and c_end <= end) and rule.category in self.cue_only.get(c_key, (rule.category,))
                for c_start, c_end, c_key in context.get(sentence_of[start], ())
            ):
                downgraded = "context"
            hits.append(Hit(rule.category, key, rule.strength, start, end, downgraded))
        return self._verdict(hits, sentence_of)

    def _matches(self, doc: Doc, tokens: list[str]):
        yield from self.phrases(doc)
        positions: dict[int, list[int]] = defaultdict(list)
        for index, token in enumerate(tokens):
            for anchor in self._anchors_of(token):
                positions[anchor].append(index)
        for anchor, where in positions.items():
            before, after = self.anchor_reach[anchor]
            windows: list[list[int]] = []
            for index in where:
                start, end = max(0, index - before), min(len(tokens), index + after + 1)
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = max(windows[-1][1], end)
                else:
                    windows.append([start, end])
            for start, end in windows:
                for match_id, m_start, m_end in self.anchor_matchers[anchor](doc[start:end]):
                    yield match_id, start + m_start, start + m_end

    @lru_cache(maxsize=65536)
    def _anchors_of(self, token: str) -> tuple[int, ...]:
        found = list(self.word_anchors.get(token, ()))
        for number, kind, value in self.other_anchors:
            if kind == "regex" and value.search(token):
                found.append(number)
            elif kind == "fuzzy" and any(levenshtein_compare(token, word, 1) for word in value):
                found.append(number)
        return tuple(found)

    def _negated(self, tokens: list[str], start: int, end: int, literals: frozenset[str]) -> bool:
        # Look back a few words from the match, stopping at a clause break ("but", ",", "if"...), and inside the
        # match at words the pattern did not name itself ("I'd never hurt him" matched by "i *3 hurt him").
        position = start - 1
        while position >= 0 and start - position <= self.negation_window and tokens[position] not in self.breakers:
            if tokens[position] in self.negation:
                return True
            position -= 1
        return any(tokens[i] in self.negation and tokens[i] not in literals for i in range(start, end))

    def _verdict(self, hits: list[Hit], sentence_of: list[int]) -> ScreenResult:
        live_urgent = [h for h in hits if h.live and h.strength == URGENT]
        if not live_urgent and self.possible_to_urgent:
            by_sentence: dict[int, list[Hit]] = {}
            for hit in hits:
                if hit.live and hit.strength == POSSIBLE and hit.adds_up:
                    by_sentence.setdefault(sentence_of[hit.start], []).append(hit)
            for group in by_sentence.values():
                if self.any_possible_to_urgent and _separate(group) >= self.any_possible_to_urgent:
                    live_urgent.extend(group)
                    continue
                for category in {h.category for h in group}:
                    same = [h for h in group if h.category == category]
                    if _separate(same) >= self.possible_to_urgent:
                        live_urgent.extend(same)
        if live_urgent:
            return ScreenResult(URGENT, self._ordered(live_urgent), tuple(hits))
        if hits:
            # a weak word ("bedroom") names its category only when nothing stronger was found
            named = [h for h in hits if h.adds_up] or hits
            return ScreenResult(POSSIBLE, self._ordered(named), tuple(hits))
        return ScreenResult(NONE, (), ())

    def _ordered(self, hits: list[Hit]) -> tuple[str, ...]:
        present = {h.category for h in hits}
        return tuple(c for c in self.category_order if c in present)


def _separate(hits: list[Hit]) -> int:
    """How many different loose danger phrases: one phrase listed in two categories ("phone off") counts once,
    and so does one pattern found twice ("toy guns and nerf guns")."""
    return min(len({(h.start, h.end) for h in hits}), len({h.rule for h in hits}))


def _words(where: str, values: list) -> list[str]:
    # YAML reads a bare no / n / on / off as true or false: insist on text so "no" is never silently lost.
    if not isinstance(values, list):
        raise ContentError(f"{where}: expected a list of words")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{where}: {value!r} is not a word (put words like no, n, on, off in quotes)")
    return [value.strip().lower() for value in values]


@lru_cache(maxsize=1)
def _pipeline() -> _Screen:
    return _Screen()


def warm_up() -> None:
    """Build the pipeline now (at start-up) rather than on the first parent's message."""
    _pipeline()


def screen(text: str) -> ScreenResult:
    """Screen one message. Never raises on odd input: an empty or non-text message screens as "none"."""
    if not isinstance(text, str):
        return ScreenResult(NONE, ())
    return _pipeline()(text)
