"""The gateway's security headers and CORS, and how the demo pages and widget files are served."""

import dataclasses
import re

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.testclient import TestClient

from bot.gateway.routes_pages import router as pages_router
from bot.gateway.security import content_security_policy, install_security
from bot.settings import load_settings

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def make_client(**overrides) -> TestClient:
    settings = dataclasses.replace(load_settings(), **overrides)
    app = FastAPI()
    app.include_router(pages_router)

    # Two tiny routes standing in for the API's paths, so path-based rules can be checked here.
    @app.get("/api/ping")
    def ping():
        return JSONResponse({"ok": True}, headers={"Cache-Control": "public, max-age=60"})

    @app.get("/letter/static/x.css")
    def letter_static():
        return PlainTextResponse("x", headers={"Cache-Control": "public, max-age=60"})

    install_security(app, settings)
    return TestClient(app)


@pytest.fixture
def client():
    return make_client(cors_origins=(), frame_ancestors=())


def test_every_page_gets_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    headers = response.headers
    assert headers["content-security-policy"] == EXPECTED_CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"] and "microphone=()" in headers["permissions-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_errors_get_the_headers_too(client):
    response = client.get("/widget/no-such-file.js")
    assert response.status_code == 404
    assert response.headers["content-security-policy"] == EXPECTED_CSP


def test_api_responses_are_never_cached(client):
    response = client.get("/api/ping")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers.get_list("cache-control") == ["no-store"]


def test_letter_static_files_may_be_cached(client):
    assert client.get("/letter/static/x.css").headers["cache-control"] == "public, max-age=60"


def test_framing_is_allowed_only_for_configured_sites():
    settings = dataclasses.replace(load_settings(), frame_ancestors=("https://www.example-council.gov.uk",))
    assert "frame-ancestors https://www.example-council.gov.uk;" in content_security_policy(settings)
    response = make_client(frame_ancestors=settings.frame_ancestors).get("/")
    assert "frame-ancestors https://www.example-council.gov.uk;" in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers


def test_no_cross_origin_access_by_default(client):
    response = client.get("/api/ping", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/ping", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_the_listed_sites_without_credentials():
    client = make_client(cors_origins=("https://charity.example",))
    allowed = client.options(
        "/api/ping",
        headers={
            "Origin": "https://charity.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://charity.example"
    assert "access-control-allow-credentials" not in allowed.headers
    assert "DELETE" in allowed.headers["access-control-allow-methods"]
    assert allowed.headers["content-security-policy"] == EXPECTED_CSP
    # The widget's own files may be loaded by the listed site too (module scripts need CORS).
    widget = client.get("/widget/ready-to-ask.js", headers={"Origin": "https://charity.example"})
    assert widget.headers["access-control-allow-origin"] == "https://charity.example"
    refused = client.get("/api/ping", headers={"Origin": "https://other.example"})
    assert "access-control-allow-origin" not in refused.headers


def test_demo_pages_load_only_their_own_files(client):
    for path in ("/", "/demo/charity"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        # No inline script or style (the CSP would block them) and nothing from another origin.
        assert re.findall(r"<script[^>]*>", html) == ['<script type="module" src="/widget/ready-to-ask.js">']
        assert "<style" not in html and "style=" not in html
        assert not re.search(r"""(src|href)=["']https?://""", html)
        assert "<ready-to-ask" in html


def test_the_council_page_presets_a_council_and_the_charity_page_does_not(client):
    council_page = client.get("/").text
    preset = re.search(r'<ready-to-ask council="([^"]*)"', council_page)
    assert preset and preset.group(1), "the council page must preset its council"
    charity_page = client.get("/demo/charity").text
    assert "council=" not in charity_page


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/widget/ready-to-ask.js", "text/javascript; charset=utf-8"),
        ("/widget/exit-this-page.js", "text/javascript; charset=utf-8"),
        ("/widget/ready-to-ask.css", "text/css; charset=utf-8"),
        ("/demo/static/council.css", "text/css; charset=utf-8"),
        ("/demo/static/charity.css", "text/css; charset=utf-8"),
    ],
)
def test_widget_files_have_the_right_type_and_can_be_revalidated(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "public, max-age=300, must-revalidate"
    etag = response.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "path",
    ["/widget/README.md", "/widget/..%2Fbot%2Fsettings.py", "/widget/demo", "/demo/static/council.html", "/widget/"],
)
def test_only_widget_files_are_served(client, path):
    assert client.get(path).status_code == 404
