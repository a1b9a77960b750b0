"""Side questions, "what should I do?" and the kind fallback, outside the checklist form."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_intent, say
from actions.replies import answer_side_question, give_early_help_advice
from bot import messages

CARRY_ON = "/resume"


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        if not answer_side_question(dispatcher, intent or ""):
            say(dispatcher, messages.text("fallback_first"))
        say(dispatcher, messages.text("after_answer"), [messages.button("button_carry_on", CARRY_ON)])
        return [SlotSet("misunderstood_in_a_row", 0)]


class ActionEarlyHelpAdvice(Action):
    def name(self) -> str:
        return "action_early_help_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        give_early_help_advice(dispatcher, tracker)
        say(dispatcher, messages.text("after_answer"), [messages.button("button_carry_on", CARRY_ON)])
        return []


class ActionFallback(Action):
    """Never a dead end: rephrase or choose; after two misses in a row, helplines and how to start again."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        misses = int(tracker.get_slot("misunderstood_in_a_row") or 0) + 1
        buttons = [messages.button("button_carry_on", CARRY_ON), messages.button("button_ask_question", "/ask_question")]
        say(dispatcher, messages.text("fallback_second" if misses >= 2 else "fallback_first"), buttons)
        return [SlotSet("misunderstood_in_a_row", misses)]
