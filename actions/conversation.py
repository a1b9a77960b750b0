"""What every action shares: readers over a rasa_sdk Tracker, and replies said both inside a form and outside one
(side questions, "why do you ask?", early-help advice). The crisis reply is not here: the gateway sends it."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.contract import Intent, Meta, is_payload, restore
from bot.conversation import messages
from bot.conversation.checklist import questions
from bot.early_help import advice_for_slots
from bot.topics import topic_for_intent


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    """The parent's words exactly as typed (without the gateway's guard against `/intent` shorthand)."""
    return restore(tracker.latest_message.get("text") or "")


def flagged_urgent(tracker: Tracker) -> bool:
    """The gateway's safety decision escalated this message and has already sent the crisis reply."""
    return bool((tracker.latest_message.get("metadata") or {}).get(Meta.URGENT))


def came_from_button(tracker: Tracker) -> bool:
    return is_payload(tracker.latest_message.get("text") or "")


def entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def say(dispatcher: CollectingDispatcher, text: str, buttons: list[dict] | None = None) -> None:
    dispatcher.utter_message(text=text, buttons=buttons or [])


def ask_actions(base: type, keys, module_globals: dict, class_prefix: str) -> list[type]:
    """One `action_ask_<key>` class per key, made from `base` (which reads `self.key`) and put in the calling
    module's namespace: the action server's worker processes find classes by name."""

    def name(self) -> str:
        return f"action_ask_{self.key}"

    made = []
    for key in keys:
        action = type(
            f"{class_prefix}_{key}", (base,), {"key": key, "name": name, "__module__": module_globals["__name__"]}
        )
        module_globals[action.__name__] = action
        made.append(action)
    return made


# ----- replies used both inside a form and outside one ------------------------------------------------------


def answer_side_question(dispatcher: CollectingDispatcher, intent: str) -> bool:
    """Answers a worry from content/topics; False when the intent names no topic."""
    topic = topic_for_intent(intent)
    if topic is None:
        return False
    say(dispatcher, topic.answer)
    return True


def answer_aside(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, topic_intent: str | None) -> bool:
    """Inside a form: a side question, "what should I do?" or "stop for now", answered before the same
    question is asked again. False when `kind` is none of these."""
    if kind == "faq" and topic_intent:
        answer_side_question(dispatcher, topic_intent)
        say(dispatcher, messages.text("back_to_question"))
    elif kind == Intent.ASK_WHAT_SHOULD_I_DO:
        give_early_help_advice(dispatcher, tracker)
        say(dispatcher, messages.text("back_to_question"))
    elif kind == Intent.STOP_FOR_NOW:
        say(dispatcher, messages.text("stop_for_now"))
    else:
        return False
    return True


def explain_why(dispatcher: CollectingDispatcher, key: str) -> None:
    say(dispatcher, messages.text("why_intro", why=questions()[key].why))


def give_early_help_advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    say(dispatcher, advice_for_slots(tracker.current_slot_values()))
