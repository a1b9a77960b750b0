"""Throttles on guessing, with the `limits` library (moving windows). Counts live in memory by default, or in
Redis (RTA_RATE_LIMIT_STORAGE=redis://…) when several gateway processes must share them."""

from __future__ import annotations

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

# Sign-in attempts, whatever their outcome: per address (an office behind one address has many staff) and per
# email address typed (on top of the account lock after 5 wrong passwords in a row, in accounts.py).
SIGN_IN_PER_ADDRESS = parse("60/minute")
SIGN_IN_PER_EMAIL = parse("10/minute")
# Wrong hand-over codes per staff member (each code also dies after 20 wrong guesses: handover.py).
WRONG_CODES_PER_STAFF = parse("20 per 30 minutes")
# New hand-over codes: per conversation and per address.
NEW_CODES_PER_CONVERSATION = parse("5 per 10 minutes")
NEW_CODES_PER_ADDRESS = parse("60/hour")


class Throttle:
    def __init__(self, storage_uri: str = "memory://") -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def allow(self, rule, *key: str) -> bool:
        """Counts one attempt; False when the limit was already reached."""
        return self._limiter.hit(rule, *key)

    def allowed(self, rule, *key: str) -> bool:
        """Whether one more attempt would be allowed, without counting one."""
        return self._limiter.test(rule, *key)
