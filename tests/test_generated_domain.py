"""The parts of domain.yml and data/rules/ that follow from content/ are what tools/generate_domain.py writes: the
topic intents and their rule (content/topics/), and the checklist's and the details' slots, form required_slots and
action_ask_* (content/checklist.yml, content/details.yml). Adding a topic is one content file, its training
examples and that command."""

from __future__ import annotations

import pytest
import yaml

from bot.content import load_yaml
from bot.topics import all_topics
from tools import generate_domain


def test_the_committed_domain_block_is_what_the_generator_writes():
    current = generate_domain.DOMAIN.read_text(encoding="utf-8")
    assert generate_domain.domain_text(current) == current, "run: .venv/app/bin/python tools/generate_domain.py"


def test_the_committed_topic_rule_is_what_the_generator_writes():
    assert generate_domain.RULES.read_text(encoding="utf-8") == generate_domain.rules_text(), (
        "run: .venv/app/bin/python tools/generate_domain.py"
    )


def test_one_intent_per_topic_in_the_domain_and_the_rule():
    intents = generate_domain.topic_intents()
    assert intents == sorted(f"faq_{topic}" for topic in all_topics())
    domain = yaml.safe_load(generate_domain.DOMAIN.read_text(encoding="utf-8"))
    assert set(intents) <= set(domain["intents"])
    [rule] = yaml.safe_load(generate_domain.rules_text())["rules"]
    assert [step["intent"] for step in rule["steps"][0]["or"]] == intents
    assert rule["steps"][1] == {"action": "action_answer_question"}


def test_every_generated_block_of_the_domain_is_marked_and_closed():
    current = generate_domain.DOMAIN.read_text(encoding="utf-8")
    for source, part, indent, _ in generate_domain.BLOCKS:
        start = " " * indent + generate_domain.begin(source, part)
        assert current.count(start) == 1, start
        assert generate_domain.END in current.split(start, 1)[1]


def test_the_checklist_and_details_slots_forms_and_ask_actions_follow_content():
    domain = yaml.safe_load(generate_domain.DOMAIN.read_text(encoding="utf-8"))
    checklist = [item["key"] for item in load_yaml("checklist.yml")["questions"]]
    details = [item["key"] for item in load_yaml("details.yml")["questions"]]
    assert domain["forms"]["checklist_form"]["required_slots"] == checklist
    assert domain["forms"]["details_form"]["required_slots"] == ["details_wanted", *details]
    for form, keys in (("checklist_form", checklist), ("details_form", details)):
        for key in keys:
            slot = domain["slots"][key]
            assert slot["type"] == "text" and slot["influence_conversation"] is False
            assert slot["mappings"] == [
                {"type": "from_text", "conditions": [{"active_loop": form, "requested_slot": key}]}
            ]
            assert f"action_ask_{key}" in domain["actions"]


def test_a_new_checklist_question_would_reach_the_domain(monkeypatch):
    current = generate_domain.DOMAIN.read_text(encoding="utf-8")
    keys = generate_domain.checklist_keys()
    monkeypatch.setattr(generate_domain, "checklist_keys", lambda: [*keys, "new_question"])
    domain = yaml.safe_load(generate_domain.domain_text(current))
    assert domain["forms"]["checklist_form"]["required_slots"][-1] == "new_question"
    assert domain["slots"]["new_question"]["mappings"][0]["conditions"][0]["active_loop"] == "checklist_form"
    assert "action_ask_new_question" in domain["actions"]


def test_a_removed_marker_is_reported_not_silently_skipped():
    current = generate_domain.DOMAIN.read_text(encoding="utf-8")
    broken = current.replace(generate_domain.begin("content/checklist.yml", "actions"), "# hand-written\n")
    with pytest.raises(SystemExit, match="actions from content/checklist.yml"):
        generate_domain.domain_text(broken)
