"""The shape of every YAML file in content/: exactly the keys the code reads, nothing more.

`make check-content` validates each file against its model here (pydantic, `extra="forbid"`), so a key a council
adds or misspells that nothing reads fails with the file and the key named, instead of silently doing nothing.
The loaders (bot/conversation/checklist.py, bot/topics.py, …) still check what they need on load; these models only
add the "nothing else" half. When code starts reading a new key, add it here; when code stops reading one, delete it
here and in content/.

A few keys are read by no code on purpose and are listed as such: where a fact comes from (`sources`, `facts`:
the loaders check every fact names a known source) and the council directory's notes for reviewers
(`checked_how`, `notes`, `doubts`, …), which `make check-content` reports.

messages.yml is a list of names rather than a fixed shape: its names must be exactly those the code asks for
(`messages.text("…")` / `messages.button("…", …)` in actions/ and bot/, and the reply to each
`out_of_scope_*` intent), see `message_names_read()`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

import bot.content
from bot.content import load_yaml
from bot.paths import ROOT


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Text = str
Word = str | int | float  # YAML reads `1` or `1.5` in a word list as a number; the loaders use str()
Day = dt.date | str


# --- shared ----------------------------------------------------------------------------------------------------


class Source(Strict):
    """Where a fact comes from (topics, early help): a title and one of seed, ref or url."""

    title: Text
    seed: Text | None = None
    ref: Text | None = None
    url: Text | None = None


class NamedSource(Strict):
    """A source named once and cited by name (details.yml, letter/wording.yml)."""

    title: Text
    url: Text | None = None


# --- checklist.yml, details.yml ------------------------------------------------------------------------------


class ChecklistQuestion(Strict):
    key: Text
    aliases: list[Word] = []
    heading: Text
    question: Text
    why: Text


class Checklist(Strict):
    questions: list[ChecklistQuestion]


class DetailQuestion(Strict):
    key: Text
    heading: Text
    question: Text
    why: Text
    question_with_postcode: Text | None = None


class DetailRequest(Strict):
    key: Text
    button: Text
    law: Text
    letter: Text
    summary: Text
    sources: list[Text]  # names in `sources`


class Details(Strict):
    offer: Text
    button_add: Text
    button_skip_all: Text
    offer_unclear: Text
    skipped_all: Text
    progress_label: Text
    questions: list[DetailQuestion]
    requests: list[DetailRequest]
    button_both: Text
    button_neither: Text
    requests_ack: Text
    keep_what_i_wrote: Text
    use_postcode: Text
    kept_as_written: Text
    dob_unreadable: Text
    dob_not_a_date: Text
    dob_in_future: Text
    dob_too_old: Text
    postcode_malformed: Text
    postcode_missing: Text
    nothing_to_go_back_to: Text
    change_in_letter: Text
    sources: dict[Text, NamedSource]  # provenance
    facts: dict[Text, list[Text]]  # provenance: each fact's source names


# --- early_help.yml ------------------------------------------------------------------------------------------


class EarlyHelpRules(Strict):
    services_tried_for_assessment: int
    long_lasting_months: int


class Negation(Strict):
    before: list[Word]
    after: list[Word]
    not_negations: list[Word]
    list_words: list[Word]
    clause_words: list[Word]
    clause_breaks: list[Word]


class Suggestion(Strict):
    name: Text
    say: Text
    what: Text
    ages: list[int] | None = None
    fits: list[Word] = []
    same_as: Text | None = None
    always: bool = False


class EarlyHelpFirst(Strict):
    explain: Text
    services_intro: Text
    council_link: Text
    no_council_link: Text
    still_ask: Text


class AssessmentReasonable(Strict):
    intro: Text
    carry_on: Text


class Reasons(Strict):
    disabled: Text
    already_known: Text
    tried_without_success: Text
    several_services_tried: Text
    serious_harm: Text
    safety_concern: Text
    serious_and_long_lasting: Text
    little_tried: Text


class EarlyHelpTexts(Strict):
    early_help_first: EarlyHelpFirst
    assessment_reasonable: AssessmentReasonable
    reasons: Reasons


class EarlyHelp(Strict):
    sources: list[Source]  # provenance
    rules: EarlyHelpRules
    negation: Negation
    services: list[Text]
    already_known_professionals: list[Text]
    already_known_words: list[Word]
    tried_without_success_words: list[Word]
    disability_words: list[Word]
    serious_harm_words: list[Word]
    serious_words: list[Word]
    long_lasting_words: list[Word]
    suggestions: list[Suggestion]
    texts: EarlyHelpTexts


# --- councils/ -------------------------------------------------------------------------------------------------

ContactKind = Literal[
    "website", "children_services_page", "front_door_phone", "out_of_hours_phone", "email", "early_help_page"
]
Nation = Literal["Wales", "Scotland", "Northern Ireland", "Channel Islands", "Isle of Man"]


class Contact(Strict):
    kind: Text
    value: Text
    status: Text
    last_checked: Day
    source_url: Text | None = None
    source: Text | None = None
    menu: Text | None = None
    shared_with: Text | None = None  # for reviewers
    checked_how: Text | None = None  # for reviewers
    notes: Text | None = None  # for reviewers


class DistrictChange(Strict):
    on: Day
    to: Text
    source_url: Text  # provenance


class District(Strict):
    code: Text
    name: Text
    changes: DistrictChange | None = None


class Authority(Strict):
    code: Text
    name: Text
    official_name: Text
    type: Text
    type_code: Text
    region: Text  # for reviewers (written by tools/build_council_directory.py)
    gss_code: Text
    other_gss_codes: list[Text] = []
    govuk_slug: Text
    aliases: list[Text] = []
    districts: list[District]
    contacts: list[Contact] = []
    doubts: list[Text] = []  # for reviewers; `make check-content` prints them


class CouncilOverride(Strict):
    contacts: list[Contact] = []


class Overrides(Strict):
    default_council: Text | None = ""
    councils: dict[Text, CouncilOverride] = {}


class AboutSource(Strict):
    name: Text
    attribution: Text
    licence: Text
    licence_url: Text
    url: Text | None = None


class AboutTheData(Strict):
    title: Text
    intro: Text
    contacts_note: Text
    updated_note: Text
    sources: list[AboutSource]


class AskInstead(Strict):
    message: Text
    candidates: list[Text] = []


class ContactWording(Strict):
    heading: Text
    labels: dict[ContactKind, Text]
    line: Text
    joiner: Text
    verified: Text
    unverified: Text
    unverified_no_address: Text
    no_number: Text
    fallback: list[Text]
    changes: Text


class CouncilMessages(Strict):
    ask: Text
    example_postcode: Text
    found: Text
    found_from_district: Text
    found_from_place: Text
    found_from_area: Text
    postcode_not_in_data: Text
    malformed: Text
    choose_area: Text
    choose_name: Text
    candidate: Text
    candidate_with_place: Text
    candidate_other_nation: Text
    unknown: Text
    unknown_postcode: Text
    ask_instead: dict[Text, AskInstead] = {}
    not_england: dict[Nation, Text]
    council_part: Text
    contacts: ContactWording


# --- letter/wording.yml --------------------------------------------------------------------------------------


class Fact(Strict):
    text: Text  # provenance: the fact as the wording states it
    sources: list[Text]


def _texts(name: str, keys: tuple[str, ...], **more: Any) -> type[BaseModel]:
    fields: dict[str, Any] = {key: (Text, ...) for key in keys}
    return create_model(name, __base__=Strict, **fields, **more)


def _letter_models() -> type[BaseModel]:
    from bot.letter.wording import LETTER_KEYS, NEXT_STEPS_KEYS, PREVIEW_KEYS, PREVIEW_LABELS

    letter = _texts(
        "LetterText",
        tuple(k for k in LETTER_KEYS if k != "asks"),
        asks=(list[Text], ...),
        consent_name_phrases=(dict[Text, Text], {}),
        footnote_sources=(list[Text], ...),
    )
    next_steps = _texts("NextSteps", NEXT_STEPS_KEYS, sources=(list[Text], ...))
    labels = _texts("PreviewLabels", PREVIEW_LABELS)
    preview = _texts(
        "Preview",
        tuple(k for k in PREVIEW_KEYS if k != "labels"),
        labels=(labels, ...),
        what_happens_sources=(list[Text], ...),
    )
    return create_model(
        "LetterWording",
        __base__=Strict,
        sources=(dict[Text, NamedSource], ...),
        facts=(dict[Text, Fact], ...),
        letter=(letter, ...),
        next_steps=(next_steps, ...),
        preview=(preview, ...),
    )


# --- nlp/, staff/, topics/ -------------------------------------------------------------------------------------


class Patterns(Strict):
    professionals: dict[Text, list[Word]]
    relations: dict[Text, list[Word]]
    no_other_children: list[Word]
    tried_cues: list[Word]


class ConsoleUrgent(Strict):
    heading: Text
    what_to_say: list[Text]
    numbers_heading: Text


class ConsoleLetterLink(Strict):
    heading: Text
    used: Text


class StaffConsole(Strict):
    urgent: ConsoleUrgent
    letter_link: ConsoleLetterLink


class Link(Strict):
    title: Text
    url: Text


class Topic(Strict):
    id: Text
    title: Text
    answer: Text
    sources: list[Source]
    links: list[Link] = []


# --- safety/ (the emergency reply's content, as it is today) ------------------------------------------------


class Thresholds(Strict):
    urgent_at: float
    check_at: float
    checklist_cap_without_present_cue: Text
    checklist_check_at: float
    short_answer_check_at: float
    concern_at: float
    category_at: float


class CheckModel(Strict):
    intercept: float
    weights: dict[
        Literal[
            "whole_meaning",
            "whole_words",
            "most_meaning",
            "most_words",
            "length",
            "whole_meaning_by_length",
            "whole_words_by_length",
            "most_meaning_by_length",
            "most_words_by_length",
        ],
        float,
    ]


class SafetyDecision(Strict):
    thresholds: Thresholds
    check_model: CheckModel
    checklist_check_model: CheckModel
    absolute: dict[Text, list[Word]]
    present_cues: list[Word]


class Helpline(Strict):
    text: Text
    number: Text
    source: Text  # provenance
    last_checked: dt.date | None = None
    shown_source: Text | None = None


class DangerCategory(Strict):
    first: Text
    first_source: Text  # provenance
    before_council: list[Text] = []
    helplines: list[Text]


class CouncilPart(Strict):
    intro: Text
    unknown: list[Text]
    unknown_source: Text  # provenance


class SafetyCheck(Strict):
    text: Text
    button_yes: Text
    button_no: Text
    typed_yes: list[Text] = []
    typed_no: list[Text] = []


class CarryOn(Strict):
    in_form: Text
    outside_form: Text
    button: Text


class Helplines(Strict):
    helplines: dict[Text, Helpline]
    categories: dict[Text, DangerCategory]
    default_helplines: list[Text]
    council: CouncilPart
    carry_on: CarryOn
    helplines_heading: Text
    urgent_helplines_heading: Text
    check: SafetyCheck


# --- which model for which file ------------------------------------------------------------------------------


def schemas() -> dict[str, type[BaseModel] | None]:
    """File pattern (relative to content/) -> its model; None for messages.yml (see message_problems)."""
    return {
        "checklist.yml": Checklist,
        "details.yml": Details,
        "early_help.yml": EarlyHelp,
        "messages.yml": None,
        "councils/about_the_data.yml": AboutTheData,
        "councils/messages.yml": CouncilMessages,
        "councils/overrides.yml": Overrides,
        "councils/authorities/*.yml": Authority,
        "letter/wording.yml": _letter_models(),
        "nlp/patterns.yml": Patterns,
        "safety/decision.yml": SafetyDecision,
        "safety/helplines.yml": Helplines,
        "staff/console.yml": StaffConsole,
        "topics/*.yml": Topic,
    }


def _allowed_at(model: Any, loc: tuple) -> list[str]:
    """The keys a model allows at `loc` (the mapping that holds the stray key), for the error message."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`Model | None` -> Model."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else annotation
    return annotation


def _where(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += (
            f"[{part}]" if isinstance(part, int) and not isinstance(part, bool) else (f".{part}" if text else str(part))
        )
    return text or "(the whole file)"


def _unquoted_booleans(value: Any, loc: tuple = ()) -> list[str]:
    """YAML reads an unquoted key `yes:`, `no:`, `on:` or `off:` as true/false, so code asking for "yes" finds
    nothing. Returns the places where that happened."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, bool):
                found.append(_where((*loc, key)))
            found += _unquoted_booleans(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _unquoted_booleans(item, (*loc, index))
    return found


def _yes_no_quoted(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            ({True: "yes", False: "no"}[k] if isinstance(k, bool) else k): _yes_no_quoted(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_yes_no_quoted(item) for item in value]
    return value


def file_problems(relative: str, model: type[BaseModel]) -> list[str]:
    raw = load_yaml(relative)
    problems = [
        f"content/{relative}: {where}: YAML reads an unquoted yes/no/on/off key as true/false, so "
        f'nothing reads it; put the key in quotes ("yes":)'
        for where in _unquoted_booleans(raw)
    ]
    try:
        model.model_validate(_yes_no_quoted(raw))
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            if item["type"] == "extra_forbidden":
                allowed = _allowed_at(model, loc[:-1])
                hint = f" (keys read here: {', '.join(allowed)})" if allowed else ""
                problems.append(
                    f"content/{relative}: {_where(loc)}: nothing reads this key; remove it or fix its spelling{hint}"
                )
            elif item["type"] == "missing":
                problems.append(f"content/{relative}: {_where(loc)}: missing")
            else:
                problems.append(f"content/{relative}: {_where(loc)}: {item['msg']}")
    return problems


# --- messages.yml ----------------------------------------------------------------------------------------------

_MESSAGE_CALL = re.compile(r"messages\.(?:text|button)\(\s*[\"']([a-z_]+)[\"']")
_OUT_OF_SCOPE = re.compile(r"^\s*-\s*(out_of_scope_[a-z_]+)\s*$", re.MULTILINE)


def message_names_read() -> dict[str, str]:
    """Every message name the code asks for -> one file that asks for it."""
    names: dict[str, str] = {}
    for source in sorted([*ROOT.glob("actions/**/*.py"), *ROOT.glob("bot/**/*.py")]):
        for name in _MESSAGE_CALL.findall(source.read_text(encoding="utf-8")):
            names.setdefault(name, str(source.relative_to(ROOT)))
    # actions/stories.py answers an out_of_scope_* intent with the message of the same name.
    for name in _OUT_OF_SCOPE.findall((ROOT / "domain.yml").read_text(encoding="utf-8")):
        names.setdefault(name, "domain.yml (the reply to that intent)")
    return names


def message_problems() -> list[str]:
    """messages.yml has every message the code asks for, and nothing else (besides `sources` for them)."""
    raw = load_yaml("messages.yml")
    if not isinstance(raw, dict):
        return ["content/messages.yml: must be a mapping of message names to texts"]
    read = message_names_read()
    problems = [
        f"content/messages.yml: {where} uses {name!r}, which is missing"
        for name, where in sorted(read.items())
        if name not in raw
    ]
    for name, value in raw.items():
        if name == "sources":
            if not isinstance(value, dict):
                problems.append("content/messages.yml: sources must map message names to where their facts come from")
                continue
            problems += [
                f"content/messages.yml: sources.{key}: no message called {key!r}"
                for key in value
                if key not in raw or key == "sources"
            ]
        elif name not in read:
            problems.append(f"content/messages.yml: {name}: nothing reads this message; remove it or fix its name")
        elif not isinstance(value, str):
            problems.append(f"content/messages.yml: {name}: must be a text")
    return problems


# --- every file --------------------------------------------------------------------------------------------


def problems() -> list[str]:
    """Every YAML file in content/ against its schema; a YAML file no schema covers is read by nothing."""
    found: list[str] = []
    table = schemas()
    root = bot.content.CONTENT  # looked up at call time, so tests can point it at a copy
    for path in sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")]):
        relative = path.relative_to(root).as_posix()
        pattern = next(
            (p for p in table if fnmatch.fnmatchcase(relative, p) and "/" not in relative[len(p.split("*")[0]) :]), None
        )
        if pattern is None:
            found.append(f"content/{relative}: no code reads this file")
        elif (model := table[pattern]) is None:
            found += message_problems()
        else:
            found += file_problems(relative, model)
    return found
