"""Per-turn latency, throughput and memory of the product, against bare Rasa on the same model.

    .venv/app/bin/python bench/conversation_bench.py [--conversations 50]

Starts its own stack on free ports with a throwaway store, replays a scripted checklist conversation
through the gateway (POST /api/conversations, then messages) and, in the same run, the same turns through
Rasa's bare REST channel, sequentially and with 10 and 50 conversations at once. Prints p50/p95 per turn,
turns per second and each process's resident memory, and the gateway's cost as a ratio of bare Rasa.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.run.launcher import Stack, free_port

SCRIPT = [
    "/start_checklist",
    "he kicks off every night and smashed his bedroom door last week",
    "last tuesday he threw a chair at me, it's 3-4 times a week",
    "about two years",
    "he's barely in school and has no friends",
    "his sister is 6 and scared of him",
    "reward charts and a parenting course",
    "the school SENCO and our GP",
    "someone to work with him one to one",
    "someone will get hurt",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def gateway_conversation(http: httpx.AsyncClient, timings: list[float]) -> None:
    started = time.perf_counter()
    response = await http.post("/api/conversations")
    timings.append(time.perf_counter() - started)
    conversation_id = response.json()["conversation_id"]
    for text in SCRIPT:
        started = time.perf_counter()
        response = await http.post(f"/api/conversations/{conversation_id}/messages", json={"text": text})
        response.raise_for_status()
        timings.append(time.perf_counter() - started)


async def rasa_conversation(http: httpx.AsyncClient, timings: list[float]) -> None:
    sender = uuid.uuid4().hex
    for text in ["/greet", *SCRIPT]:
        started = time.perf_counter()
        response = await http.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
        response.raise_for_status()
        timings.append(time.perf_counter() - started)


async def measure(base_url: str, conversation, concurrency: int, total: int) -> dict:
    timings: list[float] = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as http:
        started = time.perf_counter()
        for batch_start in range(0, total, concurrency):
            batch = min(concurrency, total - batch_start)
            await asyncio.gather(*(conversation(http, timings) for _ in range(batch)))
        elapsed = time.perf_counter() - started
    return {
        "p50_ms": 1000 * statistics.median(timings),
        "p95_ms": 1000 * percentile(timings, 0.95),
        "turns_per_s": len(timings) / elapsed,
        "turns": len(timings),
    }


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if status.parent.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50, help="conversations per concurrent run")
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp(prefix="rta-bench-"))
    stack = Stack(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        nlu_port=free_port(),
        sqlite_db=store / "conversations.db",
        log_dir=store / "logs",
        extra_env={"RTA_RATE_LIMIT_CONVERSATIONS": "1000000/minute", "RTA_RATE_LIMIT_MESSAGES": "1000000/minute"},
    )
    print("starting the stack…")
    stack.start()
    try:
        print(f"\n{'run':28} {'p50 ms':>8} {'p95 ms':>8} {'turns/s':>8}   ratio p50 (gateway / bare Rasa)")
        for concurrency, total in ((1, 5), (10, args.conversations), (50, args.conversations)):
            label = "sequential" if concurrency == 1 else f"{concurrency} at once"
            bare = asyncio.run(measure(stack.rasa_url, rasa_conversation, concurrency, total))
            ours = asyncio.run(measure(stack.gateway_url, gateway_conversation, concurrency, total))
            print(f"{'bare Rasa, ' + label:28} {bare['p50_ms']:8.0f} {bare['p95_ms']:8.0f} {bare['turns_per_s']:8.1f}")
            print(
                f"{'gateway, ' + label:28} {ours['p50_ms']:8.0f} {ours['p95_ms']:8.0f} {ours['turns_per_s']:8.1f}"
                f"   {ours['p50_ms'] / bare['p50_ms']:.2f}×"
            )
        print("\nresident memory after the runs:")
        for name, pid in stack.pids().items():
            print(f"  {name:13} {rss_mb(pid):7.0f} MB")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
