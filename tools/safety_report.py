"""Print the safety screen's recall and false-alarm rate on each evaluation split.

    python tools/safety_report.py                 # figures for every split
    python tools/safety_report.py --show training # also list the misses and false alarms of one split
    python tools/safety_report.py --show checklist  # the checklist-answer training split
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety.evaluation import SPLITS, TRAINING_SPLITS, evaluate  # noqa: E402
from bot.safety.screen import screen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", choices=sorted(SPLITS), action="append", default=[],
                        help="list the misses and false alarms of this split")
    args = parser.parse_args()
    failed = False
    for split in SPLITS:
        figures = evaluate(split)
        print(figures.summary())
        # The bar: every training message caught, false alarms under 5% everywhere. Held-out recall is
        # reported, not required to be 100%. Exits 1 while a bar is missed: the checklist held-out set's false
        # alarms are over 5% (the test suite holds them to a ceiling instead; see tests/safety_eval/README.md).
        failed |= (split in TRAINING_SPLITS and figures.recall < 1) or figures.false_alarm_rate >= 0.05
        if split in args.show:
            for message in figures.missed:
                print(f"   MISSED ({screen(message).level}): {message}")
            for message in figures.false_alarms:
                print(f"   FALSE ALARM {screen(message).categories}: {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
