"""Hand-over codes: a parent in the web chat gets a 6-digit code to read to a helpline; a signed-in staff
member types it and the parent's conversation opens in their console.

A code is valid for 30 minutes and works once. Every wrong guess, by anyone, counts against every code alive
at that moment, and a code that has seen 20 wrong guesses is dead: so no code is ever exposed to more than 20
tries, whatever the number of codes alive (the web layer also limits each staff member's wrong guesses).
Only the code's SHA-256 is stored (a lookup key, not a secret: the conversations sit in the same database).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from bot.staff.db import StaffDatabase, now
from bot.staff.models import HandoverCode

DIGITS = 6
VALID_SECONDS = 30 * 60
MAX_WRONG_GUESSES = 20

OK = "ok"
WRONG = "wrong"
EXPIRED = "expired"
USED = "used"
LOCKED = "locked"


@dataclass(frozen=True)
class Redeemed:
    outcome: str
    conversation_id: str | None = None


def _key(code: str) -> str:
    return hashlib.sha256(b"handover:" + code.encode("ascii")).hexdigest()


def normalise(code: str) -> str | None:
    digits = "".join(ch for ch in code if not ch.isspace() and ch != "-")
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else None


def new_code(db: StaffDatabase, conversation_id: str) -> tuple[str, float]:
    """A fresh code for the conversation (any earlier unused one stops working); (code, expires_at)."""
    moment = now()
    with db.session() as session:
        session.execute(
            update(HandoverCode)
            .where(HandoverCode.conversation_id == conversation_id, HandoverCode.used_at.is_(None))
            .values(expires_at=moment)
        )
        for _ in range(20):
            code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
            clash = session.scalar(
                select(HandoverCode.id).where(HandoverCode.code_hash == _key(code), HandoverCode.expires_at > moment)
            )
            if clash is None:
                break
        session.add(
            HandoverCode(
                code_hash=_key(code),
                conversation_id=conversation_id,
                created_at=moment,
                expires_at=moment + VALID_SECONDS,
                wrong_guesses=0,
            )
        )
    return code, moment + VALID_SECONDS


def redeem(db: StaffDatabase, typed: str) -> Redeemed:
    code = normalise(typed)
    moment = now()
    with db.session() as session:
        row = None
        if code is not None:
            row = session.scalar(
                select(HandoverCode)
                .where(HandoverCode.code_hash == _key(code))
                .order_by(HandoverCode.created_at.desc())
                .limit(1)
            )
        if (
            row is not None
            and row.used_at is None
            and row.expires_at > moment
            and row.wrong_guesses < MAX_WRONG_GUESSES
        ):
            taken = cast(
                "CursorResult[Any]",  # an UPDATE's result: typed as a plain Result, which has no rowcount
                session.execute(
                    update(HandoverCode)
                    .where(HandoverCode.id == row.id, HandoverCode.used_at.is_(None))
                    .values(used_at=moment)
                ),
            )
            if taken.rowcount == 1:
                return Redeemed(OK, row.conversation_id)
        # A wrong guess for every code alive now, including (if it matched a dead code) nothing more.
        session.execute(
            update(HandoverCode)
            .where(HandoverCode.used_at.is_(None), HandoverCode.expires_at > moment)
            .values(wrong_guesses=HandoverCode.wrong_guesses + 1)
        )
        if row is None:
            return Redeemed(WRONG)
        if row.used_at is not None:
            return Redeemed(USED)
        if row.expires_at <= moment:
            return Redeemed(EXPIRED)
        return Redeemed(LOCKED)
