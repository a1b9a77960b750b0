"""The demonstration pages and the widget's files.

GET /                     a council-style page with the chat, the council preset
GET /demo/charity         a charity-style page with the chat button, no council (the parent's postcode finds it)
GET /widget/{name}        the widget's JavaScript and CSS (what an embedding site loads)
GET /demo/static/{name}   the demo pages' own stylesheets

Only files named in web_widget/ are served, by exact name: no path from a request ever reaches the disk.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.councils.directory import default_council, get_council
from bot.paths import ROOT

router = APIRouter()

WIDGET = ROOT / "web_widget"
DEMO = WIDGET / "demo"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# The widget's address does not change between versions, so caches keep it briefly and then ask
# again with the ETag: an embedding site picks up a fix within minutes, at the cost of a 304.
WIDGET_CACHE = "public, max-age=300, must-revalidate"
PAGE_CACHE = "no-cache"
# The council the demo page is set up for when the deployment names none: Bath and North East
# Somerset, whose front door the seed documents describe.
DEMO_COUNCIL = "BAS"

_templates = Environment(loader=FileSystemLoader(str(DEMO)), autoescape=select_autoescape(["html"]))


def _files(folder: Path) -> dict[str, Path]:
    return {path.name: path for path in folder.iterdir() if path.is_file() and path.suffix in CONTENT_TYPES}


@lru_cache(maxsize=64)
def _read(path: Path, modified_ns: int) -> tuple[bytes, str]:
    body = path.read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _static(folder: Path, name: str, request: Request, cache_control: str) -> Response:
    path = _files(folder).get(name)
    if path is None:
        raise HTTPException(status_code=404, detail="There is no such file.")
    body, etag = _read(path, path.stat().st_mtime_ns)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=CONTENT_TYPES[path.suffix], headers=headers)


def _page(template: str, **values) -> HTMLResponse:
    html = _templates.get_template(template).render(**values)
    return HTMLResponse(html, headers={"Cache-Control": PAGE_CACHE})


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
def council_page() -> HTMLResponse:
    council = default_council() or get_council(DEMO_COUNCIL)
    return _page(
        "council.html",
        council_code=council.code if council else "",
        council_name=council.official_name if council else "Your council",
    )


@router.api_route("/demo/charity", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
def charity_page() -> HTMLResponse:
    return _page("charity.html")


@router.get("/widget/{name}", include_in_schema=False)
def widget_file(name: str, request: Request) -> Response:
    return _static(WIDGET, name, request, WIDGET_CACHE)


@router.get("/demo/static/{name}", include_in_schema=False)
def demo_file(name: str, request: Request) -> Response:
    return _static(DEMO, name, request, WIDGET_CACHE)
