"""Early help first, never a gate: decide whether to suggest early help or say an assessment is reasonable.

It only advises: whatever it decides, the checklist and the letter carry on. The rules and every word list live
in content/early_help.yml so that a council can read and change them. The parent's words are read with the same
understanding as every other answer (bot.nlp, a rule-based spaCy pipeline):
- services and professionals are the canonical names from content/nlp/patterns.yml;
- ages and lengths of time come from bot.nlp ("my 12 year old" is an age, never twelve years; "since September"
  is measured from today's date, which callers and tests can pass in);
- the word lists of content/early_help.yml are spaCy token patterns, and a word written in its plain form also
  finds its other forms (generated with lemminflect: "overdose" finds "overdosed", "self-harm" finds
  "self-harming");
- a phrase after a "not" word in the same part of a sentence does not count: NegEx (negspacy) with the terms in
  content/early_help.yml ("no one at school has helped" is not the school tried).
Whether the conversation touched on harm comes from the safety decision (`safety_concerns`), not from here.
Nothing here needs the understanding service, so it can be imported and tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, cast

from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas
from negspacy.negation import Negex
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from bot.content import ContentError, load_yaml, require_keys
from bot.contract import Slot
from bot.conversation.checklist import REQUIRED_KEYS, answers_from_slots
from bot.councils import get_council
from bot.nlp import age_in_answer, age_spans, extract, how_long, pipeline
from bot.nlp.durations import months_of

EARLY_HELP_FIRST = "early_help_first"
ASSESSMENT_REASONABLE = "assessment_reasonable"

# The answers each signal is looked for in. "tried" and "involved" say what help the family has had.
HELP_KEYS = ("tried", "involved")
ALL_TEXT_KEYS = REQUIRED_KEYS  # every checklist answer, in the checklist's order
# Signs of harm and seriousness are read from what is happening, not from fears about what might happen
# ("without_help") or hopes ("help_wanted"), which would over-read a parent's worst case.
HAPPENING_KEYS = ALL_TEXT_KEYS[:7]
# Where how long it has gone on is said.
HOW_LONG_KEYS = ("duration", "problems", "severity")
WORD_LISTS = (
    "already_known_words",
    "tried_without_success_words",
    "disability_words",
    "serious_harm_words",
    "serious_words",
    "long_lasting_words",
)
PROFESSIONAL = "professional"
SPAN_KEY = "early_help"
NEGATED = "early_help_negated"  # the Span extension NegEx sets
# Contractions a plain word also stands for ("be cutting" finds "she's cutting"), and spellings without the
# apostrophe that spaCy splits the same way ("cant" is "ca" + "nt").
# A comma is inside a list when a list word ("or", "and") comes within this many words after it.
LIST_WINDOW = 4
EXTRA_FORMS = {"be": ("'s", "'re", "'m"), "have": ("'ve",), "n't": ("nt",), "'ve": ("ve",), "'m": ("m",)}


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
    services: tuple[str, ...]  # canonical professionals (content/nlp/patterns.yml) that count as help tried
    already_known_professionals: tuple[str, ...]
    words: dict[str, tuple[str, ...]]  # list name -> phrases, as written in content
    negation: dict[str, list[str]]  # negspacy's termset
    negation_lists: dict[str, tuple[str, ...]]  # list_words, clause_words: when a comma is inside a list
    suggestions: tuple[dict, ...]
    texts: dict


REASONS = (
    "disabled",
    "already_known",
    "tried_without_success",
    "several_services_tried",
    "serious_harm",
    "serious_and_long_lasting",
    "little_tried",
    "safety_concern",
)
NEGATION_KEYS = {
    "before": "preceding_negations",
    "after": "following_negations",
    "not_negations": "pseudo_negations",
    "clause_breaks": "termination",
}


def _words(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"early_help.yml: {where} must be a non-empty list of words")
    return tuple(dict.fromkeys(_normalise(str(word)).strip().lower() for word in raw if str(word).strip()))


def _known_professionals() -> set[str]:
    return set((load_yaml("nlp/patterns.yml") or {}).get("professionals") or {})


@lru_cache(maxsize=1)
def rules() -> Rules:
    """content/early_help.yml, checked once."""
    raw = load_yaml("early_help.yml") or {}
    require_keys("early_help.yml", raw, ("sources", "rules", "negation", "services", "suggestions", "texts"))
    numbers = raw["rules"]
    require_keys("early_help.yml rules", numbers, ("services_tried_for_assessment", "long_lasting_months"))
    known = _known_professionals()
    services = _names(raw["services"], "services", known)
    already_known = _names(raw.get("already_known_professionals"), "already_known_professionals", known)
    require_keys("early_help.yml negation", raw["negation"], (*NEGATION_KEYS, "list_words", "clause_words"))
    negation = {NEGATION_KEYS[key]: list(_words(raw["negation"][key], f"negation {key}")) for key in NEGATION_KEYS}
    suggestions = []
    for item in raw["suggestions"]:
        require_keys(f"early_help.yml suggestion {item.get('name')!r}", item, ("name", "say", "what"))
        ages = item.get("ages")
        if ages is not None and (len(ages) != 2 or ages[0] > ages[1]):
            raise ContentError(f"early_help.yml suggestion {item['name']}: ages must be [youngest, oldest]")
        if item["name"] not in services and item.get("same_as") not in services:
            raise ContentError(f"early_help.yml suggestion {item['name']}: not one of `services` (or same_as one)")
        suggestions.append(
            {
                "name": item["name"],
                "say": item["say"].strip(),
                "what": item["what"].strip(),
                "ages": tuple(ages) if ages else None,
                "always": bool(item.get("always")),
                "same_as": item.get("same_as"),
                "fits": tuple(_normalise(str(word)).lower() for word in item.get("fits") or ()),
            }
        )
    texts = raw["texts"]
    require_keys("early_help.yml texts", texts, ("early_help_first", "assessment_reasonable", "reasons"))
    require_keys(
        "early_help.yml texts.early_help_first",
        texts["early_help_first"],
        ("explain", "services_intro", "council_link", "no_council_link", "still_ask"),
    )
    require_keys("early_help.yml texts.assessment_reasonable", texts["assessment_reasonable"], ("intro", "carry_on"))
    require_keys("early_help.yml texts.reasons", texts["reasons"], REASONS)
    return Rules(
        services_tried_for_assessment=int(numbers["services_tried_for_assessment"]),
        long_lasting_months=int(numbers["long_lasting_months"]),
        services=services,
        already_known_professionals=already_known,
        words={name: _words(raw.get(name), name) for name in WORD_LISTS},
        negation=negation,
        negation_lists={key: _words(raw["negation"][key], f"negation {key}") for key in ("list_words", "clause_words")},
        suggestions=tuple(suggestions),
        texts=texts,
    )


def _names(raw: Any, where: str, known: set[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"early_help.yml: {where} must be a non-empty list of names")
    unknown = [name for name in raw if name not in known]
    if unknown:
        raise ContentError(f"early_help.yml {where}: {unknown} are not professionals in content/nlp/patterns.yml")
    return tuple(raw)


# --- Reading the parent's words -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    # Curly apostrophes from phones become straight ones so "haven’t" reads like "haven't".
    return text.replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=4096)
def forms(word: str) -> tuple[str, ...]:
    """A word and, when it is written in its plain form, its other forms: verbs all of them ("harm": harms,
    harmed, harming), nouns their plural ("knife": knives). Any other form finds only itself ("years")."""
    word = word.lower()
    found = {word, *EXTRA_FORMS.get(word, ())}
    inflections = getAllInflections(word)
    if not inflections and not getAllLemmas(word) and word.isalpha() and len(word) > 3:
        # A word no dictionary knows ("selfharm"): the regular forms a verb would have.
        inflections = getAllInflectionsOOV(word, "VERB")
    for tag, inflected in inflections.items():
        if tag.startswith("VB") or tag == "NNS":
            found.update(inflected)
    return tuple(sorted(found))


def token_pattern(phrase: str) -> list[dict]:
    """spaCy Matcher pattern for a phrase from content: each word with its forms, any hyphen optional."""
    pattern: list[dict] = []
    for token in pipeline().tokenizer(_normalise(phrase)):
        if token.text == "-":
            pattern.append({"ORTH": "-", "OP": "?"})
        else:
            pattern.append({"LOWER": {"IN": list(forms(token.lower_))}})
    return pattern


def _label(group: str, phrase: str) -> str:
    return f"{group}\x1f{phrase}"


def _build_matcher(groups: Mapping[str, Iterable[str]]) -> Matcher:
    matcher = Matcher(pipeline().vocab)
    for group, phrases in groups.items():
        for phrase in phrases:
            pattern = token_pattern(phrase)
            if pattern:
                matcher.add(_label(group, phrase), [pattern])
    return matcher


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    r = rules()
    groups: dict[str, Iterable[str]] = dict(r.words)
    for item in r.suggestions:
        groups["fits:" + item["name"]] = item["fits"]
    return _build_matcher(groups)


class _Negex(Negex):
    """NegEx, but a "not" that is part of the phrase itself ("not coping", "she isn't eating") does not turn
    that phrase off, and a comma ends a part of a sentence unless it is inside a list ("we haven't tried the
    GP, school or CAMHS"; see `negation.list_words` in content/early_help.yml)."""

    def __init__(self, *args, list_words: Iterable[str] = (), clause_words: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.list_words = set(list_words)
        self.clause_words = set(clause_words)

    def _list_comma(self, doc: Doc, comma: int) -> bool:
        after = []
        for token in doc[comma + 1 :]:
            if token.is_sent_start or token.text in (",", ";", ":"):
                break
            after.append(token.lower_)
        return bool(self.list_words & set(after[:LIST_WINDOW])) and not self.clause_words & set(after)

    def process_negations(self, doc):
        preceding, following, terminating = super().process_negations(doc)
        commas = [
            (0, token.i, token.i + 1) for token in doc if token.text == "," and not self._list_comma(doc, token.i)
        ]
        return preceding, following, terminating + commas

    def _apply_negation(self, span, sub_preceding, sub_following):
        before = [match for match in sub_preceding if match[2] <= span.start]
        after = [match for match in sub_following if match[1] >= span.end]
        super()._apply_negation(span, before, after)


@lru_cache(maxsize=1)
def _negex() -> Negex:
    r = rules()
    return _Negex(
        pipeline(),
        "early_help_negex",
        r.negation,
        extension_name=NEGATED,
        span_keys=[SPAN_KEY],
        list_words=r.negation_lists["list_words"],
        clause_words=r.negation_lists["clause_words"],
    )


@dataclass(frozen=True)
class Reading:
    """What one answer says: the phrases of each list found, and the professionals named, with and without
    a "not" before them."""

    found: tuple[tuple[str, str], ...]  # (list, phrase as written in content), not negated
    negated: tuple[tuple[str, str], ...]
    professionals: tuple[str, ...]  # canonical names, not negated, in the parent's order
    negated_professionals: tuple[str, ...]

    def phrases(self, group: str) -> list[str]:
        return list(dict.fromkeys(phrase for g, phrase in self.found if g == group))


def _spans(doc: Doc, matcher: Matcher) -> list[Span]:
    ages = {i for span in age_spans(doc) for i in range(span.start, span.end)}
    spans = [
        Span(doc, start, end, label=match_id)
        for match_id, start, end in matcher(doc)
        # "9 years old" is an age: its "years" says nothing about how long.
        if not ages & set(range(start, end))
    ]
    spans += [
        Span(doc, ent.start, ent.end, label=_label(PROFESSIONAL, ent.ent_id_))
        for ent in doc.ents
        if ent.label_ == "PROFESSIONAL"
    ]
    return spans


def _reading(text: str, matcher: Matcher) -> Reading:
    doc = pipeline()(_normalise(text))
    doc.spans[SPAN_KEY] = _spans(doc, matcher)
    _negex()(doc)
    found: list[tuple[str, str]] = []
    negated: list[tuple[str, str]] = []
    professionals: list[str] = []
    negated_professionals: list[str] = []
    for span in doc.spans[SPAN_KEY]:
        group, phrase = span.label_.split("\x1f", 1)
        is_negated = span._.get(NEGATED)
        if group == PROFESSIONAL:
            (negated_professionals if is_negated else professionals).append(phrase)
        else:
            (negated if is_negated else found).append((group, phrase))
    return Reading(
        found=tuple(dict.fromkeys(found)),
        negated=tuple(dict.fromkeys(negated)),
        professionals=tuple(dict.fromkeys(professionals)),
        negated_professionals=tuple(dict.fromkeys(negated_professionals)),
    )


@lru_cache(maxsize=2048)
def read(text: str) -> Reading:
    """One answer read against every list in content/early_help.yml."""
    return _reading(text, _matcher())


@lru_cache(maxsize=64)
def _words_matcher(words: tuple[str, ...]) -> Matcher:
    return _build_matcher({"words": words})


def mentions(text: str, words: Iterable[str]) -> list[str]:
    """The given phrases found in text (with their other forms), skipping any after a "not" word in the same
    part of a sentence."""
    words = tuple(_normalise(word).lower() for word in words)
    return _reading(text, _words_matcher(words)).phrases("words")


def months_in(text: str, today: date | None = None) -> float | None:
    """The longest stretch of time in text, in months ("about 8 months", "since September"), or None.
    Ages ("my 12 year old") are not stretches of time."""
    months = [m for _, m in how_long(text, today) if m is not None]
    return max(months) if months else None


def _text(value: Any) -> str:
    # Accepts plain strings or bot.conversation.checklist.Answer objects; skipped and don't-know answers have no text.
    if value is None:
        return ""
    text = getattr(value, "text", value)
    return "" if text is None or str(text).startswith("__") else str(text)


def _age(texts: Mapping[str, str], child_age: str, extraction: Any) -> int | None:
    age = age_in_answer(child_age) if child_age else None
    if age is not None:
        return age
    ages = list(getattr(extraction, "ages", None) or [])
    if not ages and texts.get("problems"):
        ages = extract(texts["problems"]).ages
    return ages[0] if ages else None


def _readings(texts: Mapping[str, str], keys: Iterable[str]) -> list[Reading]:
    return [read(texts[key]) for key in keys if texts.get(key)]


def _found(readings: Iterable[Reading], group: str) -> list[str]:
    return list(dict.fromkeys(phrase for reading in readings for phrase in reading.phrases(group)))


def _negated(readings: Iterable[Reading], group: str) -> list[str]:
    return list(dict.fromkeys(phrase for reading in readings for g, phrase in reading.negated if g == group))


def _named(readings: list[Reading], extraction: Any, names: Iterable[str]) -> list[str]:
    """Which of these professionals the parent named without a "not"; a name the caller's extraction found
    counts unless the parent only ever named it after a "not"."""
    names = list(names)
    said = [name for reading in readings for name in reading.professionals if name in names]
    negated = {name for reading in readings for name in reading.negated_professionals}
    for name in getattr(extraction, "professionals", None) or ():
        if name in names and name not in said and name not in negated:
            said.append(name)
    return list(dict.fromkeys(said))


def services_tried(answers: Mapping[str, Any], extraction: Any = None) -> list[str]:
    """Canonical names of the universal and targeted help the parent has tried or has involved."""
    texts = {key: _text(answers.get(key)) for key in HELP_KEYS}
    services = rules().services
    return sorted(_named(_readings(texts, HELP_KEYS), extraction, services), key=services.index)


# --- The decision ---------------------------------------------------------------------------------------


def decide(
    answers: Mapping[str, Any],
    extraction: Any = None,
    *,
    known_services_tried: Iterable[str] = (),
    safety_concerns: Iterable[str] = (),
    today: date | None = None,
) -> EarlyHelpDecision:
    """Early help first, or an assessment is reasonable, with the reasons and fitting services.

    answers: checklist key -> the parent's words (missing, skipped and "don't know" answers are fine).
    extraction: optional bot.nlp Extraction the caller already has (professionals, durations, ages); its
    professionals count unless the parent said "not" before them.
    known_services_tried: canonical service names the caller already knows were tried.
    safety_concerns: kinds of harm the safety decision saw in this conversation; any at all means early
    help is never suggested first.
    today: the date "since September" is measured to (today's date when not given).
    """
    r = rules()
    today = today or date.today()
    texts = {key: _text(answers.get(key)) for key in ALL_TEXT_KEYS}
    help_readings = _readings(texts, HELP_KEYS)
    happening = _readings(texts, HAPPENING_KEYS)
    everything = _readings(texts, ALL_TEXT_KEYS)

    tried = _named(help_readings, extraction, r.services)
    for name in known_services_tried:
        if name in r.services and name not in tried:
            tried.append(name)
    tried.sort(key=r.services.index)  # content order, so replies read the same every time

    months = [m for key in HOW_LONG_KEYS if texts[key] for _, m in how_long(texts[key], today) if m is not None]
    months += [m for m in (months_of(d, today) for d in getattr(extraction, "durations", None) or ()) if m is not None]
    long_lasting = bool(
        (months and max(months) >= r.long_lasting_months)
        or _found(_readings(texts, HOW_LONG_KEYS), "long_lasting_words")
    )
    serious = bool(_found(happening, "serious_words"))

    reasons = ["safety_concern"] if list(safety_concerns) else []
    if _found(everything, "disability_words"):
        reasons.append("disabled")
    if _named(help_readings, extraction, r.already_known_professionals) or _found(help_readings, "already_known_words"):
        reasons.append("already_known")
    if tried and _found(help_readings, "tried_without_success_words"):
        reasons.append("tried_without_success")
    if len(tried) >= r.services_tried_for_assessment:
        reasons.append("several_services_tried")
    if _found(happening, "serious_harm_words") and "safety_concern" not in reasons:
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
        suggested_services=suggest(everything, _age(texts, _text(answers.get("child_age")), extraction), tried),
        message_text=_reasons_text(reasons, tried),
        services_tried=tried,
    )


def suggest(said: str | Iterable[Reading], age: int | None, tried: Iterable[str]) -> list[Suggestion]:
    """Services that fit what the parent said, most fitting first, never one already tried."""
    r = rules()
    readings = [read(said)] if isinstance(said, str) else list(said)
    tried = set(tried)
    scored = []
    for order, item in enumerate(r.suggestions):
        if item["name"] in tried or item["same_as"] in tried:
            continue
        if age is not None and item["ages"] and not item["ages"][0] <= age <= item["ages"][1]:
            continue
        # A topic named is a topic, even after a "not": "he won't go to school" is about school.
        score = len(set(_found(readings, "fits:" + item["name"])) | set(_negated(readings, "fits:" + item["name"])))
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
    return " ".join(wording[reason].format(count=len(tried), services=_join(tried)) for reason in reasons)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def early_help_message(decision: EarlyHelpDecision, council_early_help_url: str | None = None) -> str:
    """The whole reply, paragraphs separated by blank lines. It only advises: the checklist carries on."""
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


def _early_help_page(council_code: object) -> str | None:
    council = get_council(str(council_code)) if council_code else None
    pages = council.contacts_of("early_help_page") if council else []
    return pages[0].value if pages else None


def advice_for_slots(slots: Mapping[str, object], today: date | None = None) -> str:
    """The early-help reply for a conversation, with their council's early help page when the council is known.

    decide() reads the answers itself with bot.nlp (professionals, durations, ages, negation); the safety
    decision's `safety_concerns` slot says whether the conversation touched on harm."""
    answers = {key: answer.text for key, answer in answers_from_slots(slots).items() if answer.text}
    concerns = cast(Iterable[str], slots.get(Slot.SAFETY_CONCERNS) or ())  # a list slot in the domain
    decision = decide(answers, safety_concerns=concerns, today=today)
    return early_help_message(decision, _early_help_page(slots.get(Slot.COUNCIL_CODE)))
