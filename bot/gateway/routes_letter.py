"""The parent's letter over HTTP: made from the conversation on each request, never stored.

GET  /api/conversations/{id}/letter?format=html|txt|pdf|docx   the letter as the conversation has it
GET  /letter/{id}                                          the preview page, one editable box per part
POST /letter/pdf, /letter/txt                              the edited letter from the posted form, then forgotten
GET  /letter/static/{name}                                 the letter's stylesheets and the preview's small script

Nothing here logs or keeps what a parent wrote.
"""

from __future__ import annotations

import html
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from bot.gateway.deps import conversation_slots
from bot.letter import build_letter, letter_from_fields, render_html, render_pdf, render_preview, render_text
from bot.letter.model import today_in_uk
from bot.letter.render import LETTER_CSS, PREVIEW_CSS, PREVIEW_JS
from bot.letter.word import render_docx
from bot.letter.wording import preview_wording

router = APIRouter()

FORMATS = ("html", "txt", "pdf", "docx")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# An edited letter may be long (twelve 5,000-character answers and more), but not unbounded.
MAX_LETTER_CHARS = 60_000
# Percent-encoding turns one character into at most 9 bytes (3 UTF-8 bytes, each written as %XX).
MAX_FORM_BYTES = MAX_LETTER_CHARS * 9
MAX_FORM_FIELDS = 60

STATIC_FILES = {
    "letter.css": (LETTER_CSS, "text/css; charset=utf-8"),
    "preview.css": (PREVIEW_CSS, "text/css; charset=utf-8"),
    "preview.js": (PREVIEW_JS, "text/javascript; charset=utf-8"),
}

# Letters are private: no cache may keep them, no search engine may list them.
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _filename(extension: str) -> str:
    # No names in the file name: it shows in a shared device's downloads list.
    return f"letter-to-childrens-services-{today_in_uk().isoformat()}.{extension}"


def _headers(extension: str, disposition: str) -> dict[str, str]:
    return {**PRIVATE, "Content-Disposition": f'{disposition}; filename="{_filename(extension)}"'}


async def _respond(letter, letter_format: str) -> Response:
    if letter_format == "pdf":
        pdf = await run_in_threadpool(render_pdf, letter)
        return Response(pdf, media_type="application/pdf", headers=_headers("pdf", "attachment"))
    if letter_format == "docx":
        document = await run_in_threadpool(render_docx, letter)
        return Response(document, media_type=DOCX, headers=_headers("docx", "attachment"))
    if letter_format == "txt":
        return PlainTextResponse(render_text(letter), headers=_headers("txt", "inline"))
    return HTMLResponse(render_html(letter), headers=_headers("html", "inline"))


@router.get("/api/conversations/{conversation_id}/letter")
async def conversation_letter(
    letter_format: str = Query("html", alias="format", description="html, txt, pdf or docx (Word)"),
    slots: dict = Depends(conversation_slots),
) -> Response:
    """The letter made from the conversation's answers (the conversation is the only source)."""
    if letter_format not in FORMATS:
        raise HTTPException(status_code=400, detail="Please ask for the letter as html, txt, pdf or docx.")
    return await _respond(build_letter(slots), letter_format)


@router.get("/letter/static/{name}")
async def letter_static(name: str) -> Response:
    if name not in STATIC_FILES:
        raise HTTPException(status_code=404, detail="Not found.")
    path, media_type = STATIC_FILES[name]
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/letter/{conversation_id}", response_class=HTMLResponse)
async def letter_preview(conversation_id: str, slots: dict = Depends(conversation_slots)) -> HTMLResponse:
    """The preview page: the parent edits any part, then prints or downloads. Edits stay in the browser."""
    return HTMLResponse(render_preview(build_letter(slots), conversation_id), headers=PRIVATE)


def _problem(message: str, status_code: int) -> HTMLResponse:
    # The parent arrives here from a form, so the answer is a page they can read, with the way back.
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Your letter</title>'
        f'<link rel="stylesheet" href="/letter/static/preview.css"></head><body><main class="preview">'
        f"<h1>Your letter</h1><p>{html.escape(message)}</p></main></body></html>"
    )
    return HTMLResponse(page, status_code=status_code, headers=PRIVATE)


async def _posted_fields(request: Request) -> dict[str, str] | HTMLResponse:
    words = preview_wording()
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _problem(words["not_a_form"], 415)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM_BYTES:
            return _problem(words["too_long"].format(limit=f"{MAX_LETTER_CHARS:,}"), 413)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return _problem(words["not_a_form"], 400)
    fields = dict(pairs)
    if sum(len(value) for value in fields.values()) > MAX_LETTER_CHARS:
        return _problem(words["too_long"].format(limit=f"{MAX_LETTER_CHARS:,}"), 413)
    return fields


@router.post("/letter/{file_format}")
async def edited_letter(file_format: Literal["pdf", "txt", "docx"], request: Request) -> Response:
    """The letter as the parent edited it, as a PDF, a Word document or text to paste into an email.

    Made from the posted text and forgotten."""
    fields = await _posted_fields(request)
    if isinstance(fields, Response):
        return fields
    return await _respond(letter_from_fields(fields), file_format)
