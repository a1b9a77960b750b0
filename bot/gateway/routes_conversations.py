"""The public conversation API that the widget and embedding partners build on."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from bot.gateway.backends import RasaUnavailable
from bot.gateway.conversations import ConversationService
from bot.gateway.idempotency import start_once, valid_client_message_id
from bot.gateway.rate_limits import limited
from bot.gateway.turn_locks import TurnLockTimeout

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
log = logging.getLogger("ready_to_ask.gateway")

UNAVAILABLE = "Sorry, something went wrong on our side. Nothing you typed was lost: please try sending it again."
MAYBE_RECEIVED = (
    "Sorry, something went wrong on our side, and your last message may or may not have been "
    "received. Please check the conversation before sending it again."
)


class Button(BaseModel):
    title: str
    payload: str = Field(description="Send this as `text` to choose the button.")


class Message(BaseModel):
    text: str
    buttons: list[Button] = []
    kind: str | None = Field(
        default=None, description='"urgent" for emergency help, "check" for "Is anyone in danger right now?"'
    )


class Progress(BaseModel):
    answered: int
    total: int


class DetailsProgress(BaseModel):
    answered: int
    total: int
    label: str = Field(description='Shown next to the progress: e.g. "a few details for the letter".')


class LetterLinks(BaseModel):
    preview_url: str = Field(description="The editable preview page.")
    pdf_url: str
    text_url: str


class Safety(BaseModel):
    level: str | None = Field(default=None, description='"urgent", "check" or null')
    categories: list[str] = []


class State(BaseModel):
    asking: str | None = Field(description="The checklist or details key being asked now, or null.")
    progress: Progress | None
    details: DetailsProgress | None = Field(
        default=None, description="The optional details for the letter, counted apart from the main questions."
    )
    finished: bool = Field(description="True once the checklist is checked and the letter is ready.")
    letter: LetterLinks | None = Field(default=None, description="Where the letter is, once it is ready.")
    safety: Safety = Field(default_factory=Safety, description="The safety decision on the message just sent.")


class Turn(State):
    messages: list[Message]


class NewConversation(Turn):
    conversation_id: str


CLIENT_MESSAGE_ID = Field(
    default=None,
    min_length=16,
    max_length=64,
    pattern=r"^[A-Za-z0-9_.:-]+$",
    description="A random id the client makes for this call (a UUID) and sends again with every retry of it: a "
    "repeated id gets the first reply back and never files anything twice. The `Idempotency-Key` "
    "header does the same.",
)


class StartRequest(BaseModel):
    council: str | None = Field(default=None, description="A council code from /api/local-authorities, to preset it.")
    client_message_id: str | None = CLIENT_MESSAGE_ID


class MessageRequest(BaseModel):
    text: str
    client_message_id: str | None = CLIENT_MESSAGE_ID


class Checklist(BaseModel):
    answers: dict[str, str] = Field(description="The parent's exact words by checklist or details key.")
    skipped: list[str]
    dont_know: list[str]
    unanswered: list[str]
    progress: Progress
    details: DetailsProgress | None = None
    requests: list[str] = Field(default=[], description="Carers' assessments the parent asked for as well.")


def _service(request: Request) -> ConversationService:
    return request.app.state.conversations


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail})


def _client_message_id(request: Request, body_value: str | None) -> str | None:
    """From the body or the Idempotency-Key header; 400 if it is not a usable id."""
    value = body_value or request.headers.get("idempotency-key") or None
    if not valid_client_message_id(value):
        raise HTTPException(400, "client_message_id (or Idempotency-Key) must be 16-64 letters, digits or -_.:")
    request.state.client_message_id = value
    return value


@router.post(
    "",
    status_code=201,
    response_model=NewConversation,
    dependencies=[Depends(limited("conversations"))],
    responses={429: {"description": "Too many new conversations from this client; see Retry-After"}},
)
async def start_conversation(request: Request, body: StartRequest | None = None):
    council = (body.council if body else None) or request.app.state.settings.default_council or None
    client_message_id = _client_message_id(request, body.client_message_id if body else None)

    async def start() -> dict:
        conversation_id, turn = await _service(request).start(council)
        return {"conversation_id": conversation_id, "messages": turn.messages, **turn.state}

    if client_message_id:
        return await start_once(_service(request).store, client_message_id, start)
    return await start()


@router.post(
    "/{conversation_id}/messages",
    response_model=Turn,
    responses={
        404: {"description": "Unknown conversation"},
        413: {"description": "Message too long"},
        429: {"description": "Too many messages from this client; see Retry-After"},
        503: {"description": "The dialogue engine is down or slow: send the same call again"},
    },
    dependencies=[Depends(limited("messages"))],
)
async def send_message(conversation_id: str, body: MessageRequest, request: Request):
    limit = request.app.state.settings.max_message_chars
    if len(body.text) > limit:
        return _error(
            413,
            f"That message is {len(body.text):,} characters long; the most I can take at once is {limit:,}. "
            "Nothing has been lost: please send it in shorter parts.",
        )
    if not body.text.strip():
        return _error(400, "Please type a message, or choose one of the buttons.")
    client_message_id = _client_message_id(request, body.client_message_id)
    turn = await _service(request).send(conversation_id, body.text, client_message_id)
    return {"messages": turn.messages, **turn.state}


@router.get("/{conversation_id}", response_model=State)
async def conversation_state(conversation_id: str, request: Request):
    return await _service(request).state(conversation_id)


@router.get("/{conversation_id}/checklist", response_model=Checklist)
async def checklist(conversation_id: str, request: Request):
    return await _service(request).checklist(conversation_id)


@router.delete("/{conversation_id}", status_code=204)
async def delete_conversation(conversation_id: str, request: Request):
    """Deletes every answer and message of the conversation. Deleting twice is fine."""
    await _service(request).delete(conversation_id)
    return Response(status_code=204)


def install_error_handlers(app: FastAPI) -> None:
    """A slow or failing engine is a 503 on every route, in plain words (an unknown conversation is a 404
    wherever it is met: ConversationNotFound is an HTTPException)."""
    app.add_exception_handler(RasaUnavailable, _unavailable)
    # A locked or unreachable database, the turn lock's Redis: the same 503, never an unexplained 500.
    app.add_exception_handler(OperationalError, _unavailable)
    app.add_exception_handler(RedisError, _unavailable)
    app.add_exception_handler(TurnLockTimeout, _unavailable)


def _unavailable(request: Request, error: Exception) -> JSONResponse:
    """503. "Nothing was lost, send it again" only when that is true: the call carried a client message id
    (a retry is answered from the first attempt, or the message is sent for the first time), or the
    failure came before the message could reach Rasa."""
    safe = bool(getattr(request.state, "client_message_id", None)) or not getattr(error, "maybe_delivered", True)
    # Which failure, never a word of the conversation: the reason is an exception's name or a fixed phrase.
    log.warning("503 (%s: %s)", type(error).__name__, str(error)[:80] if isinstance(error, RasaUnavailable) else "")
    response = _error(503, UNAVAILABLE if safe else MAYBE_RECEIVED)
    response.headers["Retry-After"] = "2"
    return response
