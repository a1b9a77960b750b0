"""The safety screen's behaviour on the cases the brief names: negation, past and topic context, recency,
misspellings, indirect wording, odd input, and content that would be silently misread."""
import pytest

from bot.content import ContentError
from bot.safety import screen
from bot.safety.patterns import PatternLanguage


@pytest.mark.parametrize("message", [
    "he says he doesn't want to be here anymore",
    "i'm scared i'll lose it and hurt her",
    "she's been gone since last night and not answering",
    "my partner has the kids and has a knife",
    "she self-harmed last night",
    "she used to self harm but she cut herself again last night",
    "my son is SUICIDAL",
    "my son is sucidal",  # one typo
    "hes gonna kil me",
    "pls help my bf keeps hittin me n the baby is here",
    "I'm not sure but I think my daughter is being groomed",  # "not" does not reach past "but"
    "he won't stop hitting me",  # "won't" is not a negation of the hitting
    "my son is not eating and says he wants to die",  # "and" ends the negated clause
])
def test_urgent(message):
    assert screen(message).level == "urgent"


@pytest.mark.parametrize("message", [
    "he's not in danger",
    "she used to self-harm years ago but she's fine now",
    "we did a knife crime workshop",
    "suicide prevention assembly",
    "I'd never hurt him",
    "self-harm awareness week at school",
    "he hit a growth spurt",
    "my feet are killing me",
    "he's learning to use a knife and fork",
    "my son is missing school a lot",
])
def test_not_urgent(message):
    assert screen(message).level != "urgent"


def test_negated_danger_is_kept_as_possible_so_the_nlu_can_still_be_asked():
    result = screen("he's not in danger")
    assert result.level == "possible"
    assert [hit.downgraded_by for hit in result.hits] == ["negation"]


def test_result_names_categories_and_positions_but_never_the_words():
    result = screen("my son has taken an overdose and my partner hits me")
    assert result.urgent
    assert set(result.categories) >= {"overdose", "domestic_abuse"}
    # Privacy: a result may be logged; it holds token positions and rule names, never the parent's words.
    for hit in result.hits:
        assert set(vars(hit)) == {"category", "rule", "strength", "start", "end", "downgraded_by"}
        assert hit.end > hit.start


def test_danger_buried_in_a_long_message_is_found():
    filler = "We have been waiting for CAMHS for a long time and school keep calling me in. " * 60
    message = filler + "Last night he said he wants to kill himself. " + filler
    assert len(message) > 5000
    assert screen(message).level == "urgent"


@pytest.mark.parametrize("message", ["", "   ", "...", "😀😀", None, 42])
def test_odd_input_screens_as_none_without_raising(message):
    assert screen(message).level == "none"


def test_a_gap_in_a_pattern_never_crosses_a_full_stop():
    # "i *5 hurt him" must not join "I ..." in one sentence to "hurt him" in the next.
    assert screen("I went to the GP. Nothing hurt him in the end, he was fine.").level != "urgent"
    assert screen("we are all safe. no abuse.").level != "urgent"


def test_yaml_booleans_in_word_lists_are_refused():
    with pytest.raises(ContentError, match="quotes"):
        PatternLanguage({"negation": ["not", False]}, {})


def test_bad_pattern_language_is_refused_clearly():
    language = PatternLanguage({"child": ["son"]}, {"obj": ["him", "her"]})
    with pytest.raises(ContentError, match="unknown word group"):
        language.compile("@nope kill", "test")
    with pytest.raises(ContentError, match="unknown macro"):
        language.compile("{nope} kill", "test")
    with pytest.raises(ContentError, match="optional"):
        language.compile("kill? *3", "test")
    compiled = language.compile("kill {obj}", "test")
    assert compiled.phrases == [["kill", "him"], ["kill", "her"]]


@pytest.mark.parametrize("message, urgent", [
    ("she's 13 and dating a 25 year old", True),
    ("my daughter (14) is pregnant and the dad is 31", True),
    ("my son is 14 and his dad is 45", False),  # two ages but nothing between them
    ("my daughter is 17 and her boyfriend is 18", False),  # 17 is not in the child range used here
    ("She's 13. Her boyfriend is lovely. Her uncle is 25.", False),  # parts must share one sentence
])
def test_child_adult_age_gap_combination(message, urgent):
    assert (screen(message).level == "urgent") is urgent


def test_a_sum_of_money_is_not_a_year_in_the_past():
    assert screen("my son's been kidnapped by dealers and they want £2000").level == "urgent"
    assert screen("she took an overdose in 2019 and has had lots of support since").level == "possible"
