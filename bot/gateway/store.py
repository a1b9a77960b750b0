"""The gateway's small record of each conversation, kept beside Rasa's events in the same database.

It holds no message text: only when the conversation was last used (for retention), the payloads of the
buttons last offered (only those may pass as `/intent` shorthand), the council found (so emergency
replies name the right council even when Rasa is slow or down) and the form left open (so an urgent
message typed as an answer is kept as one).
"""

from __future__ import annotations

import json
import time

from sqlalchemy import Column, Float, MetaData, String, Table, Text, create_engine, delete, event, inspect, select, text
from sqlalchemy.engine import URL, Engine

from bot import schema

metadata = MetaData()
conversations = Table(
    "ready_to_ask_conversations",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("last_seen_at", Float, nullable=False, index=True),
    Column("offered_payloads", Text, nullable=False, default="[]"),
    Column("council_code", String(32), nullable=True),
    Column("active_form", String(64), nullable=True),  # the form (checklist, council, consent) left open
)
# A message held back while the parent answers the safety check (or while Rasa is down after an
# emergency reply); it is the only table here with the parent's words, and only until delivered.
held_messages = Table(
    "ready_to_ask_held_messages",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("reason", String(16), nullable=False),
    Column("safety", Text, nullable=False, default="{}"),
    Column("created_at", Float, nullable=False),
)
# The first reply to each client message id, so a retry (after a 503 or a lost connection) gets the same
# reply and never files the parent's words twice. Response null while the turn runs; deleted with the
# conversation, and by the sweeper after the retention period.
idempotency = Table(
    "ready_to_ask_idempotency",
    metadata,
    Column("conversation_id", String(64), primary_key=True),  # "" for "start a conversation"
    Column("client_message_id", String(64), primary_key=True),
    Column("created_at", Float, nullable=False, index=True),
    Column("response", Text, nullable=True),  # JSON of the reply; null while pending
)
# Ids of deleted conversations (no content), so a late write from a turn still in flight when the
# conversation was deleted cannot bring Rasa's events back (a trigger drops them). Kept for the retention period.
deleted_conversations = Table(
    "ready_to_ask_deleted",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("deleted_at", Float, nullable=False, index=True),
)
RASA_EVENTS_TABLE = "events"  # Rasa's SQL tracker store keeps every conversation's events here
LATE_WRITE_GUARD = "ready_to_ask_no_late_writes"
# Far longer than any turn can run inside Rasa; then the tombstone (an id, nothing else) goes too.
TOMBSTONE_SECONDS = 3600


def _sqlite_write_ahead_log(connection, _record) -> None:
    """The embedded default's one file, shared with Rasa: in write-ahead-log mode (kept in the file, so
    Rasa's connections use it too) readers never wait for a writer, so Rasa's event loop is not held up
    while a gateway commits. Our own commits skip the fsync (a power cut may lose the last few records
    of ours, never a crash of a process; Rasa's own commits stay fully synced)."""
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except Exception:  # noqa: BLE001 - another process holds the file this instant; the next connection tries again
        pass
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class ConversationStore:
    def __init__(self, url: URL | str) -> None:
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        # The tables are made and changed by the Alembic migrations in migrations/ (see bot/schema.py).
        schema.upgrade(self.engine)
        metadata.create_all(self.engine)  # a no-op once every table here has its migration
        self._late_write_guard = False
        self.guard_rasa_events()

    def create(self, conversation_id: str, council_code: str | None = None) -> None:
        now = time.time()
        with self.engine.begin() as db:
            db.execute(
                conversations.insert().values(
                    conversation_id=conversation_id,
                    created_at=now,
                    last_seen_at=now,
                    offered_payloads="[]",
                    council_code=council_code,
                )
            )

    def _row(self, table: Table, conversation_id: str, json_column: str, empty: str) -> dict | None:
        """One conversation's row as a dict, with its JSON column decoded."""
        with self.engine.connect() as db:
            row = db.execute(select(table).where(table.c.conversation_id == conversation_id)).first()
        if row is None:
            return None
        record = dict(row._mapping)
        record[json_column] = json.loads(record[json_column] or empty)
        return record

    def get(self, conversation_id: str) -> dict | None:
        return self._row(conversations, conversation_id, "offered_payloads", "[]")

    def record_turn(
        self, conversation_id: str, offered_payloads: list[str], council_code: str | None, active_form: str | None
    ) -> None:
        with self.engine.begin() as db:
            db.execute(
                conversations.update()
                .where(conversations.c.conversation_id == conversation_id)
                .values(
                    last_seen_at=time.time(),
                    offered_payloads=json.dumps(offered_payloads),
                    council_code=council_code,
                    active_form=active_form,
                )
            )

    def hold(self, conversation_id: str, text_: str, reason: str, safety: dict) -> None:
        with self.engine.begin() as db:
            db.execute(delete(held_messages).where(held_messages.c.conversation_id == conversation_id))
            db.execute(
                held_messages.insert().values(
                    conversation_id=conversation_id,
                    text=text_,
                    reason=reason,
                    safety=json.dumps(safety),
                    created_at=time.time(),
                )
            )

    def held(self, conversation_id: str) -> dict | None:
        return self._row(held_messages, conversation_id, "safety", "{}")

    def release(self, conversation_id: str) -> None:
        with self.engine.begin() as db:
            db.execute(delete(held_messages).where(held_messages.c.conversation_id == conversation_id))

    def delete(self, conversation_id: str) -> None:
        """Deletes the conversation everywhere: Rasa's events and our record."""
        self.guard_rasa_events()
        with self.engine.begin() as db:
            # The tombstone first: from this commit on, a late write of Rasa's is dropped by the guard.
            db.execute(delete(deleted_conversations).where(deleted_conversations.c.conversation_id == conversation_id))
            db.execute(deleted_conversations.insert().values(conversation_id=conversation_id, deleted_at=time.time()))
            db.execute(delete(idempotency).where(idempotency.c.conversation_id == conversation_id))
            if inspect(db).has_table(RASA_EVENTS_TABLE):
                db.execute(
                    text(f"DELETE FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender"), {"sender": conversation_id}
                )
            db.execute(delete(held_messages).where(held_messages.c.conversation_id == conversation_id))
            db.execute(delete(conversations).where(conversations.c.conversation_id == conversation_id))

    def undo_last_turn(self, conversation_id: str, turn_id: str) -> int:
        """Removes Rasa's events of the conversation's latest turn, its user message (marked `turn_id` in its
        metadata) and everything after, if that turn was saved at all.

        Only with the conversation's turn lock held and Rasa's reply in (Rasa saves before it answers). Rasa
        keeps no tracker between turns, so the next turn starts exactly where the one before this ended.
        Rasa's own rewind event cannot do this inside a form: it undoes back to the form's first question."""
        with self.engine.begin() as db:
            if not inspect(db).has_table(RASA_EVENTS_TABLE):
                return 0
            latest = db.execute(
                text(
                    f"SELECT id, data FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender AND type_name = 'user' "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"sender": conversation_id},
            ).first()
            if latest is None or ((json.loads(latest.data).get("metadata") or {}).get("turn_id") != turn_id):
                return 0  # this turn was never saved: nothing to undo (and the turn before stays)
            return db.execute(
                text(f"DELETE FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender AND id >= :first"),
                {"sender": conversation_id, "first": latest.id},
            ).rowcount

    def delete_older_than(self, seconds: float) -> int:
        cutoff = time.time() - seconds
        with self.engine.connect() as db:
            expired = [
                row[0]
                for row in db.execute(
                    select(conversations.c.conversation_id).where(conversations.c.last_seen_at < cutoff)
                )
            ]
        for conversation_id in expired:
            self.delete(conversation_id)
        return len(expired)

    def sweep_leftovers(self, seconds: float) -> dict[str, int]:
        """Rows the per-conversation delete cannot see: Rasa events of conversations we hold no record of
        (untouched for `seconds`), and idempotency records and tombstones older than that. Counts only."""
        cutoff = time.time() - seconds
        counts = {"orphan_event_rows": 0}
        with self.engine.begin() as db:
            if inspect(db).has_table(RASA_EVENTS_TABLE):
                counts["orphan_event_rows"] = db.execute(
                    text(
                        f"DELETE FROM {RASA_EVENTS_TABLE} WHERE sender_id IN ("
                        f" SELECT sender_id FROM {RASA_EVENTS_TABLE}"
                        " GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
                        f" AND sender_id NOT IN (SELECT conversation_id FROM {conversations.name})"
                    ),
                    {"cutoff": cutoff},
                ).rowcount
            counts["idempotency_records"] = db.execute(
                delete(idempotency).where(idempotency.c.created_at < cutoff)
            ).rowcount
            counts["tombstones"] = db.execute(
                delete(deleted_conversations).where(
                    deleted_conversations.c.deleted_at < time.time() - TOMBSTONE_SECONDS
                )
            ).rowcount
        return counts

    def guard_rasa_events(self) -> None:
        """A trigger on Rasa's events table that drops rows written for a deleted conversation.

        Rasa's SQL tracker store writes every event its in-memory tracker holds beyond what the table has,
        so a turn that was still running when the conversation was deleted would write the whole history back.
        Made once Rasa has created its table (Rasa starts before the gateway); safe to call again."""
        if self._late_write_guard:
            return
        with self.engine.begin() as db:
            if not inspect(db).has_table(RASA_EVENTS_TABLE):
                return
            condition = f"SELECT 1 FROM {deleted_conversations.name} WHERE conversation_id = NEW.sender_id"
            if self.engine.dialect.name == "sqlite":
                db.execute(
                    text(
                        f"CREATE TRIGGER IF NOT EXISTS {LATE_WRITE_GUARD} AFTER INSERT ON {RASA_EVENTS_TABLE} "
                        f"WHEN EXISTS ({condition}) BEGIN DELETE FROM {RASA_EVENTS_TABLE} WHERE id = NEW.id; END"
                    )
                )
            elif self.engine.dialect.name == "postgresql":
                exists = db.execute(
                    text("SELECT 1 FROM pg_trigger WHERE tgname = :name"), {"name": LATE_WRITE_GUARD}
                ).first()
                if not exists:
                    db.execute(text("SELECT pg_advisory_xact_lock(4202513)"))  # one gateway at a time
                    db.execute(
                        text(
                            f"CREATE OR REPLACE FUNCTION {LATE_WRITE_GUARD}() RETURNS trigger AS $$ BEGIN "
                            f"IF EXISTS ({condition}) THEN DELETE FROM {RASA_EVENTS_TABLE} WHERE id = NEW.id; END IF; "
                            "RETURN NULL; END $$ LANGUAGE plpgsql"
                        )
                    )
                    db.execute(
                        text(
                            f"CREATE OR REPLACE TRIGGER {LATE_WRITE_GUARD} AFTER INSERT ON {RASA_EVENTS_TABLE} "
                            f"FOR EACH ROW EXECUTE FUNCTION {LATE_WRITE_GUARD}()"
                        )
                    )
        self._late_write_guard = True

    def begin_message(self, conversation_id: str, client_message_id: str) -> tuple[bool, dict | None]:
        """(first time?, the stored reply if the first attempt finished). Adds a pending record the first time,
        only while the conversation exists (a late turn cannot bring a record of a deleted one back)."""
        with self.engine.begin() as db:
            row = db.execute(
                select(idempotency.c.response).where(
                    idempotency.c.conversation_id == conversation_id,
                    idempotency.c.client_message_id == client_message_id,
                )
            ).first()
            if row is not None:
                return False, (json.loads(row.response) if row.response else None)
            if (
                conversation_id
                and db.execute(
                    select(conversations.c.conversation_id).where(conversations.c.conversation_id == conversation_id)
                ).first()
                is None
            ):
                return True, None  # deleted meanwhile: the turn will find no conversation and say so
            db.execute(
                idempotency.insert().values(
                    conversation_id=conversation_id, client_message_id=client_message_id, created_at=time.time()
                )
            )
        return True, None

    def finish_message(self, conversation_id: str, client_message_id: str, response: dict) -> None:
        with self.engine.begin() as db:
            db.execute(
                idempotency.update()
                .where(
                    idempotency.c.conversation_id == conversation_id,
                    idempotency.c.client_message_id == client_message_id,
                )
                .values(response=json.dumps(response))
            )
