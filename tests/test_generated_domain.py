"""The topic intents in domain.yml and the rule in data/rules/topics.yml are what tools/generate_domain.py
writes from content/topics/: adding a topic is one content file and that command."""
from __future__ import annotations

import yaml

from bot.topics import all_topics
from tools import generate_domain


def test_the_committed_domain_block_is_what_the_generator_writes():
    current = generate_domain.DOMAIN.read_text(encoding="utf-8")
    assert generate_domain.domain_text(current) == current, "run: .venv/app/bin/python tools/generate_domain.py"


def test_the_committed_topic_rule_is_what_the_generator_writes():
    assert generate_domain.RULES.read_text(encoding="utf-8") == generate_domain.rules_text(), \
        "run: .venv/app/bin/python tools/generate_domain.py"


def test_one_intent_per_topic_in_the_domain_and_the_rule():
    intents = generate_domain.topic_intents()
    assert intents == sorted(f"faq_{topic}" for topic in all_topics())
    domain = yaml.safe_load(generate_domain.DOMAIN.read_text(encoding="utf-8"))
    assert set(intents) <= set(domain["intents"])
    [rule] = yaml.safe_load(generate_domain.rules_text())["rules"]
    assert [step["intent"] for step in rule["steps"][0]["or"]] == intents
    assert rule["steps"][1] == {"action": "action_answer_question"}
