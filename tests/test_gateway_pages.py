"""Gateway pages that need no dialogue engine: the API docs, served from this machine."""

from fastapi.testclient import TestClient

from bot.gateway.app import create_app

client = TestClient(create_app())  # no `with`: the docs need no Rasa and no store


def test_api_docs_load_swagger_ui_from_the_gateway_itself():
    page = client.get("/docs")
    assert page.status_code == 200
    assert "https://" not in page.text and "<script>" not in page.text  # no CDN, no inline script
    for asset in ("/docs/static/swagger-ui-bundle.js", "/docs/static/swagger-ui.css", "/docs/static/api-docs.js"):
        assert asset in page.text
        assert client.get(asset).status_code == 200


def test_openapi_lists_the_public_api():
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/conversations",
        "/api/conversations/{conversation_id}/messages",
        "/api/conversations/{conversation_id}/checklist",
        "/api/local-authorities",
        "/health",
    ):
        assert path in paths


def test_unknown_docs_file_is_404():
    assert client.get("/docs/static/../../secrets").status_code == 404
