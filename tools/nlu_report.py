"""Cross-validated intent F1 per intent, printed as a table (`make nlu-report`).

Runs `rasa test nlu --cross-validation` in the engine's virtualenv; Rasa's own output goes to
var/log/nlu-report.log and its JSON report to var/nlu-report/.
"""
from __future__ import annotations

import json
import subprocess
import sys

from bot.model import ENGINE_BIN
from bot.paths import ROOT, VAR

FOLDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def main() -> None:
    out = VAR / "nlu-report"
    out.mkdir(parents=True, exist_ok=True)
    log = VAR / "log" / "nlu-report.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    print(f"nlu-report: {FOLDS}-fold cross-validation of the intent classifier (several minutes)")
    with log.open("w") as handle:
        subprocess.run(
            [str(ENGINE_BIN / "rasa"), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
             "--cross-validation", "--folds", str(FOLDS), "--out", str(out)],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=True,
        )
    report = json.loads((out / "intent_report.json").read_text())
    print(f"\n{'intent':34} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}")
    for intent, scores in sorted(report.items()):
        if isinstance(scores, dict) and "f1-score" in scores and intent not in ("macro avg", "weighted avg", "micro avg"):
            print(f"{intent:34} {scores['precision']:9.2f} {scores['recall']:7.2f} {scores['f1-score']:6.2f} {scores['support']:5}")
    for average in ("macro avg", "weighted avg"):
        scores = report.get(average)
        if scores:
            print(f"{average:34} {scores['precision']:9.2f} {scores['recall']:7.2f} {scores['f1-score']:6.2f} {scores['support']:5}")


if __name__ == "__main__":
    main()
