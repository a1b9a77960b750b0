"""Early help first, never a gate: the decision case by case, and the reply a parent reads."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

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
from bot.checklist import DONT_KNOW, SKIPPED, Answer


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
        {"problems": "he has tantrums at nursery pick up", "severity": "a couple of times a week",
         "duration": "about 3 months", "tried": "nothing yet really", "involved": "just my mum", "child_age": "3"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "GP, school and CAMHS tried without success",
        {"problems": "she is anxious and not sleeping", "duration": "since september",
         "tried": "we went to the GP, spoke to school and got referred to CAMHS but nothing helped",
         "involved": "school"},
        None, ASSESSMENT_REASONABLE, "tried_without_success",
    ),
    (
        "disabled child, nothing tried",
        {"problems": "my daughter has cerebral palsy and I can't lift her any more", "tried": "nothing"},
        None, ASSESSMENT_REASONABLE, "disabled",
    ),
    (
        "we haven't tried anything, he's autistic",
        {"problems": "meltdowns after school", "tried": "we haven't tried anything, he's autistic"},
        None, ASSESSMENT_REASONABLE, "disabled",
    ),
    (
        "serious and long-lasting",
        {"problems": "he refuses to go to school, its getting worse", "severity": "every day, I can't cope",
         "duration": "two years", "tried": "nothing", "involved": "no one"},
        None, ASSESSMENT_REASONABLE, "serious_and_long_lasting",
    ),
    (
        "serious but recent is still early help first",
        {"problems": "she has stopped going to school since her dad left", "severity": "every day",
         "duration": "3 weeks", "tried": "nothing yet", "involved": "my sister"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "long-lasting but mild is early help first",
        {"problems": "he is a fussy eater and wont try new food", "severity": "mealtimes are stressful",
         "duration": "for years", "tried": "nothing", "child_age": "6"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "one service tried and it did not work",
        {"problems": "my son is very anxious", "tried": "the GP but we are still on the waiting list",
         "involved": "GP"},
        None, ASSESSMENT_REASONABLE, "tried_without_success",
    ),
    (
        "one service tried, no word on how it went",
        {"problems": "my son is rude and shouts at me", "tried": "I spoke to his teacher", "involved": "school",
         "child_age": "9"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "self-harm is a sign of serious harm",
        {"problems": "my daughter has started to self harm", "duration": "a few weeks", "tried": "nothing"},
        None, ASSESSMENT_REASONABLE, "serious_harm",
    ),
    (
        "a social worker is already involved",
        {"problems": "things have got harder since the baby", "tried": "nothing",
         "involved": "we had a social worker last year"},
        None, ASSESSMENT_REASONABLE, "already_known",
    ),
    (
        "negated services do not count",
        {"problems": "he argues with me all evening", "duration": "a month",
         "tried": "we haven't been to the GP and not the school either", "involved": "nobody"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "services named by the NLP extraction count",
        {"problems": "she is withdrawn", "tried": "a few things", "involved": "a couple of people"},
        FakeExtraction(professionals=["health visitor", "family hub"]), ASSESSMENT_REASONABLE,
        "several_services_tried",
    ),
    (
        "the NLP extraction does not override the parent's 'not'",
        {"problems": "he argues with me", "tried": "we haven't been to the GP and not the school either"},
        FakeExtraction(professionals=["GP", "school"]), EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "a social worker named by the NLP extraction",
        {"problems": "she is withdrawn", "tried": "nothing", "involved": "Mrs Patel"},
        FakeExtraction(professionals=["social worker"]), ASSESSMENT_REASONABLE, "already_known",
    ),
    (
        "duration from the NLP extraction with a serious problem",
        {"problems": "he is aggressive and smashes things", "severity": "daily", "tried": "nothing"},
        FakeExtraction(durations=["18 months"]), ASSESSMENT_REASONABLE, "serious_and_long_lasting",
    ),
    (
        "not autistic is not a disability signal",
        {"problems": "he's not autistic, just cheeky with me", "duration": "a few months", "tried": "nothing"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "a fear about the future is not read as harm happening now",
        {"problems": "he won't do homework and argues", "duration": "a few months", "tried": "nothing",
         "without_help": "I'm scared he'll end up in trouble with the police"},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "skipped and don't-know answers are fine",
        {"problems": "she won't listen and we argue", "tried": SKIPPED, "involved": DONT_KNOW},
        None, EARLY_HELP_FIRST, "little_tried",
    ),
    (
        "checklist Answer objects are read like text",
        {"problems": Answer("problems", "answered", "my son has ADHD"),
         "tried": Answer("tried", "skipped", None)},
        None, ASSESSMENT_REASONABLE, "disabled",
    ),
    (
        "curly apostrophes from phones",
        {"problems": "he\u2019s lonely at school", "tried": "we haven\u2019t seen the GP yet", "involved": "no one",
         "child_age": "12"},
        None, EARLY_HELP_FIRST, "little_tried",
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
        ({"problems": "he's struggling with reading and falling behind at school", "child_age": "8"},
         "SENCO", {"health visitor"}),
        ({"problems": "my baby won't sleep and I'm exhausted", "child_age": "1"},
         "health visitor", {"SENCO", "school nurse", "youth service"}),
        ({"problems": "she is anxious and has panic attacks", "child_age": "14"},
         "GP", {"health visitor"}),
        ({"problems": "tantrums and defiant behaviour", "child_age": "7"},
         "parenting course", {"health visitor"}),
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
    assert "letter" in text
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
    [("about 8 months", 8), ("two years", 24), ("a year and a half", 18), ("3 weeks", 3 * 12 / 52),
     ("a couple of months", 2), ("since september", None), ("", None)],
)
def test_months_in(text, months):
    found = months_in(text)
    assert (found is None) if months is None else found == pytest.approx(months)


def test_mentions_respects_negation_only_within_the_same_part_of_a_sentence():
    words = ("camhs", "gp")
    assert mentions("not CAMHS, but the GP", words, rules().not_words) == ["gp"]
    assert mentions("no camhs and no gp", words, rules().not_words) == []
    assert mentions("camhs said no", words, rules().not_words) == ["camhs"]


def test_services_tried_reads_both_tried_and_involved():
    assert services_tried({"tried": "parenting class", "involved": "health visitor and the SENCO"}) == [
        "health visitor", "SENCO", "parenting course"]


def test_the_pastoral_lead_is_not_suggested_when_the_school_was_tried():
    decision = decide({"problems": "bullying and fights at school", "tried": "I told his teacher", "child_age": "12"})
    assert decision.kind == EARLY_HELP_FIRST
    assert "pastoral lead" not in [s.name for s in decision.suggested_services]
    assert "pastoral lead" in [s.name for s in decide({"problems": "bullying and fights at school",
                                                          "tried": "nothing", "child_age": "12"}).suggested_services]


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
    answers = {"problems": "he argues with me", "tried": "we haven't been to the GP and not the school either",
               "involved": "nobody"}
    said = " ".join(answers[key] for key in ("tried", "involved"))
    assert decide(answers, extract(said)).kind == EARLY_HELP_FIRST
    answers["tried"] = "GP, school and CAMHS but nothing helped"
    said = " ".join(answers[key] for key in ("tried", "involved"))
    assert decide(answers, extract(said)).kind == ASSESSMENT_REASONABLE
