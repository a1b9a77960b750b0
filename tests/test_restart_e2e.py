"""Restarting every process mid-checklist loses nothing: the same question, every answer kept."""

from __future__ import annotations

import pytest

from bot.run.stack import Parent
from tests.test_conversation_e2e import ANSWERS, start_checklist

pytestmark = pytest.mark.e2e


def test_restart_of_all_processes_continues_at_the_same_question(stack):
    parent = Parent(stack.gateway_url)
    start_checklist(parent)
    for key in ("problems", "severity", "duration"):
        parent.answer(ANSWERS[key])
    assert parent.turn["asking"] == "impact_on_child"

    stack.restart()

    state = parent.http.get(f"/api/conversations/{parent.id}").json()
    assert state["asking"] == "impact_on_child"
    assert parent.checklist()["answers"] == {k: ANSWERS[k] for k in ("problems", "severity", "duration")}
    parent.answer(ANSWERS["impact_on_child"])
    assert parent.turn["asking"] == "siblings"
    assert parent.checklist()["answers"]["impact_on_child"] == ANSWERS["impact_on_child"]
