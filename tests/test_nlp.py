"""The rule-based spaCy extraction of structure from parents' answers."""

import pytest

from bot.nlp import extract


@pytest.mark.parametrize(
    "text, durations",
    [
        ("It's been going on since September", ["since September"]),
        ("about two years now", ["about two years"]),
        ("for 18 months", ["for 18 months"]),
        ("since he started secondary school", ["since he started secondary school"]),
        ("since 2022", ["since 2022"]),
        ("a couple of years", ["a couple of years"]),
        ("she is 9 years old", []),
        ("nothing about time here", []),
    ],
)
def test_durations(text, durations):
    assert extract(text).durations == durations


@pytest.mark.parametrize(
    "text, professionals",
    [
        ("The GP referred us to CAMHS", ["GP", "CAMHS"]),
        ("i spoke to the senco and the school nurse", ["SENCO", "school nurse"]),
        ("our health visitor and a family support worker", ["health visitor", "family support worker"]),
        ("early help closed the case", ["early help"]),
        ("we did Triple P at the family hub", ["parenting course", "family hub"]),
        ("cahms said no", ["CAMHS"]),  # a common misspelling
    ],
)
def test_professionals_and_services(text, professionals):
    assert extract(text).professionals == professionals


@pytest.mark.parametrize(
    "text, relations, no_other_children",
    [
        ("his little brother is scared", ["sibling"], False),
        ("my nan helps and my partner works away", ["grandparent", "partner"], False),
        ("there are no other children", [], True),
        ("he's an only child", [], True),
    ],
)
def test_family(text, relations, no_other_children):
    found = extract(text)
    assert found.relations == relations
    assert found.no_other_children is no_other_children


@pytest.mark.parametrize(
    "text, ages",
    [("she's 12", [12]), ("my son is 15 and his sister is 9 years old", [15, 9]), ("aged 7", [7]), ("12yo", [12])],
)
def test_ages(text, ages):
    assert extract(text).ages == ages


def test_sentences_point_back_to_the_parents_words():
    found = extract("He hits out. It started in the summer, since September really. The GP knows.")
    assert found.sentences["duration"] == "It started in the summer, since September really."
    assert found.sentences["GP"] == "The GP knows."


def test_a_frequency_is_not_a_duration():
    assert extract("it's 3-4 times a week now").durations == []
    assert extract("it started a year ago").durations == ["a year ago"]
