"""The NLU examples for parents' questions: one intent per topic, enough varied examples, a clean held-out set."""
from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from bot.paths import ROOT
from bot.topics import all_topics

TRAINING = ROOT / "data" / "nlu" / "faq.yml"
HELD_OUT = ROOT / "tests" / "nlu_heldout" / "faq.yml"
EXTRA_INTENTS = {"ask_what_should_i_do"}


def examples(path) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    found: dict[str, list[str]] = {}
    for block in data["nlu"]:
        assert block["intent"] not in found, f"{path.name}: {block['intent']} listed twice"
        lines = [line.strip() for line in block["examples"].splitlines() if line.strip()]
        assert all(line.startswith("- ") for line in lines), block["intent"]
        found[block["intent"]] = [line[2:].strip() for line in lines]
    return found


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


TRAIN = examples(TRAINING)
TEST = examples(HELD_OUT)


def test_one_intent_per_topic_in_both_files():
    expected = {topic.intent for topic in all_topics().values()} | EXTRA_INTENTS
    assert set(TRAIN) == expected
    assert set(TEST) == expected


@pytest.mark.parametrize("intent", sorted(TRAIN))
def test_enough_training_and_held_out_examples(intent):
    assert len(TRAIN[intent]) >= (15 if intent in EXTRA_INTENTS else 12)
    assert len(TEST[intent]) >= 4


def test_held_out_examples_never_appear_in_training():
    training = {normalise(text) for texts in TRAIN.values() for text in texts}
    leaked = [text for texts in TEST.values() for text in texts if normalise(text) in training]
    assert leaked == []


def test_no_example_is_given_to_two_intents():
    counts = Counter(normalise(text) for texts in list(TRAIN.values()) + list(TEST.values()) for text in texts)
    assert [text for text, count in counts.items() if count > 1] == []


def test_faq_examples_are_not_also_examples_of_another_file_s_intents():
    others = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        if path != TRAINING:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in data.get("nlu") or ():
                others |= {normalise(line.strip()[2:]) for line in (block.get("examples") or "").splitlines()
                           if line.strip().startswith("- ")}
    mine = {normalise(text) for texts in list(TRAIN.values()) + list(TEST.values()) for text in texts}
    assert sorted(mine & others) == []
