"""Which classifiers the understanding service loads (bot/understanding/models.py)."""

from __future__ import annotations

import pytest

from bot.understanding import models
from bot.understanding.encoder import Encoder


def test_a_restarted_service_keeps_the_classifiers_its_stack_started_with(monkeypatch):
    """data/ edited while a stack runs: a service restarted after a crash must not train while parents wait."""
    started_with = models.load_or_train(Encoder(), log=lambda *args: None).fingerprint  # trains if missing
    monkeypatch.setenv("RTA_UNDERSTANDING_MODEL", started_with)
    monkeypatch.setattr(models, "fingerprint", lambda: "edited-data-000")  # what an edit to data/ does

    def no_training(*args, **kwargs):
        raise AssertionError("trained instead of loading the pinned classifiers")

    monkeypatch.setattr(models, "train", no_training)
    assert models.load_or_train(Encoder(), log=lambda *args: None).fingerprint == started_with


class Trained(Exception):
    pass


def test_without_a_pin_the_classifiers_follow_the_data(monkeypatch):
    monkeypatch.delenv("RTA_UNDERSTANDING_MODEL", raising=False)
    monkeypatch.setattr(models, "fingerprint", lambda: "edited-data-000")

    def train(encoder):
        raise Trained

    monkeypatch.setattr(models, "train", train)
    with pytest.raises(Trained):
        models.load_or_train(Encoder(), log=lambda *args: None)
