"""Time the safety screen: pipeline load, and p50/p99 per message over the evaluation set and on 5,000-character
messages (the gateway's maximum).

    python bench/safety_bench.py
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety.evaluation import EVAL_DIR, load_messages  # noqa: E402
from bot.safety.screen import screen, warm_up  # noqa: E402


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"p50 {p50 * 1000:.3f} ms   p99 {p99 * 1000:.3f} ms   max {samples[-1] * 1000:.3f} ms   (n={len(samples)})"


# CPU time of this process: on a shared, busy machine wall-clock figures mostly measure the neighbours.
# Set BENCH_CLOCK=wall for wall-clock time.
CLOCK = time.perf_counter if os.environ.get("BENCH_CLOCK") == "wall" else time.process_time


def timed(messages: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for message in messages:
            start = CLOCK()
            screen(message)
            samples.append(CLOCK() - start)
    return samples


def main() -> None:
    start = time.perf_counter()
    warm_up()
    print(f"pipeline load (once per process, wall clock): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"per-message times below: {'wall clock' if CLOCK is time.perf_counter else 'CPU time'}")

    messages = [m for path in sorted(EVAL_DIR.glob("*.txt")) for m in load_messages(path)]
    print(f"eval set messages ({sum(map(len, messages)) // len(messages)} chars on average): "
          + percentiles(timed(messages, rounds=5)))

    long_messages = []
    for i in range(0, len(messages) - 60, 20):
        text = " ".join(messages[i:i + 60])
        long_messages.append((text * (5000 // len(text) + 1))[:5000])
    print("5,000-character messages, worst case (eval messages back to back, danger words everywhere): "
          + percentiles(timed(long_messages, rounds=5)))

    # A long message as parents write them: a story with the danger buried once in the middle.
    story = ("My son is 12 and has ADHD and we have been waiting for CAMHS for two years. School keep ringing me "
             "to collect him early and I work shifts so it is really hard. His dad left last year and does not "
             "help much. We tried the parenting course and the early help team came for six weeks. ")
    typical = []
    for i, danger in enumerate(messages[:40]):
        body = story * 20
        middle = len(body) // 2
        typical.append((body[:middle] + " " + danger + " " + body[middle:])[:5000])
    print("5,000-character messages, typical (a story with one danger sentence): "
          + percentiles(timed(typical, rounds=5)))


if __name__ == "__main__":
    main()
