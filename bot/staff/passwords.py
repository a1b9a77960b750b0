"""Password hashing with Argon2id (pwdlib), with its recommended parameters."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_LENGTH = 12
_hasher = PasswordHash((Argon2Hasher(),))
# Checked against when the email matches no account, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only here to spend the same time")


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_LENGTH} characters.")
    return _hasher.hash(password)


def verify(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """(matches, a new hash when the stored one used weaker parameters than today's)."""
    if not password_hash:
        _hasher.verify(password, _DUMMY_HASH)
        return False, None
    return _hasher.verify_and_update(password, password_hash)


def spend_time(password: str) -> None:
    _hasher.verify(password, _DUMMY_HASH)
