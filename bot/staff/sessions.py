"""Signed-in sessions. The browser holds a random token in a cookie; the database holds only its SHA-256,
the account, a CSRF token for the session's forms, and when it began and was last used.

A new session is made at every sign-in and any session the browser presented is ended (no fixation);
signing out deletes it; one idle too long or older than the absolute limit is refused and deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_

from bot.staff.db import StaffDatabase, now
from bot.staff.models import StaffAccount, StaffSession

# Writing last_seen_at on every request would serialise every page view on SQLite; a minute is plenty.
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True)
class SignedIn:
    account: StaffAccount
    csrf_token: str
    session_id: str


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(db: StaffDatabase, account: StaffAccount, previous_token: str | None = None) -> tuple[str, SignedIn]:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    moment = now()
    with db.session() as session:
        if previous_token:
            session.execute(delete(StaffSession).where(StaffSession.id == _key(previous_token)))
        session.add(
            StaffSession(id=_key(token), staff_id=account.id, csrf_token=csrf, created_at=moment, last_seen_at=moment)
        )
    return token, SignedIn(account, csrf, _key(token))


def check(db: StaffDatabase, token: str | None, idle_seconds: float, absolute_seconds: float) -> SignedIn | None:
    if not token or len(token) > 128:
        return None
    moment = now()
    with db.session() as session:
        row = session.get(StaffSession, _key(token))
        if row is None:
            return None
        account = session.get(StaffAccount, row.staff_id)
        expired = moment - row.last_seen_at > idle_seconds or moment - row.created_at > absolute_seconds
        if expired or account is None or not account.active:
            session.delete(row)
            return None
        if moment - row.last_seen_at > TOUCH_EVERY_SECONDS:
            row.last_seen_at = moment
        return SignedIn(account, row.csrf_token, row.id)


def end(db: StaffDatabase, token: str | None) -> None:
    if token:
        with db.session() as session:
            session.execute(delete(StaffSession).where(StaffSession.id == _key(token)))


def delete_expired(db: StaffDatabase, idle_seconds: float, absolute_seconds: float) -> None:
    moment = now()
    with db.session() as session:
        session.execute(
            delete(StaffSession).where(
                or_(
                    StaffSession.last_seen_at < moment - idle_seconds,
                    StaffSession.created_at < moment - absolute_seconds,
                )
            )
        )
