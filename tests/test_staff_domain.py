"""The staff console's domain on a real SQLite database: migrations, accounts, sessions, hand-over codes,
letter links and the audit export (the HTTP and browser tests are in test_staff_console_*.py)."""

import sqlite3
import time

import pytest
from sqlalchemy import create_engine, inspect

from bot import schema
from bot.contract import neutralise
from bot.gateway.store import ConversationStore
from bot.staff import accounts, audit, calls, handover, sessions
from bot.staff.db import StaffDatabase
from bot.staff.models import HANDOVER, PHONE_CALL
from bot.staff.transcript import transcript

PASSWORD = "a long enough password"


@pytest.fixture
def db(tmp_path):
    store = ConversationStore(f"sqlite:///{tmp_path / 'c.db'}")  # runs the migrations, as the gateway does
    return StaffDatabase(store.engine)


def test_migrations_adopt_an_old_store_and_add_its_missing_columns(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # the table as the first version made it, before migrations
        old.execute(
            "CREATE TABLE ready_to_ask_conversations (conversation_id VARCHAR(64) PRIMARY KEY, "
            "created_at FLOAT NOT NULL, last_seen_at FLOAT NOT NULL, offered_payloads TEXT NOT NULL)"
        )
        old.execute("INSERT INTO ready_to_ask_conversations VALUES ('kept', 1, 1, '[]')")
    engine = create_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    schema.upgrade(engine)  # again: nothing to do
    columns = {c["name"] for c in inspect(engine).get_columns("ready_to_ask_conversations")}
    assert {"council_code", "active_form"} <= columns
    assert {"staff_accounts", "staff_sessions", "staff_calls", "staff_audit", "handover_codes"} <= set(
        inspect(engine).get_table_names()
    )
    assert ConversationStore(f"sqlite:///{path}").get("kept")["offered_payloads"] == []


def test_passwords_are_argon2_and_five_wrong_ones_lock_the_account(db):
    account, created = accounts.create_or_update(db, " Sam@Example.org ", "staff", PASSWORD)
    assert created and account.email == "sam@example.org" and account.password_hash.startswith("$argon2id$")
    assert accounts.authenticate(db, "sam@example.org", PASSWORD).outcome == accounts.OK
    assert accounts.authenticate(db, "nobody@example.org", PASSWORD).outcome == accounts.WRONG
    outcomes = [accounts.authenticate(db, "sam@example.org", "wrong password!").outcome for _ in range(5)]
    assert outcomes == [accounts.WRONG] * 4 + [accounts.LOCKED]
    assert accounts.authenticate(db, "sam@example.org", PASSWORD).outcome == accounts.LOCKED
    with pytest.raises(ValueError):
        accounts.create_or_update(db, "x@example.org", "superuser", PASSWORD)
    with pytest.raises(ValueError):
        accounts.create_or_update(db, "x@example.org", "staff", "short")


def test_sessions_rotate_expire_and_end(db):
    account, _ = accounts.create_or_update(db, "a@example.org", "staff", PASSWORD)
    first, _ = sessions.start(db, account)
    assert sessions.check(db, first, 60, 3600).account.id == account.id
    second, signed_in = sessions.start(db, account, previous_token=first)
    assert second != first and sessions.check(db, first, 60, 3600) is None
    assert signed_in.csrf_token and sessions.check(db, second, 60, 3600).csrf_token == signed_in.csrf_token
    assert sessions.check(db, second, 60, 0) is None  # past the absolute limit: refused and deleted
    assert sessions.check(db, second, 60, 3600) is None
    third, _ = sessions.start(db, account)
    sessions.end(db, third)
    assert sessions.check(db, third, 60, 3600) is None


def test_a_code_works_once_and_dies_after_twenty_wrong_guesses(db):
    code, expires = handover.new_code(db, "conversation-1")
    assert len(code) == 6 and code.isdigit() and expires - time.time() == pytest.approx(1800, abs=5)
    assert handover.redeem(db, code[:3] + " " + code[3:]) == handover.Redeemed(handover.OK, "conversation-1")
    assert handover.redeem(db, code).outcome == handover.USED
    code, _ = handover.new_code(db, "conversation-2")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(handover.MAX_WRONG_GUESSES):
        assert handover.redeem(db, wrong).outcome == handover.WRONG
    assert handover.redeem(db, code).outcome == handover.LOCKED
    # A new code replaces the old one, and starts with no wrong guesses.
    old, _ = handover.new_code(db, "conversation-3")
    new, _ = handover.new_code(db, "conversation-3")
    assert handover.redeem(db, old).outcome in (handover.EXPIRED, handover.OK if old == new else handover.EXPIRED)
    assert handover.redeem(db, new).outcome == handover.OK or old == new


def test_letter_links_work_once_and_notes_go_with_the_conversation(tmp_path):
    store = ConversationStore(f"sqlite:///{tmp_path / 'c.db'}")
    db = StaffDatabase(store.engine)
    account, _ = accounts.create_or_update(db, "a@example.org", "staff", PASSWORD)
    store.create("conv")
    call = calls.start(db, account, "conv", PHONE_CALL)
    calls.add_note(db, account, call, "Caller sounded tired")
    token = calls.new_letter_link(db, call)
    assert calls.use_letter_link(db, token) == "conv"
    assert calls.use_letter_link(db, token) is None
    calls.forget_deleted_conversations(db)
    assert len(calls.notes(db, call)) == 1
    store.delete("conv")
    calls.forget_deleted_conversations(db)
    assert calls.notes(db, call) == []
    assert [row.last_seen_at for row in calls.listing(db, account)] == [None]


def test_staff_see_their_own_calls_and_supervisors_see_all(db):
    a, _ = accounts.create_or_update(db, "a@example.org", "staff", PASSWORD)
    b, _ = accounts.create_or_update(db, "b@example.org", "staff", PASSWORD)
    boss, _ = accounts.create_or_update(db, "boss@example.org", "supervisor", PASSWORD)
    call = calls.start(db, b, "conv-b", HANDOVER)
    assert calls.visible(db, a, call.id) is None
    assert calls.visible(db, b, call.id).id == call.id and calls.visible(db, boss, call.id).id == call.id
    assert [r.call.id for r in calls.listing(db, a)] == [] and [r.call.id for r in calls.listing(db, boss)] == [call.id]


def test_the_audit_export_has_who_what_when_and_no_conversation_key(db):
    account, _ = accounts.create_or_update(db, "a@example.org", "staff", PASSWORD)
    audit.record(
        db, audit.ANSWER_CHANGED, account, call_id="call1", conversation_id="secret-conversation-id", detail="problems"
    )
    audit.record(db, audit.SIGN_IN_FAILED, email='=HYPERLINK("http://x")')
    exported = audit.export_csv(db)
    lines = exported.splitlines()
    assert lines[0] == ",".join(audit.CSV_COLUMNS)
    assert "a@example.org,answer_changed,call1," in lines[1] and lines[1].endswith(",problems")
    assert "secret-conversation-id" not in exported
    assert "'=HYPERLINK" in lines[2]


def test_the_transcript_shows_words_button_titles_and_never_an_urgent_message():
    events = [
        {"event": "user", "text": "/greet"},
        {
            "event": "bot",
            "text": "Would you like to start?",
            "data": {"buttons": [{"title": "Start", "payload": "/start"}]},
        },
        {"event": "user", "text": "/start"},
        {"event": "bot", "text": None, "data": {"custom": {"ready_to_ask": "marker"}}},
        {"event": "user", "text": neutralise("/not a command, the caller's words")},
        {"event": "user", "text": "/urgent_danger"},
        {"event": "slot", "name": "problems", "value": "x"},
    ]
    assert transcript(events) == [
        {"who": "bot", "text": "Would you like to start?"},
        {"who": "caller", "text": "Start"},
        {"who": "caller", "text": "/not a command, the caller's words"},
        {"who": "caller", "text": "(A message the safety screen found urgent. Its words are not kept.)"},
    ]
