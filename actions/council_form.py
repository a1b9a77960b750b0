"""Finding the parent's council from a postcode or a name (optional: only used for contacts and the letter)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import came_from_button, entity, latest_intent, latest_text, payload, say
from bot import councils, messages
from bot import slots as slot_names
from bot.checklist import SKIPPED
from bot.turns import interpret

QUERY = "council_query"


def _candidate_buttons(result: councils.LookupResult) -> list[dict]:
    return [
        {"title": candidate.label or candidate.name, "payload": payload("choose_council", council_code=candidate.code)}
        for candidate in result.candidates
        if candidate.in_england
    ]


class ValidateCouncilForm(FormValidationAction):
    def name(self) -> str:
        return "validate_council_form"

    async def validate_council_query(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        intent, confidence = latest_intent(tracker)
        turn = interpret(intent, confidence, latest_text(tracker), came_from_button(tracker))
        if turn.kind in ("skip", "dont_know"):
            say(dispatcher, messages.text("skipped_ack"))
            return {QUERY: SKIPPED}
        chosen = entity(tracker, slot_names.COUNCIL_CODE)
        result = councils.choose(chosen) if chosen else councils.find_council(latest_text(tracker))
        if result.kind == "found" and result.council:
            say(dispatcher, result.message)
            return {QUERY: result.council.name, slot_names.COUNCIL_CODE: result.council.code}
        if result.kind == "not_england":
            say(dispatcher, result.message)
            return {QUERY: result.query or latest_text(tracker), slot_names.COUNCIL_CODE: None}
        say(dispatcher, result.message, _candidate_buttons(result) if result.kind == "choose" else None)
        return {QUERY: None}


class AskCouncil(Action):
    def name(self) -> str:
        return "action_ask_council_query"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, councils.ask_message(), [messages.button("button_skip", "/skip")])
        return []
