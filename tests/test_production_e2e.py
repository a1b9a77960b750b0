"""The production configuration: PostgreSQL tracker store, Redis lock store, two Rasa replicas.

Selected only by RTA_ENDPOINTS=endpoints.production.yml and environment variables, no code change.
Skipped with a reason where PostgreSQL or Redis is absent; a failure instead when CI=true.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
import signal
import threading
import time
import uuid

import httpx
import psycopg2
import pytest
import redis

from bot.paths import ROOT
from bot.run.launcher import free_port
from bot.run.stack import Parent, ci, start_stack
from tests.test_conversation_e2e import ANSWERS, start_checklist
from tests.test_resilience_e2e import say_until_served

pytestmark = [pytest.mark.e2e, pytest.mark.production]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def _services_or_skip() -> None:
    try:
        psycopg2.connect(dbname="test", connect_timeout=3, **PG).close()
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping()
    except Exception as error:  # noqa: BLE001 - any failure to reach them means "absent"
        message = f"PostgreSQL (127.0.0.1:5432, db test) or Redis (127.0.0.1:6379) not reachable: {error}"
        if ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def database():
    _services_or_skip()
    name = f"ready_to_ask_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="test", **PG)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


@pytest.fixture(scope="module")
def production_stack(database, tmp_path_factory):
    env = {
        "RTA_DB_HOST": PG["host"],
        "RTA_DB_PORT": str(PG["port"]),
        "RTA_DB_NAME": database,
        "RTA_DB_USER": PG["user"],
        "RTA_DB_PASSWORD": "",
        "RTA_REDIS_HOST": "127.0.0.1",
        "RTA_REDIS_PORT": "6379",
        "RTA_REDIS_DB": "0",
    }
    stack = start_stack(
        tmp_path_factory.mktemp("unused-sqlite"),
        name="production",
        endpoints=ROOT / "endpoints.production.yml",
        extra_env=env,
        extra_rasa_ports=(free_port(),),
    )
    yield stack
    stack.stop()


def _events_for(database: str, conversation_id: str) -> int:
    with psycopg2.connect(dbname=database, **PG) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM events WHERE sender_id = %s", (conversation_id,))
        return cursor.fetchone()[0]


def test_either_replica_carries_on_a_conversation_from_the_shared_store(production_stack, database):
    parent = Parent(production_stack.gateway_url)
    start_checklist(parent)
    keys = ("problems", "severity", "duration", "impact_on_child")
    for turn, key in enumerate(keys):  # straight to each replica in turn, as after a failover
        replica = production_stack.rasa_urls[turn % 2]
        httpx.post(
            f"{replica}/webhooks/rest/webhook", json={"sender": parent.id, "message": ANSWERS[key]}, timeout=60
        ).raise_for_status()
    assert parent.checklist()["answers"] == {key: ANSWERS[key] for key in keys}
    assert parent.http.get(f"/api/conversations/{parent.id}").json()["asking"] == "siblings"
    assert _events_for(database, parent.id) > 0


FIRST = "he screams and throws things most evenings and won't settle at bedtime"
# An answer the screen does not ask about: this test is about turns, not safety.
SECOND = "it happens four or five times a week, mostly when he is tired"


def test_simultaneous_messages_to_one_conversation_lose_no_turn(production_stack):
    parent = Parent(production_stack.gateway_url)
    start_checklist(parent)

    async def send_both():
        async with httpx.AsyncClient(base_url=production_stack.gateway_url, timeout=60) as http:
            url = f"/api/conversations/{parent.id}/messages"
            return await asyncio.gather(http.post(url, json={"text": FIRST}), http.post(url, json={"text": SECOND}))

    responses = asyncio.run(send_both())
    assert [r.status_code for r in responses] == [200, 200]
    answers = parent.checklist()["answers"]
    assert sorted(answers.values()) == sorted([FIRST, SECOND])
    assert set(answers) == {"problems", "severity"}


def test_delete_removes_the_conversation_from_postgres(production_stack, database):
    parent = Parent(production_stack.gateway_url)
    start_checklist(parent)
    parent.say("words that must not outlive the delete")
    assert parent.http.delete(f"/api/conversations/{parent.id}").status_code == 204
    assert _events_for(database, parent.id) == 0


def _turn_lock(conversation_id: str) -> bytes | None:
    key = "readytoask:turn:" + hashlib.sha256(conversation_id.encode()).hexdigest()
    return redis.Redis(host="127.0.0.1", port=6379).get(key)


def test_a_gateway_killed_mid_turn_frees_its_turn_lock_when_it_comes_back(production_stack):
    """Its client retries the same message at once and is served, not kept waiting for the lock's expiry."""
    parent = Parent(production_stack.gateway_url)
    start_checklist(parent)
    message_id = str(uuid.uuid4())
    replicas = [os.getpgid(production_stack.pids()[name]) for name in ("rasa", "rasa-2")]
    for group in replicas:
        os.killpg(group, signal.SIGSTOP)  # Rasa hangs, so the turn is still running when the gateway dies
    try:
        threading.Thread(target=lambda: _post_quietly(parent, ANSWERS["problems"], message_id), daemon=True).start()
        deadline = time.monotonic() + 10
        while _turn_lock(parent.id) is None:
            assert time.monotonic() < deadline, "the turn never took its lock"
            time.sleep(0.05)
        assert _turn_lock(parent.id).startswith(b"gateway-1/")  # the token names its gateway
        production_stack.kill("gateway")
    finally:
        for group in replicas:
            os.killpg(group, signal.SIGCONT)
    _, seconds = say_until_served(parent, ANSWERS["problems"], message_id)
    assert seconds < 30  # the lock's expiry alone would have kept it waiting 70 s
    assert parent.checklist()["answers"] == {"problems": ANSWERS["problems"]}  # filed once
    assert parent.turn["asking"] == "severity"


def _post_quietly(parent: Parent, text: str, message_id: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        httpx.post(
            f"{parent.http.base_url}/api/conversations/{parent.id}/messages",
            json={"text": text, "client_message_id": message_id},
            timeout=60,
        )
