"""Finding the parent's council from a postcode or a name (optional: only used for contacts and the letter),
then checking it with them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import came_from_button, entity, flagged_urgent, latest_intent, latest_text, say
from bot import councils
from bot.contract import Entity, Intent, Slot, payload
from bot.conversation import messages
from bot.conversation.checklist import SKIPPED, interpret
from bot.conversation.details import postcode_in

QUERY, CONFIRMED, CODE = Slot.COUNCIL_QUERY, Slot.COUNCIL_CONFIRMED, Slot.COUNCIL_CODE
YES = "yes"


def _candidate_buttons(result: councils.LookupResult) -> list[dict]:
    return [
        {
            "title": candidate.label or candidate.name,
            "payload": payload(Intent.CHOOSE_COUNCIL, **{Entity.COUNCIL_CODE: candidate.code}),
        }
        for candidate in result.candidates
        if candidate.in_england
    ]


def look_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
    """What the parent typed (or the council they chose): found, outside England, or ask again."""
    chosen = entity(tracker, Entity.COUNCIL_CODE)
    result = councils.choose(chosen) if chosen else councils.find_council(latest_text(tracker))
    say(dispatcher, result.message, _candidate_buttons(result) if result.kind == "choose" else None)
    if result.kind == "found" and result.council:
        # A full postcode is kept so the letter can use it as the child's address if the parent says so.
        postcode = postcode_in(latest_text(tracker)) if result.basis == "postcode" else None
        return {QUERY: result.council.name, CODE: result.council.code, CONFIRMED: None, Slot.COUNCIL_POSTCODE: postcode}
    if result.kind == "not_england":
        # The letter can still be written; there is no English council to address it to.
        return {QUERY: result.query or latest_text(tracker), CODE: None, CONFIRMED: YES}
    return {QUERY: None, CODE: None, CONFIRMED: None}


class ValidateCouncilForm(FormValidationAction):
    def name(self) -> str:
        return "validate_council_form"

    def _skipped(self, tracker: Tracker) -> bool:
        intent, confidence = latest_intent(tracker)
        kind = interpret(intent, confidence, latest_text(tracker), came_from_button(tracker)).kind
        return kind in (Intent.SKIP, Intent.DONT_KNOW)

    async def validate_council_query(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if flagged_urgent(tracker):
            return {QUERY: None}  # the gateway has sent the crisis reply; asked again after it
        if self._skipped(tracker):
            say(dispatcher, messages.text("skipped_ack"))
            return {QUERY: SKIPPED, CONFIRMED: YES}
        return look_up(dispatcher, tracker)

    async def validate_council_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if flagged_urgent(tracker):
            return {CONFIRMED: None}  # the gateway has sent the crisis reply; asked again after it
        intent, confidence = latest_intent(tracker)
        if intent == Intent.AFFIRM and confidence >= 0.5:
            return {CONFIRMED: YES}
        if intent == Intent.DENY and confidence >= 0.5:
            return {QUERY: None, CODE: None, CONFIRMED: None}
        if self._skipped(tracker):
            return {CONFIRMED: YES}
        return look_up(dispatcher, tracker)  # they typed another postcode or name instead


class AskCouncil(Action):
    def name(self) -> str:
        return "action_ask_council_query"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, councils.ask_message(), [messages.button("button_skip", payload(Intent.SKIP))])
        return []


class AskCouncilConfirmed(Action):
    def name(self) -> str:
        return "action_ask_council_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            messages.button("button_council_right", payload(Intent.AFFIRM)),
            messages.button("button_council_wrong", payload(Intent.DENY)),
        ]
        say(dispatcher, messages.text("council_confirm"), buttons)
        return []
