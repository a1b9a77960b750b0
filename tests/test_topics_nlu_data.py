"""The understanding service's training data (data/nlu, Rasa's format): one intent per topic with enough
varied examples, no example under two intents, and nothing from the frozen blind set in training."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from bot.paths import ROOT
from bot.topics import all_topics
from bot.understanding.training_data import safety_examples

NLU = ROOT / "data" / "nlu"
BLINDS = [
    ROOT / "tests" / name
    for name in (
        "nlu_blind",
        "nlu_blind_v2",
        "nlu_blind_v3",
        "nlu_blind_v4",
        "safety_blind",
        "safety_blind_v2",
        "safety_blind_v3",
        "safety_blind_v4",
        "safety_blind_v5",
        "safety_blind_v6",
        "safety_blind_v7",
        "safety_blind_v8",
        "safety_blind_v9",
    )
]


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def training() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(NLU.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["version"] == "3.1", path.name
        for block in data.get("nlu") or ():
            lines = [line.strip() for line in block["examples"].splitlines() if line.strip()]
            assert all(line.startswith("- ") for line in lines), (path.name, block["intent"])
            found[block["intent"]] += [line[2:].strip() for line in lines]
    return found


TRAIN = training()


def test_every_topic_has_an_intent_with_training_examples():
    missing = [t.intent for t in all_topics().values() if t.intent not in TRAIN]
    assert missing == []


@pytest.mark.parametrize("intent", sorted(t.intent for t in all_topics().values()))
def test_enough_training_examples(intent):
    assert len(TRAIN[intent]) >= 20


def test_no_example_is_given_to_two_intents():
    owners = defaultdict(set)
    for intent, texts in TRAIN.items():
        for text in texts:
            owners[normalise(text)].add(intent)
    assert sorted(text for text, intents in owners.items() if len(intents) > 1) == []


def test_no_blind_message_is_in_training():
    trained = {normalise(text) for texts in TRAIN.values() for text in texts}
    trained |= {normalise(row[0]) for row in safety_examples()}
    blind = [
        item["text"]
        for folder in BLINDS
        for path in sorted(folder.glob("*.yml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    assert [text for text in blind if normalise(text) in trained] == []
