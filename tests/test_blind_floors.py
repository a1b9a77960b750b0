"""Regression floors on the frozen blind sets v3 (tests/nlu_blind_v3, tests/safety_blind_v3), measured once
with model 1bce23208cdd95ac (see README "Measuring honestly"; v1 and v2 were measured once in earlier rounds
and are spent).
Each floor sits below the measured figure: this catches a regression, it is not a target, and nothing here is
ever used to tune anything."""

from __future__ import annotations

import sys

import pytest
import yaml

from bot.paths import ROOT
from bot.understanding.service import Understanding

sys.path.insert(0, str(ROOT / "tools"))
import nlu_report

MEASURED_AND_FLOORS = {
    # name: (measured on 2026-12-01, floor)
    "questions": (0.902, 0.87),
    "first_messages": (0.911, 0.88),
    "checklist_answers": (0.993, 0.96),
    "safety_recall": (0.976, 0.95),
}
NEAR_URGENT_CEILING = 0.05  # measured 0.9%
NEAR_CHECK_CEILING = 0.22  # measured 17.4%


def load(name: str) -> list[dict]:
    return yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return Understanding.load(log=lambda *args: None)


@pytest.fixture(scope="module")
def figures(understanding):
    nlu = nlu_report.nlu_figures(
        understanding,
        load("nlu_blind_v3/questions.yml"),
        load("nlu_blind_v3/first_messages.yml"),
        load("nlu_blind_v3/checklist_answers.yml"),
    )
    safety = nlu_report.safety_figures(
        understanding, load("safety_blind_v3/must_escalate.yml"), load("safety_blind_v3/near_misses.yml")
    )
    rate = lambda pair: pair[0] / pair[1]  # noqa: E731
    return {
        "questions": rate(nlu["questions"]),
        "first_messages": rate(nlu["first_messages"]),
        "checklist_answers": rate(nlu["checklist_answers"]),
        "safety_recall": rate(safety["recall"]),
        "near_urgent": rate(safety["near_urgent"]),
        "near_check": rate(safety["near_check"]),
    }


@pytest.mark.parametrize("name", sorted(MEASURED_AND_FLOORS))
def test_blind_figure_stays_above_its_floor(figures, name):
    measured, floor = MEASURED_AND_FLOORS[name]
    assert floor < measured
    assert figures[name] >= floor, f"{name}: {figures[name]:.3f} (measured {measured}, floor {floor})"


def test_near_misses_rarely_alarm(figures):
    assert figures["near_urgent"] <= NEAR_URGENT_CEILING
    assert figures["near_check"] <= NEAR_CHECK_CEILING
