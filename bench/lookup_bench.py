"""Benchmark the offline council look-up: build time, lookup latency (p50/p99) and memory after load.

    python bench/lookup_bench.py [--lookups 100000] [--rebuild]
    python bench/lookup_bench.py --serving-memory     # memory of a serving process, worst case

Aims (issue 4): full-postcode lookup p99 under 1 ms; under 100 MB resident after load.
Postcodes are sampled at random from the index itself (every one of them real), plus unknown ones.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.councils import postcodes


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory in MB from /proc/self/status: VmRSS (all), RssAnon (Python objects), RssFile (mapped
    files, including the pages of the index a lookup has touched); peak RSS from getrusage elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory() -> str:
    return f"RSS {rss_mb():.1f} MB (anonymous {rss_mb('RssAnon'):.1f}, mapped files {rss_mb('RssFile'):.1f})"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return (ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)], ordered[-1])


def sample_postcodes(index: postcodes.PostcodeIndex, count: int, seed: int = 4) -> list[tuple[str, str]]:
    """Real postcodes decoded from random keys of the index."""
    alphabet = postcodes._ALPHABET
    rng = random.Random(seed)
    chosen = []
    for _ in range(count):
        key = index._keys[rng.randrange(index.count)]
        chars = []
        for _ in range(7):
            key, digit = divmod(key, len(alphabet))
            chars.append(alphabet[digit])
        text = "".join(reversed(chars))
        chosen.append((text[:4].strip(), text[4:]))
    return chosen


def timed(function, arguments: list, repeat: int = 1) -> list[float]:
    samples = []
    for args in arguments:
        for _ in range(repeat):
            started = time.perf_counter_ns()
            function(*args)
            samples.append((time.perf_counter_ns() - started) / 1000)  # microseconds
    return samples


def serving_memory() -> None:
    """Memory of a process that serves look-ups, in the worst case: every page of the index touched."""
    from bot.councils import find_council
    from bot.councils.names import name_index

    print(f"fresh process: {memory()}")
    index = postcodes.PostcodeIndex()
    name_index()
    for text in ("NR2 1NH", "BA3", "Malvern Hills", "Kirklee"):
        find_council(text)
    print(f"directory, name index and postcode index loaded: {memory()}")
    keys, lads = index._keys, index._lads
    touched = sum(keys[i] & 1 for i in range(0, index.count, 512)) + sum(lads[i] for i in range(0, index.count, 2048))
    print(f"after touching every page of the index ({touched % 7}): {memory()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="time a full rebuild of the index")
    parser.add_argument(
        "--serving-memory",
        action="store_true",
        help="only measure the memory of a serving process (run in a fresh process)",
    )
    args = parser.parse_args()
    if args.serving_memory:
        serving_memory()
        return

    print(f"python {sys.version.split()[0]}")
    rss_start = rss_mb()
    started = time.perf_counter()
    report = postcodes.build_index(force=args.rebuild)
    print(
        f"build: {'built' if report['built'] else 'already current (skip)'} in "
        f"{time.perf_counter() - started:.2f} s; {report['count']:,} postcodes, {report['bytes'] / 1e6:.1f} MB file"
    )

    rss_before = rss_mb()
    started = time.perf_counter()
    index = postcodes.PostcodeIndex()
    load_ms = (time.perf_counter() - started) * 1000
    print(
        f"load: {load_ms:.2f} ms; RSS {rss_before:.1f} MB before, {rss_mb():.1f} MB after"
        f" (process start {rss_start:.1f} MB)"
    )
    print(f"after load: {memory()}")

    sample = sample_postcodes(index, args.lookups)
    unknown = [("ZZ9", f"{n % 10}ZZ") for n in range(1000)]
    full = timed(index.district_of, sample)
    p50, p99, worst = percentiles(full)
    print(f"full postcode lookup x{len(full):,}: p50 {p50:.2f} µs, p99 {p99:.2f} µs, max {worst:.1f} µs")
    p50, p99, worst = percentiles(timed(index.district_of, unknown))
    print(f"unknown postcode x{len(unknown):,}: p50 {p50:.2f} µs, p99 {p99:.2f} µs")
    after_lookups = memory()

    districts = sorted({outward for outward, _ in sample})
    sectors = sorted({(outward, inward[0]) for outward, inward in sample})[:5000]
    p50, p99, worst = percentiles(timed(index.districts_in, [(d,) for d in districts]))
    print(f"postcode district shares x{len(districts):,}: p50 {p50:.1f} µs, p99 {p99:.1f} µs, max {worst:.0f} µs")
    p50, p99, worst = percentiles(timed(index.districts_in, sectors))
    print(f"postcode sector shares x{len(sectors):,}: p50 {p50:.1f} µs, p99 {p99:.1f} µs, max {worst:.0f} µs")

    from bot.councils import find_council
    from bot.councils.names import name_index

    started = time.perf_counter()
    name_index()
    find_council("NR2 1NH")
    print(f"directory + name index load: {(time.perf_counter() - started) * 1000:.0f} ms")
    texts = [(f"{o} {i}",) for o, i in sample[:20000]]
    p50, p99, worst = percentiles(timed(find_council, texts))
    print(f"find_council(full postcode) x{len(texts):,}: p50 {p50:.1f} µs, p99 {p99:.1f} µs")
    names = [
        (n,)
        for n in (
            "bath",
            "B&NES",
            "brighton and hove",
            "Kirklees council",
            "Malvern Hills",
            "Newport",
            "Huddersfield",
            "I live in Malvern",
            "Kirklee",
            "xyzzy plugh",
        )
    ]
    p50, p99, worst = percentiles(timed(find_council, names, repeat=20))
    print(
        f"find_council(names, incl. typos) x{len(names) * 20}: p50 {p50:.0f} µs, p99 {p99:.0f} µs, max {worst:.0f} µs"
    )
    print(f"after {len(full):,} random lookups (the benchmark's own sample lists included): {after_lookups}")
    print(f"after directory and name index too: {memory()}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
