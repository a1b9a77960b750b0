"""The safety screen on the evaluation sets: the screen ALONE (no NLU) must catch every must-escalate message of
the training split and raise false alarms on fewer than 5% of near misses. Run with -s to see the figures:

    pytest -s tests/test_safety_eval.py
"""
import yaml

from bot.paths import ROOT
from bot.safety.evaluation import EVAL_DIR, SPLITS, evaluate, load_messages

# Recall of the screen alone on the final held-out set (v9): 55/80 blind, 56/80 after one generic bug fix it
# exposed (see tests/safety_eval/README.md). A floor, so later pattern changes cannot quietly make it worse.
# It is NOT 100%: patterns alone do not catch every new wording, which is why "possible" asks the NLU.
HELD_OUT_RECALL_FLOOR = 0.70


def test_training_split_recall_is_total_and_false_alarms_are_rare():
    figures = evaluate("training")
    print("\n" + figures.summary())
    assert figures.must_escalate >= 150 and figures.near_misses >= 150
    assert figures.missed == [], f"missed must-escalate messages: {figures.missed}"
    assert figures.false_alarm_rate < 0.05, f"false alarms: {figures.false_alarms}"


def test_held_out_split_false_alarms_are_rare_and_recall_does_not_regress():
    figures = evaluate("held-out")
    print("\n" + figures.summary())
    assert figures.must_escalate >= 50 and figures.near_misses >= 50
    assert figures.false_alarm_rate < 0.05, f"false alarms: {figures.false_alarms}"
    assert figures.recall >= HELD_OUT_RECALL_FLOOR


def test_held_out_messages_never_leak_into_training_or_nlu_data():
    held_out = set()
    for must_file, near_file in [SPLITS["held-out"]]:
        held_out |= {m.lower() for m in load_messages(EVAL_DIR / must_file) + load_messages(EVAL_DIR / near_file)}
    training_must, training_near = SPLITS["training"]
    training = {m.lower() for m in load_messages(EVAL_DIR / training_must) + load_messages(EVAL_DIR / training_near)}
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
