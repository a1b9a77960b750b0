"""Asking whether the council may contact the professionals the parent named (the letter says what
the parent agreed to, by name)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import flagged_urgent, latest_intent, say
from bot.contract import Intent, Slot, payload
from bot.conversation import messages
from bot.conversation.journey import names_in_words, people_named

YES, NO = "yes", "no"
_ANSWERS = {Intent.AFFIRM: YES, Intent.DENY: NO, Intent.SKIP: NO, Intent.DONT_KNOW: NO}


class ValidateConsentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_consent_form"

    async def validate_consent_to_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if flagged_urgent(tracker):
            return {Slot.CONSENT_TO_CONTACT: None}  # the gateway has sent the crisis reply; asked again after it
        intent, confidence = latest_intent(tracker)
        answer = _ANSWERS.get(intent or "") if confidence >= 0.5 else None
        if answer is None:
            say(dispatcher, messages.text("consent_unclear"))
            return {Slot.CONSENT_TO_CONTACT: None}
        names = people_named(tracker.current_slot_values()) if answer == YES else []
        return {Slot.CONSENT_TO_CONTACT: answer, Slot.CONSENT_NAMES: names}


class AskConsent(Action):
    def name(self) -> str:
        return "action_ask_consent_to_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        names = people_named(tracker.current_slot_values())
        question = (
            messages.text("consent_question", names=names_in_words(names))
            if names
            else messages.text("consent_question_generic")
        )
        say(
            dispatcher,
            question,
            [messages.button("button_yes", payload(Intent.AFFIRM)), messages.button("button_no", payload(Intent.DENY))],
        )
        return []
