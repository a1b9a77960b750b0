"""A first message that tells the story, and requests that are not for this service.

A parent's first words are never dropped: a message that describes what is happening (or the story part
of one that also asks a question) becomes the answer to "What is happening?" when that is still unanswered,
with a one-line acknowledgement, and any later question it answers is offered back when it comes up.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import entity, latest_intent, latest_text, say
from bot.contract import Entity, Intent, Slot, payload
from bot.conversation import messages
from bot.conversation.checklist import REQUIRED_KEYS, later_answers_in, questions

FIRST_KEY = "problems"
CARRY_ON = payload(Intent.RESUME)


def keep_story(
    dispatcher: CollectingDispatcher, tracker: Tracker, story: str, whole_message: bool = False
) -> list[EventType]:
    """Keeps `story` as the first checklist answer if it is still unanswered; [] otherwise.

    whole_message: the message is all story (not the story part of a question), so once the first answer is
    in it is kept as the answer to the next unanswered question instead: words typed outside the form are
    never dropped.
    """
    story = story.strip()
    slots = tracker.current_slot_values()
    unanswered = [key for key in REQUIRED_KEYS if slots.get(key) in (None, "")]
    if not story or not unanswered or (unanswered[0] != FIRST_KEY and not whole_message):
        return []
    key = unanswered[0]
    if key == FIRST_KEY:
        say(dispatcher, messages.text("story_kept"))
    else:
        say(dispatcher, messages.text("answer_kept", heading=questions()[key].heading))
    offer = dict(tracker.get_slot(Slot.REUSE_OFFER) or {})
    offer.pop(key, None)
    for later, sentence in later_answers_in(story, key, slots).items():
        offer.setdefault(later, sentence)
    return [SlotSet(key, story), SlotSet(Slot.REUSE_OFFER, offer or None)]


def story_in(tracker: Tracker) -> str | None:
    """The story part of the latest message: the whole message when it is an answer, else the entity."""
    intent, _ = latest_intent(tracker)
    if intent == Intent.ANSWER:
        return latest_text(tracker)
    return entity(tracker, Entity.STORY)


class ActionTakeStory(Action):
    def name(self) -> str:
        return "action_take_story"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        return keep_story(dispatcher, tracker, story_in(tracker) or "", whole_message=intent == Intent.ANSWER)


class ActionOutOfScope(Action):
    """A kind pointer elsewhere (an adult's care, housing alone), then back to where the parent was."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        say(dispatcher, messages.text(intent or "out_of_scope_adult_care"))
        say(dispatcher, messages.text("after_answer"), [messages.button("button_carry_on", CARRY_ON)])
        return []
