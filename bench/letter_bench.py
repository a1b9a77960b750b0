"""How long the letter takes to render: PDF (WeasyPrint), HTML and plain text, p50/p95 over N renders.

    python bench/letter_bench.py [--renders 50]

Two letters: a typical full journey with every optional detail for the letter answered (two pages), and a long
one with three 5,000-character answers.
The first PDF also loads fonts and Pango; that one-off cost is reported on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader

from bot.councils import Contact
from bot.letter import LetterCouncil, build_letter, render_html, render_pdf, render_text
from bot.letter.examples import TYPICAL_WITH_DETAILS
from bot.letter.word import render_docx

COUNCIL = LetterCouncil(
    name="Bath and North East Somerset",
    official_name="Bath and North East Somerset Council",
    front_door_phone=Contact(
        "front_door_phone",
        "01225 396312",
        "unverified",
        dt.date(2026, 11, 22),
        "https://www.safeguarding-bathnes.org.uk/",
    ),
)
# The same realistic letter the tests read (bot/letter/examples.py), without the council: COUNCIL below.
TYPICAL = {key: value for key, value in TYPICAL_WITH_DETAILS.items() if key != "council_code"}
SENTENCE = "On Monday he would not get out of bed and threw his shoes at me when I asked again. "
LONG = {**TYPICAL, **{key: (SENTENCE * 60)[:5000] for key in ("problems", "severity", "impact_on_child")}}


def timed(function, letter, renders: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock ms per render; CPU ms too when `cpu` is given (steadier on a busy machine)."""
    times = []
    for _ in range(renders):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(letter)
        times.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


def main() -> None:
    print(
        f"load average (1, 5, 15 min): {', '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()
    today = dt.date(2026, 11, 22)

    start = time.perf_counter()
    render_pdf(build_letter(TYPICAL, council=COUNCIL, today=today))
    print(f"first PDF (loads fonts and Pango once per process): {(time.perf_counter() - start) * 1000:.0f} ms")

    for label, slots in (("typical letter", TYPICAL), ("three 5,000-character answers", LONG)):
        letter = build_letter(slots, council=COUNCIL, today=today)
        pages = len(PdfReader(io.BytesIO(render_pdf(letter))).pages)
        cpu_times: list[float] = []
        pdf_times = timed(render_pdf, letter, args.renders, cpu_times)
        print(f"\n{label}: {pages} page(s), {args.renders} renders each")
        print(f"  pdf   {summary(pdf_times)}   ({statistics.median(pdf_times) / pages:.1f} ms a page at p50)")
        print(f"  pdf   {summary(cpu_times)}   CPU time ({statistics.median(cpu_times) / pages:.1f} ms a page at p50)")
        print(f"  html  {summary(timed(render_html, letter, args.renders))}")
        print(f"  txt   {summary(timed(render_text, letter, args.renders))}")
        print(f"  docx  {summary(timed(render_docx, letter, args.renders))}")


if __name__ == "__main__":
    main()
