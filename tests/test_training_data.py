"""Reading the training data (bot/understanding/training_data.py): Rasa's NLU format and data/safety/*.tsv."""

from __future__ import annotations

import pytest

from bot.contract import SAFETY_CATEGORIES
from bot.understanding.training_data import (
    NLU_DIR,
    PAYLOAD_ONLY_INTENTS,
    SAFETY_DIR,
    Example,
    data_hash,
    nlu_examples,
    plain,
    safety_examples,
)


@pytest.mark.parametrize(
    ("annotated", "expected"),
    [
        ("my [son](relation) is [14](age)", "my son is 14"),
        ('ring [Bath]{"entity": "council", "value": "BAS"} today', "ring Bath today"),
        ('[nothing]{"entity": "x"}', "nothing"),
        ("no annotation [here] at all", "no annotation [here] at all"),
        ("  spaces round  ", "spaces round"),
    ],
)
def test_rasa_annotations_are_stripped(annotated, expected):
    assert plain(annotated) == expected


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_nlu_examples_in_rasa_format(tmp_path):
    write(
        tmp_path / "a.yml",
        """version: "3.1"
nlu:
  - intent: faq_how_long
    examples: |
      - how long does it take
      - how long does [it](thing) take
      - HOW LONG DOES IT TAKE
      -
      - what happens [next](when)
  - intent: urgent_danger
    examples: |
      - yes someone is in danger right now
  - synonym: kid
    examples: |
      - child
""",
    )
    write(
        tmp_path / "b.yml",
        """version: "3.1"
nlu:
  - intent: answer
    examples: |
      - how long does it take
      - he kicks off every night
""",
    )
    write(tmp_path / "empty.yml", "")
    assert nlu_examples(tmp_path) == [
        # Duplicates (case-insensitive, annotations stripped) are kept once, first file first.
        Example("how long does it take", "faq_how_long"),
        Example("what happens next", "faq_how_long"),
        Example("he kicks off every night", "answer"),
    ]


def test_payload_only_intents_are_never_training_examples():
    labels = {example.label for example in nlu_examples()}
    assert not labels & PAYLOAD_ONLY_INTENTS
    assert "urgent_danger" in PAYLOAD_ONLY_INTENTS
    assert (NLU_DIR / "urgent.yml").is_file()  # still there: Rasa's domain has the intent (the button payload)


def test_the_real_nlu_data_has_no_text_under_two_intents():
    seen: dict[str, str] = {}
    for example in nlu_examples():
        assert seen.setdefault(example.text.lower(), example.label) == example.label


def test_safety_tsv_files(tmp_path):
    write(
        tmp_path / "urgent.tsv",
        "# a comment\tthat has a tab\nviolence\the's hitting her now\n\nno tab line\nweapon\t  he has a knife  \n",
    )
    write(tmp_path / "check.tsv", "missing\tshe hasn't come home and it's late\n")
    write(tmp_path / "none.tsv", "idiom\tshe'll be the death of me\n")
    write(tmp_path / "urgent_earlier.tsv", "unknown\the took all his tablets\n")
    # In checklist_ files the first column is the question answered (or "checklist"), never a category.
    write(tmp_path / "checklist_urgent.tsv", "severity\tright now he is smashing the door\n")
    write(tmp_path / "checklist_none_earlier.tsv", "problems\tlast year he hit me once\n")
    write(tmp_path / "notes.tsv", "violence\tnot a level file, not read\n")
    write(tmp_path / "urgent.txt", "violence\tnot a tsv\n")
    rows = safety_examples(tmp_path)
    assert sorted(rows) == sorted(
        [
            ("she hasn't come home and it's late", "check", "missing"),
            ("last year he hit me once", "none", "unknown"),
            ("right now he is smashing the door", "urgent", "unknown"),
            ("she'll be the death of me", "none", "idiom"),
            ("he's hitting her now", "urgent", "violence"),
            ("he has a knife", "urgent", "weapon"),
            ("he took all his tablets", "urgent", "unknown"),
        ]
    )


def test_a_text_in_two_files_is_kept_once_from_the_first_file_in_name_order(tmp_path):
    write(tmp_path / "check.tsv", "violence\tHe's hitting her\n")
    write(tmp_path / "urgent.tsv", "violence\the's hitting her\nviolence\the's HITTING her\n")
    assert safety_examples(tmp_path) == [("He's hitting her", "check", "violence")]


def test_the_real_safety_data():
    rows = safety_examples()
    assert {level for _, level, _ in rows} == {"urgent", "check", "none"}
    dangerous = {category for _, level, category in rows if level != "none"}
    assert dangerous == set(SAFETY_CATEGORIES) | {"unknown"}
    assert len({text.lower() for text, _, _ in rows}) == len(rows)
    # Every row from a checklist_ file has category "unknown": its first column (severity, problems, ...) is
    # the question answered, never read as a kind of danger.
    from_checklist = {
        line.split("\t", 1)[1].strip().lower()
        for path in SAFETY_DIR.glob("checklist_*.tsv")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line and not line.startswith("#")
    }
    categories = {category for text, _, category in rows if text.lower() in from_checklist}
    assert len(from_checklist) > 500 and categories == {"unknown"}


def test_the_data_hash_follows_every_file(tmp_path, monkeypatch):
    from bot.understanding import training_data

    monkeypatch.setattr(training_data, "ROOT", tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder / "a.tsv", "violence\tone\n")
    first = data_hash(folder)
    assert data_hash(folder) == first and len(first) == 16
    write(folder / "a.tsv", "violence\tone!\n")
    second = data_hash(folder)
    assert second != first
    write(folder / "README.md", "notes")
    assert data_hash(folder) != second
