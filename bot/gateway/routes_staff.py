"""The helpline staff console: server-rendered pages under /staff (not in the public API's schema).

GET  /staff/sign-in, POST /staff/sign-in, POST /staff/sign-out
GET  /staff/calls                      my calls (every call for a supervisor or admin); POST starts a call
GET  /staff/calls/{call}               the console: conversation, checklist panel, private notes
POST /staff/calls/{call}/messages      the caller's words (or a button) through the same conversation service
POST /staff/calls/{call}/answers/{key} correct an answer;  POST …/notes  add a private note
GET  /staff/calls/{call}/letter        end of call: the letter (…/letter.html|pdf|txt|docx), a one-time link
GET  /staff/handover, POST             open a parent's web chat with the code they read out
GET  /staff/audit, /staff/audit.csv    the audit trail (supervisors and admins)
GET  /staff/accounts                   who can sign in (admins)
GET  /letter/once/{token}              the caller's one-time letter link (public, works once)

A call is found by its own id, never by the conversation's (the key to the public API), and only by the
staff member who has it or a supervisor: anyone else gets the same 404 as for a call that does not exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bot import letter as letters
from bot import safety
from bot.contract import Slot
from bot.conversation.checklist import ALL_KEYS, REQUIRED_KEYS, answers_from_slots, progress, questions
from bot.councils import get_council
from bot.gateway.backends import RasaUnavailable, UnderstandingUnavailable, fallback_decision
from bot.gateway.conversations import ConversationNotFound, ConversationService
from bot.gateway.staff_web import (
    PRIVATE,
    SIGN_IN_PATH,
    STATIC,
    StaffServices,
    StaffSession,
    client_address,
    fragment,
    new_sign_in_token,
    page,
    problem,
    signed_in,
    staff_services,
    wants_json,
)
from bot.letter.word import render_docx
from bot.safety.crisis import URGENT_KIND
from bot.safety.decision import CHECK, URGENT
from bot.staff import accounts, audit, calls, handover, sessions, throttle
from bot.staff.models import HANDOVER, PHONE_CALL, Call
from bot.staff.sessions import SignedIn
from bot.staff.transcript import transcript
from bot.staff.wording import console_wording

log = logging.getLogger("ready_to_ask.staff")

public = APIRouter(include_in_schema=False)
# Every /staff route but sign-in and the console's files needs a signed-in session.
router = APIRouter(prefix="/staff", include_in_schema=False, dependencies=[Depends(signed_in)])

UK = ZoneInfo("Europe/London")
STATIC_FILES = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"}
STATUS_LABELS = {"answered": "Answered", "skipped": "Skipped", "dont_know": "Don't know", "not_yet": "Not yet"}
ORIGIN_LABELS = {PHONE_CALL: "Phone call", HANDOVER: "Handed over from the web chat"}
LETTER_FORMATS = {
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
HOUSEKEEPING_SECONDS = 600
BUSY = "The bot did not answer in time. Nothing was lost: please send it again."
GONE = (
    "This conversation has been deleted (by the parent, or automatically after the retention time), "
    "with its answers and notes."
)


def when(timestamp: float | None) -> str:
    if not timestamp:
        return ""
    return datetime.fromtimestamp(timestamp, tz=UK).strftime("%d %b %Y, %H:%M")


def _service(request: Request) -> ConversationService:
    return request.app.state.conversations


async def _db(function, *args, **kwargs):
    return await run_in_threadpool(function, *args, **kwargs)


async def _audit(request: Request, action: str, session: SignedIn | None = None, call: Call | None = None, **kw):
    await _db(
        audit.record,
        staff_services(request).db,
        action,
        session.account if session else None,
        call_id=call.id if call else None,
        conversation_id=call.conversation_id if call else None,
        **kw,
    )


async def _call_or_404(request: Request, session: SignedIn, call_id: str) -> Call | None:
    return await _db(calls.visible, staff_services(request).db, session.account, call_id)


def _not_found(request: Request, session: SignedIn) -> Response:
    return problem(request, 404, "We could not find that call. It may not be one of yours.", session)


# ----- sign-in -----------------------------------------------------------------------------


def _sign_in_page(request: Request, error: str | None = None, status_code: int = 200, email: str = "") -> Response:
    staff = staff_services(request)
    token = new_sign_in_token()
    notice = "You have signed out." if "signed-out" in request.query_params and not error else None
    response = page(
        "sign_in.html",
        None,
        status_code=status_code,
        error=error,
        sign_in_token=token,
        email=email,
        notice=notice,
        title="Sign in",
    )
    staff.set_cookie(response, staff.sign_in_cookie, token, max_age=20 * 60)
    return response


@public.get("/staff/sign-in")
async def sign_in_page(request: Request) -> Response:
    return _sign_in_page(request)


WRONG_SIGN_IN = (
    "The email address and password did not match an account, or the account is locked for 15 minutes "
    "after too many tries. Check them and try again, or ask your administrator."
)


@public.post("/staff/sign-in")
async def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    sign_in_token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    staff = staff_services(request)
    cookie = request.cookies.get(staff.sign_in_cookie, "")
    if not cookie or not sign_in_token or cookie != sign_in_token:
        return _sign_in_page(request, "The sign-in form had expired. Please try again.", 403, email)
    email = accounts.normalise_email(email)
    address = client_address(request)
    if not (
        staff.throttle.allow(throttle.SIGN_IN_PER_ADDRESS, "sign-in", address)
        and staff.throttle.allow(throttle.SIGN_IN_PER_EMAIL, "sign-in", email)
    ):
        await _db(audit.record, staff.db, audit.SIGN_IN_FAILED, email=email or None, detail="throttled")
        return _sign_in_page(request, "Too many tries. Please wait a minute, then try again.", 429, email)
    result = await _db(accounts.authenticate, staff.db, email, password)
    if result.outcome != accounts.OK:
        action = audit.SIGN_IN_LOCKED if result.outcome == accounts.LOCKED else audit.SIGN_IN_FAILED
        # Only the address of an existing account is recorded: what is typed in the email box could be anything.
        await _db(audit.record, staff.db, action, result.account, detail=None if result.account else "unknown account")
        return _sign_in_page(request, WRONG_SIGN_IN, 401, email)
    # A new session every time, and whatever session this browser had is ended: no session fixation.
    token, session = await _db(sessions.start, staff.db, result.account, request.cookies.get(staff.session_cookie))
    await _db(audit.record, staff.db, audit.SIGNED_IN, result.account)
    response = RedirectResponse("/staff/calls", status_code=303, headers=PRIVATE)
    staff.set_cookie(response, staff.session_cookie, token)
    staff.clear_cookie(response, staff.sign_in_cookie)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, session: StaffSession) -> Response:
    staff = staff_services(request)
    await _db(sessions.end, staff.db, request.cookies.get(staff.session_cookie))
    await _audit(request, audit.SIGNED_OUT, session)
    response = RedirectResponse(SIGN_IN_PATH + "?signed-out", status_code=303, headers=PRIVATE)
    staff.clear_cookie(response, staff.session_cookie)
    return response


@public.get("/staff/static/{name}")
async def console_file(name: str) -> Response:
    if name not in STATIC_FILES:
        return PlainTextResponse("Not found.", status_code=404)
    return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})


# ----- calls ------------------------------------------------------------------------------


@router.get("")
async def home(session: StaffSession) -> Response:
    return RedirectResponse("/staff/calls", status_code=303, headers=PRIVATE)


@router.get("/calls")
async def call_list(request: Request, session: StaffSession) -> Response:
    rows = await _db(calls.listing, staff_services(request).db, session.account)
    return page(
        "calls.html",
        session,
        rows=rows,
        when=when,
        origins=ORIGIN_LABELS,
        nav="calls",
        title="All calls" if session.account.supervises else "My calls",
    )


@router.post("/calls")
async def start_call(request: Request, session: StaffSession) -> Response:
    council = request.app.state.settings.default_council or None
    try:
        conversation_id, _ = await _service(request).start(council)
    except RasaUnavailable:
        return problem(request, 503, BUSY, session)
    call = await _db(calls.start, staff_services(request).db, session.account, conversation_id, PHONE_CALL)
    await _audit(request, audit.CALL_STARTED, session, call)
    return RedirectResponse(f"/staff/calls/{call.id}", status_code=303, headers=PRIVATE)


def _council(code: str | None):
    try:
        return get_council(code) if code else None
    except KeyError:
        return None


def _urgent_view(call: Call, council_code: str | None, emergency: list[dict] | None = None) -> dict | None:
    if not call.urgent_at and not emergency:
        return None
    words = console_wording()["urgent"]
    messages = emergency or safety.emergency_reply((), _council(council_code))
    return {**words, "messages": [m["text"] for m in messages if m.get("text")]}


def _checklist_view(slots: dict, state: dict) -> dict:
    answers = answers_from_slots(slots)
    items = []
    for key in ALL_KEYS:
        question = questions()[key]
        answer = answers.get(key)
        status = answer.status if answer else "not_yet"
        items.append(
            {
                "key": key,
                "heading": question.heading,
                "question": question.question,
                "required": key in REQUIRED_KEYS,
                "status": status,
                "label": STATUS_LABELS[status],
                "text": answer.text if answer else None,
                "asking": state.get("asking") == key,
            }
        )
    return {"items": items, "progress": progress(slots), "finished": state.get("finished")}


def _emergency_messages(messages: list[dict]) -> list[dict]:
    """The emergency contacts in a turn: the conversation service marks them (bot.safety.crisis)."""
    return [m for m in messages if m.get("kind") == URGENT_KIND]


async def _view(request: Request, call: Call) -> dict | None:
    """Everything the console shows about the call; None once the conversation has been deleted."""
    service = _service(request)
    slots = await service.slots(call.conversation_id)
    if slots is None:
        return None
    state = await service.state(call.conversation_id)
    events = await service.rasa.events(call.conversation_id)
    lines = transcript(events)
    buttons = next(
        (e.get("data", {}).get("buttons") or [] for e in reversed(events) if e.get("event") == "bot" and e.get("text")),
        [],
    )
    last_user = next((i for i, e in reversed(list(enumerate(events))) if e.get("event") == "user"), -1)
    last_bot = next((i for i, e in reversed(list(enumerate(events))) if e.get("event") == "bot" and e.get("text")), -1)
    return {
        "transcript": lines,
        "buttons": [{"title": str(b.get("title")), "payload": str(b.get("payload"))} for b in buttons]
        if last_bot > last_user
        else [],
        "checklist": _checklist_view(slots, state),
        "council_code": slots.get(Slot.COUNCIL_CODE),
        "state": state,
    }


def _panels(session: SignedIn, call: Call, view: dict, urgent: dict | None) -> dict[str, str]:
    return {
        "urgent-banner": fragment("_urgent.html", session, urgent=urgent),
        "replies": fragment("_replies.html", session, call=call, buttons=view["buttons"]),
        "checklist": fragment("_checklist.html", session, call=call, checklist=view["checklist"]),
    }


@router.get("/calls/{call_id}")
async def console(request: Request, call_id: str, session: StaffSession) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    await _audit(request, audit.CONVERSATION_OPENED, session, call)
    view = await _view(request, call)
    if view is None:
        return page("call.html", session, call=call, gone=GONE, when=when, origins=ORIGIN_LABELS, title="Call")
    await _audit(request, audit.ANSWERS_VIEWED, session, call)
    notes = await _db(calls.notes, staff_services(request).db, call)
    return page(
        "call.html",
        session,
        call=call,
        view=view,
        notes=notes,
        when=when,
        origins=ORIGIN_LABELS,
        urgent=_urgent_view(call, view["council_code"]),
        checklist=view["checklist"],
        buttons=view["buttons"],
        title="Call",
    )


async def _after_change(
    request: Request,
    session: SignedIn,
    call: Call,
    status: str,
    append: str = "",
    emergency: list[dict] | None = None,
    anchor: str = "",
    buttons: list[dict] | None = None,
) -> Response:
    if not wants_json(request):
        return RedirectResponse(f"/staff/calls/{call.id}{anchor}", status_code=303, headers=PRIVATE)
    view = await _view(request, call)
    if view is None:
        return JSONResponse({"detail": GONE}, status_code=404, headers=PRIVATE)
    await _audit(request, audit.ANSWERS_VIEWED, session, call)
    if buttons is not None:  # the turn's own buttons (the gateway's safety check is not among Rasa's events)
        view["buttons"] = buttons
    urgent = _urgent_view(call, view["council_code"], emergency)
    return JSONResponse(
        {"append": append, "replace": _panels(session, call, view, urgent), "status": status}, headers=PRIVATE
    )


@router.post("/calls/{call_id}/messages")
async def send(
    request: Request,
    call_id: str,
    session: StaffSession,
    text: Annotated[str, Form()] = "",
    shown: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    limit = request.app.state.settings.max_message_chars
    if not text.strip():
        return problem(request, 400, "Type the caller's words first, or choose one of the bot's buttons.", session)
    if len(text) > limit:
        return problem(
            request,
            413,
            f"That is {len(text):,} characters; the most the bot takes at once is {limit:,}. Send it in shorter parts.",
            session,
        )
    try:
        turn = await _service(request).send(call.conversation_id, text)
    except ConversationNotFound:
        return problem(request, 404, GONE, session)
    except RasaUnavailable:
        return problem(request, 503, BUSY, session)
    emergency = _emergency_messages(turn.messages)
    if emergency:
        await _db(calls.mark_urgent, staff_services(request).db, call)
        call.urgent_at = call.urgent_at or 1.0
    said = [{"who": "caller", "text": shown.strip() if shown.strip() and text.startswith("/") else text}]
    said += [{"who": "bot", "text": m["text"]} for m in turn.messages if m.get("text")]
    append = fragment("_messages.html", session, messages=said)
    status = "Urgent: see the banner at the top." if emergency else "The bot has answered."
    last = [m for m in turn.messages if m.get("text") is not None]
    buttons = [{"title": b["title"], "payload": b["payload"]} for b in (last[-1].get("buttons") or [])] if last else []
    return await _after_change(request, session, call, status, append, emergency, buttons=buttons)


async def _screen(request: Request, text: str, slots: dict, conversation_id: str) -> list[dict]:
    """The same safety decision a message gets (the understanding service, or its fallback when it is down),
    for a corrected answer, which goes straight into the checklist. Urgent or "check" both put the banner up:
    the staff member is on the phone and can ask at once. Kinds of harm are remembered for early-help advice,
    as for any message (conversations.SAFETY_CONCERNS)."""
    service = _service(request)
    try:
        decision = await service.understanding.analyse(text, True)
    except UnderstandingUnavailable:
        decision = fallback_decision(text)
    known = list(slots.get(Slot.SAFETY_CONCERNS) or [])
    concerns = list(dict.fromkeys([*known, *decision.concerns]))
    if concerns != known:
        await service.rasa.set_slot(conversation_id, Slot.SAFETY_CONCERNS, concerns)
    if decision.level not in (URGENT, CHECK):
        return []
    return safety.emergency_reply(decision.categories, _council(slots.get(Slot.COUNCIL_CODE)))


@router.post("/calls/{call_id}/answers/{key}")
async def correct(
    request: Request, call_id: str, key: str, session: StaffSession, text: Annotated[str, Form()] = ""
) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None or key not in ALL_KEYS:
        return _not_found(request, session)
    text = text.strip()
    if not text or len(text) > request.app.state.settings.max_message_chars:
        return problem(
            request,
            400,
            "Type the caller's corrected words first (up to "
            f"{request.app.state.settings.max_message_chars:,} characters).",
            session,
        )
    service = _service(request)
    slots = await service.slots(call.conversation_id)
    if slots is None:
        return problem(request, 404, GONE, session)
    if not answers_from_slots(slots).get(key):
        return problem(request, 409, "That question has not been answered yet: the bot will ask it.", session)
    emergency = await _screen(request, text, slots, call.conversation_id)
    await service.rasa.set_slot(call.conversation_id, key, text)
    await _audit(request, audit.ANSWER_CHANGED, session, call, detail=key)
    if emergency:
        await _db(calls.mark_urgent, staff_services(request).db, call)
        call.urgent_at = call.urgent_at or 1.0
    status = f"Saved the correction to “{questions()[key].heading}”."
    return await _after_change(request, session, call, status, emergency=emergency, anchor=f"#item-{key}")


@router.post("/calls/{call_id}/notes")
async def add_note(
    request: Request, call_id: str, session: StaffSession, note: Annotated[str, Form()] = ""
) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    db = staff_services(request).db
    try:
        await _db(calls.add_note, db, session.account, call, note)
    except ValueError as error:
        return problem(request, 400, str(error), session)
    await _audit(request, audit.NOTE_ADDED, session, call)
    if not wants_json(request):
        return RedirectResponse(f"/staff/calls/{call.id}#notes", status_code=303, headers=PRIVATE)
    notes = await _db(calls.notes, db, call)
    return JSONResponse(
        {
            "replace": {"notes": fragment("_notes.html", session, call=call, notes=notes, when=when)},
            "status": "Note added.",
        },
        headers=PRIVATE,
    )


# ----- end of call: the letter ------------------------------------------------------------


@router.get("/calls/{call_id}/letter")
async def end_of_call(request: Request, call_id: str, session: StaffSession) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    state = (
        await _service(request).state(call.conversation_id)
        if await _service(request).slots(call.conversation_id) is not None
        else None
    )
    return page("letter.html", session, call=call, state=state, gone=GONE, link=None, title="End of call")


@router.get("/calls/{call_id}/letter.{letter_format}")
async def call_letter(request: Request, call_id: str, letter_format: str, session: StaffSession) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None or letter_format not in LETTER_FORMATS:
        return _not_found(request, session)
    slots = await _service(request).slots(call.conversation_id)
    if slots is None:
        return problem(request, 404, GONE, session)
    letter = letters.build_letter(slots)  # from the conversation's answers only: notes are never in it
    await _audit(request, audit.LETTER_MADE, session, call, detail=letter_format)
    name = f"letter-to-childrens-services.{letter_format}"
    if letter_format in ("pdf", "docx"):
        body = await run_in_threadpool(letters.render_pdf if letter_format == "pdf" else render_docx, letter)
        return Response(
            body,
            media_type=LETTER_FORMATS[letter_format],
            headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'},
        )
    if letter_format == "txt":
        return PlainTextResponse(letters.render_text(letter), headers=PRIVATE)
    return HTMLResponse(letters.render_html(letter), headers=PRIVATE)


@router.post("/calls/{call_id}/parent-link")
async def parent_link(request: Request, call_id: str, session: StaffSession) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    if await _service(request).slots(call.conversation_id) is None:
        return problem(request, 404, GONE, session)
    token = await _db(calls.new_letter_link, staff_services(request).db, call)
    await _audit(request, audit.PARENT_LINK_MADE, session, call)
    link = f"{request.url.scheme}://{request.url.netloc}/letter/once/{token}"
    state = await _service(request).state(call.conversation_id)
    return page(
        "letter.html",
        session,
        call=call,
        state=state,
        link=link,
        hours=calls.LETTER_LINK_SECONDS // 3600,
        title="End of call",
    )


@router.post("/calls/{call_id}/end")
async def end_call(request: Request, call_id: str, session: StaffSession) -> Response:
    call = await _call_or_404(request, session, call_id)
    if call is None:
        return _not_found(request, session)
    await _db(calls.end, staff_services(request).db, call)
    await _audit(request, audit.CALL_ENDED, session, call)
    return RedirectResponse("/staff/calls", status_code=303, headers=PRIVATE)


@public.get("/letter/once/{token}")
async def letter_once(request: Request, token: str) -> Response:
    """The caller's letter, once: the editable preview (without the conversation's id, so it cannot be reached
    again from the page)."""
    conversation_id = await _db(calls.use_letter_link, staff_services(request).db, token)
    slots = await _service(request).slots(conversation_id) if conversation_id else None
    if slots is None:
        words = console_wording()["letter_link"]
        return page("letter_link_used.html", None, status_code=410, words=words, title=words["heading"])
    return HTMLResponse(letters.render_preview(letters.build_letter(slots)), headers=PRIVATE)


# ----- hand-over from the web chat ----------------------------------------------------------


@router.get("/handover")
async def handover_page(request: Request, session: StaffSession) -> Response:
    return page("handover.html", session, nav="handover", title="Continue a web chat", error=None)


HANDOVER_REFUSED = {
    handover.WRONG: "That code is not right. Check the 6 digits with the caller.",
    handover.USED: "That code has already been used. Ask the caller to get a new code in their chat.",
    handover.EXPIRED: "That code has expired. Ask the caller to get a new code in their chat.",
    handover.LOCKED: "That code can no longer be used. Ask the caller to get a new code in their chat.",
}


@router.post("/handover")
async def redeem_code(
    request: Request, session: StaffSession, code: Annotated[str, Form(max_length=32)] = ""
) -> Response:
    staff = staff_services(request)
    key = ("handover", str(session.account.id))
    if not staff.throttle.allowed(throttle.WRONG_CODES_PER_STAFF, *key):
        await _audit(request, audit.CODE_REFUSED, session, detail="throttled")
        return page(
            "handover.html",
            session,
            status_code=429,
            nav="handover",
            title="Continue a web chat",
            error="Too many wrong codes. Please wait a while, then try again.",
        )
    result = await _db(handover.redeem, staff.db, code)
    if result.outcome != handover.OK:
        staff.throttle.allow(throttle.WRONG_CODES_PER_STAFF, *key)
        await _audit(request, audit.CODE_REFUSED, session, detail=result.outcome)
        return page(
            "handover.html",
            session,
            status_code=400,
            nav="handover",
            title="Continue a web chat",
            error=HANDOVER_REFUSED[result.outcome],
        )
    call = await _db(calls.start, staff.db, session.account, result.conversation_id, HANDOVER)
    await _audit(request, audit.CODE_REDEEMED, session, call)
    return RedirectResponse(f"/staff/calls/{call.id}", status_code=303, headers=PRIVATE)


# ----- audit trail ------------------------------------------------------------------------


@router.get("/audit")
async def audit_page(request: Request, session: StaffSession) -> Response:
    if not session.account.supervises:
        return problem(request, 404, "There is no such page.", session)
    events = await _db(audit.events, staff_services(request).db, 200)
    return page("audit.html", session, events=events, when=audit.when, nav="audit", title="Audit trail")


@router.get("/audit.csv")
async def audit_export(request: Request, session: StaffSession) -> Response:
    if not session.account.supervises:
        return problem(request, 404, "There is no such page.", session)
    await _audit(request, audit.AUDIT_EXPORTED, session)
    body = await _db(audit.export_csv, staff_services(request).db)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={**PRIVATE, "Content-Disposition": 'attachment; filename="ready-to-ask-audit.csv"'},
    )


# ----- accounts (admins) ------------------------------------------------------------------


@router.get("/accounts")
async def accounts_page(request: Request, session: StaffSession) -> Response:
    """Who can sign in, with which role, and whether an account is locked. Accounts are made and changed with
    `make staff-account` (a password never passes through a web form here)."""
    if session.account.role != "admin":
        return problem(request, 404, "There is no such page.", session)
    rows = await _db(accounts.all_accounts, staff_services(request).db)
    return page("accounts.html", session, rows=rows, when=when, now=time.time(), nav="accounts", title="Accounts")


# ----- wiring -----------------------------------------------------------------------------


async def housekeeping(staff: StaffServices) -> None:
    """Every few minutes: notes and links of deleted conversations go, and so do expired sessions."""
    while True:
        try:
            await _db(calls.forget_deleted_conversations, staff.db)
            await _db(sessions.delete_expired, staff.db, staff.idle_seconds, staff.absolute_seconds)
        except Exception:  # a failed sweep is retried next time; it must never stop the gateway
            log.exception("staff housekeeping failed")
        await asyncio.sleep(HOUSEKEEPING_SECONDS)


@contextlib.asynccontextmanager
async def running(app, engine):
    """Used in the gateway's lifespan: the console's services on app.state.staff, and its housekeeping."""
    from bot.staff.db import StaffDatabase
    from bot.staff.throttle import Throttle

    settings = app.state.settings
    staff = StaffServices(StaffDatabase(engine), Throttle(settings.rate_limit_storage), settings)
    console_wording()  # fail at start-up on bad content, not on a call
    app.state.staff = staff
    task = asyncio.create_task(housekeeping(staff))
    try:
        yield staff
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def install(app) -> None:
    from bot.gateway import routes_handover, staff_web

    app.include_router(public)
    app.include_router(router)
    app.include_router(routes_handover.router)
    staff_web.install_error_handlers(app)
