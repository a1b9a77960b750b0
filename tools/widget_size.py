"""Prints the widget's size: every JavaScript and CSS file it loads, each gzipped as a server sends it.

    python tools/widget_size.py          # one line per file, then the total
The budget is 30 KB (30,720 bytes) gzipped in all; tests/test_widget_size.py holds us to it.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

WIDGET = Path(__file__).resolve().parent.parent / "web_widget"
BUDGET_BYTES = 30 * 1024


def widget_files() -> list[Path]:
    """What a host page downloads: the JS modules and the stylesheet in web_widget/ (not the demo pages)."""
    return sorted(p for p in WIDGET.iterdir() if p.is_file() and p.suffix in (".js", ".css"))


def gzipped_sizes() -> dict[str, int]:
    return {p.name: len(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0)) for p in widget_files()}


def main() -> int:
    sizes = gzipped_sizes()
    for name, size in sizes.items():
        print(f"{name:24} {size:7,d} bytes gzipped")
    total = sum(sizes.values())
    print(f"{'total':24} {total:7,d} bytes gzipped ({total / 1024:.1f} KB of a {BUDGET_BYTES // 1024} KB budget)")
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
