"""Calls: conversations opened in the console, who may see them, their private notes and one-time letter links.

A staff member sees only the calls they took; supervisors and admins see every call. A call whose
conversation has been deleted (by the parent, or by retention) loses its notes and links with it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Float, String, column, delete, select, table, update

from bot.staff.db import StaffDatabase, now
from bot.staff.models import ORIGINS, Call, CallNote, HandoverCode, LetterLink, StaffAccount

MAX_NOTE_CHARS = 5000
LETTER_LINK_SECONDS = 24 * 3600
# The gateway's record of each conversation (bot/gateway/store.py): only whether it still exists, and when last used.
conversations = table("ready_to_ask_conversations", column("conversation_id", String), column("last_seen_at", Float))


@dataclass(frozen=True)
class CallRow:
    call: Call
    staff_email: str
    last_seen_at: float | None  # None once the conversation has been deleted


def start(db: StaffDatabase, staff: StaffAccount, conversation_id: str, origin: str) -> Call:
    if origin not in ORIGINS:
        raise ValueError(origin)
    call = Call(
        id=secrets.token_urlsafe(16),
        conversation_id=conversation_id,
        staff_id=staff.id,
        origin=origin,
        started_at=now(),
    )
    with db.session() as session:
        session.add(call)
    return call


def visible(db: StaffDatabase, staff: StaffAccount, call_id: str) -> Call | None:
    """The call, if this staff member may open it; None otherwise (the web layer answers 404 either way)."""
    with db.session() as session:
        call = session.get(Call, call_id)
    if call is None or (call.staff_id != staff.id and not staff.supervises):
        return None
    return call


def listing(db: StaffDatabase, staff: StaffAccount, limit: int = 200) -> list[CallRow]:
    """The staff member's own calls, or every call for a supervisor, newest first."""
    query = (
        select(Call, StaffAccount.email, conversations.c.last_seen_at)
        .join(StaffAccount, StaffAccount.id == Call.staff_id)
        .outerjoin(conversations, conversations.c.conversation_id == Call.conversation_id)
        .order_by(Call.started_at.desc())
        .limit(limit)
    )
    if not staff.supervises:
        query = query.where(Call.staff_id == staff.id)
    with db.session() as session:
        return [CallRow(call, email, seen) for call, email, seen in session.execute(query)]


def mark_urgent(db: StaffDatabase, call: Call) -> None:
    with db.session() as session:
        session.execute(update(Call).where(Call.id == call.id).values(urgent_at=now()))


def end(db: StaffDatabase, call: Call) -> None:
    with db.session() as session:
        session.execute(update(Call).where(Call.id == call.id, Call.ended_at.is_(None)).values(ended_at=now()))


def add_note(db: StaffDatabase, staff: StaffAccount, call: Call, note: str) -> None:
    note = note.strip()
    if not note:
        raise ValueError("Please type the note first.")
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"A note can be up to {MAX_NOTE_CHARS:,} characters.")
    with db.session() as session:
        session.add(CallNote(call_id=call.id, staff_id=staff.id, created_at=now(), text=note))


def notes(db: StaffDatabase, call: Call) -> list[tuple[CallNote, str]]:
    query = (
        select(CallNote, StaffAccount.email)
        .join(StaffAccount, StaffAccount.id == CallNote.staff_id)
        .where(CallNote.call_id == call.id)
        .order_by(CallNote.created_at)
    )
    with db.session() as session:
        return [(note, email) for note, email in session.execute(query)]


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_letter_link(db: StaffDatabase, call: Call) -> str:
    """A token for the caller's one-time letter link; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    moment = now()
    with db.session() as session:
        session.add(
            LetterLink(
                token_hash=_token_key(token),
                conversation_id=call.conversation_id,
                call_id=call.id,
                created_at=moment,
                expires_at=moment + LETTER_LINK_SECONDS,
            )
        )
    return token


def use_letter_link(db: StaffDatabase, token: str) -> str | None:
    """The conversation the link is for, the first time it is used within its time; None after that."""
    if not token or len(token) > 64:
        return None
    key = _token_key(token)
    with db.session() as session:
        used = cast(
            "CursorResult[Any]",  # an UPDATE's result: typed as a plain Result, which has no rowcount
            session.execute(
                update(LetterLink)
                .where(LetterLink.token_hash == key, LetterLink.used_at.is_(None), LetterLink.expires_at > now())
                .values(used_at=now())
            ),
        )
        if used.rowcount != 1:
            return None
        return session.scalar(select(LetterLink.conversation_id).where(LetterLink.token_hash == key))


def forget_deleted_conversations(db: StaffDatabase) -> None:
    """Notes, letter links and hand-over codes go with their conversation (the call's bare record stays for the
    audit trail), and spent or expired codes and links are removed."""
    live_conversations = select(conversations.c.conversation_id)
    gone = select(Call.id).where(Call.conversation_id.not_in(live_conversations))
    moment = now()
    with db.session() as session:
        session.execute(delete(CallNote).where(CallNote.call_id.in_(gone)))
        session.execute(
            delete(LetterLink).where(
                LetterLink.conversation_id.not_in(live_conversations) | (LetterLink.expires_at < moment)
            )
        )
        session.execute(
            delete(HandoverCode).where(
                HandoverCode.conversation_id.not_in(live_conversations) | (HandoverCode.expires_at < moment - 3600)
            )
        )
