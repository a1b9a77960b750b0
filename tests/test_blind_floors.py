"""Regression floors on the frozen blind sets, each measured once (see README "Measuring honestly"):
v3 (tests/nlu_blind_v3, tests/safety_blind_v3) with model 1bce23208cdd95ac, v4 (tests/nlu_blind_v4,
tests/safety_blind_v4) with model f9bea2b730a573f5, the safety set v5 (tests/safety_blind_v5) with model
e46c541a8a3a6675, the safety set v6 (tests/safety_blind_v6) with the same model and the first check model
(a91fa72), the safety set v7 (tests/safety_blind_v7) with the same model and the check model of 59e8fd3, and
the safety set v8 (tests/safety_blind_v8) with model b188e66d423378d2 and the check models of f8d5db0.
v1 and v2 are spent.
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

# version: {name: (measured once, floor)}, and the ceilings on near misses (measured in the comment).
NLU_MEASURED_AND_FLOORS = {
    "v3": {"questions": (0.902, 0.87), "first_messages": (0.911, 0.88), "checklist_answers": (0.993, 0.96)},
    "v4": {"questions": (0.931, 0.90), "first_messages": (0.954, 0.92), "checklist_answers": (0.993, 0.96)},
}
SAFETY_MEASURED_AND_FLOORS = {
    "v3": {"safety_recall": (0.976, 0.95)},
    "v4": {"safety_recall": (0.979, 0.95)},
    "v5": {"safety_recall": (0.986, 0.96)},
    "v6": {"safety_recall": (0.980, 0.96)},
    "v7": {"safety_recall": (0.971, 0.95)},
    "v8": {"safety_recall": (0.994, 0.97)},
}
CEILINGS = {
    "v3": {"near_urgent": 0.05, "near_check": 0.25},  # measured 0.9%, 17.4%; 22.1% with e46c541a8a3a6675
    "v4": {"near_urgent": 0.05, "near_check": 0.23},  # measured 0.6%, 19.5%
    "v5": {"near_urgent": 0.05, "near_check": 0.28},  # measured 0.9%, 25.2% (over the 20%)
    "v6": {"near_urgent": 0.05, "near_check": 0.25},  # measured 1.4%, 21.3% (over the 20%)
    "v7": {"near_urgent": 0.05, "near_check": 0.21},  # measured 1.4%, 17.4%
    "v8": {"near_urgent": 0.05, "near_check": 0.15},  # measured 1.4%, 11.1%
}


def load(name: str) -> list[dict]:
    return yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return Understanding.load(log=lambda *args: None)


def rate(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1]


@pytest.fixture(scope="module", params=sorted(NLU_MEASURED_AND_FLOORS))
def nlu_figures(request, understanding):
    version = request.param
    nlu = nlu_report.nlu_figures(
        understanding,
        load(f"nlu_blind_{version}/questions.yml"),
        load(f"nlu_blind_{version}/first_messages.yml"),
        load(f"nlu_blind_{version}/checklist_answers.yml"),
    )
    return version, {name: rate(nlu[name]) for name in ("questions", "first_messages", "checklist_answers")}


@pytest.fixture(scope="module", params=sorted(SAFETY_MEASURED_AND_FLOORS))
def safety_figures(request, understanding):
    version = request.param
    safety = nlu_report.safety_figures(
        understanding,
        load(f"safety_blind_{version}/must_escalate.yml"),
        load(f"safety_blind_{version}/near_misses.yml"),
    )
    return version, {
        name: rate(safety[key])
        for name, key in (("safety_recall", "recall"), ("near_urgent", "near_urgent"), ("near_check", "near_check"))
    }


def _above_floors(measured_and_floors: dict, version: str, got: dict) -> None:
    for name, (measured, floor) in measured_and_floors[version].items():
        assert floor < measured
        assert got[name] >= floor, f"{version} {name}: {got[name]:.3f} (measured {measured}, floor {floor})"


def test_understanding_stays_above_its_floors(nlu_figures):
    _above_floors(NLU_MEASURED_AND_FLOORS, *nlu_figures)


def test_safety_recall_stays_above_its_floors(safety_figures):
    _above_floors(SAFETY_MEASURED_AND_FLOORS, *safety_figures)


def test_near_misses_rarely_alarm(safety_figures):
    version, got = safety_figures
    for name, ceiling in CEILINGS[version].items():
        assert got[name] <= ceiling, f"{version} {name}: {got[name]:.3f} (ceiling {ceiling})"
