"""Intent F1 per intent, printed as tables (`make nlu-report`).

1. Held out: the trained model (models/, by hash) on tests/nlu_heldout/, examples never used for training.
2. Cross-validated: `rasa test nlu --cross-validation` over data/nlu (several trainings: minutes).
Rasa's own output goes to var/log/nlu-report*.log and its JSON reports to var/nlu-report/.

    python tools/nlu_report.py [--folds 3] [--heldout-only]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.model import ENGINE_BIN, ensure_model  # noqa: E402
from bot.paths import ROOT, VAR  # noqa: E402

AVERAGES = ("macro avg", "weighted avg")


def rasa_test_nlu(name: str, arguments: list[str]) -> dict:
    out = VAR / "nlu-report" / name
    out.mkdir(parents=True, exist_ok=True)
    log = VAR / "log" / f"nlu-report-{name}.log"
    with log.open("w") as handle:
        subprocess.run([str(ENGINE_BIN / "rasa"), "test", "nlu", *arguments, "--out", str(out)],
                       cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=True)
    return json.loads((out / "intent_report.json").read_text())


def print_table(title: str, report: dict) -> None:
    print(f"\n{title}\n{'intent':34} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}")
    rows = sorted((k, v) for k, v in report.items() if isinstance(v, dict) and "f1-score" in v and k not in AVERAGES
                  and k != "micro avg")
    for intent, scores in rows + [(name, report[name]) for name in AVERAGES if name in report]:
        print(f"{intent:34} {scores['precision']:9.2f} {scores['recall']:7.2f} {scores['f1-score']:6.2f} "
              f"{scores['support']:5}")
    if "accuracy" in report:
        print(f"{'accuracy':34} {report['accuracy']:>24.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--heldout-only", action="store_true")
    args = parser.parse_args()
    model = ensure_model()
    for heldout in sorted((ROOT / "tests" / "nlu_heldout").glob("*.yml")):
        report = rasa_test_nlu(f"heldout-{heldout.stem}", ["--nlu", str(heldout), "--model", str(model)])
        print_table(f"Held out ({heldout.relative_to(ROOT)}), model {model.name}", report)
    if not args.heldout_only:
        print(f"\n{args.folds}-fold cross-validation of data/nlu (trains {args.folds} models: several minutes)…")
        report = rasa_test_nlu("cross-validation", ["--nlu", "data/nlu", "--config", "config.yml",
                                                    "--cross-validation", "--folds", str(args.folds)])
        print_table(f"Cross-validated ({args.folds} folds)", report)


if __name__ == "__main__":
    main()
