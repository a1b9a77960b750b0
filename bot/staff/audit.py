"""The audit trail: who did what, when, to which call. Never a word of what a caller or parent said:
only an action name, a call id, a one-way reference to the conversation and a short fixed detail."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, datetime

from sqlalchemy import select

from bot.staff.db import StaffDatabase, now
from bot.staff.models import AuditEvent, StaffAccount

SIGNED_IN = "signed_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED = "sign_in_locked"  # refused because the account is locked after repeated failures
SIGNED_OUT = "signed_out"
CALL_STARTED = "call_started"
CONVERSATION_OPENED = "conversation_opened"
ANSWERS_VIEWED = "answers_viewed"
ANSWER_CHANGED = "answer_changed"
NOTE_ADDED = "note_added"
LETTER_MADE = "letter_made"
PARENT_LINK_MADE = "parent_link_made"
CODE_REDEEMED = "code_redeemed"
CODE_REFUSED = "code_refused"
CALL_ENDED = "call_ended"
AUDIT_EXPORTED = "audit_exported"

CSV_COLUMNS = ("when_utc", "staff_email", "action", "call_id", "conversation_ref", "detail")


def conversation_ref(conversation_id: str | None) -> str | None:
    """Links the events about one family across calls without putting the conversation's key in the trail."""
    if not conversation_id:
        return None
    return hashlib.sha256(b"audit:" + conversation_id.encode("utf-8")).hexdigest()[:16]


def record(
    db: StaffDatabase,
    action: str,
    staff: StaffAccount | None = None,
    *,
    email: str | None = None,
    call_id: str | None = None,
    conversation_id: str | None = None,
    detail: str | None = None,
) -> None:
    with db.session() as session:
        session.add(
            AuditEvent(
                at=now(),
                staff_id=staff.id if staff else None,
                staff_email=staff.email if staff else email,
                action=action,
                call_id=call_id,
                conversation_ref=conversation_ref(conversation_id),
                detail=(detail or None) and detail[:64],
            )
        )


def events(db: StaffDatabase, limit: int | None = None) -> list[AuditEvent]:
    """Newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if limit:
        query = query.limit(limit)
    with db.session() as session:
        return list(session.scalars(query))


def when(event: AuditEvent) -> str:
    return datetime.fromtimestamp(event.at, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts like a formula: an email typed as "=HYPERLINK(…)" must stay text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(db: StaffDatabase) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in reversed(events(db)):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    when(event),
                    event.staff_email,
                    event.action,
                    event.call_id,
                    event.conversation_ref,
                    event.detail,
                )
            ]
        )
    return out.getvalue()
