"""The council directory: all 153 authorities, contacts carried with source and status, validation, overrides."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

import bot.content
from bot.councils import contact_lines, default_council, get_council
from bot.councils.directory import (
    Contact,
    all_councils,
    contact_problems,
    council_problems,
    directory_problems,
    is_uk_phone,
    load_directory,
)
from bot.paths import SHARED_DATA


def test_all_153_authorities_with_childrens_services():
    councils = all_councils()
    assert len(councils) == 153
    types = {}
    for council in councils:
        types[council.type_code] = types.get(council.type_code, 0) + 1
    assert types == {"CTY": 21, "UA": 63, "MD": 36, "LBO": 32, "CC": 1}
    assert directory_problems() == []


@pytest.mark.skipif(not (SHARED_DATA / "authorities_england_upper_tier.csv").is_file(), reason="no shared data")
def test_every_authority_in_the_reference_list_is_present():
    with (SHARED_DATA / "authorities_england_upper_tier.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            council = get_council(row["mysociety_code"])
            assert council is not None, row["name"]
            assert council.gss_code == row["gss_code"]


def test_codes_old_and_new():
    assert get_council("BNS").gss_code == "E08000038"
    assert get_council("E08000016") is get_council("BNS")  # Barnsley's code before April 2025
    assert get_council("E08000019") is get_council("SHF")
    assert get_council("E10000023") is get_council("NYE")  # North Yorkshire's old county code
    assert get_council("bas").code == "BAS"
    assert get_council("nope") is None


def test_districts_point_to_their_county():
    directory = load_directory()
    assert directory.by_district["E07000235"].code == "WOR"  # Malvern Hills
    assert directory.by_district["E07000148"].code == "NFK"  # Norwich
    surrey = get_council("SRY")
    changes = {d.name: d.changes["to"] for d in surrey.districts if d.changes}
    assert changes["Elmbridge"] == "East Surrey Council" and changes["Woking"] == "West Surrey Council"


def test_research_contacts_are_never_marked_verified():
    statuses = {c.status for council in all_councils() for c in council.contacts}
    assert "verified" not in statuses
    for council in all_councils():
        for contact in council.contacts:
            assert contact.source_url or contact.source
            assert contact.last_checked <= dt.date.today()


def test_bath_and_north_east_somerset_has_both_sets_of_numbers_with_their_sources():
    bath = get_council("BAS")
    front_door = {c.value: c for c in bath.contacts_of("front_door_phone")}
    assert set(front_door) == {"01225 396111", "01225 477929", "01225 396312", "01225 396313"}
    assert front_door["01225 396111"].source_url == ""  # seed document 004 has no web address
    assert "Bath and North East Somerset" in front_door["01225 396111"].source
    assert front_door["01225 396312"].source_url.startswith("https://www.safeguarding-bathnes.org.uk/")
    assert [c.value for c in bath.contacts_of("out_of_hours_phone")] == ["01454 615165"]


def test_a_stale_number_is_kept_for_reviewers_but_never_shown():
    north_yorkshire = get_council("NYE")
    assert "0845 034 9410" in [c.value for c in north_yorkshire.contacts_of("out_of_hours_phone", shown_only=False)]
    assert "0845 034 9410" not in [c.value for c in north_yorkshire.contacts_of("out_of_hours_phone")]
    assert "0845 034 9410" not in str(north_yorkshire.as_dict())
    assert not any("0845 034 9410" in line for line in contact_lines(north_yorkshire))


def test_a_shared_service_is_on_both_councils():
    for code in ("CAM", "PTE"):
        assert "01733 234724" in [c.value for c in get_council(code).contacts_of("out_of_hours_phone")]


@pytest.mark.parametrize(
    "number", ["01225 396111", "0300 131 2 131", "020 7332 3621", "0800 833 408", "03000 41 11 11", "0121 303 1888"]
)
def test_uk_phone_numbers_accepted(number):
    assert is_uk_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "1225 396111",
        "01225-396111",
        "01225 3961",
        "+44 1225 396111",
        "0345 678 9040 (option 1)",
        "999",
        "01225  396111",
        "0912 345 6789",
    ],
)
def test_bad_phone_numbers_rejected(number):
    assert not is_uk_phone(number)


def _contact(**changes) -> Contact:
    values = dict(
        kind="front_door_phone",
        value="01225 396111",
        status="unverified",
        last_checked=dt.date(2026, 11, 22),
        source_url="https://www.bathnes.gov.uk/x",
    )
    values.update(changes)
    return Contact(**values)


@pytest.mark.parametrize(
    "changes, complaint",
    [
        ({"value": "01225 3961"}, "not a UK phone number"),
        ({"kind": "website", "value": "www.bathnes.gov.uk"}, "not a web address"),
        ({"kind": "email", "value": "duty at bathnes"}, "not an email address"),
        ({"kind": "fax"}, "kind must be one of"),
        ({"status": "checked"}, "status must be one of"),
        ({"source_url": "", "source": ""}, "needs a source_url"),
        ({"source_url": "bathnes.gov.uk/page"}, "source_url is not a web address"),
        ({"last_checked": dt.date(2030, 1, 1)}, "in the future"),
    ],
)
def test_contact_validation(changes, complaint):
    problems = contact_problems(_contact(**changes), today=dt.date(2026, 11, 22))
    assert any(complaint in p for p in problems), problems


def test_a_valid_contact_has_no_problems():
    assert contact_problems(_contact(), today=dt.date(2026, 11, 22)) == []


def test_council_validation_catches_bad_codes():
    from dataclasses import replace

    bath = get_council("BAS")
    problems = council_problems(replace(bath, code="bath", gss_code="X123", districts=()))
    assert any("three capital letters" in p for p in problems)
    assert any("must look like E06000022" in p for p in problems)
    assert any("no districts" in p for p in problems)


def test_duplicate_codes_are_reported(council_content_copy):
    text = (council_content_copy / "authorities" / "bath-and-north-east-somerset.yml").read_text()
    (council_content_copy / "authorities" / "zz-copy.yml").write_text(
        text.replace("govuk_slug: bath-and", "govuk_slug: x")
    )
    problems = directory_problems()
    assert any("duplicate code 'BAS'" in p for p in problems)
    assert any("duplicate district 'E06000022'" in p for p in problems)


def test_a_broken_phone_number_stops_the_directory_loading(council_content_copy):
    path = council_content_copy / "authorities" / "bath-and-north-east-somerset.yml"
    path.write_text(path.read_text().replace("value: 01454 615165", "value: 01454 6151"))
    assert any("01454 6151" in p for p in directory_problems())
    with pytest.raises(bot.content.ContentError, match="not a UK phone number"):
        load_directory()


def test_no_default_council_for_a_charity(monkeypatch):
    monkeypatch.delenv("RTA_DEFAULT_COUNCIL", raising=False)
    assert default_council() is None


def test_a_council_deployment_sets_itself_and_its_verified_numbers(council_content_copy, monkeypatch):
    monkeypatch.delenv("RTA_DEFAULT_COUNCIL", raising=False)
    (council_content_copy / "overrides.yml").write_text(
        "default_council: BAS\n"
        "councils:\n"
        "  BAS:\n"
        "    contacts:\n"
        "      - kind: front_door_phone\n"
        "        value: 01225 396111\n"
        "        source_url: https://www.bathnes.gov.uk/children\n"
        "        last_checked: 2026-11-01\n"
        "        status: verified\n"
    )
    assert directory_problems() == []
    council = default_council()
    assert council.code == "BAS"
    assert [c.value for c in council.contacts_of("front_door_phone")] == ["01225 396111"]
    assert council.contacts_of("out_of_hours_phone")[0].value == "01454 615165"  # other kinds untouched
    lines = contact_lines(council)
    assert any("01225 396111 (checked by the council on 1 November 2026)" in line for line in lines)
    monkeypatch.setenv("RTA_DEFAULT_COUNCIL", "KIR")  # the environment wins over the file
    assert default_council().code == "KIR"


def test_overrides_naming_an_unknown_council_are_reported(council_content_copy):
    (council_content_copy / "overrides.yml").write_text("default_council: ZZZ\ncouncils:\n  QQQ: {contacts: []}\n")
    problems = directory_problems()
    assert any("default_council 'ZZZ'" in p for p in problems)
    assert any("no council with code 'QQQ'" in p for p in problems)
