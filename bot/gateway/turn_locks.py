"""One turn at a time per conversation: in this process (the embedded default) or across every gateway
process and host (Redis, in production).

A double tap, two tabs, a retry while the first attempt still runs, or a delete during a turn: the second
waits for the first. With several gateways behind a load balancer the lock must be shared, or two of them
could interleave one conversation's turns; Rasa's own lock store only orders turns inside Rasa.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import weakref
from collections.abc import AsyncIterator


class TurnLockTimeout(RuntimeError):
    """Another turn of this conversation held the lock for longer than a turn can take."""


class LocalTurnLocks:
    """asyncio locks, one per conversation, forgotten when no turn holds or waits for them."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        async with lock:
            yield

    async def close(self) -> None:
        pass


class RedisTurnLocks:
    """redis-py's Lock (SET NX with a token and an expiry), shared by every gateway on the same Redis.

    The lock is a short lease the holder renews while its turn runs: a gateway that crashes mid-turn stops
    renewing, so its conversations are free again within `lease_seconds` (a fixed expiry longer than the
    longest turn kept them waiting over a minute, and the parent's retries gave up). Keys hold a hash of the
    conversation id, never the id itself (the id is the conversation's only key).
    """

    def __init__(
        self, url: str, turn_timeout_seconds: float, prefix: str = "readytoask:turn:", lease_seconds: float = 5.0
    ) -> None:
        import redis.asyncio as redis  # only production needs it

        self._redis = redis.Redis.from_url(url)
        self._lease = lease_seconds
        self._wait = 2 * turn_timeout_seconds + 15
        self._prefix = prefix

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        key = self._prefix + hashlib.sha256(conversation_id.encode()).hexdigest()
        lock = self._redis.lock(key, timeout=self._lease, blocking_timeout=self._wait, sleep=0.05)
        if not await lock.acquire():
            raise TurnLockTimeout(key)
        renewing = asyncio.create_task(self._renew(lock))
        try:
            yield
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            with contextlib.suppress(Exception):  # expired meanwhile: nothing of ours to release
                await lock.release()

    async def _renew(self, lock) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                await lock.reacquire()  # the lease starts again from now
            except Exception:  # noqa: BLE001 - lost (Redis restarted, say): the turn finishes, nothing to renew
                return

    async def close(self) -> None:
        await self._redis.aclose()
