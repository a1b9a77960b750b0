"""Early help respects safety (issue 10): a conversation where the safety decision saw any kind of harm never
gets "early help first" and never hears that nothing suggests serious harm."""

from __future__ import annotations

import pytest

from bot.contract import SAFETY_CATEGORIES
from bot.early_help import ASSESSMENT_REASONABLE, EARLY_HELP_FIRST, advice_for_slots, decide, rules

NOTHING_SUGGESTS = "nothing you've said suggests serious harm"
# Mild answers that, on their own, get "early help first".
MILD = {
    "problems": "he has tantrums at bedtime and won't settle",
    "severity": "a couple of times a week",
    "duration": "about 3 months",
    "tried": "nothing yet really",
    "involved": "just my mum",
    "child_age": "6",
}
EXPLAIN = rules().texts["early_help_first"]["explain"].split(".")[0]


def test_the_mild_answers_alone_get_early_help_first():
    # Without this, the tests below would prove nothing.
    result = decide(MILD)
    assert result.kind == EARLY_HELP_FIRST and NOTHING_SUGGESTS in result.message_text.lower()
    assert EXPLAIN in advice_for_slots(MILD)


@pytest.mark.parametrize("category", SAFETY_CATEGORIES)
def test_a_safety_concern_never_gets_early_help_first(category):
    slots = {**MILD, "safety_concerns": [category]}
    result = decide(MILD, safety_concerns=slots["safety_concerns"])
    assert result.kind == ASSESSMENT_REASONABLE
    assert "safety_concern" in result.reasons and "little_tried" not in result.reasons
    assert NOTHING_SUGGESTS not in result.message_text.lower()
    advice = advice_for_slots(slots)
    assert NOTHING_SUGGESTS not in advice.lower()
    assert EXPLAIN not in advice  # the "early help first" explanation
    assert "asking for an assessment is reasonable" in advice
    assert rules().texts["reasons"]["safety_concern"] in advice


def test_the_real_service_marks_a_past_sexual_abuse_disclosure_as_a_concern():
    from bot.understanding.service import Understanding

    problems = "my daughter told me her uncle touched her in a sexual way last summer"
    screened = Understanding.load(log=lambda *_: None).screen(problems, in_checklist=True)
    assert screened.concerns, screened
    slots = {**MILD, "problems": problems, "safety_concerns": screened.concerns}
    assert decide(slots, safety_concerns=screened.concerns).kind == ASSESSMENT_REASONABLE
    advice = advice_for_slots(slots)
    assert NOTHING_SUGGESTS not in advice.lower() and EXPLAIN not in advice
