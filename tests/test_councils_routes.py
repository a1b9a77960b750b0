"""GET /api/local-authorities and /about-the-data, on a small app with just the councils router."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.councils import postcodes
from bot.gateway.routes_councils import router


@pytest.fixture(scope="module")
def client() -> TestClient:
    if not postcodes.SOURCE.is_file() and not postcodes.INDEX.is_file():
        pytest.skip("postcode data not available")
    postcodes.build_index()
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_postcode_returns_the_council_with_contacts_and_their_status(client):
    response = client.get("/api/local-authorities", params={"postcode": "nr2 1nh"})
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "found" and body["basis"] == "postcode" and body["query"] == "NR2 1NH"
    assert body["council"]["code"] == "NFK" and body["council"]["official_name"] == "Norfolk County Council"
    phones = [c for c in body["council"]["contacts"] if c["kind"] == "front_door_phone"]
    assert phones[0]["value"] == "0344 800 8020"
    assert phones[0]["status"] == "unverified"
    assert phones[0]["source_url"].startswith("https://www.norfolk.gov.uk/")
    assert phones[0]["last_checked"] == "2026-11-22"
    assert body["candidates"][0]["council"]["code"] == "NFK"


def test_name_with_several_matches_lists_candidates(client):
    body = client.get("/api/local-authorities", params={"q": "Newport"}).json()
    assert body["kind"] == "choose"
    by_code = {c["code"]: c for c in body["candidates"]}
    assert by_code["IOW"]["council"]["website"]
    assert by_code["W06000022"]["nation"] == "Wales" and by_code["W06000022"]["council"] is None


def test_outside_england_and_malformed(client):
    assert client.get("/api/local-authorities", params={"postcode": "CF10 3ND"}).json()["nation"] == "Wales"
    malformed = client.get("/api/local-authorities", params={"postcode": "NR2 1N"}).json()
    assert malformed["kind"] == "malformed" and "NR2 1NH" in malformed["message"]


def test_missing_or_oversized_query_is_refused_clearly(client):
    response = client.get("/api/local-authorities")
    assert response.status_code == 422
    assert "postcode" in response.json()["detail"]
    assert client.get("/api/local-authorities", params={"q": "x" * 201}).status_code == 422


def test_one_council_with_the_lines_a_parent_sees(client):
    body = client.get("/api/local-authorities/BAS").json()
    assert body["gss_code"] == "E06000022"
    assert any("01454 615165" in line and "not yet confirmed" in line for line in body["lines"])
    assert client.get("/api/local-authorities/E08000016").json()["code"] == "BNS"
    assert client.get("/api/local-authorities/ZZZ").status_code == 404


def test_about_the_data_shows_the_required_attribution(client):
    response = client.get("/about-the-data")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    for required in (
        "Contains OS data © Crown copyright and database right 2025",
        "Contains Royal Mail data © Royal Mail copyright and database right 2025",
        "Office for National Statistics licensed under the Open Government Licence v.3.0",
        "mySociety, CC BY 4.0",
        "GOV.UK Local Links Manager data, © Crown copyright (OGL v3.0)",
        "GeoNames (geonames.org), CC BY 4.0",
    ):
        assert required in html
    assert "<script" not in html and "<link" not in html and "style=" not in html
    assert "council&#39;s website" in html  # escaping is on
