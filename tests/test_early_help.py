"""Early help first, never a gate: the decision case by case, and the reply a parent reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pytest

from bot.conversation.checklist import DONT_KNOW, SKIPPED, Answer
from bot.early_help import (
    ASSESSMENT_REASONABLE,
    EARLY_HELP_FIRST,
    decide,
    early_help_message,
    mentions,
    months_in,
    rules,
    services_tried,
)


@dataclass
class FakeExtraction:
    """The shape bot.nlp.extract() returns; only the fields early_help reads."""

    professionals: list[str] = field(default_factory=list)
    durations: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)


CASES = [
    # id, answers, extraction, expected kind, a reason that must be there
    (
        "nothing tried, mild, toddler",
        {
            "problems": "he has tantrums at nursery pick up",
            "severity": "a couple of times a week",
            "duration": "about 3 months",
            "tried": "nothing yet really",
            "involved": "just my mum",
            "child_age": "3",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "GP, school and CAMHS tried without success",
        {
            "problems": "she is anxious and not sleeping",
            "duration": "since september",
            "tried": "we went to the GP, spoke to school and got referred to CAMHS but nothing helped",
            "involved": "school",
        },
        None,
        ASSESSMENT_REASONABLE,
        "tried_without_success",
    ),
    (
        "disabled child, nothing tried",
        {"problems": "my daughter has cerebral palsy and I can't lift her any more", "tried": "nothing"},
        None,
        ASSESSMENT_REASONABLE,
        "disabled",
    ),
    (
        "we haven't tried anything, he's autistic",
        {"problems": "meltdowns after school", "tried": "we haven't tried anything, he's autistic"},
        None,
        ASSESSMENT_REASONABLE,
        "disabled",
    ),
    (
        "serious and long-lasting",
        {
            "problems": "he refuses to go to school, its getting worse",
            "severity": "every day, I can't cope",
            "duration": "two years",
            "tried": "nothing",
            "involved": "no one",
        },
        None,
        ASSESSMENT_REASONABLE,
        "serious_and_long_lasting",
    ),
    (
        "serious but recent is still early help first",
        {
            "problems": "she has stopped going to school since her dad left",
            "severity": "every day",
            "duration": "3 weeks",
            "tried": "nothing yet",
            "involved": "my sister",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "long-lasting but mild is early help first",
        {
            "problems": "he is a fussy eater and wont try new food",
            "severity": "mealtimes are stressful",
            "duration": "for years",
            "tried": "nothing",
            "child_age": "6",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "one service tried and it did not work",
        {
            "problems": "my son is very anxious",
            "tried": "the GP but we are still on the waiting list",
            "involved": "GP",
        },
        None,
        ASSESSMENT_REASONABLE,
        "tried_without_success",
    ),
    (
        "one service tried, no word on how it went",
        {
            "problems": "my son is rude and shouts at me",
            "tried": "I spoke to his teacher",
            "involved": "school",
            "child_age": "9",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "self-harm is a sign of serious harm",
        {"problems": "my daughter has started to self harm", "duration": "a few weeks", "tried": "nothing"},
        None,
        ASSESSMENT_REASONABLE,
        "serious_harm",
    ),
    (
        "a social worker is already involved",
        {
            "problems": "things have got harder since the baby",
            "tried": "nothing",
            "involved": "we had a social worker last year",
        },
        None,
        ASSESSMENT_REASONABLE,
        "already_known",
    ),
    (
        "negated services do not count",
        {
            "problems": "he argues with me all evening",
            "duration": "a month",
            "tried": "we haven't been to the GP and not the school either",
            "involved": "nobody",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "services named by the NLP extraction count",
        {"problems": "she is withdrawn", "tried": "a few things", "involved": "a couple of people"},
        FakeExtraction(professionals=["health visitor", "family hub"]),
        ASSESSMENT_REASONABLE,
        "several_services_tried",
    ),
    (
        "the NLP extraction does not override the parent's 'not'",
        {"problems": "he argues with me", "tried": "we haven't been to the GP and not the school either"},
        FakeExtraction(professionals=["GP", "school"]),
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "a social worker named by the NLP extraction",
        {"problems": "she is withdrawn", "tried": "nothing", "involved": "Mrs Patel"},
        FakeExtraction(professionals=["social worker"]),
        ASSESSMENT_REASONABLE,
        "already_known",
    ),
    (
        "duration from the NLP extraction with a serious problem",
        {"problems": "he is aggressive and smashes things", "severity": "daily", "tried": "nothing"},
        FakeExtraction(durations=["18 months"]),
        ASSESSMENT_REASONABLE,
        "serious_and_long_lasting",
    ),
    (
        "not autistic is not a disability signal",
        {"problems": "he's not autistic, just cheeky with me", "duration": "a few months", "tried": "nothing"},
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "a fear about the future is not read as harm happening now",
        {
            "problems": "he won't do homework and argues",
            "duration": "a few months",
            "tried": "nothing",
            "without_help": "I'm scared he'll end up in trouble with the police",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "skipped and don't-know answers are fine",
        {"problems": "she won't listen and we argue", "tried": SKIPPED, "involved": DONT_KNOW},
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
    (
        "checklist Answer objects are read like text",
        {"problems": Answer("problems", "answered", "my son has ADHD"), "tried": Answer("tried", "skipped", None)},
        None,
        ASSESSMENT_REASONABLE,
        "disabled",
    ),
    (
        "curly apostrophes from phones",
        {
            "problems": "he\u2019s lonely at school",
            "tried": "we haven\u2019t seen the GP yet",
            "involved": "no one",
            "child_age": "12",
        },
        None,
        EARLY_HELP_FIRST,
        "little_tried",
    ),
]


@pytest.mark.parametrize("answers, extraction, kind, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decision(answers, extraction, kind, reason):
    decision = decide(answers, extraction)
    assert decision.kind == kind
    assert reason in decision.reasons
    if kind == ASSESSMENT_REASONABLE:
        assert decision.suggested_services == []
    else:
        assert decision.suggested_services, "early help first must name services that fit"


def test_a_caller_can_pass_services_it_already_knows():
    answers = {"problems": "she won't go to bed", "tried": "some things"}
    assert decide(answers).kind == EARLY_HELP_FIRST
    decision = decide(answers, known_services_tried={"GP", "parenting course"})
    assert decision.kind == ASSESSMENT_REASONABLE
    assert decision.services_tried == ["GP", "parenting course"]


@pytest.mark.parametrize(
    "answers, expected_first, never",
    [
        (
            {"problems": "he's struggling with reading and falling behind at school", "child_age": "8"},
            "SENCO",
            {"health visitor"},
        ),
        (
            {"problems": "my baby won't sleep and I'm exhausted", "child_age": "1"},
            "health visitor",
            {"SENCO", "school nurse", "youth worker"},
        ),
        ({"problems": "she is anxious and has panic attacks", "child_age": "14"}, "GP", {"health visitor"}),
        ({"problems": "tantrums and defiant behaviour", "child_age": "7"}, "parenting course", {"health visitor"}),
    ],
)
def test_suggestions_fit_what_the_parent_said(answers, expected_first, never):
    decision = decide({**answers, "tried": "nothing"})
    names = [s.name for s in decision.suggested_services]
    assert decision.kind == EARLY_HELP_FIRST
    assert names[0] == expected_first
    assert not never & set(names)
    assert names[-1] == "early help", "the council's early help team is always offered, last"


def test_a_service_already_tried_is_not_suggested_again():
    decision = decide({"problems": "he is anxious at school", "tried": "we talked to the GP", "child_age": "10"})
    assert decision.kind == EARLY_HELP_FIRST
    assert decision.services_tried == ["GP"]
    assert "GP" not in [s.name for s in decision.suggested_services]


def test_early_help_message_names_services_links_council_and_says_they_can_still_ask():
    decision = decide({"problems": "reading and homework battles at school", "tried": "nothing", "child_age": "9"})
    text = early_help_message(decision, "https://www.cornwall.gov.uk/earlyhelphub")
    assert "https://www.cornwall.gov.uk/earlyhelphub" in text
    assert "SENCO" in text
    assert "You can still ask for an assessment now" in text
    assert "Your answers are kept here" in text
    assert "letter" not in text.lower(), "before the letter exists, early help must not promise one"
    explain = rules().texts["early_help_first"]["explain"].strip()
    assert explain.count(". ") + 1 == 2, "the explanation is two sentences"


def test_early_help_message_without_a_council_link_offers_to_find_the_council():
    text = early_help_message(decide({"problems": "arguing", "tried": "nothing"}), None)
    assert "http" not in text
    assert "postcode" in text
    assert "You can still ask for an assessment now" in text


def test_assessment_reasonable_message_gives_the_reason_and_goes_on_to_the_letter():
    decision = decide({"problems": "my son is autistic", "tried": "GP and school, it didn't help"})
    text = early_help_message(decision, "https://example.invalid/ignored")
    assert text.startswith("From what you've told me, asking for an assessment is reasonable.")
    assert "disability" in text
    assert "tried help" in text
    assert text.count("tried help") == 1, "the two 'tried' reasons are not both read out"
    assert "letter" in text
    assert "example.invalid" not in text


@pytest.mark.parametrize(
    "text, months",
    [
        ("about 8 months", 8),
        ("two years", 24),
        ("a year and a half", 18),
        ("3 weeks", 3 * 7 / (365.25 / 12)),
        ("a couple of months", 2),
        ("since september", (date(2026, 11, 22) - date(2026, 9, 1)).days / (365.25 / 12)),
        ("my 12 year old", None),
        ("3 times a week", None),
        ("", None),
    ],
)
def test_months_in(text, months):
    found = months_in(text, today=date(2026, 11, 22))
    assert (found is None) if months is None else found == pytest.approx(months)


def test_mentions_respects_negation_only_within_the_same_part_of_a_sentence():
    words = ("camhs", "gp")
    assert mentions("not CAMHS, but the GP", words) == ["gp"]
    assert mentions("no camhs and no gp", words) == []
    assert mentions("camhs said no", words) == ["camhs"]


def test_services_tried_reads_both_tried_and_involved():
    assert services_tried({"tried": "parenting class", "involved": "health visitor and the SENCO"}) == [
        "health visitor",
        "SENCO",
        "parenting course",
    ]


def test_the_pastoral_lead_is_not_suggested_when_the_school_was_tried():
    decision = decide({"problems": "bullying and fights at school", "tried": "I told his teacher", "child_age": "12"})
    assert decision.kind == EARLY_HELP_FIRST
    assert "pastoral lead" not in [s.name for s in decision.suggested_services]
    assert "pastoral lead" in [
        s.name
        for s in decide(
            {"problems": "bullying and fights at school", "tried": "nothing", "child_age": "12"}
        ).suggested_services
    ]


def test_every_suggestion_and_rule_source_is_sound():
    from bot.content import load_yaml

    raw = load_yaml("early_help.yml")
    known = set(rules().services)
    for item in raw["suggestions"]:
        assert item["name"] in known or item.get("same_as") in known, item["name"]
    for source in raw["sources"]:
        assert source.get("seed") or str(source.get("ref", "")).startswith("content-sources.md: ")


def test_what_should_i_do_before_any_answer_still_gets_a_kind_reply():
    decision = decide({})
    assert decision.kind == EARLY_HELP_FIRST
    assert [s.name for s in decision.suggested_services] == ["early help"]
    assert "You can still ask for an assessment now" in early_help_message(decision)


def test_with_the_real_nlp_extraction_negation_still_holds():
    from bot.nlp import extract

    answers = {
        "problems": "he argues with me",
        "tried": "we haven't been to the GP and not the school either",
        "involved": "nobody",
    }
    said = " ".join(answers[key] for key in ("tried", "involved"))
    assert decide(answers, extract(said)).kind == EARLY_HELP_FIRST
    answers["tried"] = "GP, school and CAMHS but nothing helped"
    said = " ".join(answers[key] for key in ("tried", "involved"))
    assert decide(answers, extract(said)).kind == ASSESSMENT_REASONABLE


# --- Reading the parent right (issue 15): ages, dates, word forms, negation, tenses ---------------------

NOVEMBER = date(2026, 11, 22)
NEXT_JUNE = date(2027, 6, 1)
SCHOOL_REFUSAL = {
    "problems": "my 12 year old won't go to school, she says her tummy hurts every morning",
    "severity": "every day, she hasn't been in for weeks",
    "duration": "since September",
    "tried": "nothing really",
    "involved": "just me and her nan",
}


def test_an_age_is_never_read_as_how_long_and_since_september_is_measured_from_today():
    # The old reading took "12 year old" as twelve years: serious and long-lasting.
    decision = decide(SCHOOL_REFUSAL, today=NOVEMBER)
    assert decision.kind == EARLY_HELP_FIRST, decision.reasons
    assert "serious_and_long_lasting" not in decision.reasons
    names = [s.name for s in decision.suggested_services]
    assert "SENCO" in names and "health visitor" not in names, "the age (12) is still read, as an age"
    # Nine months after September the same answers are serious and long-lasting.
    later = decide(SCHOOL_REFUSAL, today=NEXT_JUNE)
    assert later.kind == ASSESSMENT_REASONABLE and "serious_and_long_lasting" in later.reasons


@pytest.mark.parametrize(
    "problems",
    [
        "my 12 year old won't go to school and it's every day",
        "she is 9 years old and has meltdowns every day",
        "my 14-year-old is out of control all the time",
        "he's 15 yrs old and aggressive every day",
        "my 12yo refuses to go to school every day",
    ],
)
def test_ages_in_a_serious_problem_are_not_long_lasting(problems):
    decision = decide({"problems": problems, "duration": "a few weeks", "tried": "nothing"}, today=NOVEMBER)
    assert "serious_and_long_lasting" not in decision.reasons
    assert decision.kind == EARLY_HELP_FIRST


@pytest.mark.parametrize(
    "duration, long_lasting",
    [
        ("since September", False),  # two and a half months before NOVEMBER
        ("since last September", False),
        ("since Christmas", True),  # eleven months
        ("since September 2024", True),
        ("since 2023", True),
        ("since the summer", False),
        ("about 8 months", True),
        ("a year and a half", True),
        ("two and a half years", True),
        ("half a year", True),
        ("a year", True),
        ("for years", True),
        ("as long as I can remember", True),
        ("since he was little", True),
        ("all his life really", True),
        ("3 weeks", False),
        ("a couple of months", False),
        ("it happens 3 times a week", False),
        ("once a month or so", False),
        ("his brother is 2 years older and it started when he left", False),
        ("not for a long time, just since half term", False),
    ],
)
def test_how_long_from_the_parents_words(duration, long_lasting):
    answers = {
        "problems": "he is aggressive and smashes things",
        "severity": "daily",
        "duration": duration,
        "tried": "nothing",
    }
    decision = decide(answers, today=NOVEMBER)
    assert ("serious_and_long_lasting" in decision.reasons) is long_lasting, decision.reasons


@pytest.mark.parametrize(
    "problems",
    [
        "she overdosed on paracetamol last month",
        "he took an overdose in the summer",
        "she is overdosing on her inhaler on purpose",
        "my daughter self-harmed at school",
        "he's been self harming for a while",
        "she self harms when she is upset",
        "my son selfharms",
        "she's been cutting",
        "she's cutting again",
        "my daughter is cutting herself",
        "he cuts himself with a pencil sharpener blade",
        "she cut her arms last week",
        "he has started cutting",
        "she said she wanted to die",
        "he wont go to school and he's violent at home",
        "he keeps saying he wants to kill himself",
        "he hit me last night",
        "he's hitting me and his sister",
        "he punched a hole in the door",
        "he ran away twice this month",
        "she keeps running away",
        "he went missing overnight",
        "she goes missing for days",
        "she has stopped eating",
        "she isn\u2019t eating",
        "he carries knives",
        "I think she's being groomed online",
        "older boys are exploiting him",
        "he was abused by his stepdad",
        "the police brought him home",
    ],
)
def test_signs_of_serious_harm_in_any_form_or_tense(problems):
    decision = decide({"problems": problems, "duration": "a few weeks", "tried": "nothing"}, today=NOVEMBER)
    assert decision.kind == ASSESSMENT_REASONABLE and "serious_harm" in decision.reasons, decision.reasons


@pytest.mark.parametrize(
    "problems",
    [
        "she doesn't self-harm, she just shuts herself in her room",
        "he has never been violent, he just sulks",
        "no drugs or anything like that, he's just rude",
        "she hasn't run away, she stays in her room",
        "he's not hitting anyone, he just shouts",
        "she cut her hair really short and dyed it",  # "cut" alone is not cutting herself
        "his support hours have been cut",
    ],
)
def test_harm_words_after_a_not_are_not_signs_of_harm(problems):
    decision = decide({"problems": problems, "duration": "a few weeks", "tried": "nothing"}, today=NOVEMBER)
    assert "serious_harm" not in decision.reasons
    assert decision.kind == EARLY_HELP_FIRST


def test_a_fear_of_harm_to_come_is_not_harm_happening():
    answers = {
        "problems": "she is very low",
        "duration": "a few weeks",
        "tried": "nothing",
        "without_help": "I'm scared she'll start self-harming",
    }
    assert "serious_harm" not in decide(answers, today=NOVEMBER).reasons


@pytest.mark.parametrize(
    "tried, involved, expected",
    [
        ("no one at school has helped", "nobody", []),
        ("we haven't tried CAMHS", "no one", []),
        ("we haven\u2019t tried CAMHS or the GP", "", []),
        ("nothing, we've not been to the GP", "", []),
        ("CAMHS - not yet", "", []),
        ("we've had no help from the school", "", []),
        ("she won't see the GP", "", []),
        ("we haven't tried the GP, school or CAMHS", "", []),  # a list: the "not" goes on
        ("haven't been to the GP, school and CAMHS yet", "", []),
        ("school weren't interested, the GP referred us to CAMHS", "", ["GP", "school", "CAMHS"]),  # a new clause
        ("he isn't sleeping, we've been to the GP", "", ["GP"]),
        ("Not been to the GP. School are aware", "", ["school"]),
        ("not CAMHS, but the GP", "", ["GP"]),
        ("we went to the GP", "", ["GP"]),
        ("we've been going to a parenting course", "", ["parenting course"]),
        ("the school has helped a bit", "", ["school"]),
        ("the school hasn't helped", "", ["school"]),  # the school was asked: tried without success
        ("not only the GP but CAMHS too", "", ["GP", "CAMHS"]),
        ("we saw a psychologist privately", "", ["psychologist"]),
        ("", "his paediatrician and the SENCO", ["SENCO", "paediatrician"]),
        ("GP, community paeds and speech therapy", "", ["GP", "paediatrician", "speech and language therapist"]),
    ],
)
def test_what_counts_as_help_tried(tried, involved, expected):
    assert services_tried({"tried": tried, "involved": involved}) == expected


@pytest.mark.parametrize(
    "involved, known",
    [
        ("we had a social worker last year", True),
        ("social services were involved when he was little", True),
        ("we no longer have a social worker", True),
        ("she is on a child protection plan", True),
        ("never had a social worker", False),
        ("we've never had social services involved", False),
        ("no social worker, just the school", False),
        ("social services have not been involved", False),
    ],
)
def test_already_known_to_childrens_social_care(involved, known):
    decision = decide({"problems": "she is withdrawn", "tried": "nothing", "involved": involved})
    assert ("already_known" in decision.reasons) is known, decision.reasons


@pytest.mark.parametrize(
    "problems, disabled",
    [
        ("he is autistic and has meltdowns", True),
        ("he's not been diagnosed but the school think he's autistic", True),
        ("not diagnosed yet, but we think she has ADHD", True),
        ("we haven't told the school she's autistic", True),
        ("she uses a wheelchair", True),
        ("she has learning disabilities", True),
        ("he's not autistic, just cheeky", False),
        ("there is no disability, he's just angry", False),
    ],
)
def test_disability_or_maybe_disability(problems, disabled):
    decision = decide({"problems": problems, "tried": "nothing"})
    assert ("disabled" in decision.reasons) is disabled, decision.reasons


@pytest.mark.parametrize(
    "tried, without_success",
    [
        ("the GP referred us to CAMHS and we're still waiting", True),
        ("GP and CAMHS but nothing's helped", True),
        ("CAMHS discharged her after 6 sessions", True),
        ("the parenting course made no difference", True),
        ("school tried a plan but it hasn't worked", True),
        ("the GP was lovely and we start CAMHS next week", False),
        ("we haven't tried anything yet", False),
    ],
)
def test_help_tried_without_success(tried, without_success):
    decision = decide({"problems": "she is anxious", "tried": tried})
    assert ("tried_without_success" in decision.reasons) is without_success, decision.reasons


def test_a_not_before_a_comma_does_not_reach_a_new_clause():
    answers = {
        "problems": "my english is not good, my daughter 13 is not going to school and crying all the time",
        "duration": "since Easter",
        "tried": "nothing",
    }
    assert "serious_and_long_lasting" in decide(answers, today=NOVEMBER).reasons


def test_serious_words_after_a_not_are_not_serious():
    answers = {
        "problems": "it's not every day and she's not out of control",
        "duration": "two years",
        "tried": "nothing",
    }
    assert "serious_and_long_lasting" not in decide(answers, today=NOVEMBER).reasons
    answers["problems"] = "it's every day and she's out of control"
    assert "serious_and_long_lasting" in decide(answers, today=NOVEMBER).reasons


def test_the_advice_for_a_conversation_reads_the_slots_with_an_injectable_date():
    from bot.early_help import advice_for_slots

    assert "reasonable" not in advice_for_slots(SCHOOL_REFUSAL, today=NOVEMBER)
    assert "asking for an assessment is reasonable" in advice_for_slots(SCHOOL_REFUSAL, today=NEXT_JUNE)


# --- Wording: it only advises, and never promises a letter that does not exist yet ----------------------

PROMISE = re.compile(
    r"letter (stays|is (here|ready|waiting|saved|safe))|ready when you are|letter .{0,20}(kept|saved|waiting)",
    re.IGNORECASE,
)


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_no_early_help_wording_promises_a_letter_that_does_not_exist_yet():
    for text in _strings(rules().texts):
        assert not PROMISE.search(text), text
    # The "early help first" reply says nothing of a letter at all: the parent may not want one yet.
    for text in _strings(rules().texts["early_help_first"]) + _strings(rules().texts["reasons"]):
        assert "letter" not in text.lower(), text
    for answers in ({}, SCHOOL_REFUSAL, {"problems": "she self-harms", "tried": "GP, CAMHS"}):
        for today in (NOVEMBER, NEXT_JUNE):
            reply = early_help_message(decide(answers, today=today), "https://example.invalid/early-help")
            assert not PROMISE.search(reply), reply


def test_no_message_before_the_letter_promises_it():
    from bot.content import load_yaml

    messages = load_yaml("messages.yml")
    for key, value in messages.items():
        if key == "finished_state":  # said once the letter exists
            continue
        for text in _strings(value):
            assert not PROMISE.search(text), (key, text)


def test_early_help_never_gates_the_checklist():
    # Whatever it advises, the answer to "who is involved?" is kept and the form goes on.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.checklist_form import ValidateChecklistForm
    from tests.test_actions_checklist import tracker

    for involved in ("nobody yet", "social worker and CAMHS, nothing helped"):
        dispatcher = CollectingDispatcher()
        slots = ValidateChecklistForm().validate_answer("involved", involved, tracker(involved, "answer"), dispatcher)
        assert slots["involved"] == involved
        advice = " ".join(m.get("text") or "" for m in dispatcher.messages)
        assert "You can still ask for an assessment now" in advice or "asking for an assessment is reasonable" in advice


# --- How the word lists are read ---------------------------------------------------------------------------


def test_a_plain_word_finds_its_other_forms_and_other_forms_only_themselves():
    from bot.early_help import forms

    assert {"overdose", "overdosed", "overdoses", "overdosing"} <= set(forms("overdose"))
    assert {"harm", "harmed", "harming", "harms"} <= set(forms("harm"))
    assert {"run", "ran", "running", "runs"} <= set(forms("run"))
    assert {"knife", "knives"} <= set(forms("knife"))
    assert forms("years") == ("years",)
    assert "cut" not in forms("cutting")
    assert mentions("she self-harmed and overdosed", ["self-harm", "overdose"]) == ["self-harm", "overdose"]


def test_every_service_is_a_professional_the_nlp_recognises():
    from bot.content import load_yaml

    professionals = set(load_yaml("nlp/patterns.yml")["professionals"])
    assert set(rules().services) <= professionals
    assert set(rules().already_known_professionals) <= professionals
