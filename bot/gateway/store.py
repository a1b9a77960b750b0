"""The gateway's small record of each conversation, kept beside Rasa's events in the same database.

It holds no message text: only when the conversation was last used (for retention), the payloads of the
buttons last offered (only those may pass as `/intent` shorthand), the council found (so emergency
replies name the right council even when Rasa is slow or down) and the form left open (so an urgent
message typed as an answer is kept as one).
"""
from __future__ import annotations

import json
import time

from sqlalchemy import Column, Float, MetaData, String, Table, Text, create_engine, delete, inspect, select, text
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
RASA_EVENTS_TABLE = "events"  # Rasa's SQL tracker store keeps every conversation's events here


class ConversationStore:
    def __init__(self, url: URL | str) -> None:
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        # The tables are made and changed by the Alembic migrations in migrations/ (see bot/schema.py).
        schema.upgrade(self.engine)
        metadata.create_all(self.engine)  # a no-op once every table here has its migration

    def create(self, conversation_id: str, council_code: str | None = None) -> None:
        now = time.time()
        with self.engine.begin() as db:
            db.execute(
                conversations.insert().values(
                    conversation_id=conversation_id, created_at=now, last_seen_at=now,
                    offered_payloads="[]", council_code=council_code,
                )
            )

    def get(self, conversation_id: str) -> dict | None:
        with self.engine.connect() as db:
            row = db.execute(select(conversations).where(conversations.c.conversation_id == conversation_id)).first()
        if row is None:
            return None
        record = dict(row._mapping)
        record["offered_payloads"] = json.loads(record["offered_payloads"] or "[]")
        return record

    def record_turn(
        self, conversation_id: str, offered_payloads: list[str], council_code: str | None, active_form: str | None
    ) -> None:
        with self.engine.begin() as db:
            db.execute(
                conversations.update()
                .where(conversations.c.conversation_id == conversation_id)
                .values(
                    last_seen_at=time.time(), offered_payloads=json.dumps(offered_payloads),
                    council_code=council_code, active_form=active_form,
                )
            )

    def delete(self, conversation_id: str) -> None:
        """Deletes the conversation everywhere: Rasa's events and our record."""
        with self.engine.begin() as db:
            if inspect(db).has_table(RASA_EVENTS_TABLE):
                db.execute(text(f"DELETE FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender"), {"sender": conversation_id})
            db.execute(delete(conversations).where(conversations.c.conversation_id == conversation_id))

    def delete_older_than(self, seconds: float) -> int:
        cutoff = time.time() - seconds
        with self.engine.connect() as db:
            expired = [row[0] for row in db.execute(
                select(conversations.c.conversation_id).where(conversations.c.last_seen_at < cutoff)
            )]
        for conversation_id in expired:
            self.delete(conversation_id)
        return len(expired)
