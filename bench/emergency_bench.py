"""How fast the emergency reply comes when the dialogue engine is paused (issue 10): the real stack, Rasa
stopped with SIGSTOP, urgent messages from several conversations, p50/p95 of the reply; then the same with
Rasa running, in one run.

    python bench/emergency_bench.py [--messages 20]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.run.stack import start_stack

URGENT = [
    "help he's strangling his sister",
    "he has a knife to her throat right now",
    "she's taken a load of tablets",
    "my son is standing on the bridge saying he'll jump",
    "he's kicking the door in and says he'll kill me",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(gateway: str, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=gateway, timeout=60) as http:
        for number in range(count):
            conversation = http.post("/api/conversations").json()["conversation_id"]
            http.post(f"/api/conversations/{conversation}/messages", json={"text": "I need help with my son"})
            started = time.perf_counter()
            reply = http.post(
                f"/api/conversations/{conversation}/messages", json={"text": URGENT[number % len(URGENT)]}
            )
            times.append((time.perf_counter() - started) * 1000)
            assert reply.status_code == 200 and reply.json()["safety"]["level"] == "urgent", reply.text
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    stack = start_stack(
        Path(tempfile.mkdtemp()), name="emergency-bench", extra_env={"RTA_RATE_LIMIT_CONVERSATIONS": "10000/minute"}
    )
    try:
        running = run(stack.gateway_url, args.messages)
        rasa = stack.pids()["rasa"]
        # Each conversation's first message needs Rasa: start them all, then pause it for the urgent ones.
        with httpx.Client(base_url=stack.gateway_url, timeout=60) as http:
            ids = [http.post("/api/conversations").json()["conversation_id"] for _ in range(args.messages)]
            for conversation in ids:
                http.post(f"/api/conversations/{conversation}/messages", json={"text": "I need help with my son"})
            os.kill(rasa, signal.SIGSTOP)
            paused = []
            try:
                for number, conversation in enumerate(ids):
                    started = time.perf_counter()
                    reply = http.post(
                        f"/api/conversations/{conversation}/messages", json={"text": URGENT[number % len(URGENT)]}
                    )
                    paused.append((time.perf_counter() - started) * 1000)
                    assert reply.status_code == 200 and reply.json()["safety"]["level"] == "urgent", reply.text
            finally:
                os.kill(rasa, signal.SIGCONT)
        print(f"emergency reply, {args.messages} urgent messages each     p50 ms   p95 ms   max ms")
        for label, times in (("Rasa running", running), ("Rasa paused (SIGSTOP)", paused)):
            print(f"  {label:36} {statistics.median(times):8.0f} {percentile(times, 0.95):8.0f} {max(times):8.0f}")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
