"""Chooses the safety screen's thresholds on cross-validation of the training data, never on a blind set.

Each training message (data/safety, plus every data/nlu example as an ordinary message) is scored by a risk
model trained on the other folds, whole and sentence by sentence as the service scores it; then the decision
(bot/safety/decision.py) is replayed for each candidate threshold, the rows of checklist_*.tsv as checklist
answers and the rest as first messages. Prints, per candidate: danger caught, near misses given urgent / check,
and ordinary parents' messages asked "is anyone in danger?".

    python tools/safety_cv.py [--folds 5] [--check-at 0.1 0.15 0.2] [--checklist-check-at 0.25] [--show FILE]
    python tools/safety_cv.py --fit-check-model [--catch 0.985] [--checklist-catch 0.98]

--fit-check-model fits the two check models (bot/safety/decision.py: logistic regressions over the risk scores
of a message, its parts and its length), one on the out-of-fold scores of the first messages and one on the
checklist answers; finds for each, by a second, nested cross-validation, the highest threshold that still
catches --catch (--checklist-catch) of that danger; and prints them for content/safety/decision.yml. The targets
are above the 98% a blind set must reach because blind sets, written by other hands, ran below cross-validation
(README, "Safety").
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
from bot.understanding.training_data import is_checklist_answer

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
        risk = models.risk_model().fit(
            [rows[i][0] for i in train], whole[train], [models.risk_label(rows[i]) for i in train]
        )
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
            got = decide(texts, scores, is_checklist_answer((text, level, category))).level
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


CHECK_MODEL_C = 0.1  # the check models' regularisation; 1.0 gave the same cross-validated figures


def fit_check_model(scored, catch: float, folds: int, checklist: bool) -> tuple[dict, float, dict]:
    """One check model (first messages, or with `checklist` answers to checklist questions) fitted on every such
    danger and near-miss message; the check_at that catches `catch` of that danger when each message's check
    probability comes from a model fitted on the other folds; and the figures at that check_at."""
    chosen = [
        i
        for i, ((_, _, category), _, _) in enumerate(scored)
        if category != "ordinary" and is_checklist_answer(scored[i][0]) == checklist
    ]
    names = list(check_features(scored[chosen[0]][1], scored[chosen[0]][2]))
    x = np.array([[check_features(scored[i][1], scored[i][2])[n] for n in names] for i in chosen])
    y = np.array([scored[i][0][1] in ESCALATE for i in chosen])
    held_out = np.zeros(len(chosen))
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=3).split(x, y):
        held_out[test] = _logistic(x[train], y[train]).predict_proba(x[test])[:, 1]
    # Everything but the check model (urgent, absolute triggers) as the decision has it.
    without_check = replay(scored, {"check_at": 2.0, "checklist_check_at": 2.0})["levels"]
    escalated = np.array([without_check[i] for i in chosen], dtype=object)
    best: tuple[float, dict] | None = None
    for check_at in np.arange(0.02, 0.9, 0.0025):
        got = np.where(escalated == None, np.where(held_out >= check_at, "check", None), escalated)  # noqa: E711
        tally = {
            "must": [int(sum(g in ESCALATE for g in got[y])), int(y.sum())],
            "near_urgent": [int(sum(g == "urgent" for g in got[~y])), int((~y).sum())],
            "near_check": [int(sum(g == "check" for g in got[~y])), int((~y).sum())],
        }
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
    parser.add_argument("--checklist-check-at", type=float, nargs="+", default=[0.25])
    parser.add_argument("--urgent-at", type=float, nargs="+", default=[0.7])
    parser.add_argument("--show", metavar="FILE", help="write the missed danger and the near misses asked, per setting")
    parser.add_argument("--fit-check-model", action="store_true", help="fit the check model and choose its check_at")
    parser.add_argument(
        "--catch", type=float, default=0.985, help="share of first-message danger check_at must still catch"
    )
    parser.add_argument(
        "--checklist-catch",
        type=float,
        default=0.98,
        help="share of checklist-answer danger checklist_check_at must still catch",
    )
    args = parser.parse_args()
    scored = scored_folds(args.folds)
    if args.fit_check_model:
        print("for content/safety/decision.yml:")
        for checklist, name, threshold in (
            (False, "check_model", "check_at"),
            (True, "checklist_check_model", "checklist_check_at"),
        ):
            catch = args.checklist_catch if checklist else args.catch
            model, check_at, tally = fit_check_model(scored, catch, args.folds, checklist)
            pct = {k: v[0] / v[1] for k, v in tally.items()}
            print(
                f"# {'checklist answers' if checklist else 'first messages'}, nested cross-validation at {threshold}"
                f" {check_at:.4f}: caught {pct['must']:.2%} ({tally['must'][0]}/{tally['must'][1]}), near misses"
                f" given urgent {pct['near_urgent']:.2%}, check {pct['near_check']:.2%}"
            )
            print(f"  {threshold}: {check_at:.4f}")
            print(f"{name}:\n  intercept: {model['intercept']}\n  weights:")
            for feature, weight in model["weights"].items():
                print(f"    {feature}: {weight}")
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
