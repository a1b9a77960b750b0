"""Load, crashes and scale-out, in one run: full journeys many at once, answers checked afterwards.

    .venv/app/bin/python bench/load.py [--journeys 200] [--concurrency 50] [--embedded-rasa 2] [--skip-production]
                                       [--skip-embedded]
                                       [--skip-kills]

For each configuration it starts the real processes under supervisord on free ports with a throwaway store:
  1. the embedded default (SQLite, one gateway, one Rasa);
  2. PostgreSQL + Redis (127.0.0.1:5432 db test, 127.0.0.1:6379) with two gateways and two Rasa replicas;
and runs `--journeys` scripted checklist journeys, `--concurrency` at once, like the widget does (a client
message id per message, the same id again after a 503 or a lost connection, up to 30 s). Then, unless
--skip-kills, the same load again while each process in turn is killed once (SIGKILL, supervisord
restarts it). In the same run: the same turns through bare Rasa's REST channel, for comparison.

Prints throughput (turns/s), p50/p95 per turn, 503s retried, other errors, and answers intact (every
journey's checklist read back afterwards must hold its exact words).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.paths import ROOT
from bot.run.launcher import Stack, free_port

# Ordinary answers (no danger words), so every turn takes the dialogue path; one per checklist question.
ANSWERS = {
    "problems": "he shouts and slams doors most evenings and won't do anything I ask",
    "severity": "it is most days now, worse at weekends",
    "duration": "about two years",
    "impact_on_child": "he's barely in school and has no friends",
    "siblings": "his sister is 6 and gets upset when he shouts",
    "tried": "reward charts and a parenting course",
    "involved": "the school SENCO and our GP",
    "help_wanted": "someone to work with him one to one",
    "without_help": "things will keep getting worse at home",
}
BARE_SCRIPT = ["/greet", "/start_checklist", *ANSWERS.values()]
RETRY_FOR_SECONDS = 30
UNLIMITED = {"RTA_RATE_LIMIT_CONVERSATIONS": "1000000/minute", "RTA_RATE_LIMIT_MESSAGES": "1000000/minute"}


def _answer_key(value: str) -> str:
    """Which checklist answer a wrong value belongs to ("?" when none)."""
    return next((k for k, v in ANSWERS.items() if v == value), "?")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


class Tally:
    def __init__(self) -> None:
        self.timings: list[float] = []
        self.retried_503 = 0
        self.connection_retries = 0
        self.errors: list[str] = []
        self.intact = 0
        self.lost: list[str] = []


async def call(http: httpx.AsyncClient, method: str, url: str, tally: Tally, body: dict | None = None) -> dict:
    """One API call as the widget makes it: retried with the same client message id after 503 or no answer."""
    if body is not None:
        body = {**body, "client_message_id": str(uuid.uuid4())}
    started = time.perf_counter()
    while True:
        try:
            response = await http.request(method, url, json=body)
            if response.status_code in (200, 201):
                tally.timings.append(time.perf_counter() - started)
                return response.json()
            if response.status_code != 503:
                tally.errors.append(f"{response.status_code} {url.rsplit('/', 1)[-1]}")
                raise RuntimeError(response.status_code)
            tally.retried_503 += 1
        except httpx.TransportError:
            tally.connection_retries += 1
        if time.perf_counter() - started > RETRY_FOR_SECONDS:
            tally.errors.append(f"not served within {RETRY_FOR_SECONDS} s")
            raise RuntimeError("gave up")
        await asyncio.sleep(1.0)


async def journey(gateways: list[str], number: int, tally: Tally, http: httpx.AsyncClient) -> None:
    base = gateways[number % len(gateways)]  # no load balancer here: journeys spread over the gateways
    try:
        turn = await call(http, "POST", f"{base}/api/conversations", tally, {})
        conversation_id = turn["conversation_id"]
        url = f"{base}/api/conversations/{conversation_id}/messages"
        turn = await call(http, "POST", url, tally, {"text": "/start_checklist"})
        sent = {}
        guard = 0
        while turn.get("asking") in ANSWERS and guard < 20:
            key = turn["asking"]
            sent[key] = ANSWERS[key]
            turn = await call(http, "POST", url, tally, {"text": ANSWERS[key]})
            guard += 1
        checklist = await call(http, "GET", f"{base}/api/conversations/{conversation_id}/checklist", tally)
        tally.timings.pop()  # reading the checklist back is not a turn
        if checklist["answers"] == sent and set(sent) == set(ANSWERS):
            tally.intact += 1
        else:
            got = checklist["answers"]
            tally.lost.append(
                f"{conversation_id[:6]}: "
                + ", ".join(
                    f"{key} {'missing' if key not in got else 'was ' + _answer_key(got[key])}"
                    for key in ANSWERS
                    if got.get(key) != ANSWERS[key]
                )
            )
    except RuntimeError:
        tally.lost.append(f"journey {number}")


async def run_journeys(gateways: list[str], journeys: int, concurrency: int, during=None) -> tuple[Tally, float]:
    tally = Tally()
    semaphore = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:

        async def one(number):
            async with semaphore:
                await journey(gateways, number, tally, http)

        started = time.perf_counter()
        work = asyncio.gather(*(one(n) for n in range(journeys)))
        if during:
            await asyncio.gather(work, during())
        else:
            await work
        return tally, time.perf_counter() - started


async def bare_rasa(rasa_url: str, journeys: int, concurrency: int) -> tuple[list[float], float]:
    timings: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        base_url=rasa_url, timeout=120, limits=httpx.Limits(max_connections=concurrency)
    ) as http:

        async def one():
            async with semaphore:
                sender = secrets.token_hex(12)
                for text in BARE_SCRIPT:
                    started = time.perf_counter()
                    (
                        await http.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
                    ).raise_for_status()
                    timings.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(journeys)))
        return timings, time.perf_counter() - started


def killer(stack: Stack, names: list[str], gap_seconds: float):
    """Kills each process once, in turn, while the load runs; records how long until it serves again."""
    recoveries: dict[str, float] = {}

    async def kill_each() -> None:
        for name in names:
            await asyncio.sleep(gap_seconds)
            stack.kill(name, signal.SIGKILL)
            killed = time.monotonic()
            await asyncio.to_thread(stack.wait_until_serving, 60)
            while stack.states().get(name) != "RUNNING":
                await asyncio.sleep(0.2)
            recoveries[name] = time.monotonic() - killed

    return kill_each, recoveries


def report(label: str, tally: Tally, elapsed: float, journeys: int) -> dict:
    row = {
        "turns/s": len(tally.timings) / elapsed,
        "p50 ms": 1000 * statistics.median(tally.timings or [0]),
        "p95 ms": 1000 * percentile(tally.timings, 0.95),
        "intact": f"{tally.intact}/{journeys}",
        "503 retried": tally.retried_503,
        "conn. retried": tally.connection_retries,
        "errors": len(tally.errors),
    }
    print(
        f"{label:44} {row['turns/s']:7.1f} {row['p50 ms']:7.0f} {row['p95 ms']:7.0f} {row['intact']:>8} "
        f"{row['503 retried']:6d} {row['conn. retried']:6d} {row['errors']:6d}",
        flush=True,
    )
    if tally.errors:
        print(f"    errors: {sorted(set(tally.errors))[:5]}", flush=True)
    wrong = [lost for lost in tally.lost if not lost.startswith("journey ")]
    if wrong:
        print(f"    answers not as sent (key: whose answer it holds): {wrong[:8]}", flush=True)
    return row


HEADER = f"{'run':44} {'turns/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'intact':>8} {'503r':>6} {'connr':>6} {'err':>6}"


def production_stack(store: Path, log_dir: Path) -> tuple[Stack, str]:
    import psycopg2

    name = f"rta_load_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="test", host="127.0.0.1", user="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    admin.close()
    env = {
        **UNLIMITED,
        "RTA_DB_HOST": "127.0.0.1",
        "RTA_DB_PORT": "5432",
        "RTA_DB_NAME": name,
        "RTA_DB_USER": "postgres",
        "RTA_DB_PASSWORD": "",
        "RTA_REDIS_HOST": "127.0.0.1",
        "RTA_REDIS_PORT": "6379",
        "RTA_REDIS_DB": "0",
    }
    stack = Stack(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        nlu_port=free_port(),
        sqlite_db=store / "unused.db",
        log_dir=log_dir,
        endpoints=ROOT / "endpoints.production.yml",
        extra_env=env,
        extra_rasa_ports=(free_port(),),
        extra_gateway_ports=(free_port(),),
    )
    stack.extra_env["RTA_NLU_URL"] = f"http://127.0.0.1:{stack.nlu_port}"
    return stack, name


def drop_database(name: str) -> None:
    import psycopg2

    admin = psycopg2.connect(dbname="test", host="127.0.0.1", user="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def bench(stack: Stack, label: str, args) -> None:
    print(f"\n{label}: starting…", flush=True)
    started = time.monotonic()
    stack.start()
    print(f"{label}: ready in {time.monotonic() - started:.0f} s; processes {sorted(stack.pids())}", flush=True)
    try:
        print(HEADER)
        timings, elapsed = asyncio.run(bare_rasa(stack.rasa_url, args.journeys, args.concurrency))
        print(
            f"{'bare Rasa (one replica), same journeys':44} {len(timings) / elapsed:7.1f} "
            f"{1000 * statistics.median(timings):7.0f} {1000 * percentile(timings, 0.95):7.0f}",
            flush=True,
        )
        tally, elapsed = asyncio.run(run_journeys(stack.gateway_urls, args.journeys, args.concurrency))
        report(f"{label}", tally, elapsed, args.journeys)
        if not args.skip_kills:
            names = [n for n in ("understanding", "actions", "rasa", "gateway") if n in stack.pids()]
            kill_each, recoveries = killer(stack, names, gap_seconds=args.kill_gap)
            tally, elapsed = asyncio.run(run_journeys(stack.gateway_urls, args.journeys, args.concurrency, kill_each))
            report(f"{label}, each process killed once", tally, elapsed, args.journeys)
            print(
                "    serving again after a kill (s): "
                + ", ".join(f"{name} {seconds:.1f}" for name, seconds in recoveries.items()),
                flush=True,
            )
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--kill-gap", type=float, default=8.0, help="seconds between kills")
    parser.add_argument("--embedded-rasa", type=int, default=1, help="Rasa replicas in the embedded run")
    parser.add_argument("--skip-production", action="store_true")
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--skip-kills", action="store_true")
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp(prefix="rta-load-"))
    print(f"{args.journeys} journeys of {len(ANSWERS) + 2} turns, {args.concurrency} at once; logs in {store}")
    embedded = Stack(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        nlu_port=free_port(),
        sqlite_db=store / "conversations.db",
        log_dir=store / "embedded",
        extra_env=dict(UNLIMITED),
        extra_rasa_ports=tuple(free_port() for _ in range(args.embedded_rasa - 1)),
    )
    if not args.skip_embedded:
        bench(embedded, f"embedded (SQLite, 1 gateway, {args.embedded_rasa} Rasa)", args)
    if not args.skip_production:
        stack, database = production_stack(store, store / "production")
        try:
            bench(stack, "PostgreSQL + Redis, 2 gateways, 2 Rasa", args)
        finally:
            drop_database(database)


if __name__ == "__main__":
    main()
