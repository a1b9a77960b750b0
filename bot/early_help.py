"""Early help first, never a gate: decide whether to suggest early help or say an assessment is reasonable.

Pure and small. The rules and every word list live in content/early_help.yml so that a council can read and
change them. The parent's checklist answers come in as plain text; the NLP module (bot.nlp) may also pass its
extraction (canonical professional names, durations, ages). When it does not, this module recognises the same
things from the words in content/early_help.yml, so the decision never depends on the NLP being loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

from bot.content import ContentError, load_yaml, require_keys

EARLY_HELP_FIRST = "early_help_first"
ASSESSMENT_REASONABLE = "assessment_reasonable"

# The answers each signal is looked for in. "tried" and "involved" say what help the family has had.
HELP_KEYS = ("tried", "involved")
ALL_TEXT_KEYS = (
    "problems", "severity", "duration", "impact_on_child", "siblings", "tried", "involved",
    "help_wanted", "without_help",
)
# Signs of harm and seriousness are read from what is happening, not from fears about what might happen
# ("without_help") or hopes ("help_wanted"), which would over-read a parent's worst case.
HAPPENING_KEYS = ALL_TEXT_KEYS[:7]
# Where a sentence part ends, a "not" before it no longer applies ("not CAMHS, but the GP").
CLAUSE_BREAK = re.compile(r"[.,;:!?()\n]|\bbut\b|\band\b|\bthough\b|\balthough\b|\bthen\b")
NEGATION_WINDOW = 4  # words before a match that can turn it off


@dataclass(frozen=True)
class Suggestion:
    name: str  # canonical service name, e.g. "SENCO"
    say: str  # how the bot names it to a parent, e.g. "the school's SENCO (...)"
    what: str  # one line on what it can do


@dataclass(frozen=True)
class EarlyHelpDecision:
    kind: str  # EARLY_HELP_FIRST or ASSESSMENT_REASONABLE
    reasons: list[str]  # reason ids from content/early_help.yml texts.reasons, first one decided
    suggested_services: list[Suggestion]  # empty when an assessment is reasonable
    message_text: str  # the reasons in plain words (early_help_message() builds the whole reply)
    services_tried: list[str] = field(default_factory=list)  # canonical names found, for the letter and logs


@dataclass(frozen=True)
class Rules:
    services_tried_for_assessment: int
    long_lasting_months: int
    services: dict[str, tuple[str, ...]]
    not_words: tuple[str, ...]
    already_known_words: tuple[str, ...]
    tried_without_success_words: tuple[str, ...]
    disability_words: tuple[str, ...]
    serious_harm_words: tuple[str, ...]
    serious_words: tuple[str, ...]
    long_lasting_words: tuple[str, ...]
    suggestions: tuple[dict, ...]
    texts: dict


def _words(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"early_help.yml: {where} must be a non-empty list of words")
    return tuple(str(word).strip().lower() for word in raw if str(word).strip())


@lru_cache(maxsize=1)
def rules() -> Rules:
    """content/early_help.yml, checked once."""
    raw = load_yaml("early_help.yml") or {}
    require_keys("early_help.yml", raw, ("sources", "rules", "services", "suggestions", "texts"))
    numbers = raw["rules"]
    require_keys("early_help.yml rules", numbers, ("services_tried_for_assessment", "long_lasting_months"))
    services = {}
    for item in raw["services"]:
        require_keys("early_help.yml service", item, ("name", "words"))
        services[item["name"]] = _words(item["words"], f"service {item['name']} words")
    suggestions = []
    for item in raw["suggestions"]:
        require_keys(f"early_help.yml suggestion {item.get('name')!r}", item, ("name", "say", "what"))
        ages = item.get("ages")
        if ages is not None and (len(ages) != 2 or ages[0] > ages[1]):
            raise ContentError(f"early_help.yml suggestion {item['name']}: ages must be [youngest, oldest]")
        suggestions.append({
            "name": item["name"], "say": item["say"].strip(), "what": item["what"].strip(),
            "ages": tuple(ages) if ages else None, "always": bool(item.get("always")),
            "same_as": item.get("same_as"),
            "fits": tuple(str(word).lower() for word in item.get("fits") or ()),
        })
    texts = raw["texts"]
    require_keys("early_help.yml texts", texts, ("early_help_first", "assessment_reasonable", "reasons"))
    require_keys("early_help.yml texts.early_help_first", texts["early_help_first"],
                 ("explain", "services_intro", "council_link", "no_council_link", "still_ask"))
    require_keys("early_help.yml texts.assessment_reasonable", texts["assessment_reasonable"], ("intro", "carry_on"))
    require_keys("early_help.yml texts.reasons", texts["reasons"], REASONS)
    return Rules(
        services_tried_for_assessment=int(numbers["services_tried_for_assessment"]),
        long_lasting_months=int(numbers["long_lasting_months"]),
        services=services,
        not_words=_words(raw.get("not_words"), "not_words"),
        already_known_words=_words(raw.get("already_known_words"), "already_known_words"),
        tried_without_success_words=_words(raw.get("tried_without_success_words"), "tried_without_success_words"),
        disability_words=_words(raw.get("disability_words"), "disability_words"),
        serious_harm_words=_words(raw.get("serious_harm_words"), "serious_harm_words"),
        serious_words=_words(raw.get("serious_words"), "serious_words"),
        long_lasting_words=_words(raw.get("long_lasting_words"), "long_lasting_words"),
        suggestions=tuple(suggestions),
        texts=texts,
    )


REASONS = (
    "disabled", "already_known", "tried_without_success", "several_services_tried", "serious_harm",
    "serious_and_long_lasting", "little_tried", "safety_concern",
)


# --- Reading the parent's words -------------------------------------------------------------------------

def _normalise(text: str) -> str:
    # Curly apostrophes from phones become straight ones so "haven’t" matches "haven't".
    return " " + text.lower().replace("\u2019", "'").replace("\u2018", "'") + " "


@lru_cache(maxsize=2048)
def _pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])")


def _negated(text: str, start: int, not_words: Iterable[str]) -> bool:
    before = CLAUSE_BREAK.split(text[:start])[-1]
    tail = " " + " ".join(before.split()[-NEGATION_WINDOW:]) + " "
    return any(_pattern(word).search(tail) for word in not_words)


def mentions(text: str, words: Iterable[str], not_words: Iterable[str] = ()) -> list[str]:
    """The listed words found in text, skipping any that follow a "not" word in the same part of a sentence."""
    text = _normalise(text)
    found = []
    for word in words:
        for match in _pattern(word).finditer(text):
            if not _negated(text, match.start(), not_words):
                found.append(word)
                break
    return found


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "couple of": 2, "a couple of": 2,
    "few": 3, "a few": 3, "several": 4, "many": 6,
}
UNIT_MONTHS = {"day": 1 / 30, "week": 12 / 52, "month": 1, "year": 12}
DURATION = re.compile(
    r"(\d+(?:\.\d+)?|a couple of|couple of|a few|few|several|many|an|a|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|eighteen)\s*(and a half\s+)?(day|week|month|year)s?(\s+and a half)?"
)


def months_in(text: str) -> float | None:
    """The longest stretch of time written in text, in months ("about 8 months", "two years"), or None."""
    longest = None
    for match in DURATION.finditer(text.lower()):
        count, unit = match.group(1), match.group(3)
        number = float(count) if count[0].isdigit() else NUMBER_WORDS[count]
        if match.group(2) or match.group(4):
            number += 0.5
        months = number * UNIT_MONTHS[unit]
        longest = months if longest is None else max(longest, months)
    return longest


def _age(answers: Mapping[str, str], extraction: Any) -> int | None:
    match = re.search(r"\d{1,2}", answers.get("child_age") or "")
    if match:
        return int(match.group())
    ages = list(getattr(extraction, "ages", None) or [])
    return ages[0] if ages else None


def _text(value: Any) -> str:
    # Accepts plain strings or bot.checklist.Answer objects; skipped and don't-know answers have no text.
    if value is None:
        return ""
    text = getattr(value, "text", value)
    return "" if text is None or str(text).startswith("__") else str(text)


def services_tried(answers: Mapping[str, Any], extraction: Any = None) -> list[str]:
    """Canonical names of the universal and targeted help the parent has tried or has involved."""
    r = rules()
    help_text = " . ".join(_text(answers.get(key)) for key in HELP_KEYS)
    found = [name for name, words in r.services.items() if mentions(help_text, words, r.not_words)]
    for name in getattr(extraction, "professionals", None) or ():
        # The NLP finds names but not "haven't": trust it only where the parent did not say "not".
        if name in r.services and name not in found and not only_negated(help_text, r.services[name], r.not_words):
            found.append(name)
    return found


def only_negated(text: str, words: Iterable[str], not_words: Iterable[str]) -> bool:
    """True when the words are in text but every time after a "not" word ("we haven't seen the GP")."""
    text = _normalise(text)
    starts = [match.start() for word in words for match in _pattern(word).finditer(text)]
    return bool(starts) and all(_negated(text, start, not_words) for start in starts)


# --- The decision ---------------------------------------------------------------------------------------

def decide(
    answers: Mapping[str, Any],
    extraction: Any = None,
    *,
    known_services_tried: Iterable[str] = (),
    safety_concerns: Iterable[str] = (),
) -> EarlyHelpDecision:
    """Early help first, or an assessment is reasonable, with the reasons and fitting services.

    answers: checklist key -> the parent's words (missing, skipped and "don't know" answers are fine).
    extraction: optional bot.nlp Extraction (professionals, durations, ages), merged with our own reading.
    known_services_tried: canonical service names the caller already knows were tried.
    safety_concerns: kinds of harm the safety screen saw in this conversation; any at all means early
    help is never suggested first.
    """
    r = rules()
    texts = {key: _text(answers.get(key)) for key in ALL_TEXT_KEYS}
    everything = " . ".join(texts.values())
    happening = " . ".join(texts[key] for key in HAPPENING_KEYS)
    help_text = " . ".join(texts[key] for key in HELP_KEYS)

    tried = services_tried(answers, extraction)
    for name in known_services_tried:
        if name in r.services and name not in tried:
            tried.append(name)
    tried.sort(key=list(r.services).index)  # content order, so replies read the same every time

    months = [m for m in (months_in(texts["duration"]), months_in(texts["problems"])) if m is not None]
    months += [m for m in (months_in(d) for d in getattr(extraction, "durations", None) or ()) if m is not None]
    long_lasting = bool(
        (months and max(months) >= r.long_lasting_months)
        or mentions(texts["duration"] + " . " + texts["problems"], r.long_lasting_words, r.not_words)
    )
    serious = bool(mentions(happening, r.serious_words, r.not_words))

    reasons = ["safety_concern"] if list(safety_concerns) else []
    if mentions(everything, r.disability_words, r.not_words):
        reasons.append("disabled")
    professionals = set(getattr(extraction, "professionals", None) or ())
    if "social worker" in professionals or mentions(help_text, r.already_known_words, r.not_words):
        reasons.append("already_known")
    if tried and mentions(help_text, r.tried_without_success_words):
        reasons.append("tried_without_success")
    if len(tried) >= r.services_tried_for_assessment:
        reasons.append("several_services_tried")
    if mentions(happening, r.serious_harm_words, r.not_words) and "safety_concern" not in reasons:
        reasons.append("serious_harm")
    if serious and long_lasting:
        reasons.append("serious_and_long_lasting")

    if reasons:
        return EarlyHelpDecision(
            kind=ASSESSMENT_REASONABLE,
            reasons=reasons,
            suggested_services=[],
            message_text=_reasons_text(reasons, tried),
            services_tried=tried,
        )
    reasons = ["little_tried"]
    return EarlyHelpDecision(
        kind=EARLY_HELP_FIRST,
        reasons=reasons,
        suggested_services=suggest(everything, _age(answers, extraction), tried),
        message_text=_reasons_text(reasons, tried),
        services_tried=tried,
    )


def suggest(text: str, age: int | None, tried: Iterable[str]) -> list[Suggestion]:
    """Services that fit what the parent said, most fitting first, never one already tried."""
    r = rules()
    tried = set(tried)
    scored = []
    for order, item in enumerate(r.suggestions):
        if item["name"] in tried or item["same_as"] in tried:
            continue
        if age is not None and item["ages"] and not item["ages"][0] <= age <= item["ages"][1]:
            continue
        score = len(mentions(text, item["fits"], r.not_words))
        if score or item["always"]:
            scored.append((-score, order, item))
    scored.sort(key=lambda entry: entry[:2])
    picked = [Suggestion(item["name"], item["say"], item["what"]) for _, _, item in scored]
    # At most four besides the council's team keeps the reply short enough to read on a phone.
    always = [s for s, (_, _, item) in zip(picked, scored) if item["always"]]
    others = [s for s, (_, _, item) in zip(picked, scored) if not item["always"]][:4]
    return others + always


def _reasons_text(reasons: list[str], tried: list[str]) -> str:
    wording = rules().texts["reasons"]
    if "tried_without_success" in reasons and "several_services_tried" in reasons:
        # Both say "you've tried help": one is enough for the parent to read.
        reasons = [reason for reason in reasons if reason != "several_services_tried"]
    return " ".join(
        wording[reason].format(count=len(tried), services=_join(tried)) for reason in reasons
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def early_help_message(decision: EarlyHelpDecision, council_early_help_url: str | None = None) -> str:
    """The whole reply, paragraphs separated by blank lines."""
    texts = rules().texts
    if decision.kind == ASSESSMENT_REASONABLE:
        words = texts["assessment_reasonable"]
        return "\n\n".join([words["intro"].strip() + " " + decision.message_text, words["carry_on"].strip()])
    words = texts["early_help_first"]
    parts = [words["explain"].strip()]
    if decision.suggested_services:
        lines = [f"- {s.say[0].upper() + s.say[1:]}: {s.what}" for s in decision.suggested_services]
        parts.append(words["services_intro"].strip() + "\n" + "\n".join(lines))
    if council_early_help_url:
        parts.append(words["council_link"].strip().format(url=council_early_help_url))
    else:
        parts.append(words["no_council_link"].strip())
    parts.append(words["still_ask"].strip())
    return "\n\n".join(parts)
