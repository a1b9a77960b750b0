"""The public conversation API that the widget and embedding partners build on."""
from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.gateway.conversations import ConversationNotFound, ConversationService
from bot.gateway.rasa_client import RasaUnavailable

router = APIRouter(prefix="/api/conversations", tags=["conversations"])

NOT_FOUND = "We could not find that conversation. It may have been deleted or expired. Please start again."
UNAVAILABLE = "Sorry, something went wrong on our side. Nothing you typed was lost: please try sending it again."


class Button(BaseModel):
    title: str
    payload: str = Field(description="Send this as `text` to choose the button.")


class Message(BaseModel):
    text: str
    buttons: list[Button] = []


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


class State(BaseModel):
    asking: str | None = Field(description="The checklist or details key being asked now, or null.")
    progress: Progress | None
    details: DetailsProgress | None = Field(
        default=None, description="The optional details for the letter, counted apart from the main questions.")
    finished: bool = Field(description="True once the checklist is checked and the letter is ready.")
    letter: LetterLinks | None = Field(default=None, description="Where the letter is, once it is ready.")


class Turn(State):
    messages: list[Message]


class NewConversation(Turn):
    conversation_id: str


class StartRequest(BaseModel):
    council: str | None = Field(default=None, description="A council code from /api/local-authorities, to preset it.")


class MessageRequest(BaseModel):
    text: str


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


@router.post("", status_code=201, response_model=NewConversation)
async def start_conversation(request: Request, body: StartRequest | None = None):
    council = (body.council if body else None) or request.app.state.settings.default_council or None
    conversation_id, turn = await _service(request).start(council)
    return {"conversation_id": conversation_id, "messages": turn.messages, **turn.state}


@router.post(
    "/{conversation_id}/messages",
    response_model=Turn,
    responses={404: {"description": "Unknown conversation"}, 413: {"description": "Message too long"}},
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
    turn = await _service(request).send(conversation_id, body.text)
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
    """An unknown conversation is a 404 and a slow or failing engine a 503, on every route, in plain words."""
    app.add_exception_handler(ConversationNotFound, lambda request, error: _error(404, NOT_FOUND))
    app.add_exception_handler(RasaUnavailable, lambda request, error: _error(503, UNAVAILABLE))
