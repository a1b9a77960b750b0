"""The API documentation at /docs: Swagger UI served from this machine.

FastAPI's default page loads Swagger UI from a CDN with an inline script, which the gateway's
Content-Security-Policy (and offline machines) rightly refuse; `make install` puts the pinned
swagger-ui-dist package in .cache/api-docs instead.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from bot.paths import ROOT

router = APIRouter(include_in_schema=False)

SWAGGER_DIST = ROOT / ".cache" / "api-docs" / "node_modules" / "swagger-ui-dist"
FILES = {
    "swagger-ui.css": SWAGGER_DIST / "swagger-ui.css",
    "swagger-ui-bundle.js": SWAGGER_DIST / "swagger-ui-bundle.js",
    "api-docs.js": Path(__file__).parent / "static" / "api-docs.js",
}
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ready to Ask API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/api-docs.js"></script>
</body>
</html>
"""
NOT_INSTALLED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ready to Ask API</title></head>
<body><h1>Ready to Ask API</h1>
<p>The interactive documentation is not installed on this machine: run <code>make install</code>.
The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p></body></html>
"""


@router.get("/docs", response_class=HTMLResponse)
async def api_docs() -> HTMLResponse:
    installed = all(path.is_file() for path in FILES.values())
    return HTMLResponse(PAGE if installed else NOT_INSTALLED, status_code=200 if installed else 503)


@router.get("/docs/static/{name}")
async def api_docs_file(name: str) -> FileResponse:
    path = FILES.get(name)
    if path is None or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
