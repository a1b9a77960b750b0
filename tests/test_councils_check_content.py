"""`make check-content` (tools/check_content.py) for the council directory, and the directory generator."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import yaml

from bot.paths import ROOT, SHARED_DATA


def _load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


check_content = _load_tool("check_content")


def test_the_committed_directory_passes(capsys):
    assert check_content.run(["councils"]) == 0
    out = capsys.readouterr().out
    assert "ok   councils: directory" in out and "ok   councils: coverage" in out


def test_checks_are_a_list_others_can_extend():
    names = [name for name, _ in check_content.CHECKS]
    assert names[:2] == ["councils: directory", "councils: coverage"]


def test_a_bad_number_and_a_missing_council_fail_with_clear_messages(council_content_copy, capsys):
    bath = council_content_copy / "authorities" / "bath-and-north-east-somerset.yml"
    bath.write_text(bath.read_text().replace("value: 01454 615165", "value: 1454 615165"))
    (council_content_copy / "authorities" / "kirklees.yml").unlink()
    assert check_content.run(["councils"]) == 1
    out = capsys.readouterr().out
    assert "FAIL councils: directory" in out
    assert "bath-and-north-east-somerset.yml: out_of_hours_phone '1454 615165': not a UK phone number" in out
    if (SHARED_DATA / "authorities_england_upper_tier.csv").is_file():
        assert "Kirklees (E08000034) is missing from the directory" in out


@pytest.mark.skipif(not (SHARED_DATA / "children_services_contacts_seed.csv").is_file(), reason="no shared data")
def test_the_generator_is_rerunnable_and_matches_the_data(tmp_path):
    generator = _load_tool("build_council_directory")
    assert generator.build(SHARED_DATA, tmp_path) == 153
    bath = yaml.safe_load((tmp_path / "authorities" / "bath-and-north-east-somerset.yml").read_text())
    values = [c["value"] for c in bath["contacts"] if c["kind"] == "front_door_phone"]
    assert values == ["01225 396312", "01225 396313", "01225 396111", "01225 477929"]  # "a / b" split in two
    assert {c["status"] for c in bath["contacts"]} == {"unverified"}
    shropshire = yaml.safe_load((tmp_path / "authorities" / "shropshire.yml").read_text())
    out_of_hours = [c for c in shropshire["contacts"] if c["kind"] == "out_of_hours_phone"][0]
    assert (out_of_hours["value"], out_of_hours["menu"]) == ("0345 678 9040", "option 1")
    assert generator.build(SHARED_DATA, tmp_path) == 153  # re-running replaces, never duplicates
    assert len(list((tmp_path / "authorities").glob("*.yml"))) == 153
