"""Moving through the journey: greeting, what comes next, the read-back, changes, an urgent turn, stopping."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.checklist_form import COUNCIL, change_answer
from actions.conversation import entity, latest_text, say
from bot.contract import Entity, Intent, Slot, Step, payload
from bot.conversation import messages
from bot.conversation.checklist import answers_from_slots
from bot.conversation.journey import council_line, next_step, people_named, read_back_lines
from bot.letter.next_steps import next_steps_message
from bot.letter.wording import preview_wording


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("greeting"))
        say(
            dispatcher,
            messages.text("greeting_offer"),
            [
                messages.button("button_start", payload(Intent.START_CHECKLIST)),
                messages.button("button_ask_question", payload(Intent.ASK_QUESTION)),
            ],
        )
        return []


class ActionInviteQuestion(Action):
    def name(self) -> str:
        return "action_invite_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("ask_question_prompt"))
        return []


class ActionNextStep(Action):
    """Decides the next step; the rules in data/rules/journey.yml branch on the `next_step` slot."""

    def name(self) -> str:
        return "action_next_step"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        step = next_step(slots, professionals_named=bool(people_named(slots)))
        return [SlotSet(Slot.NEXT_STEP, step), SlotSet(Slot.MISUNDERSTOOD_IN_A_ROW, 0)]


class ActionReadBack(Action):
    def name(self) -> str:
        return "action_read_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        lines = [messages.text("read_back_intro"), *read_back_lines(answers_from_slots(slots))]
        council = council_line(slots)
        if council:
            lines.append(council)
        for line in lines:
            say(dispatcher, line)
        # What happens with what they wrote, while they can still reword it (content/letter/wording.yml).
        say(dispatcher, " ".join(preview_wording()["what_happens"].split()))
        say(
            dispatcher,
            messages.text("read_back_question"),
            [
                messages.button("button_all_correct", payload(Intent.CONFIRM_ANSWERS)),
                messages.button("button_change", payload(Intent.CHANGE_ANSWER)),
            ],
        )
        return []


class ActionConfirmAnswers(Action):
    def name(self) -> str:
        return "action_confirm_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet(Slot.CHECKLIST_CONFIRMED, True)]


class ActionChangeAnswer(Action):
    """Outside the checklist (usually at the read-back): find the answer meant, or ask which."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        chosen = entity(tracker, Entity.CHANGE_KEY)
        if chosen == COUNCIL or (not chosen and mentions_council(latest_text(tracker))):
            return [*forget_council(), SlotSet(Slot.CHECKLIST_CONFIRMED, False), SlotSet(Slot.NEXT_STEP, Step.COUNCIL)]
        events, reopened = change_answer(dispatcher, tracker, asking=None)
        return [*events, SlotSet(Slot.NEXT_STEP, Step.CHECKLIST if reopened else Step.READ_BACK)]


def mentions_council(text: str) -> bool:
    return bool(re.search(r"\b(council|postcode|local authority)\b", text, re.IGNORECASE))


def forget_council() -> list[EventType]:
    return [SlotSet(Slot.COUNCIL_CODE, None), SlotSet(Slot.COUNCIL_QUERY, None), SlotSet(Slot.COUNCIL_CONFIRMED, None)]


class ActionOfferLetter(Action):
    def name(self) -> str:
        return "action_offer_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        council = tracker.get_slot(Slot.COUNCIL_CODE)
        say(dispatcher, next_steps_message(council))
        return []


class ActionStopForNow(Action):
    def name(self) -> str:
        return "action_stop_for_now"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("stop_for_now"), [messages.button("button_carry_on", payload(Intent.RESUME))])
        return []


class ActionUrgent(Action):
    """An urgent message outside a form. The gateway has already sent the whole crisis reply, with the button to
    carry on (bot/safety/crisis.py); this only marks the turn, so `resume` picks up where the parent was."""

    def name(self) -> str:
        return "action_urgent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return []


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("goodbye"))
        return []
