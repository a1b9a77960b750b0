"""Replies used both inside the checklist and outside it: side questions, "why?", early help, urgent."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import flagged_urgent, say, signal
from bot import messages
from bot.checklist import questions
from bot.early_help_advice import advice_for_slots
from bot.topics import topic_for_intent


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
    elif kind == "ask_what_should_i_do":
        give_early_help_advice(dispatcher, tracker)
        say(dispatcher, messages.text("back_to_question"))
    elif kind == "stop_for_now":
        say(dispatcher, messages.text("stop_for_now"))
    else:
        return False
    return True


def explain_why(dispatcher: CollectingDispatcher, key: str) -> None:
    say(dispatcher, messages.text("why_intro", why=questions()[key].why))


def give_early_help_advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    say(dispatcher, advice_for_slots(tracker.current_slot_values()))


def urgent_followup(dispatcher: CollectingDispatcher, in_form: bool) -> None:
    """The gateway turns the signal into emergency contacts, first, before anything said here."""
    signal(dispatcher, "urgent")
    if in_form:
        say(dispatcher, messages.text("urgent_followup_in_form"))
    else:
        say(dispatcher, messages.text("urgent_followup"), [messages.button("button_safe_carry_on", "/resume")])


def follow_up_if_urgent(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Inside a form: the gateway escalated this message, so say its words are kept before carrying on."""
    if flagged_urgent(tracker):
        urgent_followup(dispatcher, in_form=True)
