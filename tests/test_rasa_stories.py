"""Rasa's own story test: the journey's rules predict every step of the test stories, and the domain,
rules and topics agree with each other."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from bot.paths import ROOT
from bot.run.model import ENGINE_BIN, ensure_model
from bot.topics import intent_names

pytestmark = pytest.mark.e2e


def test_test_stories_pass_with_no_prediction_errors(tmp_path):
    model = ensure_model()
    result = subprocess.run(
        [
            str(ENGINE_BIN / "rasa"),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/stories",
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:]
    assert result.returncode == 0, details
    assert re.search(r"Correct:\s+(\d+) / \1", result.stdout + result.stderr)


def test_every_topic_has_an_intent_in_the_domain_and_the_outside_form_rule():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    faq_in_domain = {i for i in domain["intents"] if isinstance(i, str) and i.startswith("faq_")}
    assert faq_in_domain == set(intent_names())
    rules = yaml.safe_load((ROOT / "data" / "rules" / "topics.yml").read_text())["rules"]
    outside = next(r for r in rules if r["rule"].startswith("A worry or question"))
    assert {step["intent"] for step in outside["steps"][0]["or"]} == set(intent_names())
