"""Side questions, "what should I do?" and the kind fallback, outside the checklist form."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import answer_side_question, give_early_help_advice, latest_intent, say
from actions.stories import keep_story, story_in
from bot.contract import Intent, Slot, payload
from bot.conversation import messages
from bot.topics import topic_for_intent

CARRY_ON = payload(Intent.RESUME)
SOMETHING_ELSE = payload(Intent.ASK_QUESTION)


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        if not answer_side_question(dispatcher, intent or ""):
            say(dispatcher, messages.text("fallback_first"))
        # "He's 14 and violent, will they take him off me?": the answer, and the story kept for the checklist.
        kept = keep_story(dispatcher, tracker, story_in(tracker) or "")
        say(dispatcher, messages.text("after_answer"), [messages.button("button_carry_on", CARRY_ON)])
        return [SlotSet(Slot.MISUNDERSTOOD_IN_A_ROW, 0), *kept]


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
        misses = int(tracker.get_slot(Slot.MISUNDERSTOOD_IN_A_ROW) or 0) + 1
        closest = closest_topics(tracker)
        if misses < 2 and closest:
            # Never a bare "didn't understand": the closest answers, and a way to say it differently.
            buttons = [{"title": t.title, "payload": payload(Intent.faq(t.id))} for t in closest]
            buttons.append(messages.button("button_something_else", SOMETHING_ELSE))
            say(dispatcher, messages.text("fallback_topics"), buttons)
            return [SlotSet(Slot.MISUNDERSTOOD_IN_A_ROW, misses)]
        buttons = [messages.button("button_carry_on", CARRY_ON), messages.button("button_ask_question", SOMETHING_ELSE)]
        say(dispatcher, messages.text("fallback_second" if misses >= 2 else "fallback_first"), buttons)
        return [SlotSet(Slot.MISUNDERSTOOD_IN_A_ROW, misses)]


CLOSEST_TOPICS = 3
CLOSEST_AT_LEAST = 0.05


def closest_topics(tracker: Tracker) -> list:
    """The topics the understanding service ranked highest for the latest message."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    topics = []
    for item in ranking:
        found = topic_for_intent(item.get("name"))
        if found and float(item.get("confidence") or 0) >= CLOSEST_AT_LEAST and found not in topics:
            topics.append(found)
    return topics[:CLOSEST_TOPICS]
