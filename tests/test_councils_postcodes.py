"""Postcodes: reading what a parent typed, and the offline index (built from the real ONS-derived table)."""

from __future__ import annotations

import lzma
import os

import pytest

from bot.councils import postcodes
from bot.councils.postcodes import (
    PostcodeIndex,
    build_index,
    find_postcode_in_text,
    is_current,
    parse_postcode,
    postcode_key,
)


@pytest.fixture(scope="module")
def index() -> PostcodeIndex:
    if not postcodes.SOURCE.is_file():
        pytest.skip(f"postcode source not available: {postcodes.SOURCE}")
    build_index()  # a no-op when set-up has already built it
    return PostcodeIndex()


@pytest.mark.parametrize(
    "typed, kind, outward, inward",
    [
        ("NR2 1NH", "full", "NR2", "1NH"),
        ("nr21nh", "full", "NR2", "1NH"),
        ("  Nr2   1nH ", "full", "NR2", "1NH"),
        ("SW1A 2AA", "full", "SW1A", "2AA"),
        ("BA2 4", "sector", "BA2", "4"),
        ("ba2", "district", "BA2", ""),
        ("SY10", "district", "SY10", ""),
        ("NR2 1N", "malformed", "", ""),
        ("12345", "malformed", "", ""),
        ("BA1 5AWX", "malformed", "", ""),
    ],
)
def test_parse_postcode(typed, kind, outward, inward):
    parsed = parse_postcode(typed)
    assert (parsed.kind, parsed.outward, parsed.inward) == (kind, outward, inward)


@pytest.mark.parametrize("typed", ["Bath", "Kirklees council", "Flat 2, 10 High Street, Norwich", ""])
def test_text_that_is_not_a_postcode_attempt(typed):
    assert parse_postcode(typed) is None


def test_postcode_found_inside_a_sentence():
    found = find_postcode_in_text("we live at nr2 1nh, near the market")
    assert (found.outward, found.inward) == ("NR2", "1NH")


def test_keys_sort_by_outward_code_then_inward_code():
    # AB1 and AB10 are different districts: padding keeps every AB1 postcode before every AB10 one.
    assert postcode_key("AB1", "9ZZ") < postcode_key("AB10", "0AA")
    assert postcode_key("BA2", "4AA") < postcode_key("BA2", "4ZZ") < postcode_key("BA2", "5AA")


# Public buildings; each is asserted against the data, so a wrong postcode fails here rather than silently.
@pytest.mark.parametrize(
    "postcode, lad",
    [
        ("NR2 1NH", "E07000148"),  # Norwich City Hall: Norwich district (Norfolk runs children's services)
        ("BA1 5AW", "E06000022"),  # Bath Guildhall: Bath and North East Somerset
        ("WR14 3AF", "E07000235"),  # Malvern Hills District Council offices
        ("S1 2HH", "E08000039"),  # Sheffield Town Hall: Sheffield's 2025 code
        ("S70 2TA", "E08000038"),  # Barnsley Town Hall: Barnsley's 2025 code
        ("CF10 3ND", "W06000015"),  # Cardiff City Hall
        ("EH1 1YJ", "S12000036"),  # Edinburgh City Chambers
        ("BT1 5GS", "N09000003"),  # Belfast City Hall
        ("GY1 1FH", "L99999999"),  # Guernsey
        ("IM1 3PN", "M99999999"),  # Isle of Man
    ],
)
def test_full_postcodes_in_the_index(index, postcode, lad):
    outward, inward = postcode.split()
    assert index.district_of(outward, inward) == lad


def test_postcode_not_in_the_data(index):
    assert index.district_of("ZZ9", "9ZZ") is None
    assert index.district_of("NR2", "9ZZ") is None


def test_sector_and_district_counts(index):
    sector = index.districts_in("BA2", "4")
    assert set(sector) == {"E06000022"}
    district = index.districts_in("SY10")  # on the border with Wales
    assert district.most_common(1)[0][0] == "E06000051"  # Shropshire
    assert "W06000023" in district  # Powys
    assert sum(district.values()) == 812 + 227 + 9  # as in postcode_district_to_authority.csv


def test_index_is_compact_and_covers_every_postcode(index):
    assert index.count == 2_709_549
    assert postcodes.INDEX.stat().st_size < 30_000_000


def _small_source(path, rows):
    with lzma.open(path, "wt", encoding="ascii") as handle:
        handle.write("postcode,lad_code,utla_code\n")
        for row in rows:
            handle.write(",".join(row) + "\n")


def test_build_is_skipped_when_current_and_redone_when_the_source_changes(tmp_path):
    source, index_path = tmp_path / "pc.csv.xz", tmp_path / "pc.idx"
    _small_source(
        source, [("AB1 0AA", "S12000033", ""), ("NR2 1NH", "E07000148", "E10000020"), ("AB10 1AA", "S12000033", "")]
    )
    first = build_index(source, index_path)
    assert first["built"] and first["count"] == 3
    assert is_current(index_path, source)
    assert build_index(source, index_path)["built"] is False
    small = PostcodeIndex(index_path)
    assert small.district_of("NR2", "1NH") == "E07000148"
    assert small.district_of("AB10", "1AA") == "S12000033"
    assert sum(small.districts_in("AB1").values()) == 1  # AB10 is another district

    _small_source(source, [("NR2 1NH", "E07000148", "E10000020")])
    os.utime(source, ns=(1, 1))
    assert not is_current(index_path, source)
    rebuilt = build_index(source, index_path)
    assert rebuilt["built"] and rebuilt["count"] == 1
    assert PostcodeIndex(index_path).count == 1
    assert build_index(source, index_path, force=True)["built"]


def test_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(postcodes.IndexMissing, match="build_index"):
        PostcodeIndex(tmp_path / "none.idx")
