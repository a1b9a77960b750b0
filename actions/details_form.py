"""The optional "about you and your child" part: the offer (add details, or skip the whole part), one short
question per detail, and understanding each reply.

As in the checklist, a reply is kept word for word unless it is a request (skip, "why do you ask?", a side
question, go back, urgent danger), which is handled here before the same question is asked again. A date of
birth or a postcode that fails its check gets a kind message and two ways on: try again, or keep the words as
written (or skip). Nothing here ever blocks the letter.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import (
    answer_aside,
    answer_side_question,
    ask_actions,
    came_from_button,
    flagged_urgent,
    latest_intent,
    latest_text,
    say,
)
from bot.contract import Intent, Slot, payload, restore
from bot.conversation import details, messages
from bot.conversation.checklist import ANSWER, DONT_KNOW, SKIPPED, interpret

KEEP = payload(Intent.KEEP_ANSWER)
USE_POSTCODE = payload(Intent.REUSE_ANSWER)
SKIP, WHY = payload(Intent.SKIP), payload(Intent.ASK_WHY)


def _ask_again(key: str) -> list[EventType]:
    return [SlotSet(key, None)]


class ValidateDetailsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_details_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(Slot.REQUESTED)
        if requested is None:
            return await super().run(dispatcher, tracker, domain)
        intent, confidence = latest_intent(tracker)
        typed = latest_text(tracker)
        from_button = came_from_button(tracker)
        urgent = not from_button and flagged_urgent(tracker)
        if requested == details.WANTED:
            return self._offer_answered(intent, confidence, typed, urgent, dispatcher)
        turn = interpret(intent, confidence, typed, from_button)
        if not from_button and (urgent or turn.kind == Intent.URGENT_DANGER):
            # Words typed in answer to a question stay the answer; the gateway has sent the crisis reply first.
            return await super().run(dispatcher, tracker, domain)
        if requested == details.REQUESTS_KEY and details.read_requests(typed):
            return await super().run(dispatcher, tracker, domain)
        kind = Intent.SKIP if details.declines(typed) else turn.kind  # "I'd rather not say" is a skip
        if kind == ANSWER:
            return await super().run(dispatcher, tracker, domain)
        return self._request(kind, turn.topic_intent, requested, dispatcher, tracker)

    def _offer_answered(
        self, intent: str | None, confidence: float, typed: str, urgent: bool, dispatcher: CollectingDispatcher
    ) -> list[EventType]:
        if urgent:
            return _ask_again(details.WANTED)  # the gateway has sent the crisis reply; asked again after it
        if intent == Intent.AFFIRM and confidence >= 0.5:
            return [SlotSet(details.WANTED, details.YES)]
        if (intent in (Intent.SKIP, Intent.DENY, Intent.DONT_KNOW) and confidence >= 0.5) or details.declines(typed):
            say(dispatcher, details.text("skipped_all"))
            return [SlotSet(details.WANTED, details.NO), SlotSet(Slot.REQUESTED, None)]
        if Intent.is_faq(intent) and answer_side_question(dispatcher, intent or ""):
            say(dispatcher, messages.text("back_to_question"))
            return _ask_again(details.WANTED)
        say(dispatcher, details.text("offer_unclear"))
        return _ask_again(details.WANTED)

    def _request(
        self, kind: str, topic_intent: str | None, key: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        pending = tracker.get_slot(details.PENDING) or {}
        if kind == Intent.SKIP:
            say(dispatcher, messages.text("skipped_ack"))
            return [SlotSet(key, SKIPPED), SlotSet(details.PENDING, None)]
        if kind == Intent.DONT_KNOW:
            say(dispatcher, messages.text("dont_know_ack"))
            return [SlotSet(key, DONT_KNOW), SlotSet(details.PENDING, None)]
        if kind == Intent.KEEP_ANSWER and pending.get("key") == key and pending.get("text"):
            say(dispatcher, details.text("kept_as_written"))
            return [SlotSet(key, pending["text"]), SlotSet(details.PENDING, None)]
        if kind == Intent.REUSE_ANSWER and key == "child_address" and tracker.get_slot(Slot.COUNCIL_POSTCODE):
            say(dispatcher, messages.text("reused_ack"))
            return [SlotSet(key, tracker.get_slot(Slot.COUNCIL_POSTCODE)), SlotSet(details.PENDING, None)]
        if kind == Intent.ASK_WHY:
            say(dispatcher, messages.text("why_intro", why=details.questions()[key].why))
        elif answer_aside(dispatcher, tracker, kind, topic_intent):
            pass
        elif kind == Intent.GO_BACK:
            return self._go_back(key, dispatcher, tracker)
        elif kind == Intent.CHANGE_ANSWER:
            say(dispatcher, details.text("change_in_letter"))
        # Anything else (keep or reuse with nothing to keep, resume, urgent danger by button): ask again.
        return _ask_again(key)

    @staticmethod
    def _go_back(key: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        earlier = [k for k in details.KEYS[: details.KEYS.index(key)] if tracker.get_slot(k) not in (None, "")]
        if not earlier:
            say(dispatcher, details.text("nothing_to_go_back_to"))
            return _ask_again(key)
        return [*_ask_again(key), SlotSet(earlier[-1], None), SlotSet(details.PENDING, None)]

    # ----- answers -------------------------------------------------------------------------------------------

    @staticmethod
    def _words(value: Any) -> str:
        return restore(str(value or "")).strip()

    def _checked(self, key: str, result: details.Checked, typed: str, dispatcher: CollectingDispatcher) -> dict:
        if result.problem:
            say(
                dispatcher,
                result.problem,
                [
                    messages.button("button_skip", SKIP),
                    {"title": details.text("keep_what_i_wrote"), "payload": KEEP},
                ],
            )
            return {key: None, details.PENDING: {"key": key, "text": typed}}
        return {key: result.value, details.PENDING: None}

    def _keep(self, key: str, value: Any) -> dict:
        typed = self._words(value)
        return {key: typed or None, details.PENDING: None}

    async def validate_child_dob(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        typed = self._words(value)
        return self._checked("child_dob", details.read_date_of_birth(typed), typed, dispatcher) if typed else {}

    async def validate_child_address(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        typed = self._words(value)
        if not typed:
            return {}
        result = details.check_address(typed)
        answer = self._checked("child_address", result, typed, dispatcher)
        if result.value and not details.has_postcode(result.value):
            say(dispatcher, details.text("postcode_missing"))
        return answer

    async def validate_carer_assessments(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        chosen = details.read_requests(self._words(value))
        if chosen is None:
            return {details.REQUESTS_KEY: None}  # asked again, with the buttons
        if chosen != details.NO_REQUESTS:
            say(dispatcher, details.text("requests_ack"))
        return {details.REQUESTS_KEY: chosen}


def _validator(key: str):
    async def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return self._keep(key, value)

    validate.__name__ = f"validate_{key}"
    return validate


# Every other detail keeps the parent's words as they are.
for _key in details.KEYS:
    if not hasattr(ValidateDetailsForm, f"validate_{_key}"):
        setattr(ValidateDetailsForm, f"validate_{_key}", _validator(_key))


class AskDetailsWanted(Action):
    """The offer: add a few details for the letter, or skip the whole part with one button."""

    def name(self) -> str:
        return f"action_ask_{details.WANTED}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(
            dispatcher,
            details.text("offer"),
            [
                {"title": details.text("button_add"), "payload": payload(Intent.AFFIRM)},
                {"title": details.text("button_skip_all"), "payload": SKIP},
            ],
        )
        return []


class AskDetail(Action):
    """Asks one detail. Abstract, so the action server registers only the one class per key below."""

    key: str

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        question = details.questions()[self.key]
        buttons = [messages.button("button_skip", SKIP), messages.button("button_why", WHY)]
        text = question.question
        postcode = tracker.get_slot(Slot.COUNCIL_POSTCODE)
        if self.key == "child_address" and postcode and question.question_with_postcode:
            text = question.question_with_postcode.format(postcode=postcode)
            buttons.insert(0, {"title": details.text("use_postcode", postcode=postcode), "payload": USE_POSTCODE})
        if self.key == details.REQUESTS_KEY:
            offered = details.requests().values()
            text = "\n".join([*(request.law for request in offered), text])
            buttons = [
                *({"title": request.button, "payload": request.button} for request in offered),
                {"title": details.text("button_both"), "payload": details.text("button_both")},
                {"title": details.text("button_neither"), "payload": details.text("button_neither")},
                messages.button("button_why", WHY),
            ]
        say(dispatcher, text, buttons)
        return []


ASK_ACTIONS = ask_actions(AskDetail, details.KEYS, globals(), "AskDetail")
