"""`make check-content` fails on a content key nothing reads (bot/content_schema.py): every YAML file in content/
is checked against a schema of exactly the keys the code reads."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest
import yaml

import bot.content
from bot import content_schema
from bot.paths import CONTENT, ROOT


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    """A private copy of content/ that a test may break."""
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.setattr(bot.content, "CONTENT", tmp_path / "content")
    bot.content.load_yaml.cache_clear()
    yield tmp_path / "content"
    bot.content.load_yaml.cache_clear()


def _new_problems(content_copy, edit) -> list[str]:
    """The problems an edit adds (others' unfinished work in the same tree must not make these tests flaky)."""
    before = set(content_schema.problems())
    bot.content.load_yaml.cache_clear()
    edit()
    bot.content.load_yaml.cache_clear()
    return [problem for problem in content_schema.problems() if problem not in before]


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_committed_content_passes():
    assert content_schema.problems() == []


def test_every_content_yaml_file_has_a_schema():
    table = content_schema.schemas()
    for path in CONTENT.rglob("*.yml"):
        relative = path.relative_to(CONTENT).as_posix()
        assert any(content_schema.fnmatch.fnmatchcase(relative, pattern) for pattern in table), relative


@pytest.mark.parametrize(
    "relative, change, expected",
    [
        (
            "checklist.yml",
            lambda d: d["questions"][0].update(required=True),
            "content/checklist.yml: questions[0].required: nothing reads this key; remove it or fix its spelling "
            "(keys read here: key, aliases, heading, question, why)",
        ),
        (
            "topics/how_long.yml",
            lambda d: d.update(summary="A short one."),
            "content/topics/how_long.yml: summary: nothing reads this key",
        ),
        (
            "details.yml",
            lambda d: d["requests"][1].update(lawe="typo"),
            "content/details.yml: requests[1].lawe: nothing reads this key",
        ),
        (
            "early_help.yml",
            lambda d: d["texts"]["reasons"].update(new_reason="Because."),
            "content/early_help.yml: texts.reasons.new_reason: nothing reads this key",
        ),
        (
            "councils/authorities/bath-and-north-east-somerset.yml",
            lambda d: d["contacts"][0].update(phone="01225"),
            "content/councils/authorities/bath-and-north-east-somerset.yml: contacts[0].phone: nothing reads this key",
        ),
        (
            "councils/messages.yml",
            lambda d: d["contacts"]["labels"].update(fax="Fax"),
            "content/councils/messages.yml: contacts.labels.fax",
        ),
        (
            "letter/wording.yml",
            lambda d: d["letter"].update(post_script="PS"),
            "content/letter/wording.yml: letter.post_script: nothing reads this key",
        ),
        (
            "staff/console.yml",
            lambda d: d["urgent"].update(colour="red"),
            "content/staff/console.yml: urgent.colour: nothing reads this key",
        ),
        (
            "safety/helplines.yml",
            lambda d: d["helplines"]["nspcc"].update(hours="24/7"),
            "content/safety/helplines.yml: helplines.nspcc.hours: nothing reads this key",
        ),
        (
            "safety/decision.yml",
            lambda d: d["thresholds"].update(urgent_above=0.5),
            "content/safety/decision.yml: thresholds.urgent_above: nothing reads this key",
        ),
        (
            "nlp/patterns.yml",
            lambda d: d.update(siblings=["brother"]),
            "content/nlp/patterns.yml: siblings: nothing reads this key",
        ),
    ],
)
def test_a_stray_key_fails_naming_the_file_and_the_key(content_copy, relative, change, expected):
    found = _new_problems(content_copy, lambda: _edit(content_copy / relative, change))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_message_nothing_says_fails_and_a_missing_one_too(content_copy):
    path = content_copy / "messages.yml"
    text = path.read_text(encoding="utf-8")
    found = _new_problems(
        content_copy,
        lambda: path.write_text(text.replace('button_skip: "Skip"\n', 'button_skp: "Skip"\n'), encoding="utf-8"),
    )
    assert "content/messages.yml: button_skp: nothing reads this message; remove it or fix its name" in found
    assert any(p.startswith("content/messages.yml: ") and "uses 'button_skip', which is missing" in p for p in found)


def test_a_source_for_no_message_fails(content_copy):
    assert _new_problems(
        content_copy,
        lambda: _edit(content_copy / "messages.yml", lambda d: d["sources"].update(finished_state="a source")),
    ) == ["content/messages.yml: sources.finished_state: no message called 'finished_state'"]


def test_a_file_nothing_reads_fails(content_copy):
    assert _new_problems(
        content_copy, lambda: (content_copy / "extra.yml").write_text("greeting: Hi\n", encoding="utf-8")
    ) == ["content/extra.yml: no code reads this file"]


def test_an_unquoted_yes_key_fails_because_yaml_reads_it_as_true(content_copy):
    found = _new_problems(
        content_copy, lambda: _edit(content_copy / "staff/console.yml", lambda d: d["urgent"].update({True: "x"}))
    )
    assert found[0].startswith("content/staff/console.yml: urgent.True: YAML reads an unquoted yes/no/on/off key")


def test_make_check_content_fails_on_a_stray_key(content_copy, capsys):
    _edit(content_copy / "checklist.yml", lambda d: d["questions"][9].update(required=False))
    spec = importlib.util.spec_from_file_location("check_content_schema", ROOT / "tools" / "check_content.py")
    tool = importlib.util.module_from_spec(spec)
    sys.modules["check_content_schema"] = tool
    spec.loader.exec_module(tool)
    assert tool.run(["content"]) == 1
    out = capsys.readouterr().out
    assert "FAIL content: every key is read" in out
    assert "content/checklist.yml: questions[9].required: nothing reads this key" in out
