"""Reads the training data: data/nlu/*.yml in Rasa's NLU format, and data/safety/*.tsv.

Rasa's format is kept so `rasa data validate` still checks intents against the domain, and so anyone who
knows Rasa can add examples where they expect to.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.paths import ROOT

NLU_DIR = ROOT / "data" / "nlu"
SAFETY_DIR = ROOT / "data" / "safety"
# Rasa's inline entity annotation: [the words](entity) or [the words]{"entity": ...}
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
# Intents that only ever arrive as a button's payload: the classifier never predicts them.
PAYLOAD_ONLY_INTENTS = frozenset({"urgent_danger", "nlu_fallback"})


@dataclass(frozen=True)
class Example:
    text: str
    label: str


def plain(text: str) -> str:
    return _ANNOTATION.sub(r"\1", text).strip()


def nlu_examples(directory: Path = NLU_DIR) -> list[Example]:
    examples: list[Example] = []
    for path in sorted(directory.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            intent = block.get("intent")
            if not intent or intent in PAYLOAD_ONLY_INTENTS:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- ") and plain(line[2:]):
                    examples.append(Example(plain(line[2:]), intent))
    return _unique(examples)


CHECKLIST_CATEGORY = "unknown"  # what checklist_*.tsv rows have for a category: the question, not the harm


def safety_examples(directory: Path = SAFETY_DIR) -> list[tuple[str, str, str]]:
    """(text, level, category) from data/safety/<level>.tsv and checklist_<level>.tsv files.

    The level is the file's stem without `checklist_` (urgent, check, none); the first column is a
    category for urgent/check and a kind or checklist key for none.
    """
    rows: list[tuple[str, str, str]] = []
    for path in sorted(directory.glob("*.tsv")):
        level = path.stem.removeprefix("checklist_").split("_")[0]
        if level not in {"urgent", "check", "none"}:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            tag, text = line.split("\t", 1)
            # In checklist_* files the first column is the question answered, not a category.
            category = CHECKLIST_CATEGORY if path.stem.startswith("checklist_") else tag.strip()
            rows.append((text.strip(), level, category))
    unique: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        unique.setdefault(row[0].lower(), row)  # the first of each text, in order
    return list(unique.values())


def is_checklist_answer(row: tuple[str, str, str]) -> bool:
    """A safety row from a checklist_*.tsv file: written as an answer to a checklist question."""
    return row[2] == CHECKLIST_CATEGORY


def data_hash(*directories: Path) -> str:
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _unique(examples: list[Example]) -> list[Example]:
    seen: set[str] = set()
    unique = []
    for example in examples:
        key = example.text.lower()
        if key not in seen:
            seen.add(key)
            unique.append(example)
    return unique
