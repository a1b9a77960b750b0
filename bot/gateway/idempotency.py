"""Each client message id is served once: a repeat (a retry after a 503, a timeout or a lost connection)
gets the first reply back and never files the parent's words twice.

The first attempt leaves a pending record, then the reply. A retry of an attempt that never finished
(the gateway crashed, Rasa timed out, the database was locked) looks in Rasa's tracker for a user
message carrying the same id: if Rasa filed it, the reply is rebuilt from the bot's messages that
followed it; if not, nothing was filed and the message is sent again.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from bot.contract import Intent, Meta, Slot, payload
from bot.gateway.backends import CLIENT_MESSAGE_ID, messages_from_rasa
from bot.safety.crisis import crisis_reply

if TYPE_CHECKING:
    from bot.gateway.conversations import ConversationService, TurnResult

# A UUID or any other random token the client makes; long enough that nobody guesses another's.
CLIENT_MESSAGE_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{16,64}$")


def valid_client_message_id(value: str | None) -> bool:
    return value is None or bool(CLIENT_MESSAGE_ID_PATTERN.match(value))


async def once(
    service: ConversationService,
    conversation_id: str,
    client_message_id: str,
    run: Callable[[], Awaitable[TurnResult]],
) -> TurnResult:
    """Runs the turn the first time this id is seen (the caller holds the conversation's turn lock)."""
    from bot.gateway.conversations import TurnResult

    store = service.store
    first, stored = await run_in_threadpool(store.begin_message, conversation_id, client_message_id)
    if stored is not None:
        return TurnResult(stored["messages"], stored["state"])
    if not first:
        recovered = await _filed_reply(service, conversation_id, client_message_id)
        if recovered is not None:
            await run_in_threadpool(
                store.finish_message,
                conversation_id,
                client_message_id,
                {"messages": recovered.messages, "state": recovered.state},
            )
            return recovered
    token = CLIENT_MESSAGE_ID.set(client_message_id)
    try:
        result = await run()
    finally:
        CLIENT_MESSAGE_ID.reset(token)
    await run_in_threadpool(
        store.finish_message, conversation_id, client_message_id, {"messages": result.messages, "state": result.state}
    )
    return result


async def _filed_reply(service: ConversationService, conversation_id: str, client_message_id: str):
    """The reply to a message Rasa filed although its first attempt never answered; None if not filed."""
    from bot.gateway.conversations import TurnResult

    events = await service.rasa.events(conversation_id)
    filed = [
        n
        for n, event in enumerate(events)
        if event.get("event") == "user" and (event.get("metadata") or {}).get("client_message_id") == client_message_id
    ]
    if not filed:
        return None
    after = events[filed[-1] + 1 :]
    following = next((n for n, event in enumerate(after) if event.get("event") == "user"), len(after))
    if any(event.get("event") == "rewind" for event in after[:following]):
        return None  # the gateway undid that turn (the action server was down): nothing was kept
    outputs = []
    for event in after[:following]:
        if event.get("event") == "bot":
            data = event.get("data") or {}
            output = {"text": event.get("text")} if event.get("text") else {}
            if data.get("buttons"):
                output["buttons"] = data["buttons"]
            if output:
                outputs.append(output)
    messages = messages_from_rasa(outputs)
    metadata = events[filed[-1]].get("metadata") or {}
    if metadata.get(Meta.URGENT):
        # The gateway's crisis reply is not in Rasa's store: it is sent again, before what Rasa said.
        in_form = events[filed[-1]].get("text") != payload(Intent.URGENT_DANGER)
        categories = (metadata.get(Meta.SAFETY) or {}).get("categories") or ()
        slots = await service.slots(conversation_id) or {}
        messages = (
            crisis_reply(categories, slots.get(Slot.COUNCIL_CODE), in_form=in_form, question_follows=bool(messages))
            + messages
        )
    return TurnResult(messages, await service.state(conversation_id))


async def start_once(store, client_message_id: str, run: Callable[[], Awaitable[dict]]) -> dict:
    """Starting a conversation: a repeated id gets the same conversation, while it still exists."""
    first, stored = await run_in_threadpool(store.begin_message, "", client_message_id)
    if stored is not None and await run_in_threadpool(store.get, stored["conversation_id"]) is not None:
        return stored
    response = await run()
    await run_in_threadpool(store.finish_message, "", client_message_id, response)
    return response
