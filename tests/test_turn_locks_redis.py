"""The production turn lock (bot/gateway/turn_locks.py) on the real Redis at 127.0.0.1:6379: a turn longer
than the lease keeps its lock, and a gateway killed mid-turn frees its conversation within the lease.
Skipped with a reason where Redis is absent; a failure instead when CI=true."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time

import pytest
import redis

from bot.gateway.turn_locks import RedisTurnLocks, TurnLockTimeout
from bot.paths import ROOT
from bot.run.stack import ci

URL = "redis://127.0.0.1:6379/0"
LEASE = 1.0

pytestmark = pytest.mark.production


@pytest.fixture(autouse=True)
def redis_or_skip():
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping()
    except Exception as error:  # noqa: BLE001 - any failure to reach it means "absent"
        if ci():
            pytest.fail(f"Redis (127.0.0.1:6379) not reachable: {error}")
        pytest.skip(f"Redis (127.0.0.1:6379) not reachable: {error}")


def locks(wait_seconds: float) -> RedisTurnLocks:
    # blocking wait = 2 * turn timeout + 15, so a negative turn timeout gives a short wait for the test
    return RedisTurnLocks(URL, (wait_seconds - 15) / 2, prefix="readytoask:test:", lease_seconds=LEASE)


def test_a_turn_longer_than_the_lease_keeps_its_lock():
    conversation = secrets.token_hex(8)

    async def scenario() -> bool:
        holder, other = locks(30), locks(0.5)
        async with holder.hold(conversation):
            await asyncio.sleep(3 * LEASE)  # three leases: renewed meanwhile
            try:
                async with other.hold(conversation):
                    return True
            except TurnLockTimeout:
                return False
            finally:
                await other.close()
        await holder.close()

    assert asyncio.run(scenario()) is False


def test_a_gateway_killed_mid_turn_frees_its_conversation_within_the_lease():
    conversation = secrets.token_hex(8)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import asyncio, sys; from tests.test_turn_locks_redis import locks\n"
            "async def main():\n"
            "    async with locks(30).hold(sys.argv[1]):\n"
            "        print('held', flush=True); await asyncio.sleep(600)\n"
            "asyncio.run(main())",
            conversation,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        killed = time.monotonic()

        async def acquire() -> float:
            waiting = locks(30)
            async with waiting.hold(conversation):
                taken = time.monotonic() - killed
            await waiting.close()
            return taken

        assert asyncio.run(acquire()) <= LEASE + 1.0
    finally:
        if holder.poll() is None:
            holder.kill()
