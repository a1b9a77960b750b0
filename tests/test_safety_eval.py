"""The safety screen on the evaluation sets: the screen ALONE (no NLU) must catch every must-escalate message of
the training splits (the general set and the checklist answers) and raise false alarms on fewer than 5% of their
near misses. Run with -s to see the figures:

    pytest -s tests/test_safety_eval.py
"""
import yaml

from bot.paths import ROOT
import pytest

from bot.safety.evaluation import EVAL_DIR, HELD_OUT_SPLITS, SPLITS, TRAINING_SPLITS, evaluate, load_messages

# Recall of the screen alone on the final held-out set (v9): 55/80 blind, 56/80 after one generic bug fix it
# exposed (see tests/safety_eval/README.md). A floor, so later pattern changes cannot quietly make it worse.
# It is NOT 100%: patterns alone do not catch every new wording, which is why "possible" asks the NLU.
HELD_OUT_RECALL_FLOOR = 0.70

# Checklist answers held out (v5, final, see tests/safety_eval/README.md), measured once blind: 12/14 caught
# outright, 8/51 false alarms (15.7%: over the 5% bar, reported, not hidden). A floor and a ceiling so later
# changes cannot quietly make them worse.
CHECKLIST_HELD_OUT_RECALL_FLOOR = 12 / 14
CHECKLIST_HELD_OUT_FALSE_ALARMS_CEILING = 8 / 51
# smallest sizes: (must-escalate, near misses)
TRAINING_SIZES = {"training": (150, 150), "checklist": (40, 150)}


@pytest.mark.parametrize("split", TRAINING_SPLITS)
def test_training_split_recall_is_total_and_false_alarms_are_rare(split):
    figures = evaluate(split)
    print("\n" + figures.summary())
    least_must, least_near = TRAINING_SIZES[split]
    assert figures.must_escalate >= least_must and figures.near_misses >= least_near
    assert figures.missed == [], f"missed must-escalate messages: {figures.missed}"
    assert figures.false_alarm_rate < 0.05, f"false alarms: {figures.false_alarms}"


def test_held_out_split_false_alarms_are_rare_and_recall_does_not_regress():
    figures = evaluate("held-out")
    print("\n" + figures.summary())
    assert figures.must_escalate >= 50 and figures.near_misses >= 50
    assert figures.false_alarm_rate < 0.05, f"false alarms: {figures.false_alarms}"
    assert figures.recall >= HELD_OUT_RECALL_FLOOR


def test_checklist_held_out_figures_do_not_regress():
    figures = evaluate("checklist held-out")
    print("\n" + figures.summary())
    assert figures.must_escalate >= 10 and figures.near_misses >= 50
    assert figures.recall >= CHECKLIST_HELD_OUT_RECALL_FLOOR - 1e-9
    assert figures.false_alarm_rate <= CHECKLIST_HELD_OUT_FALSE_ALARMS_CEILING + 1e-9


def _messages_of(splits) -> set[str]:
    found = set()
    for split in splits:
        for name in SPLITS[split]:
            found |= {m.lower() for m in load_messages(EVAL_DIR / name)}
    return found


def test_held_out_messages_never_leak_into_training_or_nlu_data():
    held_out = _messages_of(HELD_OUT_SPLITS)
    training = _messages_of(TRAINING_SPLITS)
    assert not held_out & training
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "urgent.yml").read_text(encoding="utf-8"))
    examples = [line.strip()[2:].lower() for line in nlu["nlu"][0]["examples"].splitlines() if line.strip()]
    assert not held_out & set(examples)


def test_nlu_examples_are_rasa_yaml_for_urgent_danger_drawn_from_training():
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "urgent.yml").read_text(encoding="utf-8"))
    assert nlu["version"] == "3.1"
    [block] = nlu["nlu"]
    assert block["intent"] == "urgent_danger"
    examples = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip()]
    assert 60 <= len(examples) <= 80
    training = set(load_messages(EVAL_DIR / SPLITS["training"][0]))
    assert set(examples) <= training
