"""The staff console's tables. Times are seconds since the epoch (UTC), like the conversation store's.

The schema is made and changed only by the Alembic migrations in migrations/versions/: change a model
here, then add a migration there.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("staff", "supervisor", "admin")
# What each role may do beyond its own calls. An admin can do everything a supervisor can.
SUPERVISING_ROLES = ("supervisor", "admin")

PHONE_CALL = "phone"  # a call started in the console: the staff member types the caller's words
HANDOVER = "handover"  # a parent's web chat handed over with a one-time code
ORIGINS = (PHONE_CALL, HANDOVER)


class Base(DeclarativeBase):
    pass


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    role: Mapped[str] = mapped_column(String(16))
    # None for an account that signs in through single sign-on (when that comes).
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    auth_provider: Mapped[str] = mapped_column(String(32), default="password")
    external_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)  # since the last good one
    locked_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    last_sign_in_at: Mapped[float | None] = mapped_column(Float, nullable=True)

    @property
    def supervises(self) -> bool:
        return self.role in SUPERVISING_ROLES


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[float] = mapped_column(Float)
    last_seen_at: Mapped[float] = mapped_column(Float)


class Call(Base):
    """A conversation opened in the console: started there (a phone call) or handed over with a code.

    The call's own id is what the console's addresses carry; the conversation's id (the key to the public
    API) never appears in a page, a link or the audit trail."""

    __tablename__ = "staff_calls"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[float] = mapped_column(Float)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # When the safety screen last found urgent danger in the call (the banner is shown again on reload).
    urgent_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class CallNote(Base):
    """A staff member's private note. Never part of the letter; deleted with the conversation."""

    __tablename__ = "staff_call_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("staff_calls.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)


class HandoverCode(Base):
    """A parent's 6-digit code: valid 30 minutes, once, and dead after 20 wrong guesses in its life."""

    __tablename__ = "handover_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    wrong_guesses: Mapped[int] = mapped_column(Integer, default=0)


class LetterLink(Base):
    """A one-time link that gives the caller their letter. Only the token's SHA-256 is stored."""

    __tablename__ = "letter_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    call_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class AuditEvent(Base):
    """Who did what, when, to which call. Never a word of what a caller or parent said."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[float] = mapped_column(Float, index=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    staff_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    call_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # A one-way reference to the conversation (not its id, which is a key): the same family across calls.
    conversation_ref: Mapped[str | None] = mapped_column(String(16), nullable=True)
    detail: Mapped[str | None] = mapped_column(String(64), nullable=True)  # a checklist key, a format, a reason
