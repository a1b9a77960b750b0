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
import uuid
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

    The expiry frees the lock of a gateway that died mid-turn and never came back; it is longer than the
    longest turn (Rasa's timeout), so it never expires under a turn that is still running normally. A gateway
    that is restarted (supervisord, or Kubernetes restarting the container) does not wait for it: each token
    starts with the gateway's instance name, and at start-up the new process frees every lock its dead
    predecessor held, so the turns its clients retry go ahead at once. Keys hold a hash of the conversation
    id, never the id itself (the id is the conversation's only key).
    """

    # Delete a key only if its value (the token) starts with ARGV[1]: atomic, so a lock that has meanwhile
    # expired and been taken by another gateway is never freed by mistake.
    _FREE_IF_OURS = """
        local token = redis.call('GET', KEYS[1])
        if token and string.sub(token, 1, string.len(ARGV[1])) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
    """

    def __init__(self, url: str, turn_timeout_seconds: float, instance: str, prefix: str = "readytoask:turn:") -> None:
        import redis.asyncio as redis  # only production needs it

        self._redis = redis.Redis.from_url(url)
        self._expiry = 2 * turn_timeout_seconds + 10
        self._wait = 2 * turn_timeout_seconds + 15
        self._prefix = prefix
        self._owner = f"{instance}/"  # one gateway process per instance name (see Settings.instance)

    async def free_locks_of_previous_run(self) -> int:
        """Frees the locks a previous process with this instance name held when it died; returns how many.

        Call once at start-up, before serving: this process holds nothing yet, so every lock with its
        instance name belongs to a process that is gone.
        """
        free = self._redis.register_script(self._FREE_IF_OURS)
        freed = 0
        async for key in self._redis.scan_iter(match=self._prefix + "*", count=500):
            freed += int(await free(keys=[key], args=[self._owner]))
        return freed

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        key = self._prefix + hashlib.sha256(conversation_id.encode()).hexdigest()
        lock = self._redis.lock(key, timeout=self._expiry, blocking_timeout=self._wait, sleep=0.05)
        if not await lock.acquire(token=self._owner + uuid.uuid4().hex):
            raise TurnLockTimeout(key)
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing of ours to release
                await lock.release()

    async def close(self) -> None:
        await self._redis.aclose()
