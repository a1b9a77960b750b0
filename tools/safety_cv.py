"""Chooses the safety screen's thresholds on cross-validation of the training data, never on a blind set.

Each training message (data/safety, plus every data/nlu example as an ordinary message) is scored by a risk
model trained on the other folds, whole and sentence by sentence as the service scores it; then the decision
(bot/safety/decision.py) is replayed for each candidate threshold. Prints, per candidate: danger caught, near
misses given urgent / check, and ordinary parents' messages asked "is anyone in danger?".

    python tools/safety_cv.py [--folds 5] [--check-at 0.1 0.15 0.2] [--checklist-check-at 0.3] [--show FILE]
    python tools/safety_cv.py --fit-check-model [--catch 0.98]

--fit-check-model fits the check model (bot/safety/decision.py: a logistic regression over the risk scores of
a first message, its parts and its length) on the out-of-fold scores of the free-text training messages, finds
by a second, nested cross-validation the highest check_at that still catches --catch of the danger, and prints
both for content/safety/decision.yml.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import decision
from bot.safety.decision import SentenceScores, check_features, decide
from bot.understanding import models
from bot.understanding import parse as parsing
from bot.understanding.encoder import Encoder
from bot.understanding.service import Understanding

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
        fold = Understanding(encoder, models.Classifiers(None, risk, category, "cv"))
        for i in test:
            out.append((rows[i], texts[i], fold.scores(texts[i], vectors[[index[t] for t in texts[i]]])))
    return out


def replay(scored, thresholds: dict) -> dict:
    content = decision._content()
    saved = dict(content["thresholds"])
    content["thresholds"].update(thresholds)
    try:
        tally = {"must": [0, 0], "near_urgent": [0, 0], "near_check": [0, 0], "ordinary_check": [0, 0]}
        missed: dict[str, int] = {}
        examples: dict[str, list[str]] = {"missed": [], "near_asked": []}
        levels = []
        for (text, level, category), texts, scores in scored:
            got = decide(texts, scores, _in_checklist(level, category)).level
            levels.append(got)
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
        return {"tally": tally, "missed": missed, "examples": examples, "levels": levels}
    finally:
        content["thresholds"].clear()
        content["thresholds"].update(saved)


def _in_checklist(level: str, category: str) -> bool:
    """Training rows replayed as checklist answers: the calm ones from checklist_*.tsv (category "unknown")."""
    return category == "unknown" and level == "none"


CHECK_MODEL_C = 0.1  # the check model's regularisation; 1.0 gave the same cross-validated figures


def fit_check_model(scored, catch: float, folds: int) -> tuple[dict, float, dict]:
    """The check model fitted on every free-text danger and near-miss message, the check_at that catches `catch`
    of the danger when each message's check probability comes from a model fitted on the other folds, and the
    figures at that check_at."""
    free = [
        i
        for i, ((_, level, category), _, _) in enumerate(scored)
        if category != "ordinary" and not _in_checklist(level, category)
    ]
    names = list(check_features(scored[free[0]][1], scored[free[0]][2]))
    x = np.array([[check_features(scored[i][1], scored[i][2])[n] for n in names] for i in free])
    y = np.array([scored[i][0][1] in ESCALATE for i in free])
    held_out = np.zeros(len(free))
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=3).split(x, y):
        held_out[test] = _logistic(x[train], y[train]).predict_proba(x[test])[:, 1]
    # Everything but the free-text check (urgent, absolute triggers, checklist answers) as the decision has it.
    without_check = replay(scored, {"check_at": 2.0})["levels"]
    probability = dict(zip(free, held_out))
    best: tuple[float, dict] | None = None
    for check_at in np.arange(0.02, 0.6, 0.0025):
        tally = {"must": [0, 0], "near_urgent": [0, 0], "near_check": [0, 0]}
        for i, ((_, level, category), _, _) in enumerate(scored):
            if category == "ordinary":
                continue
            got = without_check[i] or ("check" if probability.get(i, 0.0) >= check_at else None)
            if level in ESCALATE:
                tally["must"][0] += got in ESCALATE
                tally["must"][1] += 1
            else:
                tally["near_urgent"][0] += got == "urgent"
                tally["near_check"][0] += got == "check"
                tally["near_urgent"][1] += 1
                tally["near_check"][1] += 1
        if tally["must"][0] / tally["must"][1] >= catch:
            best = (float(check_at), tally)
    if best is None:
        raise SystemExit(f"no check_at catches {catch:.1%}")
    final = _logistic(x, y)
    model = {
        "intercept": round(float(final.intercept_[0]), 4),
        "weights": {n: round(float(w), 4) for n, w in zip(names, final.coef_[0])},
    }
    return model, best[0], best[1]


def _logistic(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=CHECK_MODEL_C, max_iter=2000).fit(x, y)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--check-at", type=float, nargs="+", default=[0.08, 0.1, 0.12, 0.15, 0.2])
    parser.add_argument("--checklist-check-at", type=float, nargs="+", default=[0.3])
    parser.add_argument("--urgent-at", type=float, nargs="+", default=[0.7])
    parser.add_argument("--show", metavar="FILE", help="write the missed danger and the near misses asked, per setting")
    parser.add_argument("--fit-check-model", action="store_true", help="fit the check model and choose its check_at")
    parser.add_argument("--catch", type=float, default=0.98, help="share of danger check_at must still catch")
    args = parser.parse_args()
    scored = scored_folds(args.folds)
    if args.fit_check_model:
        model, check_at, tally = fit_check_model(scored, args.catch, args.folds)
        pct = {k: v[0] / v[1] for k, v in tally.items()}
        print(
            f"nested cross-validation at check_at {check_at:.4f}: caught {pct['must']:.2%} ({tally['must'][0]}/"
            f"{tally['must'][1]}), near misses given urgent {pct['near_urgent']:.2%}, check {pct['near_check']:.2%}"
        )
        print("for content/safety/decision.yml:")
        print(f"  check_at: {check_at:.4f}")
        print("check_model:\n  intercept: " + str(model["intercept"]) + "\n  weights:")
        for name, weight in model["weights"].items():
            print(f"    {name}: {weight}")
        return
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
