"""Set-up step: build var/postcodes.idx from the ONS-derived postcode table; quick no-op when up to date.

python -m bot.councils.build_index [--source PATH] [--out PATH] [--force]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.councils.postcodes import INDEX, SOURCE, build_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline postcode index.")
    parser.add_argument("--source", type=Path, default=SOURCE, help="postcode_to_authority_uk.csv.xz")
    parser.add_argument("--out", type=Path, default=INDEX, help="index file to write")
    parser.add_argument("--force", action="store_true", help="rebuild even if the index is up to date")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"postcode source not found: {args.source}", file=sys.stderr)
        return 1
    report = build_index(args.source, args.out, force=args.force)
    if report["built"]:
        print(
            f"postcode index: {report['count']:,} postcodes -> {report['path']} "
            f"({report['bytes'] / 1e6:.1f} MB) in {report['seconds']} s"
        )
    else:
        print(f"postcode index up to date: {report['path']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
