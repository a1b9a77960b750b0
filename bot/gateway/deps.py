"""FastAPI dependencies shared by the gateway's routers."""

from __future__ import annotations

from fastapi import HTTPException, Request

from bot.gateway.backends import RasaUnavailable
from bot.gateway.conversations import ConversationNotFound


async def conversation_slots(conversation_id: str, request: Request) -> dict:
    """The conversation's slot values (checklist answers, council, consent…).

    An unknown id raises ConversationNotFound: the same 404, in the same words, as every conversation route
    (routes_conversations.install_error_handlers)."""
    try:
        slots = await request.app.state.conversations.slots(conversation_id)
    except RasaUnavailable as error:
        # Only read, never written: "nothing you typed was lost" does not apply here.
        raise HTTPException(
            status_code=503, detail="Sorry, something went wrong on our side. Please try again."
        ) from error
    if slots is None:
        raise ConversationNotFound(conversation_id)
    return slots
