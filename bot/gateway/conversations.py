"""The conversation service behind the public API: one turn = safety screen, Rasa, state.

Safety runs first and needs nothing from Rasa, so a slow or failing engine can never delay emergency
contacts. Only payloads of buttons the bot just offered may reach Rasa as `/intent` shorthand.
"""
from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from bot import details, safety
from bot.checklist import REQUIRED_KEYS, answers_from_slots, progress
from bot.councils import get_council
from bot.gateway import idempotency
from bot.gateway.rasa_client import RasaClient, RasaUnavailable
from bot.gateway.turn_locks import LocalTurnLocks, RedisTurnLocks
from bot.gateway.replies import from_rasa, offered_payloads
from bot.gateway.store import ConversationStore
from bot.typed_text import neutralise

URGENT_INTENT = "/urgent_danger"
# When the screen is unsure, the NLU gets this long to help decide; a slower engine means "escalate".
SAFETY_NLU_TIMEOUT_SECONDS = 2.0
GREET = "/greet"


class ConversationNotFound(LookupError):
    pass


@dataclass
class TurnResult:
    messages: list[dict]
    state: dict


def letter_links(conversation_id: str) -> dict:
    return {
        "preview_url": f"/letter/{conversation_id}",
        "pdf_url": f"/api/conversations/{conversation_id}/letter?format=pdf",
        "text_url": f"/api/conversations/{conversation_id}/letter?format=txt",
    }


def new_conversation_id() -> str:
    """192 bits from the OS's secure generator: the id is the only key to a conversation."""
    return secrets.token_urlsafe(24)


def _council(code: str | None):
    try:
        return get_council(code) if code else None
    except KeyError:
        return None


class ConversationService:
    def __init__(self, rasa: RasaClient, store: ConversationStore) -> None:
        self.rasa = rasa
        self.store = store
        # One turn at a time per conversation; app.py shares them through Redis when there is one.
        self.locks: LocalTurnLocks | RedisTurnLocks = LocalTurnLocks()

    async def start(self, council_code: str | None) -> tuple[str, TurnResult]:
        conversation_id = new_conversation_id()
        council = _council(council_code)
        await run_in_threadpool(self.store.create, conversation_id, council.code if council else None)
        turn = await self._turn(conversation_id, GREET, emergency=[])
        if council:
            # After the greeting: Rasa's SQL store reloads only events after the session started, and an
            # event posted before the first message is stamped before that start.
            await self.rasa.set_slot(conversation_id, "council_code", council.code)
            await run_in_threadpool(self.store.record_turn, conversation_id, offered_payloads(turn.messages),
                                    council.code, None)
        return conversation_id, turn

    async def send(self, conversation_id: str, text: str, client_message_id: str | None = None) -> TurnResult:
        # One turn at a time per conversation (a double tap, two tabs, two gateways): the second sees the
        # first's state. A repeated client message id gets the first reply and files nothing twice.
        async with self.locks.hold(conversation_id):
            if client_message_id:
                return await idempotency.once(self, conversation_id, client_message_id,
                                              lambda: self._send(conversation_id, text))
            return await self._send(conversation_id, text)

    async def _send(self, conversation_id: str, text: str) -> TurnResult:
        record = await self._record(conversation_id)
        if text.strip() in record["offered_payloads"]:
            return await self._turn(conversation_id, text.strip(), emergency=[])
        emergency = await self._screen(text, record.get("council_code"))
        if emergency and not record.get("active_form"):
            return await self._turn(conversation_id, URGENT_INTENT, emergency, council_code=record.get("council_code"))
        # Inside a form an urgent message is still the parent's answer: it is kept, after the contacts.
        metadata = {"urgent": True} if emergency else None
        return await self._turn(
            conversation_id, neutralise(text), emergency, council_code=record.get("council_code"), metadata=metadata
        )

    async def _screen(self, text: str, council_code: str | None) -> list[dict]:
        result = safety.screen(text)
        escalate = result.level == safety.URGENT
        if result.level == safety.POSSIBLE:
            try:
                intent, confidence = safety.nlu_from_parse(await self.rasa.parse(text, SAFETY_NLU_TIMEOUT_SECONDS))
            except RasaUnavailable:
                intent, confidence = None, None
            escalate = safety.combine(result, intent, confidence)
        return self._emergency(result.categories, council_code) if escalate else []

    @staticmethod
    def _emergency(categories, council_code: str | None) -> list[dict]:
        # Rasa's reply after an urgent turn offers to carry on, so the emergency reply need not.
        return safety.emergency_reply(categories, _council(council_code), carry_on=False)

    async def _turn(
        self, conversation_id: str, message: str, emergency: list[dict], council_code: str | None = None,
        metadata: dict | None = None,
    ) -> TurnResult:
        try:
            reply = from_rasa(await self.rasa.send(conversation_id, message, metadata))
            tracker = await self.rasa.tracker(conversation_id)
        except RasaUnavailable:
            if not emergency:
                raise
            # Emergency contacts still go out; the conversation picks up when Rasa is back.
            return TurnResult(emergency, {"asking": None, "progress": None, "finished": False, "letter": None})
        slots = tracker.get("slots") or {}
        if "urgent" in reply.markers and not emergency:
            emergency = self._emergency((), slots.get("council_code") or council_code)
        messages = emergency + reply.messages
        state = self._state(conversation_id, tracker)
        await run_in_threadpool(
            self.store.record_turn, conversation_id, offered_payloads(messages), slots.get("council_code"),
            (tracker.get("active_loop") or {}).get("name"),
        )
        return TurnResult(messages, state)

    @staticmethod
    def _state(conversation_id: str, tracker: dict) -> dict:
        slots = tracker.get("slots") or {}
        loop = (tracker.get("active_loop") or {}).get("name")
        finished = bool(slots.get("checklist_confirmed")) and slots.get("next_step") == "letter"
        return {
            "asking": slots.get("requested_slot") if loop in ("checklist_form", "details_form") else None,
            "progress": progress(slots),
            "details": details.progress(slots),
            "finished": finished,
            "letter": letter_links(conversation_id) if finished else None,
        }

    async def _record(self, conversation_id: str) -> dict:
        record = await run_in_threadpool(self.store.get, conversation_id)
        if record is None:
            raise ConversationNotFound(conversation_id)
        return record

    async def state(self, conversation_id: str) -> dict:
        await self._record(conversation_id)
        return self._state(conversation_id, await self.rasa.tracker(conversation_id))

    async def slots(self, conversation_id: str) -> dict | None:
        """Used by the letter and other routers; None for an unknown conversation."""
        if await run_in_threadpool(self.store.get, conversation_id) is None:
            return None
        return (await self.rasa.tracker(conversation_id)).get("slots") or {}

    async def checklist(self, conversation_id: str) -> dict:
        slots = await self.slots(conversation_id)
        if slots is None:
            raise ConversationNotFound(conversation_id)
        answers = {**answers_from_slots(slots), **details.answers(slots)}
        answers.pop(details.REQUESTS_KEY, None)  # request keys, not the parent's words: listed as `requests`
        return {
            "answers": {key: a.text for key, a in answers.items() if a.status == "answered"},
            "skipped": [key for key, a in answers.items() if a.status == "skipped"],
            "dont_know": [key for key, a in answers.items() if a.status == "dont_know"],
            "unanswered": [key for key in REQUIRED_KEYS if key not in answers],
            "progress": progress(slots),
            "details": details.progress(slots),
            "requests": details.chosen_requests(slots),
        }

    async def delete(self, conversation_id: str) -> None:
        # After any turn in flight through a gateway; a turn still running inside Rasa after that cannot
        # write the conversation back (the store's late-write guard drops it).
        async with self.locks.hold(conversation_id):
            await run_in_threadpool(self.store.delete, conversation_id)
