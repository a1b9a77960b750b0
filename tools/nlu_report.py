"""How well the understanding service understands, training and blind figures side by side (`make nlu-report`).

1. Cross-validated on the training data (data/nlu, data/safety): k folds, each trained on the rest.
   Thresholds in bot/understanding/parse.py and content/safety/decision.yml were chosen from these only.
2. Blind (tests/safety_blind_v7/; tests/nlu_blind_v4/): written before a round's tuning from sources never
   used for training, frozen by SHA-256 (README), measured with the trained model. Never trained on, never
   tuned on. The safety set is v7, frozen before it was measured; the NLU set is still v4, measured once and
   since spent, so its figures here are for reference only. (Safety v1 to v6 and NLU v1 to v3 are spent.)
3. Development (tests/nlu_dev/): first messages written from the training sources, for tuning how mixed
   first messages are handled. Not blind.

    python tools/nlu_report.py [--folds 5] [--no-cv] [--no-blind] [--dev] [--json var/nlu-report.json]

While tuning, run with --no-blind: the blind sets are measured once, at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import yaml
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.conversation.checklist import interpret
from bot.paths import ROOT
from bot.understanding import models
from bot.understanding.service import Understanding
from bot.understanding.training_data import is_checklist_answer, nlu_examples

NLU_BLIND = ROOT / "tests" / "nlu_blind_v4"
SAFETY_BLIND = ROOT / "tests" / "safety_blind_v8"
NLU_DEV = ROOT / "tests" / "nlu_dev"
ESCALATE = ("urgent", "check")


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


# -- what counts as handled ------------------------------------------------------------------------------


def question_right(understanding: Understanding, item: dict) -> bool:
    return understanding.parse(item["text"])["intent"]["name"] == f"faq_{item['topic']}"


def first_message_handled(understanding: Understanding, item: dict) -> bool:
    """As the issue defines it: a story kept, a start started, a question answered, a pointer given."""
    parse = understanding.parse(item["text"])
    intent = parse["intent"]["name"]
    has_story = any(e["entity"] == "story" for e in parse["entities"])
    expect = item["expect"]
    if expect == "story":
        return intent == "answer" or has_story
    if expect == "start":
        return intent in ("start_checklist", "answer")
    if expect == "question":
        return intent == f"faq_{item['topic']}"
    if expect == "story_and_question":
        return intent == f"faq_{item['topic']}" and has_story
    if expect == "out_of_scope":
        return intent == {"other_nation": "faq_other_nations"}.get(item["scope"], f"out_of_scope_{item['scope']}")
    if expect == "greeting":
        return intent in ("greet", "start_checklist")
    raise ValueError(expect)


def answer_kept(understanding: Understanding, item: dict) -> bool:
    """Inside the checklist (bot/conversation/checklist.py): kept verbatim as the answer, also when a question in it
    is answered."""
    parse = understanding.parse(item["text"])
    turn = interpret(parse["intent"]["name"], parse["intent"]["confidence"], item["text"], from_button=False)
    has_story = any(e["entity"] == "story" for e in parse["entities"])
    return turn.kind == "answer" or (turn.kind == "faq" and has_story)


def safety_level(understanding: Understanding, item: dict) -> str | None:
    return understanding.screen(item["text"], in_checklist=item.get("context") == "checklist").level


# -- figures -----------------------------------------------------------------------------------------------


def rate(hits: int, total: int) -> str:
    return f"{hits / total:6.1%} ({hits}/{total})" if total else "   n/a"


def nlu_figures(understanding: Understanding, questions, firsts, answers) -> dict:
    q = [question_right(understanding, i) for i in questions]
    f = [first_message_handled(understanding, i) for i in firsts]
    a = [answer_kept(understanding, i) for i in answers]
    per_topic = defaultdict(list)
    for item, right in zip(questions, q):
        per_topic[item["topic"]].append(right)
    return {
        "questions": (sum(q), len(q)),
        "first_messages": (sum(f), len(f)),
        "checklist_answers": (sum(a), len(a)),
        "worst_topics": sorted(((sum(v) / len(v), t) for t, v in per_topic.items()))[:8],
        "first_by_expect": {
            e: (sum(r for i, r in zip(firsts, f) if i["expect"] == e), sum(1 for i in firsts if i["expect"] == e))
            for e in sorted({i["expect"] for i in firsts})
        },
    }


def safety_figures(understanding: Understanding, must, near) -> dict:
    must_levels = [safety_level(understanding, i) for i in must]
    near_levels = [safety_level(understanding, i) for i in near]
    by_category = defaultdict(list)
    for item, level in zip(must, must_levels):
        by_category[item.get("category", "?")].append(level in ESCALATE)
    return {
        "recall": (sum(lv in ESCALATE for lv in must_levels), len(must)),
        "recall_urgent_labelled_urgent": (
            sum(lv == "urgent" for i, lv in zip(must, must_levels) if i.get("level") == "urgent"),
            sum(1 for i in must if i.get("level") == "urgent"),
        ),
        "near_urgent": (sum(lv == "urgent" for lv in near_levels), len(near)),
        "near_check": (sum(lv == "check" for lv in near_levels), len(near)),
        "missed_by_category": {c: len(v) - sum(v) for c, v in sorted(by_category.items()) if len(v) - sum(v)},
        "near_check_by_kind": {
            kind: (sum(lv == "check" for i, lv in zip(near, near_levels) if _kind(i) == kind), count)
            for kind, count in sorted(Counter(_kind(i) for i in near).items())
        },
    }


def _kind(item: dict) -> str:
    return "checklist answer" if item.get("context") == "checklist" else item.get("kind", "?")


def cross_validation(understanding: Understanding, folds: int) -> tuple[dict, dict]:
    """Retrains the classifiers k times on the training data (cached embeddings: seconds each)."""
    encoder = understanding.encoder
    intents = nlu_examples()
    safety = models.risk_rows(intents)
    ix = models._embeddings(encoder, [e.text for e in intents])
    iy = np.array([e.label for e in intents])
    sx = models._embeddings(encoder, [r[0] for r in safety])
    sy = np.array([r[1] for r in safety])
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=17)
    question_hits = answer_hits = 0
    questions = answers = 0
    must_hits = must_total = near_urgent = near_check = near_total = 0
    intent_splits = list(splitter.split(ix, iy))
    safety_splits = list(splitter.split(sx, sy))
    for (itrain, itest), (strain, stest) in zip(intent_splits, safety_splits):
        fitted = models.fit(
            [intents[i].text for i in itrain], ix[itrain], iy[itrain], sx[strain], [safety[i] for i in strain]
        )
        fold = Understanding(encoder, models.Classifiers(*fitted, "cv"))
        for i in itest:
            example = intents[i]
            if example.label.startswith("faq_"):
                questions += 1
                question_hits += fold.parse(example.text)["intent"]["name"] == example.label
            elif example.label == "answer":
                answers += 1
                answer_hits += answer_kept(fold, {"text": example.text})
        for i in stest:
            text, level, category = safety[i]
            if category == "ordinary":
                continue  # parents' ordinary messages from data/nlu: not near misses
            item = {"text": text, "context": "checklist" if is_checklist_answer(safety[i]) else None}
            got = safety_level(fold, item)
            if level in ESCALATE:
                must_total += 1
                must_hits += got in ESCALATE
            else:
                near_total += 1
                near_urgent += got == "urgent"
                near_check += got == "check"
    return (
        {"questions": (question_hits, questions), "checklist_answers": (answer_hits, answers)},
        {
            "recall": (must_hits, must_total),
            "near_urgent": (near_urgent, near_total),
            "near_check": (near_check, near_total),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--no-blind", action="store_true")
    parser.add_argument("--dev", action="store_true", help="also the development first messages (not blind)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    understanding = Understanding.load()
    if args.dev:
        firsts = load(NLU_DEV / "first_messages.yml")
        handled = [first_message_handled(understanding, i) for i in firsts]
        print(f"development first messages handled: {rate(sum(handled), len(handled)).strip()}")
        for expect in sorted({i["expect"] for i in firsts}):
            pairs = [(i, h) for i, h in zip(firsts, handled) if i["expect"] == expect]
            print(f"  {expect}: {rate(sum(h for _, h in pairs), len(pairs)).strip()}")
            for item, ok in pairs:
                if not ok:
                    parse = understanding.parse(item["text"])
                    story = any(e["entity"] == "story" for e in parse["entities"])
                    print(
                        f"    ✗ {parse['intent']['name']} {parse['intent']['confidence']:.2f} story={story}: "
                        f"{item['text'][:110]}"
                    )
    if args.no_blind:
        nlu_blind = {
            "questions": (0, 0),
            "first_messages": (0, 0),
            "checklist_answers": (0, 0),
            "worst_topics": [],
            "first_by_expect": {},
        }
        safety_blind = {
            "recall": (0, 0),
            "near_urgent": (0, 0),
            "near_check": (0, 0),
            "missed_by_category": {},
            "recall_urgent_labelled_urgent": (0, 0),
            "near_check_by_kind": {},
        }
    else:
        nlu_blind = nlu_figures(
            understanding,
            load(NLU_BLIND / "questions.yml"),
            load(NLU_BLIND / "first_messages.yml"),
            load(NLU_BLIND / "checklist_answers.yml"),
        )
        safety_blind = safety_figures(
            understanding, load(SAFETY_BLIND / "must_escalate.yml"), load(SAFETY_BLIND / "near_misses.yml")
        )
    cv_nlu, cv_safety = ({}, {}) if args.no_cv else cross_validation(understanding, args.folds)
    print(f"\nUnderstanding service, model {understanding.classifiers.fingerprint}")
    print(f"{'':44} {'training (' + str(args.folds) + '-fold CV)':>24} {'blind':>22}")
    rows = [
        ("question → right topic", cv_nlu.get("questions"), nlu_blind["questions"]),
        ("first message handled", None, nlu_blind["first_messages"]),
        ("checklist answer kept as answer", cv_nlu.get("checklist_answers"), nlu_blind["checklist_answers"]),
        ("safety recall (urgent or check)", cv_safety.get("recall"), safety_blind["recall"]),
        ("near misses given urgent", cv_safety.get("near_urgent"), safety_blind["near_urgent"]),
        ("near misses given check", cv_safety.get("near_check"), safety_blind["near_check"]),
    ]
    for name, training, blind in rows:
        print(f"{name:44} {rate(*training) if training else '':>24} {rate(*blind):>22}")
    print("\nblind first messages by kind:", {k: rate(*v).strip() for k, v in nlu_blind["first_by_expect"].items()})
    print("blind topics answered least well:", ", ".join(f"{t} {s:.0%}" for s, t in nlu_blind["worst_topics"]))
    print("blind must-escalate missed, by category:", safety_blind["missed_by_category"] or "none")
    by_kind = {k: rate(*v).strip() for k, v in safety_blind["near_check_by_kind"].items()}
    print("blind near misses given check, by kind:", by_kind)
    urgent = safety_blind["recall_urgent_labelled_urgent"]
    print(f"blind messages labelled urgent that got urgent: {rate(*urgent).strip()}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {"blind_nlu": nlu_blind, "blind_safety": safety_blind, "cv_nlu": cv_nlu, "cv_safety": cv_safety},
                indent=1,
                default=str,
            )
        )


if __name__ == "__main__":
    main()
