"""The safety screen on checklist answers: a parent describing what usually happens or happened before (past
violence, damage, meltdowns) is asked about ("possible": the NLU decides), not met with the emergency message;
the same words about something happening now stay urgent. Figures for the whole sets: tests/test_safety_eval.py.
"""
import pytest

from bot.safety.screen import NONE, POSSIBLE, URGENT, screen

PAST_OR_EVERYDAY = [
    # the three answers that escalated in a test conversation
    "honestly its everything atm, he kicks off most nights & smashed his bedroom door last wk. School keep ringing me to collect him",
    "Last Tuesday he threw a chair at me, and it's 3-4 times a week now.",
    "my son punched me in the face last month",
    "my son hits me",
    "he punches me when he wants money, it's been going on for 2 years",
    "he ran away for a night last summer, he came back the next morning",
]

NOW = [
    "he hit me tonight and he's still here and I'm scared",
    "he's got a knife and he's in his room threatening to use it",
    "she took a load of pills an hour ago",
    "she's not come home since yesterday and won't answer",
    "he is hitting me",
    "my husband hits me",
    "he threw a chair at me tonight",
    # a count of blows is one attack, not a habit
    "he stabbed her three times",
    "he's stabbed me twice",
    # a habit word and danger now in one sentence
    "he punches me most days and he's downstairs now threatening me",
]


@pytest.mark.parametrize("message", PAST_OR_EVERYDAY)
def test_past_or_everyday_behaviour_is_asked_about_not_escalated_at_once(message):
    assert screen(message).level == POSSIBLE


@pytest.mark.parametrize("message", NOW)
def test_the_same_kind_of_words_about_now_stay_urgent(message):
    assert screen(message).level == URGENT


def test_weak_words_of_unrelated_categories_never_add_up_to_urgent():
    # "kicked off" (domestic abuse) and "bedroom" (sexual abuse) in one sentence used to make "urgent"
    result = screen("he kicked off and went to his bedroom")
    assert result.level == POSSIBLE
    assert all(not hit.adds_up for hit in result.hits)
    # and the weak word does not name a category beside a stronger one: no sexual-abuse helplines for "bedroom"
    assert screen("he smashed the door of his bedroom").categories == ("domestic_abuse",)
    # two loose words that are not weak still add up ("took something" ... "won't wake up")
    assert screen("he's taken something and he won't wake up").level == URGENT


@pytest.mark.parametrize("message", [
    "some days i feel like i could snap and hit him",  # a parent afraid they will hurt their child
    "he is strangling me most nights now",  # strangling is never softened by how often
    "she told me last week that her uncle touched her",  # a disclosure of sexual abuse
    "she cut herself last week",  # self-harm is not softened by "last week"
])
def test_time_and_habit_words_never_soften_what_must_stay_urgent(message):
    assert screen(message).level == URGENT


def test_medicine_names_ending_in_in_are_not_read_as_dropped_g():
    # "melatonin" / "insulin" used to become "melatoning" / "insuling" and slip past the overdose patterns
    assert screen("he swallowed all his melatonin about 20 mins ago").level == URGENT
    assert screen("she has taken all her insulin").level == URGENT
    assert screen("we went to see my cousin").level == NONE
