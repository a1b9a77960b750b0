"""Moving through the journey: greeting, what comes next, the read-back, changes, stopping."""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.checklist_form import offer_answers_to_change, start_correction
from actions.conversation import entity, latest_text, say
from bot import messages
from bot import slots as slot_names
from bot.checklist import ALL_KEYS, answers_from_slots, questions
from bot.consent import people_named
from bot.corrections import answered_keys, candidate_keys
from bot.journey import COUNCIL, READ_BACK, next_step
from bot.letter.next_steps import next_steps_message
from bot.letter.wording import preview_wording
from bot.read_back import council_line, read_back_lines


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("greeting"))
        say(
            dispatcher,
            messages.text("greeting_offer"),
            [messages.button("button_start", "/start_checklist"), messages.button("button_ask_question", "/ask_question")],
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
        return [SlotSet("next_step", step), SlotSet("misunderstood_in_a_row", 0)]


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
            [messages.button("button_all_correct", "/confirm_answers"), messages.button("button_change", "/change_answer")],
        )
        return []


class ActionConfirmAnswers(Action):
    def name(self) -> str:
        return "action_confirm_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet(slot_names.CHECKLIST_CONFIRMED, True)]


class ActionChangeAnswer(Action):
    """Outside the checklist (usually at the read-back): find the answer meant, or ask which."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        chosen = entity(tracker, "change_key")
        if chosen == COUNCIL or (not chosen and mentions_council(latest_text(tracker))):
            return [*forget_council(), SlotSet(slot_names.CHECKLIST_CONFIRMED, False), SlotSet("next_step", COUNCIL)]
        candidates = [chosen] if chosen in ALL_KEYS else candidate_keys(latest_text(tracker), slots)
        if len(candidates) == 1:
            target = candidates[0]
            say(dispatcher, messages.text("change_found", heading=questions()[target].heading))
            return [*start_correction(target, slots.get(target)), SlotSet("next_step", "checklist")]
        options = candidates or answered_keys(slots)
        if options:
            offer_answers_to_change(dispatcher, options, include_council=bool(slots.get(slot_names.COUNCIL_CODE)))
        else:
            say(dispatcher, messages.text("change_none_yet"))
        return [SlotSet("next_step", READ_BACK)]


def mentions_council(text: str) -> bool:
    return bool(re.search(r"\b(council|postcode|local authority)\b", text, re.IGNORECASE))


def forget_council() -> list[EventType]:
    return [SlotSet(slot_names.COUNCIL_CODE, None), SlotSet("council_query", None), SlotSet("council_confirmed", None)]


class ActionOfferLetter(Action):
    def name(self) -> str:
        return "action_offer_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        council = tracker.get_slot(slot_names.COUNCIL_CODE)
        say(dispatcher, next_steps_message(council))
        return []


class ActionStopForNow(Action):
    def name(self) -> str:
        return "action_stop_for_now"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("stop_for_now"), [messages.button("button_carry_on", "/resume")])
        return []


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, messages.text("goodbye"))
        return []
