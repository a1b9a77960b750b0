"""The gateway's record of conversations: retention, deletion everywhere, and the store's address."""

import sqlite3
import time

from bot.gateway.store import ConversationStore
from bot.gateway.tracker_db import tracker_store_url
from bot.paths import ROOT


def _store_with_rasa_events(tmp_path):
    db = tmp_path / "conversations.db"
    with sqlite3.connect(db) as rasa:
        rasa.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
    return db, ConversationStore(f"sqlite:///{db}")


def test_expired_conversations_are_deleted_with_rasas_events(tmp_path):
    db, store = _store_with_rasa_events(tmp_path)
    for conversation in ("old", "recent"):
        store.create(conversation)
        with sqlite3.connect(db) as rasa:
            rasa.execute("INSERT INTO events (sender_id, data) VALUES (?, 'a parent''s words')", (conversation,))
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE ready_to_ask_conversations SET last_seen_at = ? WHERE conversation_id = 'old'",
            (time.time() - 4 * 3600,),
        )
    assert store.delete_older_than(3 * 3600) == 1
    assert store.get("old") is None and store.get("recent") is not None
    with sqlite3.connect(db) as rasa:
        assert [row[0] for row in rasa.execute("SELECT sender_id FROM events")] == ["recent"]


def test_offered_buttons_and_council_are_remembered_per_conversation(tmp_path):
    _, store = _store_with_rasa_events(tmp_path)
    store.create("a")
    store.create("b")
    store.record_turn("a", ["/skip", "/ask_why"], "NFK", "checklist_form")
    assert store.get("a")["offered_payloads"] == ["/skip", "/ask_why"]
    assert store.get("a")["council_code"] == "NFK"
    assert store.get("b")["offered_payloads"] == [] and store.get("b")["council_code"] is None


def test_the_gateway_reads_the_same_store_as_rasa(monkeypatch, tmp_path):
    monkeypatch.setenv("RTA_SQLITE_DB", str(tmp_path / "c.db"))
    assert tracker_store_url(ROOT / "endpoints.yml").database == str(tmp_path / "c.db")
    for name, value in {
        "RTA_DB_HOST": "db.internal",
        "RTA_DB_PORT": "5433",
        "RTA_DB_NAME": "rta",
        "RTA_DB_USER": "bot",
        "RTA_DB_PASSWORD": "s3cret",
    }.items():
        monkeypatch.setenv(name, value)
    url = tracker_store_url(ROOT / "endpoints.production.yml")
    assert (url.drivername, url.host, url.port, url.database, url.username) == (
        "postgresql+psycopg2",
        "db.internal",
        5433,
        "rta",
        "bot",
    )


def test_undoing_a_turn_removes_exactly_that_turns_events_and_nothing_if_it_was_never_saved(tmp_path):
    import json

    db = tmp_path / "conversations.db"
    with sqlite3.connect(db) as rasa:
        rasa.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
        rows = [
            ("c", "action", {}),
            ("c", "user", {"metadata": {"turn_id": "first"}}),
            ("c", "slot", {}),
            ("c", "action", {}),
            ("other", "user", {"metadata": {"turn_id": "second"}}),
            ("c", "user", {"metadata": {"turn_id": "second"}}),
            ("c", "slot", {}),
            ("c", "bot", {}),
        ]
        rasa.executemany(
            "INSERT INTO events (sender_id, type_name, data) VALUES (?, ?, ?)",
            [(sender, kind, json.dumps(data)) for sender, kind, data in rows],
        )
    store = ConversationStore(f"sqlite:///{db}")
    assert store.undo_last_turn("c", "third") == 0  # never saved: the turn before it stays
    assert store.undo_last_turn("c", "second") == 3
    with sqlite3.connect(db) as rasa:
        left = rasa.execute("SELECT sender_id, type_name FROM events ORDER BY id").fetchall()
    assert left == [("c", "action"), ("c", "user"), ("c", "slot"), ("c", "action"), ("other", "user")]
