"""Crashes and deletes against the real processes under supervisord: each process killed mid-checklist
comes back by itself and the conversation carries on with nothing lost; a delete during a slow turn leaves
no row anywhere. A stack of its own (these tests kill its processes)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
import uuid

import httpx
import pytest

from bot.run.stack import Parent, start_stack
from tests.test_conversation_e2e import ANSWERS, start_checklist

pytestmark = pytest.mark.e2e
BACK_WITHIN_SECONDS = 30


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    stack = start_stack(tmp_path_factory.mktemp("resilience"), name="resilience")
    yield stack
    stack.stop()


def say_until_served(parent: Parent, text: str, message_id: str | None = None) -> tuple[dict, float]:
    """What the widget does: the same client message id again after a 503 or a lost connection."""
    message_id = message_id or str(uuid.uuid4())
    started = time.monotonic()
    while True:
        try:
            response = parent.http.post(
                f"/api/conversations/{parent.id}/messages", json={"text": text, "client_message_id": message_id}
            )
            if response.status_code == 200:
                parent.turn = response.json()
                return parent.turn, time.monotonic() - started
            assert response.status_code == 503, response.text
            assert "Nothing you typed was lost" in response.json()["detail"]
        except httpx.TransportError:
            pass  # the gateway itself is restarting
        assert time.monotonic() - started < BACK_WITHIN_SECONDS, f"not served again within {BACK_WITHIN_SECONDS} s"
        time.sleep(0.5)


def test_each_process_killed_mid_checklist_comes_back_and_nothing_is_lost(own_stack):
    parent = Parent(own_stack.gateway_url)
    start_checklist(parent)
    keys = ["problems", "severity", "duration", "impact_on_child", "siblings", "tried", "involved"]
    victims = [name for name in ("understanding", "actions", "rasa", "gateway") if name in own_stack.pids()]
    # The first two answers go with everything up: "severity" reads as urgent danger, and an urgent message
    # while Rasa is down gets the emergency reply first (the safety tests cover that path).
    for key, victim in zip(keys, [None, None, *victims, *[None] * len(keys)]):
        if victim:
            before = own_stack.pids()[victim]
            own_stack.kill(victim)
            if victim == "actions":
                # Known gap: Rasa answers 200 when the action server dies *during* a turn and drops that turn's
                # form events; the gateway catches it only when the server is still down before or after the
                # turn. So the next message here goes once the new action server answers its health check.
                _wait_for_new(own_stack, victim, before)
        expected = parent.turn["asking"]
        assert expected == key, (victim, parent.turn)
        say_until_served(parent, ANSWERS[key])
        if parent.turn["safety"]["level"] == "check":  # the severity answer: serious harm still going on
            no = next(b for m in parent.turn["messages"] for b in m["buttons"] if "No, carry on" in b["title"])
            say_until_served(parent, no["payload"])  # a process may still be coming back: retried as the widget does
        if victim:
            assert own_stack.pids()[victim] != before, f"{victim} was not restarted"
    answers = parent.checklist()["answers"]
    assert {key: answers.get(key) for key in keys} == {key: ANSWERS[key] for key in keys}
    assert set(own_stack.states().values()) == {"RUNNING"}


def _wait_for_new(stack, name: str, old_pid: int) -> None:
    deadline = time.monotonic() + BACK_WITHIN_SECONDS
    while time.monotonic() < deadline:
        if stack.pids().get(name) not in (None, old_pid) and stack.states()[name] == "RUNNING":
            try:
                if httpx.get(f"http://127.0.0.1:{stack.actions_port}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.25)
    raise AssertionError(f"{name} not back within {BACK_WITHIN_SECONDS} s")


def _rows(db, conversation_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as store:
        tables = [row[0] for row in store.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {}
        for table in tables:
            columns = [row[1] for row in store.execute(f"PRAGMA table_info({table})")]
            column = (
                "sender_id" if "sender_id" in columns else "conversation_id" if "conversation_id" in columns else None
            )
            if column:
                counts[table] = store.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} = ?", (conversation_id,)
                ).fetchone()[0]
    return {table: count for table, count in counts.items() if count}


def test_delete_during_a_slow_turn_leaves_no_row_anywhere(own_stack):
    parent = Parent(own_stack.gateway_url)
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    assert _rows(own_stack.sqlite_db, parent.id)  # there is something to delete

    rasa_group = os.getpgid(own_stack.pids()["rasa"])
    os.killpg(rasa_group, signal.SIGSTOP)  # Rasa hangs: every turn is now slow
    results = {}
    try:
        # One turn through the gateway (holds the turn lock), one straight into Rasa (as a turn that
        # outlived the gateway's lock would): both still running when the parent deletes.
        through_gateway = threading.Thread(
            target=lambda: results.update(
                gateway=httpx.post(
                    f"{own_stack.gateway_url}/api/conversations/{parent.id}/messages",
                    # an answer the screen does not ask about, so the turn goes to Rasa and hangs there
                    json={"text": ANSWERS["duration"], "client_message_id": str(uuid.uuid4())},
                    timeout=60,
                ).status_code
            )
        )
        into_rasa = threading.Thread(
            target=lambda: results.update(
                rasa=httpx.post(
                    f"{own_stack.rasa_url}/webhooks/rest/webhook",
                    json={"sender": parent.id, "message": ANSWERS["impact_on_child"]},
                    timeout=90,
                ).status_code
            )
        )
        through_gateway.start()
        into_rasa.start()
        time.sleep(1.5)
        deletion = threading.Thread(
            target=lambda: results.update(
                delete=httpx.delete(f"{own_stack.gateway_url}/api/conversations/{parent.id}", timeout=90).status_code
            )
        )
        deletion.start()
        time.sleep(1.0)
        assert "delete" not in results, "the delete did not wait for the turn in flight"
    finally:
        os.killpg(rasa_group, signal.SIGCONT)
    for thread in (through_gateway, into_rasa, deletion):
        thread.join(timeout=90)
    assert results["delete"] == 204
    time.sleep(1.0)  # Rasa's late write, if any, has landed by now
    # Only the tombstone is left: the id alone, no content, so a later late write is dropped too; the
    # sweeper removes it after TOMBSTONE_SECONDS.
    assert _rows(own_stack.sqlite_db, parent.id) == {"ready_to_ask_deleted": 1}
    assert parent.http.get(f"/api/conversations/{parent.id}").status_code == 404
