"""Chooses the safety screen's thresholds on cross-validation of the training data, never on a blind set.

Each training message (data/safety, plus every data/nlu example as an ordinary message) is scored by a risk
model trained on the other folds, whole and sentence by sentence as the service scores it; then the decision
(bot/safety/decision.py) is replayed for each candidate threshold. Prints, per candidate: danger caught, near
misses given urgent / check, and ordinary parents' messages asked "is anyone in danger?".

    python tools/safety_cv.py [--folds 5] [--check-at 0.1 0.15 0.2] [--checklist-check-at 0.3] [--show FILE]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import decision
from bot.safety.decision import SentenceScores, decide
from bot.understanding import models
from bot.understanding import parse as parsing
from bot.understanding.encoder import Encoder

ESCALATE = ("urgent", "check")


def scored_folds(folds: int) -> list[tuple[tuple[str, str, str], list[str], list[SentenceScores]]]:
    """Out-of-fold scores for every row: (row, texts scored, scores)."""
    encoder = Encoder()
    rows = models.risk_rows()
    texts = [[row[0], *parsing.safety_parts(row[0])] for row in rows]
    flat = sorted({t for group in texts for t in group})
    index = {t: i for i, t in enumerate(flat)}
    vectors = models._embeddings(encoder, flat)
    whole = vectors[[index[row[0]] for row in rows]]
    labels = np.array([row[1] for row in rows])
    out = []
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=17).split(whole, labels):
        risk = models.risk_model().fit([rows[i][0] for i in train], whole[train], list(labels[train]))
        dangerous = [i for i in train if rows[i][1] != "none" and rows[i][2] not in ("", "unknown")]
        category = models._logistic(models.CATEGORY_C).fit(whole[dangerous], [rows[i][2] for i in dangerous])
        classifiers = models.Classifiers(None, risk, category, "cv")
        for i in test:
            group = vectors[[index[t] for t in texts[i]]]
            risks = classifiers.risk_ranking(texts[i], group)
            cats = classifiers.rank(category, group)
            scores = [
                SentenceScores(dict(r).get("urgent", 0.0), dict(r).get("check", 0.0), c) for r, c in zip(risks, cats)
            ]
            out.append((rows[i], texts[i], scores))
    return out


def replay(scored, thresholds: dict) -> dict:
    content = decision._content()
    saved = dict(content["thresholds"])
    content["thresholds"].update(thresholds)
    try:
        tally = {"must": [0, 0], "near_urgent": [0, 0], "near_check": [0, 0], "ordinary_check": [0, 0]}
        missed: dict[str, int] = {}
        examples: dict[str, list[str]] = {"missed": [], "near_asked": []}
        for (text, level, category), texts, scores in scored:
            in_checklist = category == "unknown" and level == "none"
            got = decide(texts, scores, in_checklist).level
            if level in ESCALATE:
                tally["must"][0] += got in ESCALATE
                tally["must"][1] += 1
                if got not in ESCALATE:
                    missed[category] = missed.get(category, 0) + 1
                    examples["missed"].append(f"{category}: {text}")
            elif category == "ordinary":
                tally["ordinary_check"][0] += got is not None
                tally["ordinary_check"][1] += 1
            else:
                tally["near_urgent"][0] += got == "urgent"
                tally["near_check"][0] += got == "check"
                if got is not None:
                    examples["near_asked"].append(f"{category} → {got}: {text}")
                tally["near_urgent"][1] += 1
                tally["near_check"][1] += 1
        return {"tally": tally, "missed": missed, "examples": examples}
    finally:
        content["thresholds"].clear()
        content["thresholds"].update(saved)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--check-at", type=float, nargs="+", default=[0.08, 0.1, 0.12, 0.15, 0.2])
    parser.add_argument("--checklist-check-at", type=float, nargs="+", default=[0.3])
    parser.add_argument("--urgent-at", type=float, nargs="+", default=[0.7])
    parser.add_argument("--show", metavar="FILE", help="write the missed danger and the near misses asked, per setting")
    args = parser.parse_args()
    scored = scored_folds(args.folds)
    print(
        f"{'urgent_at':>9} {'check_at':>9} {'checklist':>9} {'caught':>8}"
        f" {'near urgent':>12} {'near check':>11} {'ordinary asked':>15}"
    )
    for urgent_at, check_at, checklist_check_at in itertools.product(
        args.urgent_at, args.check_at, args.checklist_check_at
    ):
        thresholds = {"urgent_at": urgent_at, "check_at": check_at, "checklist_check_at": checklist_check_at}
        result = replay(scored, thresholds)
        pct = {k: v[0] / v[1] if v[1] else 0.0 for k, v in result["tally"].items()}
        missed = sorted(result["missed"].items(), key=lambda kv: -kv[1])[:6]
        print(
            f"{urgent_at:9.2f} {check_at:9.2f} {checklist_check_at:9.2f} {pct['must']:8.1%} "
            f"{pct['near_urgent']:12.1%} {pct['near_check']:11.1%} {pct['ordinary_check']:15.1%}   missed: "
            + ", ".join(f"{c} {n}" for c, n in missed)
        )
        if args.show:
            with open(args.show, "a", encoding="utf-8") as out:
                out.write(f"## {thresholds}\n")
                for kind, texts in result["examples"].items():
                    out.write(f"### {kind} ({len(texts)})\n" + "".join(f"- {t}\n" for t in texts))


if __name__ == "__main__":
    main()
