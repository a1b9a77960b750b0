"""The conversation service behind the public API: one turn = safety screen, Rasa, state.

Safety runs first and needs nothing from Rasa, so a slow or failing engine can never delay emergency
contacts. The gateway sends the whole crisis reply itself (bot.safety.crisis): it knows whether a form
is open, so it knows whether the parent's words are an answer to keep and whether a question follows.
Only payloads of buttons the bot just offered may reach Rasa as `/intent` shorthand.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from bot.contract import Form, Intent, Meta, Slot, Step, neutralise, payload
from bot.conversation import details
from bot.conversation.checklist import REQUIRED_KEYS, answers_from_slots, progress
from bot.councils import get_council
from bot.gateway import idempotency
from bot.gateway.backends import (
    RasaClient,
    RasaUnavailable,
    TurnLost,
    UnderstandingClient,
    UnderstandingUnavailable,
    fallback_decision,
    messages_from_rasa,
    offered_payloads,
)
from bot.gateway.store import ConversationStore
from bot.gateway.turn_locks import LocalTurnLocks, RedisTurnLocks
from bot.safety.crisis import CHECK_NO, CHECK_YES, check_reply, crisis_reply, typed_check_answer
from bot.safety.decision import CHECK, URGENT, SafetyDecision

URGENT_INTENT = payload(Intent.URGENT_DANGER)
GREET = payload(Intent.GREET)
# An urgent message gets its emergency reply within this long, whatever state Rasa is in.
URGENT_REPLY_BUDGET_SECONDS = 0.8
# How long a message waits for the safety screen before its words alone are checked for danger (a stopped or
# overloaded understanding service): absolute triggers then get the emergency reply at once.
ANALYSE_URGENT_BUDGET_SECONDS = 1.5
# How long a next message waits for the words of an urgent turn still on their way to a slow Rasa.
LATE_DELIVERY_WAIT_SECONDS = 30.0
NO_STATE = {"asking": None, "progress": None, "finished": False, "letter": None}


def _public(decision: SafetyDecision | None) -> dict:
    """The `safety` field of every reply."""
    if decision is None or decision.level is None:
        return {"level": None, "categories": []}
    return {"level": decision.level, "categories": list(decision.categories)}


def _safety_metadata(decision: SafetyDecision) -> dict | None:
    return {Meta.SAFETY: decision.as_dict()} if decision.concerns else None


NOT_FOUND = "We could not find that conversation. It may have been deleted or expired. Please start again."


class ConversationNotFound(HTTPException):
    """An unknown (or deleted) conversation: the one 404, in the same words, wherever a route meets it."""

    def __init__(self, conversation_id: str = "") -> None:
        super().__init__(status_code=404, detail=NOT_FOUND)


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
    def __init__(
        self, rasa: RasaClient, store: ConversationStore, understanding: UnderstandingClient | None = None
    ) -> None:
        self.rasa = rasa
        self.store = store
        self.understanding = understanding or UnderstandingClient()
        self._late_deliveries: dict[str, asyncio.Task] = {}
        # One turn at a time per conversation; app.py shares them through Redis when there is one.
        self.locks: LocalTurnLocks | RedisTurnLocks = LocalTurnLocks()

    async def start(self, council_code: str | None) -> tuple[str, TurnResult]:
        conversation_id = new_conversation_id()
        council = _council(council_code)
        await run_in_threadpool(self.store.create, conversation_id, council.code if council else None)
        turn = await self._turn(conversation_id, GREET)
        if council:
            # After the greeting: Rasa's SQL store reloads only events after the session started, and an
            # event posted before the first message is stamped before that start.
            await self.rasa.set_slot(conversation_id, Slot.COUNCIL_CODE, council.code)
            await run_in_threadpool(
                self.store.record_turn, conversation_id, offered_payloads(turn.messages), council.code, None
            )
        return conversation_id, turn

    async def send(self, conversation_id: str, text: str, client_message_id: str | None = None) -> TurnResult:
        # One turn at a time per conversation (a double tap, two tabs, two gateways): the second sees the
        # first's state. A repeated client message id gets the first reply and files nothing twice.
        async with self.locks.hold(conversation_id):
            if client_message_id:
                return await idempotency.once(
                    self, conversation_id, client_message_id, lambda: self._send(conversation_id, text)
                )
            return await self._send(conversation_id, text)

    async def _send(self, conversation_id: str, text: str) -> TurnResult:
        record = await self._record(conversation_id)
        stripped = text.strip()
        late = self._late_deliveries.get(conversation_id)
        if late is not None and not late.done():
            # The words of an earlier urgent turn are still on their way to Rasa: let them land first.
            await asyncio.wait({late}, timeout=LATE_DELIVERY_WAIT_SECONDS)
        held = await run_in_threadpool(self.store.held, conversation_id)
        if held and held["reason"] == CHECK:
            answer = stripped if stripped in (CHECK_YES, CHECK_NO) else typed_check_answer(stripped)
            if answer is not None:
                return await self._answer_check(conversation_id, record, held, danger_now=answer == CHECK_YES)
        earlier_reply: list[dict] = []
        if held:
            # Words held back (a check left unanswered, or Rasa down after an emergency reply) go on first,
            # as they were, so nothing the parent wrote is lost or reordered; the reply to a check's held
            # words (the answer to a question they asked) comes before the reply to the new ones.
            earlier_reply = await self._deliver_held(conversation_id, held)
            record = await self._record(conversation_id)  # the held words may have moved the conversation on
        just_asked = held is not None and held["reason"] == CHECK
        result = await self._send_new(conversation_id, record, text, stripped, just_asked)
        if earlier_reply:
            result = TurnResult(earlier_reply + result.messages, result.state)
        return result

    async def _send_new(
        self, conversation_id: str, record: dict, text: str, stripped: str, just_asked: bool = False
    ) -> TurnResult:
        if stripped in record["offered_payloads"]:
            return await self._turn(conversation_id, stripped)
        decision = await self._analyse(text, bool(record.get("active_form")))
        if decision.level == URGENT:
            return await self._urgent(conversation_id, record, text, decision)
        if decision.level == CHECK and just_asked:
            # The parent was asked "is anyone in danger right now?" a moment ago and wrote on instead: asking
            # again at once would only get in their way. Urgent still escalates; the concern is remembered.
            decision = SafetyDecision(None, [], decision.concerns or decision.categories)
        if decision.level == CHECK:
            return await self._ask_check(conversation_id, record, text, decision)
        return await self._turn(
            conversation_id,
            neutralise(text),
            metadata=_safety_metadata(decision),
            decision=decision,
        )

    async def _analyse(self, text: str, in_form: bool) -> SafetyDecision:
        analysis = asyncio.ensure_future(self.understanding.analyse(text, in_form))
        try:
            done, _ = await asyncio.wait({analysis}, timeout=ANALYSE_URGENT_BUDGET_SECONDS)
            if not done and (words := fallback_decision(text)).level is not None:
                return words  # danger in the words: the emergency reply never waits for a slow service
            # Nothing alarming in the words: a busy service (many parents at once) is waited for, not failed.
            return await analysis
        except UnderstandingUnavailable as error:
            decision = fallback_decision(text)
            if decision.level is None:
                # Nothing can be understood (Rasa asks the same service): say so, keep nothing half-done.
                raise RasaUnavailable("understanding service unavailable") from error
            return decision
        finally:
            analysis.cancel()  # done already, or no longer needed

    async def _urgent(self, conversation_id: str, record: dict, text: str, decision: SafetyDecision) -> TurnResult:
        """The crisis reply at once; the parent's words reach Rasa when it answers, now or later."""
        council = _council(record.get("council_code"))
        # Inside a form the words are the parent's answer and are kept, and the form asks its next question;
        # outside one Rasa only notes the urgent turn (its words are not kept) and the parent carries on by button.
        in_form = bool(record.get("active_form"))
        message = neutralise(text) if in_form else URGENT_INTENT
        metadata = {Meta.URGENT: True, **(_safety_metadata(decision) or {})}
        await run_in_threadpool(self.store.hold, conversation_id, message, URGENT, decision.as_dict())
        delivery = asyncio.create_task(self._rasa_turn(conversation_id, message, metadata))
        done, _ = await asyncio.wait({delivery}, timeout=URGENT_REPLY_BUDGET_SECONDS)
        if delivery in done and delivery.exception() is None:
            await run_in_threadpool(self.store.release, conversation_id)
            reply, tracker = delivery.result()
            crisis = crisis_reply(decision.categories, council, in_form=in_form, question_follows=bool(reply))
            return await self._finish(conversation_id, crisis + reply, tracker, decision)
        # Rasa is slow or down: the crisis reply goes now, and the held words go through once it answers.
        self._late_deliveries[conversation_id] = delivery
        delivery.add_done_callback(lambda task: self._after_late_delivery(conversation_id, task))
        crisis = crisis_reply(decision.categories, council, in_form=in_form, question_follows=False)
        await run_in_threadpool(
            self.store.record_turn,
            conversation_id,
            offered_payloads(crisis),
            record.get("council_code"),
            record.get("active_form"),
        )
        return TurnResult(crisis, {**NO_STATE, "safety": _public(decision)})

    def _after_late_delivery(self, conversation_id: str, task: asyncio.Task) -> None:
        self._late_deliveries.pop(conversation_id, None)
        if not task.cancelled() and task.exception() is None:
            self.store.release(conversation_id)  # delivered after all; otherwise the next turn delivers it

    async def _ask_check(self, conversation_id: str, record: dict, text: str, decision: SafetyDecision) -> TurnResult:
        """Possible danger: ask, don't guess. The words wait until the parent answers."""
        await run_in_threadpool(self.store.hold, conversation_id, text, CHECK, decision.as_dict())
        messages = [check_reply()]
        await run_in_threadpool(
            self.store.record_turn,
            conversation_id,
            offered_payloads(messages),
            record.get("council_code"),
            record.get("active_form"),
        )
        return TurnResult(messages, {**await self._quick_state(conversation_id), "safety": _public(decision)})

    async def _answer_check(self, conversation_id: str, record: dict, held: dict, danger_now: bool) -> TurnResult:
        earlier = held.get("safety") or {}
        if danger_now:
            decision = SafetyDecision(URGENT, earlier.get("categories") or [], earlier.get("concerns") or [])
            return await self._urgent(conversation_id, record, held["text"], decision)
        decision = SafetyDecision(None, [], earlier.get("concerns") or earlier.get("categories") or [])
        turn = await self._turn(
            conversation_id,
            neutralise(held["text"]),
            metadata=_safety_metadata(decision),
            decision=decision,
        )
        await run_in_threadpool(self.store.release, conversation_id)
        return turn

    async def _deliver_held(self, conversation_id: str, held: dict) -> list[dict]:
        earlier = held.get("safety") or {}
        metadata: dict = {Meta.URGENT: True} if held["reason"] == URGENT else {}
        if earlier.get("concerns"):
            metadata[Meta.SAFETY] = earlier
        message = held["text"] if held["reason"] == URGENT else neutralise(held["text"])
        reply, tracker = await self._rasa_turn(conversation_id, message, metadata or None)
        await run_in_threadpool(self.store.release, conversation_id)
        await run_in_threadpool(
            self.store.record_turn,
            conversation_id,
            offered_payloads(reply),
            (tracker.get("slots") or {}).get(Slot.COUNCIL_CODE),
            (tracker.get("active_loop") or {}).get("name"),
        )
        # After an urgent turn the parent already had the crisis reply; Rasa's own reply to it is not news.
        return reply if held["reason"] == CHECK else []

    async def _rasa_turn(self, conversation_id: str, message: str, metadata: dict | None):
        # A random mark on this turn's user message (no text), so the gateway can tell its own turn in Rasa's store.
        turn_id = secrets.token_hex(8)
        try:
            outputs = await self.rasa.send(conversation_id, message, {**(metadata or {}), Meta.TURN_ID: turn_id})
        except TurnLost:
            # Filed without its actions' events: removed from the store (the turn lock is held), so the
            # retry is read exactly as the first attempt should have been.
            await run_in_threadpool(self.store.undo_last_turn, conversation_id, turn_id)
            raise
        reply = messages_from_rasa(outputs)
        tracker = await self.rasa.tracker(conversation_id)
        if ((tracker.get("latest_message") or {}).get("metadata") or {}).get(Meta.TURN_ID) != turn_id:
            # Rasa's REST channel answers 200 even when the turn failed inside it before being saved (a
            # database error, say): the words were not filed, so they must be sent again.
            raise RasaUnavailable("the turn was not saved", maybe_delivered=False)
        return reply, tracker

    async def _quick_state(self, conversation_id: str) -> dict:
        try:
            tracker = await asyncio.wait_for(self.rasa.tracker(conversation_id), URGENT_REPLY_BUDGET_SECONDS)
        except (TimeoutError, RasaUnavailable):
            return dict(NO_STATE)
        return self._state(conversation_id, tracker)

    async def _turn(
        self,
        conversation_id: str,
        message: str,
        metadata: dict | None = None,
        decision: SafetyDecision | None = None,
    ) -> TurnResult:
        reply, tracker = await self._rasa_turn(conversation_id, message, metadata)
        return await self._finish(conversation_id, reply, tracker, decision)

    async def _finish(
        self, conversation_id: str, messages: list[dict], tracker: dict, decision: SafetyDecision | None
    ) -> TurnResult:
        slots = tracker.get("slots") or {}
        if decision is not None and decision.concerns:
            # Remembered for the whole conversation: early-help advice reads it (bot/early_help.py).
            concerns = list(dict.fromkeys([*(slots.get(Slot.SAFETY_CONCERNS) or []), *decision.concerns]))
            if concerns != slots.get(Slot.SAFETY_CONCERNS):
                await self.rasa.set_slot(conversation_id, Slot.SAFETY_CONCERNS, concerns)
        state = {**self._state(conversation_id, tracker), "safety": _public(decision)}
        await run_in_threadpool(
            self.store.record_turn,
            conversation_id,
            offered_payloads(messages),
            slots.get(Slot.COUNCIL_CODE),
            (tracker.get("active_loop") or {}).get("name"),
        )
        return TurnResult(messages, state)

    @staticmethod
    def _state(conversation_id: str, tracker: dict) -> dict:
        slots = tracker.get("slots") or {}
        loop = (tracker.get("active_loop") or {}).get("name")
        finished = bool(slots.get(Slot.CHECKLIST_CONFIRMED)) and slots.get(Slot.NEXT_STEP) == Step.LETTER
        return {
            "asking": slots.get(Slot.REQUESTED) if loop in Form.ASKING else None,
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
