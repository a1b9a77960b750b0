"""Hand-over from the web chat to a helpline: the parent's one-time code (part of the public API).

POST /api/conversations/{id}/handover-code   201 {code, valid_minutes, expires_at}; a new code replaces the last

The code lets a signed-in helpline staff member open this conversation in their console (bot/staff/handover.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.gateway.conversations import ConversationNotFound
from bot.gateway.staff_web import client_address
from bot.staff import handover, throttle

router = APIRouter(prefix="/api/conversations", tags=["conversations"])


class HandoverCode(BaseModel):
    code: str = Field(description="6 digits for the parent to read to the helpline; works once.")
    valid_minutes: int
    expires_at: str = Field(description="When the code stops working (ISO 8601, UTC).")


@router.post(
    "/{conversation_id}/handover-code",
    status_code=201,
    response_model=HandoverCode,
    responses={404: {"description": "Unknown conversation"}, 429: {"description": "Too many codes asked for"}},
)
async def new_handover_code(conversation_id: str, request: Request):
    """A one-time code that lets a helpline open this conversation (its answers and messages so far)."""
    if await run_in_threadpool(request.app.state.conversations.store.get, conversation_id) is None:
        raise ConversationNotFound(conversation_id)
    staff = request.app.state.staff
    if not (
        staff.throttle.allow(throttle.NEW_CODES_PER_CONVERSATION, "new-code", conversation_id)
        and staff.throttle.allow(throttle.NEW_CODES_PER_ADDRESS, "new-code", client_address(request))
    ):
        return JSONResponse(
            status_code=429,
            content={
                "detail": "You have asked for several codes in a short time. "
                "Please use the last one, or wait a few minutes."
            },
        )
    code, expires_at = await run_in_threadpool(handover.new_code, staff.db, conversation_id)
    return {
        "code": code,
        "valid_minutes": handover.VALID_SECONDS // 60,
        "expires_at": datetime.fromtimestamp(expires_at, tz=UTC).isoformat(timespec="seconds"),
    }
