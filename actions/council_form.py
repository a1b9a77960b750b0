"""Finding the parent's council from a postcode or a name (optional: only used for contacts and the letter),
then checking it with them."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import came_from_button, entity, latest_intent, latest_text, payload, say
from actions.replies import follow_up_if_urgent
from bot import councils, messages
from bot import slots as slot_names
from bot.checklist import SKIPPED
from bot.details import COUNCIL_POSTCODE, postcode_in
from bot.turns import interpret

QUERY, CONFIRMED = "council_query", "council_confirmed"
YES = "yes"


def _candidate_buttons(result: councils.LookupResult) -> list[dict]:
    return [
        {"title": candidate.label or candidate.name, "payload": payload("choose_council", council_code=candidate.code)}
        for candidate in result.candidates
        if candidate.in_england
    ]


def look_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
    """What the parent typed (or the council they chose): found, outside England, or ask again."""
    chosen = entity(tracker, slot_names.COUNCIL_CODE)
    result = councils.choose(chosen) if chosen else councils.find_council(latest_text(tracker))
    say(dispatcher, result.message, _candidate_buttons(result) if result.kind == "choose" else None)
    if result.kind == "found" and result.council:
        # A full postcode is kept so the letter can use it as the child's address if the parent says so.
        postcode = postcode_in(latest_text(tracker)) if result.basis == "postcode" else None
        return {QUERY: result.council.name, slot_names.COUNCIL_CODE: result.council.code, CONFIRMED: None,
                COUNCIL_POSTCODE: postcode}
    if result.kind == "not_england":
        # The letter can still be written; there is no English council to address it to.
        return {QUERY: result.query or latest_text(tracker), slot_names.COUNCIL_CODE: None, CONFIRMED: YES}
    return {QUERY: None, slot_names.COUNCIL_CODE: None, CONFIRMED: None}


class ValidateCouncilForm(FormValidationAction):
    def name(self) -> str:
        return "validate_council_form"

    def _skipped(self, tracker: Tracker) -> bool:
        intent, confidence = latest_intent(tracker)
        return interpret(intent, confidence, latest_text(tracker), came_from_button(tracker)).kind in ("skip", "dont_know")

    async def validate_council_query(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        follow_up_if_urgent(dispatcher, tracker)
        if self._skipped(tracker):
            say(dispatcher, messages.text("skipped_ack"))
            return {QUERY: SKIPPED, CONFIRMED: YES}
        return look_up(dispatcher, tracker)

    async def validate_council_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        follow_up_if_urgent(dispatcher, tracker)
        intent, confidence = latest_intent(tracker)
        if intent == "affirm" and confidence >= 0.5:
            return {CONFIRMED: YES}
        if intent == "deny" and confidence >= 0.5:
            return {QUERY: None, slot_names.COUNCIL_CODE: None, CONFIRMED: None}
        if self._skipped(tracker):
            return {CONFIRMED: YES}
        return look_up(dispatcher, tracker)  # they typed another postcode or name instead


class AskCouncil(Action):
    def name(self) -> str:
        return "action_ask_council_query"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, councils.ask_message(), [messages.button("button_skip", "/skip")])
        return []


class AskCouncilConfirmed(Action):
    def name(self) -> str:
        return "action_ask_council_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [messages.button("button_council_right", "/affirm"), messages.button("button_council_wrong", "/deny")]
        say(dispatcher, messages.text("council_confirm"), buttons)
        return []
