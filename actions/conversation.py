"""Small readers over a rasa_sdk Tracker shared by all actions."""
from __future__ import annotations

import json

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.typed_text import restore


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    """The parent's words exactly as typed (without the gateway's guard against `/intent` shorthand)."""
    return restore(tracker.latest_message.get("text") or "")


def flagged_urgent(tracker: Tracker) -> bool:
    """The gateway's safety screen escalated this message and has already sent emergency contacts."""
    return bool((tracker.latest_message.get("metadata") or {}).get("urgent"))


def came_from_button(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("text") or "").startswith("/")


def entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def say(dispatcher: CollectingDispatcher, text: str, buttons: list[dict] | None = None) -> None:
    dispatcher.utter_message(text=text, buttons=buttons or [])


def signal(dispatcher: CollectingDispatcher, kind: str) -> None:
    """A marker for the gateway (never shown): e.g. "urgent" makes it put emergency contacts first."""
    dispatcher.utter_message(json_message={"ready_to_ask": kind})


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def ask_actions(base: type, keys, module_globals: dict, class_prefix: str) -> list[type]:
    """One `action_ask_<key>` class per key, made from `base` (which reads `self.key`) and put in the calling
    module's namespace: the action server's worker processes find classes by name."""
    def name(self) -> str:
        return f"action_ask_{self.key}"

    made = []
    for key in keys:
        action = type(f"{class_prefix}_{key}", (base,),
                      {"key": key, "name": name, "__module__": module_globals["__name__"]})
        module_globals[action.__name__] = action
        made.append(action)
    return made
