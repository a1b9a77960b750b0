"""The checklist form: asking each question and understanding each reply.

Every reply while a question is open comes here first. Most are answers, kept word for word. The rest
(skip, "I don't know", "why do you ask?", a side question, go back, change an earlier answer) are
handled here and the same question is asked again, so nothing is lost and no rule is needed.
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
    entity,
    explain_why,
    flagged_urgent,
    give_early_help_advice,
    latest_intent,
    latest_text,
    say,
)
from bot.contract import Entity, Intent, Slot, payload, restore
from bot.conversation import messages
from bot.conversation.checklist import (
    ALL_KEYS,
    ANSWER,
    DONT_KNOW,
    FAQ,
    SKIPPED,
    answer_from_slot,
    answered_keys,
    candidate_keys,
    interpret,
    later_answers_in,
    questions,
)

COUNCIL = "council"  # the change_key entity for "change my council"


def _ask_again(key: str) -> list[EventType]:
    return [SlotSet(key, None)]


def start_correction(key: str, old_value: Any) -> list[EventType]:
    """Clear one answer so the form asks it again, showing the old words."""
    return [
        SlotSet(key, None),
        SlotSet(Slot.CORRECTING, key),
        SlotSet(Slot.PREVIOUS_ANSWER, old_value),
        SlotSet(Slot.CHECKLIST_CONFIRMED, False),
    ]


def offer_answers_to_change(dispatcher: CollectingDispatcher, keys: list[str], include_council: bool = False) -> None:
    buttons = [
        {"title": questions()[key].heading, "payload": payload(Intent.CHANGE_ANSWER, **{Entity.CHANGE_KEY: key})}
        for key in keys
    ]
    if include_council:
        buttons.append(
            {
                "title": messages.text("button_change_council"),
                "payload": payload(Intent.CHANGE_ANSWER, **{Entity.CHANGE_KEY: COUNCIL}),
            }
        )
    say(dispatcher, messages.text("change_which"), buttons)


def change_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, asking: str | None
) -> tuple[list[EventType], bool]:
    """ "Change what I said about school" (or a button naming the answer): reopen that answer, or ask which.

    asking: the checklist question open now (never offered), or None outside the checklist, where "your
    council" is offered too. Returns the events, and whether an answer was reopened.
    """
    slots = tracker.current_slot_values()
    chosen = entity(tracker, Entity.CHANGE_KEY)
    candidates = [chosen] if chosen in ALL_KEYS else candidate_keys(latest_text(tracker), slots)
    candidates = [key for key in candidates if key != asking]
    if len(candidates) == 1:
        target = candidates[0]
        say(dispatcher, messages.text("change_found", heading=questions()[target].heading))
        return start_correction(target, slots.get(target)), True
    options = candidates or [key for key in answered_keys(slots) if key != asking]
    if options:
        offer_answers_to_change(
            dispatcher, options, include_council=asking is None and bool(slots.get(Slot.COUNCIL_CODE))
        )
    else:
        say(dispatcher, messages.text("change_none_yet"))
    return [], False


class ValidateChecklistForm(FormValidationAction):
    def name(self) -> str:
        return "validate_checklist_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(Slot.REQUESTED)
        intent, confidence = latest_intent(tracker)
        from_button = came_from_button(tracker)
        turn = interpret(intent, confidence, latest_text(tracker), from_button)
        if requested and not from_button and (flagged_urgent(tracker) or turn.kind == Intent.URGENT_DANGER):
            # Words typed in answer to a question stay the answer; the gateway has sent the crisis reply first.
            return await super().run(dispatcher, tracker, domain)
        if requested is None or turn.kind == ANSWER:
            return await super().run(dispatcher, tracker, domain)
        if turn.kind == FAQ and turn.topic_intent and entity(tracker, Entity.STORY):
            # A question inside an answer: the question is answered, and the whole message kept as the answer.
            answer_side_question(dispatcher, turn.topic_intent)
            return await super().run(dispatcher, tracker, domain)
        return self.handle_request(turn.kind, turn.topic_intent, requested, dispatcher, tracker)

    def handle_request(
        self, kind: str, topic_intent: str | None, key: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        if kind == Intent.SKIP:
            say(dispatcher, messages.text("skipped_ack"))
            return [SlotSet(key, SKIPPED), *self._correction_done()]
        if kind == Intent.DONT_KNOW:
            say(dispatcher, messages.text("dont_know_ack"))
            return [SlotSet(key, DONT_KNOW), *self._correction_done()]
        if kind == Intent.KEEP_ANSWER and tracker.get_slot(Slot.CORRECTING) == key:
            say(dispatcher, messages.text("kept_ack"))
            return [SlotSet(key, tracker.get_slot(Slot.PREVIOUS_ANSWER)), *self._correction_done()]
        if kind == Intent.REUSE_ANSWER:
            offered = (tracker.get_slot(Slot.REUSE_OFFER) or {}).get(key)
            if offered:
                say(dispatcher, messages.text("reused_ack"))
                return [SlotSet(key, offered), *self._correction_done()]
        if kind == Intent.ASK_WHY:
            explain_why(dispatcher, key)
        elif answer_aside(dispatcher, tracker, kind, topic_intent):
            pass
        elif kind == Intent.GO_BACK:
            return self._go_back(key, dispatcher, tracker)
        elif kind == Intent.CHANGE_ANSWER:
            events, _ = change_answer(dispatcher, tracker, asking=key)
            return [*_ask_again(key), *events]
        # Anything else (urgent danger by button, resume…): the gateway said what was needed; ask again.
        return _ask_again(key)

    def _go_back(self, key: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        earlier = [k for k in ALL_KEYS[: ALL_KEYS.index(key)] if tracker.get_slot(k) not in (None, "")]
        if not earlier:
            say(dispatcher, messages.text("go_back_nothing"))
            return _ask_again(key)
        previous = earlier[-1]
        return [*_ask_again(key), *start_correction(previous, tracker.get_slot(previous))]

    @staticmethod
    def _correction_done() -> list[EventType]:
        return [SlotSet(Slot.CORRECTING, None), SlotSet(Slot.PREVIOUS_ANSWER, None)]

    def validate_answer(self, key: str, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict:
        text = restore(str(value or "")).strip()
        if not text:
            return {key: None}
        answer: dict[str, Any] = {key: text, Slot.CORRECTING: None, Slot.PREVIOUS_ANSWER: None}
        offer = dict(tracker.get_slot(Slot.REUSE_OFFER) or {})
        offer.pop(key, None)
        for later_key, sentence in later_answers_in(text, key, tracker.current_slot_values()).items():
            offer.setdefault(later_key, sentence)  # the first time something was said is what gets offered
        answer[Slot.REUSE_OFFER] = offer or None
        if key == "involved":
            give_early_help_advice(dispatcher, _with_answer(tracker, key, text))
        return answer


def _with_answer(tracker: Tracker, key: str, text: str) -> Tracker:
    tracker.slots[key] = text
    return tracker


def _validator(key: str):
    async def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return self.validate_answer(key, value, tracker, dispatcher)

    validate.__name__ = f"validate_{key}"
    return validate


# One validate_<key> method per checklist question, all keeping the parent's words as they are.
for _key in ALL_KEYS:
    setattr(ValidateChecklistForm, f"validate_{_key}", _validator(_key))


class AskChecklistQuestion(Action):
    """Asks one checklist question, with the old answer while correcting and any earlier words to reuse."""

    key: str

    @abstractmethod
    def name(self) -> str: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        question = questions()[self.key]
        lines = [question.question]
        buttons = [
            messages.button("button_skip", payload(Intent.SKIP)),
            messages.button("button_why", payload(Intent.ASK_WHY)),
        ]
        previous = answer_from_slot(self.key, tracker.get_slot(Slot.PREVIOUS_ANSWER))
        reusable = (tracker.get_slot(Slot.REUSE_OFFER) or {}).get(self.key)
        if tracker.get_slot(Slot.CORRECTING) == self.key and previous is not None:
            lines.insert(0, messages.text("correcting_prompt", previous=previous.text or previous.status))
            buttons.insert(0, messages.button("button_keep", payload(Intent.KEEP_ANSWER)))
        elif reusable:
            lines.append(messages.text("reuse_offer", quote=reusable))
            buttons.insert(0, messages.button("button_reuse", payload(Intent.REUSE_ANSWER)))
        say(dispatcher, "\n".join(lines), buttons)
        return []


ASK_ACTIONS = ask_actions(AskChecklistQuestion, ALL_KEYS, globals(), "AskFor")
