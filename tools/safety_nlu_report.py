"""The gateway's whole safety decision on the evaluation sets: the deterministic screen AND the trained
NLU, combined exactly as the gateway combines them (bot.safety.combine). Needs a running Rasa server
with the model to measure (its /model/parse):

    python tools/safety_nlu_report.py http://127.0.0.1:5005 [token]

Recall = share of must-escalate messages that escalate; false alarms = share of near misses that do.
"""
from __future__ import annotations

import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import combine, nlu_from_parse, screen  # noqa: E402
from bot.safety.evaluation import EVAL_DIR, SPLITS, load_messages  # noqa: E402


def escalates(http: httpx.Client, token: str, text: str) -> bool:
    result = screen(text)
    if result.level == "none" or result.level == "possible":
        parse = http.post("/model/parse", params={"token": token} if token else None, json={"text": text}).json()
        intent, confidence = nlu_from_parse(parse)
        return combine(result, intent, confidence)
    return combine(result)


def main() -> None:
    base_url, token = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for split, (must_file, near_file) in SPLITS.items():
            must = load_messages(EVAL_DIR / must_file)
            near = load_messages(EVAL_DIR / near_file)
            caught = sum(escalates(http, token, text) for text in must)
            alarms = sum(escalates(http, token, text) for text in near)
            print(f"{split:20} screen + NLU: recall {caught / len(must):7.2%} ({caught}/{len(must)}), "
                  f"false alarms {alarms / len(near):6.2%} ({alarms}/{len(near)})")


if __name__ == "__main__":
    main()
