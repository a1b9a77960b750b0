"""find_council: full, partial, non-English, malformed and ambiguous postcodes, and place/council names."""

from __future__ import annotations

import pytest

from bot.councils import choose, find_council, postcodes


@pytest.fixture(scope="module", autouse=True)
def index_built():
    if not postcodes.SOURCE.is_file() and not postcodes.INDEX.is_file():
        pytest.skip("postcode data not available")
    postcodes.build_index()


@pytest.mark.parametrize(
    "typed, code",
    [
        ("NR2 1NH", "NFK"),  # Norwich City Hall: the district is Norwich, children's services are Norfolk's
        ("nr21nh", "NFK"),
        ("WR14 3AF", "WOR"),  # Malvern Hills district -> Worcestershire County Council
        ("WR1 2EY", "WOR"),  # Worcester Guildhall
        ("GL1 2TG", "GLS"),  # Gloucester -> Gloucestershire
        ("BA1 5AW", "BAS"),  # Bath Guildhall
        ("HD1 2TG", "KIR"),  # Huddersfield Town Hall -> Kirklees
        ("BN3 3BQ", "BNH"),  # Hove Town Hall
        ("EC2V 7HH", "LND"),  # Guildhall, City of London
        ("S1 2HH", "SHF"),  # Sheffield Town Hall (E08000039 since April 2025)
        ("S70 2TA", "BNS"),  # Barnsley Town Hall (E08000038 since April 2025)
        ("Our postcode is SW1A 2AA thanks", "WSM"),
    ],
)
def test_full_postcode_finds_the_council_that_runs_childrens_services(typed, code):
    result = find_council(typed)
    assert result.kind == "found", result.message
    assert result.council.code == code
    assert result.basis == "postcode"
    assert result.council.official_name in result.message


def test_barnsley_and_sheffield_carry_their_new_and_old_codes():
    assert find_council("S70 2TA").council.gss_code == "E08000038"
    assert "E08000016" in find_council("S70 2TA").council.other_gss_codes
    assert find_council("S1 2HH").council.gss_code == "E08000039"


@pytest.mark.parametrize(
    "typed, nation, council_name",
    [
        ("CF10 3ND", "Wales", "Cardiff"),
        ("NP20 4UR", "Wales", "Newport"),
        ("EH1 1YJ", "Scotland", "City of Edinburgh"),
        ("BT1 5GS", "Northern Ireland", "Belfast"),
        ("GY1 1FH", "Channel Islands", ""),
        ("IM1 3PN", "Isle of Man", ""),
        ("Cardiff", "Wales", "Cardiff"),
        ("Glasgow", "Scotland", "Glasgow"),
    ],
)
def test_outside_england_gets_a_kind_explanation(typed, nation, council_name):
    result = find_council(typed)
    assert result.kind == "not_england"
    assert result.nation == nation
    assert result.council is None
    assert "England" in result.message and "999" in result.message
    assert council_name in result.message


@pytest.mark.parametrize("typed", ["NR2 1N", "12345", "BA1 5AWX", "N1 1" + "NHH"])
def test_malformed_postcode_gets_an_example(typed):
    result = find_council(typed)
    assert result.kind == "malformed"
    assert "NR2 1NH" in result.message


def test_unknown_postcode_area():
    result = find_council("ZZ9 9ZZ")
    assert result.kind == "unknown"
    assert "ZZ9 9ZZ" in result.message


def test_new_postcode_falls_back_to_its_area():
    result = find_council("NR2 9ZZ")  # well formed, not in the Nov 2025 data; NR2 is almost all Norwich
    assert result.kind == "found" and result.council.code == "NFK"
    assert result.basis in ("postcode_sector", "postcode_district")
    assert "couldn't find NR2 9ZZ" in result.message


def test_partial_postcode_answers_when_one_council_dominates():
    result = find_council("BA2 4")
    assert result.kind == "found" and result.council.code == "BAS"
    assert result.basis == "postcode_sector"
    assert "full postcode" in result.message  # says how to be exact


def test_partial_postcode_split_between_councils_offers_them():
    result = find_council("BA3")  # B&NES and Somerset both hold a large part of it
    assert result.kind == "choose"
    codes = [c.code for c in result.candidates]
    assert codes[:2] == ["BAS", "SMT"]
    assert result.candidates[0].share > result.candidates[1].share > 0.3
    assert "full postcode" in result.message


def test_partial_postcode_across_the_welsh_border():
    result = find_council("SY10 7")
    assert result.kind == "choose"
    nations = {c.nation for c in result.candidates}
    assert nations == {"England", "Wales"}
    assert result.candidates[0].code == "SHR"


@pytest.mark.parametrize(
    "typed, code, basis",
    [
        ("bath", "BAS", "council"),
        ("B&NES", "BAS", "council"),
        ("banes", "BAS", "council"),
        ("brighton and hove", "BNH", "council"),
        ("Brighton & Hove City Council", "BNH", "council"),
        ("Kirklees council", "KIR", "council"),
        ("Malvern Hills", "WOR", "district"),
        ("Malvern Hills District Council", "WOR", "district"),
        ("I live in Malvern", "WOR", "district"),
        ("Norwich", "NFK", "district"),
        ("Durham County Council", "DUR", "council"),
        ("City of London", "LND", "council"),
        ("Kirklee", "KIR", "council"),  # a typo
        ("we live in Worcester near the cathedral", "WOR", "district"),
        ("Huddersfield", "KIR", "place"),
    ],
)
def test_names_find_the_council(typed, code, basis):
    result = find_council(typed)
    assert result.kind == "found", result.message
    assert result.council.code == code
    assert result.basis == basis


def test_district_council_name_explains_the_county():
    result = find_council("Malvern Hills")
    assert "Malvern Hills is a district council" in result.message
    assert "Worcestershire County Council" in result.message


def test_several_newports_ask_which():
    result = find_council("Newport")
    assert result.kind == "choose"
    labels = [c.label for c in result.candidates]
    assert "Newport (Wales)" in labels
    assert "Isle of Wight Council (for Newport)" in labels
    assert "Telford & Wrekin Council (for Newport)" in labels


def test_richmond_is_ambiguous():
    codes = [c.code for c in find_council("Richmond").candidates]
    assert codes == ["RIC", "NYE"]


def test_london_asks_for_the_borough():
    result = find_council("London")
    assert result.kind == "choose" and result.candidates == ()
    assert "borough" in result.message and "postcode" in result.message


def test_nothing_found():
    result = find_council("xyzzy plugh")
    assert result.kind == "unknown"
    assert "postcode" in result.message


def test_choosing_a_candidate_confirms_it():
    assert choose("WOR").council.name == "Worcestershire"
    assert choose("E08000016").council.code == "BNS"  # an old code still works
    assert choose("W06000022").kind == "not_england"
    assert choose("XXX").kind == "unknown"


def test_results_are_json_ready():
    data = find_council("Newport").as_dict()
    assert data["kind"] == "choose"
    assert {"code", "name", "nation", "label", "share"} <= set(data["candidates"][0])


def test_a_name_covering_several_councils_offers_them():
    result = find_council("Greater Manchester")
    assert result.kind == "choose"
    assert len(result.candidates) == 10 and "MAN" in [c.code for c in result.candidates]
    assert [c.code for c in find_council("Cumbria").candidates] == ["CBD", "WAF"]


@pytest.mark.parametrize(
    "typed", ["I dont know", "no thanks", "my son is 12", "we live near the big roundabout by tesco"]
)
def test_ordinary_replies_do_not_find_a_council_by_accident(typed):
    assert find_council(typed).kind == "unknown"


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Bournemouth", "BPC"),
        ("LB Hackney", "HCK"),
        ("somewhere in Kent", "KEN"),
        ("Brigton and Hove", "BNH"),
        ("Southend on Sea", "SOS"),
    ],
)
def test_more_ways_of_naming_a_council(typed, code):
    assert find_council(typed).council.code == code
