"""Latency and memory of the understanding service (the encoder + classifiers behind Rasa's NLU and the safety
decision), through its real HTTP API and in-process for comparison.

    .venv/app/bin/python bench/understanding_bench.py [--messages 200] [--concurrency 10]

Starts `python -m bot.understanding` on a free loopback port (with a token, as `make run` does), waits for
/health, then measures in one run:
- POST /model/parse (what Rasa calls), p50/p95, one request at a time and with `--concurrency` at once;
- POST /analyse (what the gateway calls: the safety decision), the same two ways;
- POST /model/parse of a text /analyse has just seen (the usual path: the gateway's /analyse encodes the
  message, then Rasa's parse of the same text reuses that encoding);
- in this process, `Understanding.screen` + `Understanding.parse` per message (no HTTP);
- the service's resident memory after loading and at the end (VmRSS and peak VmHWM from /proc).

Messages are parents' own wording from data/nlu (questions, stories, checklist answers, near misses; never the
blind sets), sampled with a fixed seed across lengths. Every timed request sends a text the service has not
seen, so its embedding cache never flatters a figure (except the row that measures exactly that).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.understanding.training_data import nlu_examples  # noqa: E402

WARM_UP = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def messages(count: int, seed: int = 7) -> list[str]:
    """`count` distinct real-style messages, a mix of short, medium and long ones."""
    texts = sorted({e.text for e in nlu_examples() if not e.text.startswith("/")})
    random.Random(seed).shuffle(texts)
    buckets: dict[str, list[str]] = {"short": [], "medium": [], "long": []}
    for text in texts:
        words = len(text.split())
        buckets["short" if words <= 6 else "medium" if words <= 20 else "long"].append(text)
    # About 30% short, 15% long (over 20 words: parents' first messages and answers), the rest medium.
    short = buckets["short"][: int(round(count * 0.3))]
    long = buckets["long"][: int(round(count * 0.15))]
    picked = short + long + buckets["medium"][: count - len(short) - len(long)]
    random.Random(seed).shuffle(picked)
    if len(picked) < count:
        raise SystemExit(f"only {len(picked)} distinct messages in data/nlu for {count} requested")
    return picked[:count]


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, kb = line.split(":")
            values[name] = int(kb.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


async def timed(call, texts: list[str], concurrency: int) -> tuple[list[float], float]:
    """Each text once, `concurrency` requests in flight at a time; (seconds per request, wall seconds)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for text in texts:
        queue.put_nowait(text)
    timings: list[float] = []

    async def worker() -> None:
        while not queue.empty():
            text = queue.get_nowait()
            started = time.perf_counter()
            await call(text)
            timings.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings, time.perf_counter() - started


def row(name: str, timings: list[float], wall: float) -> dict:
    return {
        "name": name,
        "n": len(timings),
        "p50": 1000 * statistics.median(timings),
        "p95": 1000 * percentile(timings, 0.95),
        "per_s": len(timings) / wall if wall else 0.0,
    }


async def measure_http(base: str, token: str, sets: dict[str, list[str]], concurrency: int) -> list[dict]:
    limits = httpx.Limits(max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

        async def parse(text: str) -> None:
            response = await http.post("/model/parse", json={"text": text, "message_id": "bench", "token": token})
            response.raise_for_status()
            assert response.json()["intent"]["name"]

        async def analyse(text: str) -> None:
            response = await http.post("/analyse", params={"token": token}, json={"text": text, "in_checklist": False})
            response.raise_for_status()
            assert "safety" in response.json()

        await timed(parse, sets["warm_up"], 1)
        rows = [
            row("POST /model/parse, 1 at a time", *await timed(parse, sets["parse_sequential"], 1)),
            row(
                f"POST /model/parse, {concurrency} at once", *await timed(parse, sets["parse_concurrent"], concurrency)
            ),
            row("POST /analyse, 1 at a time", *await timed(analyse, sets["analyse_sequential"], 1)),
            row(
                f"POST /analyse, {concurrency} at once", *await timed(analyse, sets["analyse_concurrent"], concurrency)
            ),
            # The usual turn: the gateway's /analyse has just encoded the text, then Rasa asks for its parse.
            row(
                "POST /model/parse after /analyse (cached), 1 at a time",
                *await timed(parse, sets["analyse_sequential"], 1),
            ),
        ]
    return rows


def measure_in_process(texts: list[str]) -> tuple[list[dict], float]:
    from bot.understanding.encoder import Encoder
    from bot.understanding.service import Understanding

    started = time.perf_counter()
    understanding = Understanding.load(log=lambda *_: None)
    load_seconds = time.perf_counter() - started
    for text in texts[:WARM_UP]:
        understanding.screen(text + " .")
    screen: list[float] = []
    both: list[float] = []
    for text in texts:
        started = time.perf_counter()
        understanding.screen(text)  # encodes the message: the safety screen's own cost
        screened = time.perf_counter()
        understanding.parse(text)  # reuses the encoding, as Rasa's parse does after the gateway's /analyse
        screen.append(screened - started)
        both.append(time.perf_counter() - started)
    # The encoder alone, one sentence at a time: the int8 model the service runs against the full-precision export.
    encoders = {"int8": Encoder(), "full precision": Encoder(quantised=False)}
    encoded: dict[str, list[float]] = {name: [] for name in encoders}
    for text in texts:
        for name, encoder in encoders.items():
            started = time.perf_counter()
            encoder._encode([text])
            encoded[name].append(time.perf_counter() - started)
    return [
        row("in process: screen (encode + risk + category)", screen, sum(screen)),
        row("in process: screen + parse (no HTTP)", both, sum(both)),
        *(row(f"in process: encoder alone, {name}", times, sum(times)) for name, times in encoded.items()),
    ], load_seconds


def start_service(port: int, token: str) -> subprocess.Popen:
    env = {**os.environ, "RTA_NLU_PORT": str(port), "RTA_NLU_TOKEN": token}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.understanding"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_health(base: str, process: subprocess.Popen, timeout: float = 180.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"the understanding service exited with {process.returncode}:\n{process.stderr.read()}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the understanding service did not answer /health within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200, help="timed requests in each HTTP row")
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()

    pool = messages(WARM_UP + 4 * args.messages)
    sets = {"warm_up": pool[:WARM_UP]}
    for i, name in enumerate(("parse_sequential", "parse_concurrent", "analyse_sequential", "analyse_concurrent")):
        sets[name] = pool[WARM_UP + i * args.messages : WARM_UP + (i + 1) * args.messages]
    words = sorted(len(t.split()) for t in pool)
    port, token = free_port(), secrets.token_urlsafe(16)
    base = f"http://127.0.0.1:{port}"
    process = start_service(port, token)
    try:
        startup = wait_for_health(base, process)
        rss_loaded, _ = memory_mb(process.pid)
        rows = asyncio.run(measure_http(base, token, sets, args.concurrency))
        rss_end, peak = memory_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    in_process, load_seconds = measure_in_process(sets["parse_sequential"])
    rows += in_process

    print(
        f"understanding service: {len(pool)} distinct messages from data/nlu, words per message "
        f"p50 {statistics.median(words):.0f}, p95 {percentile(words, 0.95)}, max {words[-1]}; "
        f"{os.cpu_count()} cores"
    )
    print(f"{'':58} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}")
    for r in rows:
        print(f"{r['name']:58} {r['n']:>4} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['per_s']:>7.1f}")
    by_name = {r["name"]: r for r in rows}
    for kind in ("/model/parse", "/analyse"):
        one, many = by_name[f"POST {kind}, 1 at a time"], by_name[f"POST {kind}, {args.concurrency} at once"]
        print(
            f"{kind} at {args.concurrency} at once vs 1 at a time: p50 {many['p50'] / one['p50']:.2f}x, "
            f"p95 {many['p95'] / one['p95']:.2f}x, throughput {many['per_s'] / one['per_s']:.2f}x"
        )
    http_one = by_name["POST /analyse, 1 at a time"]["p50"]
    local = by_name["in process: screen + parse (no HTTP)"]["p50"]
    print(f"/analyse over HTTP vs in process: p50 {http_one / local:.2f}x ({http_one - local:+.1f} ms)")
    small, full = by_name["in process: encoder alone, int8"], by_name["in process: encoder alone, full precision"]
    print(f"encoder int8 vs full precision, one message at a time: p50 {small['p50'] / full['p50']:.2f}x")
    print(
        f"service: ready {startup:.1f} s after start (in process: loaded in {load_seconds:.1f} s); resident "
        f"{rss_loaded:.0f} MB after loading, {rss_end:.0f} MB at the end, peak {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
