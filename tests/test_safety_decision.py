"""One safety decision per message (bot/safety/decision.py), from sentence scores and content/safety/decision.yml.

The scores here are made up, so each rule is tested on its own; tests/test_early_help_safety.py and the e2e
tests use the real classifiers.
"""

from __future__ import annotations

import pytest

from bot.safety import decision
from bot.safety.decision import (
    CHECK,
    URGENT,
    SafetyDecision,
    SentenceScores,
    absolute_triggers,
    check_probability,
    decide,
    has_present_cue,
)

CONTENT = decision._content()
T = CONTENT["thresholds"]
QUIET = SentenceScores(0.0, 0.0, [])


def scores(urgent: float, check: float = 0.0, *categories: tuple[str, float]) -> SentenceScores:
    return SentenceScores(urgent, check, list(categories))


@pytest.fixture
def thresholds(monkeypatch):
    """Edits decision.yml's thresholds for one test, the way a council would."""

    def edit(**changes):
        edited = {**CONTENT, "thresholds": {**T, **changes}}
        monkeypatch.setattr(decision, "_content", lambda: edited)

    return edit


# --- absolute triggers: always urgent ----------------------------------------------------------------------

ABSOLUTE = [(category, phrase) for category, phrases in CONTENT["absolute"].items() for phrase in phrases]


@pytest.mark.parametrize(("category", "phrase"), ABSOLUTE)
@pytest.mark.parametrize("in_checklist", [False, True])
def test_every_absolute_trigger_is_urgent_whatever_the_classifier_says(category, phrase, in_checklist):
    sentence = f"my son {phrase}"
    result = decide([sentence], [QUIET], in_checklist=in_checklist)
    assert result.level == URGENT
    assert category in result.categories  # "has a knife to" is also "has a knife" (weapon)
    assert category in result.concerns


def test_absolute_triggers_match_words_not_case_or_curly_apostrophes():
    assert absolute_triggers("HE HAS A KNIFE") == ["weapon"]
    assert absolute_triggers("her seizure won’t stop") == ["medical"]
    assert absolute_triggers("he hasn't got a knifeblock") == []  # whole words only
    assert absolute_triggers("he has a knife and he took an overdose") == ["weapon", "overdose"]


def test_an_absolute_trigger_anywhere_in_a_long_message_is_urgent():
    sentences = ["He's been hard work for months.", "Tonight he has a knife.", "What do I do?"]
    assert decide(sentences, [QUIET, QUIET, QUIET], in_checklist=True).level == URGENT


# --- the classifier's scores and where the message sits ----------------------------------------------------


def test_a_sure_classifier_is_urgent_in_a_first_message():
    assert decide(["he hit her with a chair"], [scores(0.9)], in_checklist=False).level == URGENT


def test_in_a_checklist_answer_urgent_without_a_present_cue_becomes_a_check():
    sentence = "two weeks ago he threw a chair at me and the police came out"
    assert not has_present_cue(sentence)
    assert decide([sentence], [scores(0.99)], in_checklist=True).level == CHECK


@pytest.mark.parametrize(
    "sentence", ["he is hitting her right now", "he's outside with his mates tonight", "please help he won't stop"]
)
def test_in_a_checklist_answer_a_present_cue_keeps_urgent(sentence):
    assert has_present_cue(sentence)
    assert decide([sentence], [scores(0.99)], in_checklist=True).level == URGENT


def test_the_cue_is_read_in_the_sentence_the_classifier_was_sure_of():
    # "now" in another sentence does not make last month's incident urgent.
    sentences = ["last month he broke my nose", "he's calmer now"]
    assert decide(sentences, [scores(0.9), QUIET], in_checklist=True).level == CHECK


def test_the_most_serious_sentence_decides():
    result = decide(
        ["fine", "worrying", "danger"],
        [QUIET, scores(0.0, T["check_at"], ("missing", 0.9)), scores(0.9, 0.0, ("weapon", 0.9))],
        in_checklist=False,
    )
    assert result.level == URGENT and result.categories == ["weapon"]


def test_nothing_at_all_raises_nothing():
    assert decide(["we're going for my sister's birthday meal"], [scores(0.01, 0.01)], False) == SafetyDecision(None)
    assert decide([], [], False) == SafetyDecision(None)


# --- thresholds come from content/safety/decision.yml ------------------------------------------------------


def _lowest_asked(sentences: list[str], part_scores: list[float], in_checklist: bool = False) -> float:
    """The lowest whole-message score (P(urgent) + P(check), as check) that a message is asked about."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        asked = decide(sentences, [scores(0.0, middle), *(scores(0.0, p) for p in part_scores)], in_checklist).level
        low, high = (low, middle) if asked == CHECK else (middle, high)
    return high


def test_the_thresholds_in_content_are_the_boundaries():
    below = 1e-6
    assert decide(["x"], [scores(T["urgent_at"])], False).level == URGENT
    assert decide(["x"], [scores(T["urgent_at"] - below)], False).level == CHECK
    # A first message is asked about exactly when the check model says so; a checklist answer when the
    # checklist's own check model does, against its own threshold.
    for in_checklist, check_at in ((False, T["check_at"]), (True, T["checklist_check_at"])):
        for p in (0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5):
            sentences, sentence_scores = ["my son is 12"], [scores(0.0, p)]
            asked = check_probability(sentences, sentence_scores, in_checklist) >= check_at
            assert (decide(sentences, sentence_scores, in_checklist).level == CHECK) == asked
        assert decide(["my son is 12"], [scores(0.0, 0.6)], in_checklist).level == CHECK
        assert decide(["my son is 12"], [scores(0.0, 0.01)], in_checklist).level is None


def test_a_long_message_is_asked_when_its_whole_reads_as_danger_not_for_one_sentence_alone():
    story = ("word " * 60).strip()
    # One sentence of a long story that sounds like danger alone, with the whole reading calm: not asked...
    assert decide([story, "x"], [scores(0.0, 0.05), scores(0.0, 0.6)], False).level is None
    # ... but a part that is surely danger is asked about, however calm the rest (danger at the end of a back-story).
    assert decide([story, "x"], [scores(0.0, 0.05), scores(0.0, 0.9)], False).level == CHECK
    # A long story needs a surer whole than a short message does; one to three words count as four.
    assert _lowest_asked([story], []) > _lowest_asked(["my son is 12"], [])
    assert _lowest_asked(["help"], []) == pytest.approx(_lowest_asked(["my son is 12"], []), abs=1e-6)


def test_an_edited_urgent_threshold_is_used(thresholds):
    assert decide(["x"], [scores(0.7)], False).level == URGENT
    thresholds(urgent_at=0.8)
    assert decide(["x"], [scores(0.7)], False).level == CHECK


def test_an_edited_check_threshold_is_used(thresholds):
    assert decide(["my son is 12"], [scores(0.2, 0.2)], False).level == CHECK
    thresholds(check_at=0.99)
    assert decide(["my son is 12"], [scores(0.2, 0.2)], False).level is None


def test_an_edited_check_model_is_used(monkeypatch):
    edited = {**CONTENT, "check_model": {"intercept": -20.0, "weights": {**CONTENT["check_model"]["weights"]}}}
    monkeypatch.setattr(decision, "_content", lambda: edited)
    assert decide(["my son is 12"], [scores(0.3, 0.3)], False).level is None


def test_an_edited_checklist_check_model_is_used(monkeypatch):
    answer = ["he hits me most days"]
    assert decide(answer, [scores(0.3, 0.5)], True).level == CHECK
    weights = {**CONTENT["checklist_check_model"]["weights"]}
    edited = {**CONTENT, "checklist_check_model": {"intercept": -20.0, "weights": weights}}
    monkeypatch.setattr(decision, "_content", lambda: edited)
    assert decide(answer, [scores(0.3, 0.5)], True).level is None
    assert decide(answer, [scores(0.3, 0.5)], False).level == CHECK  # a first message keeps its own model


def test_the_checklist_cap_can_be_lifted_in_content(thresholds):
    thresholds(checklist_cap_without_present_cue="urgent")
    assert decide(["last month he broke my nose"], [scores(0.9)], True).level == URGENT


# --- categories and concerns -------------------------------------------------------------------------------


def test_categories_are_the_sure_ones_of_the_worst_sentence():
    at = T["category_at"]
    result = decide(["x"], [scores(0.9, 0.0, ("violence", 0.6), ("weapon", at), ("missing", at - 0.01))], False)
    assert result.categories == ["violence", "weapon"]


def test_absolute_trigger_categories_come_first():
    result = decide(["he has a knife"], [scores(0.9, 0.0, ("violence", 0.9))], False)
    assert result.categories == ["weapon", "violence"]


def test_at_most_three_categories():
    many = [(c, 0.5) for c in ("violence", "weapon", "missing", "neglect")]
    assert len(decide(["x"], [scores(0.9, 0.0, *many)], False).categories) == 3


def test_no_level_means_no_categories_but_concerns_are_kept():
    # Below check, a message still this likely to be about harm marks the conversation (early help reads it).
    concern = T["concern_at"]
    result = decide(["x"], [scores(0.0, concern, ("sexual_abuse", 0.8))], in_checklist=True)
    assert result == SafetyDecision(None, [], ["sexual_abuse"])
    assert decide(["x"], [scores(0.0, concern - 0.001, ("sexual_abuse", 0.8))], True).concerns == []


def test_as_dict_is_what_the_api_and_the_store_carry():
    assert SafetyDecision(URGENT, ["suicide"], ["suicide"]).as_dict() == {
        "level": "urgent",
        "categories": ["suicide"],
        "concerns": ["suicide"],
    }
    assert SafetyDecision(None).as_dict() == {"level": None, "categories": [], "concerns": []}


def test_every_absolute_category_is_one_the_classifier_knows():
    from bot.contract import SAFETY_CATEGORIES

    assert set(CONTENT["absolute"]) <= set(SAFETY_CATEGORIES)


def test_the_check_model_reads_each_of_the_classifiers_two_models_on_its_own():
    split = SentenceScores(0.0, 0.3, [], meaning=0.1, words=0.9)
    features = decision.check_features(["my son is 12"], [split])
    assert features["whole_meaning"] == pytest.approx(-2.1972, abs=1e-3)  # logit(0.1)
    assert features["whole_words"] == pytest.approx(2.1972, abs=1e-3)  # logit(0.9)
    assert features["whole_meaning_by_length"] == pytest.approx(features["whole_meaning"] * features["length"])
    # Without the two models' own scores (these made-up ones), the blend stands in for both.
    blended = decision.check_features(["my son is 12"], [scores(0.0, 0.3)])
    assert blended["whole_meaning"] == blended["whole_words"] == pytest.approx(-0.8473, abs=1e-3)  # logit(0.3)


def test_a_checklist_answer_of_three_words_or_fewer_is_asked_only_when_the_classifier_is_sure():
    at = T["short_answer_check_at"]
    assert decide(["he's 12"], [scores(0.0, at - 0.01)], True).level is None
    assert decide(["he's hitting me"], [scores(0.2, at - 0.2)], True).level == CHECK
    # Four words or more, or a first message, go to the check model as before.
    sure = ["he is hitting me again now"], [scores(0.2, at - 0.2)]
    assert decide(*sure, True).level == (CHECK if check_probability(*sure, True) >= T["checklist_check_at"] else None)
    assert decide(["he's 12"], [scores(0.0, at - 0.01)], False).level == CHECK
