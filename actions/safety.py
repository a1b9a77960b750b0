"""Urgent danger outside a form. The gateway has already screened the message and puts emergency
contacts first; this keeps the conversation's place and offers to carry on."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import urgent_followup


class ActionUrgent(Action):
    def name(self) -> str:
        return "action_urgent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        urgent_followup(dispatcher, in_form=False)
        return []
