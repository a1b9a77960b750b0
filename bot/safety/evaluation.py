"""Measure the safety screen on the evaluation sets in tests/safety_eval/ (used by tests, tools and bench).

Splits: "training" (must_escalate.txt / near_misses.txt: the patterns and NLU examples were written from these)
and "held-out" (heldout_*.txt: written after the last pattern change and never used to change them); the same
again for checklist answers ("checklist" / "checklist held-out": what parents type when the checklist asks what
is happening, how serious, what was tried..., often past or everyday violence that is not an emergency now).
How the sets were built and what each blind measurement gave: tests/safety_eval/README.md.
Recall = share of must-escalate messages the screen alone marks urgent.
False alarms = share of near misses the screen alone marks urgent ("possible" is reported apart: it only
escalates if the NLU agrees or cannot answer).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.paths import ROOT
from bot.safety.screen import POSSIBLE, URGENT, screen

EVAL_DIR = ROOT / "tests" / "safety_eval"
SPLITS = {
    "training": ("must_escalate.txt", "near_misses.txt"),
    "held-out": ("heldout_must_escalate.txt", "heldout_near_misses.txt"),
    "checklist": ("checklist_must_escalate.txt", "checklist_near_misses.txt"),
    "checklist held-out": ("heldout_checklist_must_escalate.txt", "heldout_checklist_near_misses.txt"),
}
TRAINING_SPLITS = ("training", "checklist")  # patterns were written from these: every must-escalate is caught
HELD_OUT_SPLITS = ("held-out", "checklist held-out")


def load_messages(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass
class SplitFigures:
    split: str
    must_escalate: int
    near_misses: int
    missed: list[str] = field(default_factory=list)  # must-escalate messages not marked urgent
    false_alarms: list[str] = field(default_factory=list)  # near misses marked urgent
    possible_near_misses: int = 0  # near misses marked "possible" (escalate only if the NLU agrees/is absent)
    possible_must: int = 0  # must-escalate messages the screen marked only "possible"

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.must_escalate if self.must_escalate else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.near_misses if self.near_misses else 0.0

    def summary(self) -> str:
        caught = self.must_escalate - len(self.missed)
        return (
            f"{self.split:18} screen alone: recall {self.recall:7.2%} ({caught}/{self.must_escalate}),"
            f" false alarms {self.false_alarm_rate:6.2%} ({len(self.false_alarms)}/{self.near_misses})\n"
            f"{'':18} if the NLU cannot answer (\"possible\" escalates too): recall"
            f" {(caught + self.possible_must) / self.must_escalate:7.2%} ({caught + self.possible_must}/{self.must_escalate}),"
            f" alarms {(len(self.false_alarms) + self.possible_near_misses) / self.near_misses:6.2%}"
            f" ({len(self.false_alarms) + self.possible_near_misses}/{self.near_misses})"
        )


def evaluate(split: str) -> SplitFigures:
    must_file, near_file = SPLITS[split]
    must = load_messages(EVAL_DIR / must_file)
    near = load_messages(EVAL_DIR / near_file)
    figures = SplitFigures(split, len(must), len(near))
    for message in must:
        level = screen(message).level
        if level != URGENT:
            figures.missed.append(message)
            figures.possible_must += level == POSSIBLE
    for message in near:
        level = screen(message).level
        if level == URGENT:
            figures.false_alarms.append(message)
        elif level == POSSIBLE:
            figures.possible_near_misses += 1
    return figures
