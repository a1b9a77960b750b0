"""The council look-up over HTTP, and the data attribution page the licences require.

GET /api/local-authorities?postcode=NR2+1NH     -> the council for a postcode (full, sector or district)
GET /api/local-authorities?q=Malvern+Hills      -> the council(s) for a place or council name
GET /api/local-authorities/{code}               -> one council with its contacts and the lines shown to a parent
GET /about-the-data                             -> "About the data": sources and attribution (plain HTML)

The text a parent types is never logged. Every answer carries each contact's status, source and date.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from bot.content import ContentError, load_yaml, require_keys
from bot.councils import contact_lines, find_council, get_council
from bot.councils.directory import load_directory
from bot.councils.postcodes import IndexMissing

router = APIRouter()

MAX_QUERY_CHARS = 200


def _with_contacts(result: dict) -> dict:
    """Add each English candidate's council, contacts and status to a LookupResult.as_dict()."""
    directory = load_directory()
    for candidate in result["candidates"]:
        council = directory.get(candidate["code"]) if candidate["nation"] == "England" else None
        candidate["council"] = council.as_dict() if council else None
    return result


@router.get("/api/local-authorities")
def local_authorities(
    postcode: str | None = Query(None, max_length=MAX_QUERY_CHARS, description="a full or partial postcode"),
    q: str | None = Query(None, max_length=MAX_QUERY_CHARS, description="a place or council name"),
) -> dict:
    text = (postcode or q or "").strip()
    if not text:
        raise HTTPException(status_code=422, detail="Give a postcode (?postcode=NR2 1NH) or a name (?q=Norwich).")
    try:
        result = find_council(text)
    except IndexMissing:
        raise HTTPException(
            status_code=503, detail="The postcode look-up is not ready yet. Please try the council's name."
        ) from None
    return _with_contacts(result.as_dict())


@router.get("/api/local-authorities/{code}")
def local_authority(code: str) -> dict:
    council = get_council(code[:20])
    if council is None:
        raise HTTPException(status_code=404, detail="There is no council with that code.")
    return {**council.as_dict(), "lines": contact_lines(council)}


_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}</title>
</head>
<body>
<main>
<h1>{{ page.title }}</h1>
<p>{{ page.intro }}</p>
<p>{{ page.contacts_note }}</p>
<p>{{ page.updated_note }}</p>
<h2>Sources and licences</h2>
<ul>
{% for source in page.sources %}
<li>
<h3>{% if source.url %}<a href="{{ source.url }}">{{ source.name }}</a>{% else %}{{ source.name }}{% endif %}</h3>
<p>{{ source.attribution }}</p>
<p>Licence: <a href="{{ source.licence_url }}">{{ source.licence }}</a></p>
</li>
{% endfor %}
</ul>
</main>
</body>
</html>
""")


@lru_cache(maxsize=1)
def about_the_data_content() -> dict:
    page = load_yaml("councils/about_the_data.yml")
    require_keys("councils/about_the_data.yml", page, ("title", "intro", "contacts_note", "updated_note", "sources"))
    for source in page["sources"]:
        require_keys(
            f"councils/about_the_data.yml source {source.get('name')!r}",
            source,
            ("name", "attribution", "licence", "licence_url"),
        )
    return page


@router.get("/about-the-data", response_class=HTMLResponse)
def about_the_data() -> HTMLResponse:
    try:
        page = about_the_data_content()
    except ContentError:
        raise HTTPException(status_code=500, detail="The data sources page is not available.") from None
    return HTMLResponse(_PAGE.render(page=page), headers={"Cache-Control": "no-cache"})
