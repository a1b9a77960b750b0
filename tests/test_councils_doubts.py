"""Issue 15: the council directory rebuilt from 283 research rows, with doubtful numbers kept visible to the
council (a `doubts:` list per council) and hidden from parents when a better row exists."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import yaml

from bot.councils import contact_lines, get_council
from bot.paths import CONTENT, ROOT, SHARED_DATA


def _load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def shown(code: str, kind: str) -> list[str]:
    return [c.value for c in get_council(code).contacts_of(kind)]


def doubts(slug: str) -> list[str]:
    return yaml.safe_load((CONTENT / "councils" / "authorities" / f"{slug}.yml").read_text())["doubts"]


def test_a_conflicting_number_from_another_councils_page_is_hidden_and_listed_as_a_doubt():
    assert shown("KEC", "out_of_hours_phone") == ["020 7373 2227"]
    assert "020 7373 3227" not in "\n".join(contact_lines(get_council("KEC")))
    assert any(d.startswith("NOT SHOWN: out_of_hours_phone 020 7373 3227") for d in doubts("kensington-and-chelsea"))


def test_old_and_084_087_numbers_are_never_shown():
    assert "08702 402994" not in shown("STT", "out_of_hours_phone")
    assert "0845 111 2922" not in shown("WLL", "out_of_hours_phone")
    assert set(shown("WLL", "out_of_hours_phone")) == {"0300 555 2922", "01922 652922"}
    assert shown("KIR", "front_door_phone") == ["01484 456848"]


def test_an_incomplete_number_is_never_shown():
    assert "0300 123 704" not in shown("CHW", "front_door_phone")
    assert "0300 123 7047" in shown("CHW", "front_door_phone")


def test_a_number_for_professionals_stays_shown_when_there_is_no_other_but_is_a_doubt():
    assert shown("BST", "front_door_phone") == ["0117 903 6444"]
    assert any("0117 903 6444" in d and "professionals" in d for d in doubts("bristol"))


def test_menu_options_from_the_notes_are_kept():
    lines = "\n".join(contact_lines(get_council("HNS")))
    assert "020 8583 6600 (option 2)" in lines
    assert "01925 443322 (option 1, then option 1)" in "\n".join(contact_lines(get_council("WRT")))


def test_a_daytime_line_answered_out_of_hours_counts_as_out_of_hours():
    assert shown("NYE", "out_of_hours_phone") == ["0300 131 2 131"]
    assert "0344 800 8020" in shown("NFK", "out_of_hours_phone")


def test_each_number_carries_the_day_it_was_found():
    camden = get_council("CMD").contacts_of("front_door_phone")[0]
    assert camden.last_checked.isoformat() == "2026-12-01"
    assert get_council("BAS").contacts_of("out_of_hours_phone")[0].last_checked.isoformat() == "2026-11-22"


def test_spacing_and_area_code_brackets_are_normalised():
    assert shown("ERY", "out_of_hours_phone") == ["01482 393939"]
    assert shown("BUR", "front_door_phone") == ["0161 253 5678"]


def test_a_council_without_a_number_is_told_how_to_find_it():
    lines = "\n".join(contact_lines(get_council("BDF")))
    assert "bedford.gov.uk" in lines and "101" in lines and "999" in lines


def test_check_content_reports_coverage_and_every_doubt(capsys):
    check_content = _load_tool("check_content")
    check_content.REPORT.clear()
    assert check_content.run(["councils"]) == 0
    out = capsys.readouterr().out
    assert "ok   councils: contacts" in out
    assert "coverage: " in out and "have a daytime children's services number" in out
    assert "have an out-of-hours number" in out
    assert "doubt: Kensington and Chelsea: NOT SHOWN: out_of_hours_phone 020 7373 3227" in out


@pytest.mark.skipif(not (SHARED_DATA / "children_services_contacts_seed.csv").is_file(), reason="no shared data")
def test_the_generator_writes_doubts_and_the_committed_directory_matches(tmp_path):
    generator = _load_tool("build_council_directory")
    assert generator.build(SHARED_DATA, tmp_path) == 153
    for slug in ("kensington-and-chelsea", "walsall", "york", "bath-and-north-east-somerset"):
        built = yaml.safe_load((tmp_path / "authorities" / f"{slug}.yml").read_text())
        committed = yaml.safe_load((CONTENT / "councils" / "authorities" / f"{slug}.yml").read_text())
        assert built["doubts"] and built["doubts"] == committed["doubts"], slug
        assert built["contacts"] == committed["contacts"], slug
