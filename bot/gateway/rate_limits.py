"""Per-client rate limits on starting conversations and sending messages (the `limits` library).

In memory for the embedded default; in Redis when Rasa's lock store is Redis, so every gateway counts
the same client together. The client is the connecting address; behind a proxy, run uvicorn with
--proxy-headers and FORWARDED_ALLOW_IPS so that is the parent's address, not the proxy's.
"""

from __future__ import annotations

import time

from fastapi import HTTPException, Request
from limits import parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

TOO_MANY = "You have sent a lot in a short time. Please wait a minute and try again: nothing has been lost."


class RateLimits:
    def __init__(self, storage_url: str | None, conversations: str, messages: str) -> None:
        # redis-py (already a dependency) rather than limits' default async Redis client, coredis.
        self.storage = (
            storage_from_string(f"async+{storage_url}", implementation="redispy")
            if storage_url
            else storage_from_string("async+memory://")
        )
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.rules = {"conversations": parse_many(conversations), "messages": parse_many(messages)}

    async def check(self, kind: str, client: str) -> int | None:
        """None if allowed, else seconds until the client may try again."""
        for rule in self.rules[kind]:
            if not await self.limiter.hit(rule, kind, client):
                reset, _ = await self.limiter.get_window_stats(rule, kind, client)
                return max(1, int(reset - time.time()) + 1)
        return None


def limited(kind: str):
    """A FastAPI dependency: 429 with Retry-After once the client is over the limit for `kind`."""

    async def dependency(request: Request) -> None:
        limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
        if limits is None:
            return
        retry_after = await limits.check(kind, request.client.host if request.client else "unknown")
        if retry_after is not None:
            raise HTTPException(status_code=429, detail=TOO_MANY, headers={"Retry-After": str(retry_after)})

    return dependency
