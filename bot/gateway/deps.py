"""FastAPI dependencies shared by the gateway's routers."""
from __future__ import annotations

from fastapi import HTTPException, Request

from bot.gateway.backends import RasaUnavailable


async def conversation_slots(conversation_id: str, request: Request) -> dict:
    """The conversation's slot values (checklist answers, council, consent…); 404 for an unknown id."""
    try:
        slots = await request.app.state.conversations.slots(conversation_id)
    except RasaUnavailable as error:
        raise HTTPException(status_code=503, detail="Sorry, something went wrong on our side. Please try again.") from error
    if slots is None:
        raise HTTPException(status_code=404, detail="We could not find that conversation. It may have been deleted.")
    return slots
