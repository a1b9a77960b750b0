"""Retries, deletes and retention that hold: client message ids, the late-write guard, the sweeper under
faults, 503s that say "nothing was lost" only when true, rate limits. No Rasa needed (fakes stand in)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from bot.gateway import app as app_module
from bot.gateway import routes_conversations
from bot.gateway.backends import CLIENT_MESSAGE_ID, RasaUnavailable
from bot.gateway.conversations import ConversationService, TurnResult
from bot.gateway.rate_limits import RateLimits
from bot.gateway.store import ConversationStore
from bot.settings import Settings

WORDS = "he throws things at his sister most evenings"
REPLY = {
    "messages": [{"text": "How serious is it?", "buttons": []}],
    "state": {"asking": "severity", "progress": None, "finished": False, "letter": None},
}


def rasa_events_table(db) -> None:
    """The columns of Rasa's SQL tracker store that matter here."""
    with sqlite3.connect(db) as rasa:
        rasa.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, data TEXT)"
        )


def add_event(db, sender, timestamp=None, data="a parent's words") -> None:
    with sqlite3.connect(db) as rasa:
        rasa.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
            (sender, timestamp or time.time(), data),
        )


def senders(db) -> list[str]:
    with sqlite3.connect(db) as rasa:
        return sorted(row[0] for row in rasa.execute("SELECT sender_id FROM events"))


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "conversations.db"
    rasa_events_table(db)  # Rasa makes its table before the gateway starts
    store = ConversationStore(f"sqlite:///{db}")
    store.db_path = db
    return store


def test_a_late_write_cannot_bring_a_deleted_conversation_back(store):
    store.create("gone")
    store.create("kept")
    add_event(store.db_path, "gone")
    store.delete("gone")
    # What Rasa's SQL store does at the end of a turn that was running during the delete: it writes the
    # whole history it holds in memory back.
    add_event(store.db_path, "gone")
    add_event(store.db_path, "gone")
    add_event(store.db_path, "kept")
    assert senders(store.db_path) == ["kept"]
    assert store.get("gone") is None


def test_a_repeated_message_id_gets_the_first_reply_and_delete_removes_the_records(store):
    store.create("c")
    assert store.begin_message("c", "m" * 20) == (True, None)
    assert store.begin_message("c", "m" * 20) == (False, None)  # pending: the first attempt never finished
    store.finish_message("c", "m" * 20, REPLY)
    assert store.begin_message("c", "m" * 20) == (False, REPLY)
    assert store.begin_message("other-conversation", "m" * 20) == (True, None)  # ids are per conversation
    store.delete("c")
    with store.engine.connect() as db:
        assert (
            db.exec_driver_sql("SELECT count(*) FROM ready_to_ask_idempotency WHERE conversation_id = 'c'").scalar()
            == 0
        )


def test_the_sweeper_removes_orphaned_rasa_rows_old_records_and_tombstones(store):
    old = time.time() - 5 * 3600
    store.create("ours")
    add_event(store.db_path, "ours", old)  # ours, and its record is fresh: kept
    add_event(store.db_path, "orphan-old", old)  # no record of ours (bare Rasa, or written back long ago)
    add_event(store.db_path, "orphan-recent")  # maybe a conversation being created right now: kept
    store.delete("deleted-long-ago")
    with store.engine.begin() as db:
        db.exec_driver_sql("UPDATE ready_to_ask_deleted SET deleted_at = ?", (old,))
    counts = store.sweep_leftovers(3 * 3600)
    assert counts["orphan_event_rows"] == 1 and counts["tombstones"] == 1
    assert senders(store.db_path) == ["orphan-recent", "ours"]


class FlakyStore:
    """The real store, but the first retention pass finds the database locked."""

    def __init__(self, store):
        self.store, self.calls = store, 0

    def delete_older_than(self, seconds):
        self.calls += 1
        if self.calls == 1:
            raise OperationalError("DELETE …", {}, Exception("database is locked"))
        return self.store.delete_older_than(seconds)

    def sweep_leftovers(self, seconds):
        return self.store.sweep_leftovers(seconds)


def test_the_sweeper_survives_a_failed_pass_and_logs_counts_only(store, caplog):
    store.create("expired")
    add_event(store.db_path, "expired", data=WORDS)
    with store.engine.begin() as db:
        db.exec_driver_sql("UPDATE ready_to_ask_conversations SET last_seen_at = ?", (time.time() - 5 * 3600,))
    flaky = FlakyStore(store)

    async def run_for_a_moment():
        sweeper = asyncio.create_task(app_module._sweep_expired(flaky, 3 * 3600, interval_seconds=0.05))
        await asyncio.sleep(0.5)
        sweeper.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sweeper

    with caplog.at_level(logging.INFO, logger="ready_to_ask.gateway"):
        asyncio.run(run_for_a_moment())
    assert flaky.calls >= 3  # carried on after the failure
    assert store.get("expired") is None and senders(store.db_path) == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "OperationalError" in logged and "1 conversations" in logged
    assert WORDS not in logged and "expired" not in logged.replace("expired conversations", "")


class FakeRasa:
    """Rasa's tracker as the recovery path reads it."""

    def __init__(self):
        self.events_by_conversation: dict[str, list[dict]] = {}

    async def events(self, conversation_id):
        return self.events_by_conversation.get(conversation_id, [])

    async def close(self):
        pass


class Turns:
    """Stands in for one turn through Rasa; `fail` decides how the next attempt goes wrong."""

    def __init__(self, rasa: FakeRasa):
        self.rasa, self.filed, self.fail = rasa, [], None

    async def __call__(self, conversation_id, text):
        if self.fail == "before Rasa":
            self.fail = None
            raise RasaUnavailable("ConnectError", maybe_delivered=False)
        self.filed.append(text)
        self.rasa.events_by_conversation.setdefault(conversation_id, []).extend(
            [
                {"event": "user", "text": text, "metadata": {"client_message_id": CLIENT_MESSAGE_ID.get()}},
                {"event": "bot", "text": "How serious is it?", "data": {}},
            ]
        )
        if self.fail == "after Rasa filed it":
            self.fail = None
            raise RasaUnavailable("ReadTimeout", maybe_delivered=True)
        return TurnResult(REPLY["messages"], REPLY["state"])


@pytest.fixture
def api(store, monkeypatch):
    rasa = FakeRasa()
    service = ConversationService(rasa, store)
    turns = Turns(rasa)
    monkeypatch.setattr(service, "_send", turns)

    async def state(conversation_id):
        return REPLY["state"]

    monkeypatch.setattr(service, "state", state)
    app = FastAPI()
    app.include_router(routes_conversations.router)
    routes_conversations.install_error_handlers(app)
    app.state.settings = Settings()
    app.state.conversations = service
    app.state.rate_limits = RateLimits(None, "1000/minute", "3/minute")
    store.create("c")
    return TestClient(app), turns


def send(client, text=WORDS, message_id="id-0123456789abcdef"):
    body = {"text": text} | ({"client_message_id": message_id} if message_id else {})
    return client.post("/api/conversations/c/messages", json=body)


def test_a_retried_message_id_returns_the_first_reply_and_files_once(api):
    client, turns = api
    first, again = send(client), send(client)
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert turns.filed == [WORDS]


def test_503_before_rasa_then_the_retry_files_it_once(api):
    client, turns = api
    turns.fail = "before Rasa"
    failed = send(client)
    assert failed.status_code == 503 and "Nothing you typed was lost" in failed.json()["detail"]
    assert failed.headers["Retry-After"]
    assert send(client).status_code == 200
    assert turns.filed == [WORDS]


def test_503_after_rasa_filed_it_the_retry_gets_the_reply_without_filing_again(api):
    client, turns = api
    turns.fail = "after Rasa filed it"
    assert send(client).status_code == 503
    retry = send(client)
    assert retry.status_code == 200 and retry.json()["messages"][0]["text"] == "How serious is it?"
    assert turns.filed == [WORDS]


def test_without_an_id_an_ambiguous_failure_does_not_claim_nothing_was_lost(api):
    client, turns = api
    turns.fail = "after Rasa filed it"
    failed = send(client, message_id=None)
    assert failed.status_code == 503 and "may or may not have been received" in failed.json()["detail"]


def test_a_locked_database_is_a_503_not_a_500(api, monkeypatch):
    client, turns = api

    async def locked(conversation_id, text):
        raise OperationalError("UPDATE …", {}, Exception("database is locked"))

    monkeypatch.setattr(client.app.state.conversations, "_send", locked)
    response = send(client)
    assert response.status_code == 503 and "Nothing you typed was lost" in response.json()["detail"]


def test_a_malformed_message_id_is_refused(api):
    client, _ = api
    assert send(client, message_id="short").status_code == 422
    response = client.post(
        "/api/conversations/c/messages", json={"text": WORDS}, headers={"Idempotency-Key": "not valid!"}
    )
    assert response.status_code == 400


def test_messages_are_rate_limited_per_client(api):
    client, turns = api
    statuses = [send(client, message_id=f"id-{n:016d}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_delete_waits_for_the_turn_in_flight(store):
    store.create("c")
    service = ConversationService(FakeRasa(), store)
    order = []

    async def slow_turn(conversation_id, text):
        order.append("turn started")
        await asyncio.sleep(0.3)
        order.append("turn finished")
        return TurnResult([], {})

    service._send = slow_turn

    async def both():
        turn = asyncio.create_task(service.send("c", WORDS))
        await asyncio.sleep(0.05)
        await service.delete("c")
        order.append("deleted")
        await turn

    asyncio.run(both())
    assert order == ["turn started", "turn finished", "deleted"]
    assert store.get("c") is None
