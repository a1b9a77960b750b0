"""Staff accounts: made by an administrator (`make staff-account`), signed in to with a password.

Repeated wrong passwords lock an account for a while (on top of the per-address throttle in the web layer).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from bot.staff import passwords
from bot.staff.db import StaffDatabase, now
from bot.staff.models import ROLES, StaffAccount, StaffSession

LOCK_AFTER_FAILURES = 5
LOCK_SECONDS = 15 * 60

OK = "ok"
WRONG = "wrong"  # no such account, or the wrong password (never said apart to the person signing in)
LOCKED = "locked"


@dataclass(frozen=True)
class SignIn:
    outcome: str
    account: StaffAccount | None = None  # set when the email matched an account, whatever the outcome


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_or_update(db: StaffDatabase, email: str, role: str, password: str) -> tuple[StaffAccount, bool]:
    """Makes the account, or sets a new role and password on it (and signs it out everywhere). True if new."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ValueError("Please give the staff member's email address.")
    if role not in ROLES:
        raise ValueError(f"The role must be one of: {', '.join(ROLES)}.")
    password_hash = passwords.hash_password(password)
    with db.session() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
        created = account is None
        if account is None:
            account = StaffAccount(
                email=email,
                role=role,
                password_hash=password_hash,
                created_at=now(),
                auth_provider="password",
                active=True,
                failed_sign_ins=0,
            )
            session.add(account)
        else:
            account.role, account.password_hash = role, password_hash
            account.failed_sign_ins, account.locked_until, account.active = 0, None, True
            session.execute(delete(StaffSession).where(StaffSession.staff_id == account.id))
        session.flush()
        return account, created


def authenticate(db: StaffDatabase, email: str, password: str) -> SignIn:
    email = normalise_email(email)
    with db.session() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
        if account is None or not account.active or account.auth_provider != "password":
            passwords.spend_time(password)
            return SignIn(WRONG, account)
        if account.locked_until and account.locked_until > now():
            passwords.spend_time(password)
            return SignIn(LOCKED, account)
        matches, new_hash = passwords.verify(password, account.password_hash)
        if not matches:
            account.failed_sign_ins += 1
            if account.failed_sign_ins >= LOCK_AFTER_FAILURES:
                account.locked_until = now() + LOCK_SECONDS
                account.failed_sign_ins = 0
                return SignIn(LOCKED, account)
            return SignIn(WRONG, account)
        if new_hash:
            account.password_hash = new_hash
        account.failed_sign_ins, account.locked_until, account.last_sign_in_at = 0, None, now()
        return SignIn(OK, account)


def get(db: StaffDatabase, staff_id: int) -> StaffAccount | None:
    with db.session() as session:
        return session.get(StaffAccount, staff_id)


def all_accounts(db: StaffDatabase) -> list[StaffAccount]:
    with db.session() as session:
        return list(session.scalars(select(StaffAccount).order_by(StaffAccount.email)))
