"""The checklist form: asking each question and understanding each reply.

Every reply while a question is open comes here first. Most are answers, kept word for word. The rest
(skip, "I don't know", "why do you ask?", a side question, go back, change an earlier answer, urgent
danger) are handled here and the same question is asked again, so nothing is lost and no rule is needed.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import ask_actions, came_from_button, entity, flagged_urgent, latest_intent, latest_text, payload, say
from actions.replies import answer_aside, answer_side_question, explain_why, give_early_help_advice, urgent_followup
from bot import messages
from bot import slots as slot_names
from bot.checklist import ALL_KEYS, DONT_KNOW, SKIPPED, answer_from_slot, questions
from bot.corrections import answered_keys, candidate_keys
from bot.reuse import later_answers_in
from bot.turns import interpret
from bot.typed_text import restore

REQUESTED = "requested_slot"


def _ask_again(key: str) -> list[EventType]:
    return [SlotSet(key, None)]


def start_correction(key: str, old_value: Any) -> list[EventType]:
    """Clear one answer so the form asks it again, showing the old words."""
    return [
        SlotSet(key, None),
        SlotSet(slot_names.CORRECTING, key),
        SlotSet(slot_names.PREVIOUS_ANSWER, old_value),
        SlotSet(slot_names.CHECKLIST_CONFIRMED, False),
    ]


def offer_answers_to_change(dispatcher: CollectingDispatcher, keys: list[str], include_council: bool = False) -> None:
    buttons = [
        {"title": questions()[key].heading, "payload": payload("change_answer", change_key=key)} for key in keys
    ]
    if include_council:
        buttons.append({"title": messages.text("button_change_council"), "payload": payload("change_answer", change_key="council")})
    say(dispatcher, messages.text("change_which"), buttons)


class ValidateChecklistForm(FormValidationAction):
    def name(self) -> str:
        return "validate_checklist_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED)
        intent, confidence = latest_intent(tracker)
        from_button = came_from_button(tracker)
        turn = interpret(intent, confidence, latest_text(tracker), from_button)
        if requested and not from_button and (flagged_urgent(tracker) or turn.kind == "urgent_danger"):
            # Words typed in answer to a question stay the answer; emergency contacts come first.
            urgent_followup(dispatcher, in_form=True)
            return await super().run(dispatcher, tracker, domain)
        if requested is None or turn.kind == "answer":
            return await super().run(dispatcher, tracker, domain)
        if turn.kind == "faq" and turn.topic_intent and entity(tracker, "story"):
            # A question inside an answer: the question is answered, and the whole message kept as the answer.
            answer_side_question(dispatcher, turn.topic_intent)
            return await super().run(dispatcher, tracker, domain)
        return self.handle_request(turn.kind, turn.topic_intent, requested, dispatcher, tracker)

    def handle_request(
        self, kind: str, topic_intent: str | None, key: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        if kind == "skip":
            say(dispatcher, messages.text("skipped_ack"))
            return [SlotSet(key, SKIPPED), *self._correction_done()]
        if kind == "dont_know":
            say(dispatcher, messages.text("dont_know_ack"))
            return [SlotSet(key, DONT_KNOW), *self._correction_done()]
        if kind == "keep_answer" and tracker.get_slot(slot_names.CORRECTING) == key:
            say(dispatcher, messages.text("kept_ack"))
            return [SlotSet(key, tracker.get_slot(slot_names.PREVIOUS_ANSWER)), *self._correction_done()]
        if kind == "reuse_answer":
            offered = (tracker.get_slot(slot_names.REUSE_OFFER) or {}).get(key)
            if offered:
                say(dispatcher, messages.text("reused_ack"))
                return [SlotSet(key, offered), *self._correction_done()]
        if kind == "ask_why":
            explain_why(dispatcher, key)
        elif answer_aside(dispatcher, tracker, kind, topic_intent):
            pass
        elif kind == "urgent_danger":
            urgent_followup(dispatcher, in_form=True)
        elif kind == "go_back":
            return self._go_back(key, dispatcher, tracker)
        elif kind == "change_answer":
            return self._change(key, dispatcher, tracker)
        return _ask_again(key)

    def _go_back(self, key: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        earlier = [k for k in ALL_KEYS[: ALL_KEYS.index(key)] if tracker.get_slot(k) not in (None, "")]
        if not earlier:
            say(dispatcher, messages.text("go_back_nothing"))
            return _ask_again(key)
        previous = earlier[-1]
        return [*_ask_again(key), *start_correction(previous, tracker.get_slot(previous))]

    def _change(self, key: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        slots = tracker.current_slot_values()
        chosen = entity(tracker, "change_key")
        candidates = [chosen] if chosen in ALL_KEYS else candidate_keys(latest_text(tracker), slots)
        candidates = [k for k in candidates if k != key]
        if len(candidates) == 1:
            target = candidates[0]
            say(dispatcher, messages.text("change_found", heading=questions()[target].heading))
            return [*_ask_again(key), *start_correction(target, slots.get(target))]
        options = candidates or [k for k in answered_keys(slots) if k != key]
        if options:
            offer_answers_to_change(dispatcher, options)
        else:
            say(dispatcher, messages.text("change_none_yet"))
        return _ask_again(key)

    @staticmethod
    def _correction_done() -> list[EventType]:
        return [SlotSet(slot_names.CORRECTING, None), SlotSet(slot_names.PREVIOUS_ANSWER, None)]

    def validate_answer(self, key: str, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict:
        text = restore(str(value or "")).strip()
        if not text:
            return {key: None}
        answer = {key: text, slot_names.CORRECTING: None, slot_names.PREVIOUS_ANSWER: None}
        offer = dict(tracker.get_slot(slot_names.REUSE_OFFER) or {})
        offer.pop(key, None)
        for later_key, sentence in later_answers_in(text, key, tracker.current_slot_values()).items():
            offer.setdefault(later_key, sentence)  # the first time something was said is what gets offered
        answer[slot_names.REUSE_OFFER] = offer or None
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
        buttons = [messages.button("button_skip", "/skip"), messages.button("button_why", "/ask_why")]
        previous = answer_from_slot(self.key, tracker.get_slot(slot_names.PREVIOUS_ANSWER))
        reusable = (tracker.get_slot(slot_names.REUSE_OFFER) or {}).get(self.key)
        if tracker.get_slot(slot_names.CORRECTING) == self.key and previous is not None:
            lines.insert(0, messages.text("correcting_prompt", previous=previous.text or previous.status))
            buttons.insert(0, messages.button("button_keep", "/keep_answer"))
        elif reusable:
            lines.append(messages.text("reuse_offer", quote=reusable))
            buttons.insert(0, messages.button("button_reuse", "/reuse_answer"))
        say(dispatcher, "\n".join(lines), buttons)
        return []


ASK_ACTIONS = ask_actions(AskChecklistQuestion, ALL_KEYS, globals(), "AskFor")
