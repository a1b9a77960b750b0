"""The names that cross a process boundary, in one place.

Four processes talk to each other: the widget and the gateway (JSON over HTTPS), the gateway and Rasa (REST,
the tracker API), Rasa and the action server (custom actions), Rasa and the gateway and the understanding
service (`/model/parse`, `/analyse`). Rasa itself runs no code of ours, so it reads these names from
`domain.yml` and `data/rules/`; tests/test_contract.py checks those files against this module.

    Intent     intents the understanding service predicts and Rasa's rules branch on
    payload()  a button's payload: Rasa's `/intent{"entity": "value"}` shorthand
    Slot       slots the actions set and the gateway reads from Rasa's tracker (checklist and detail keys
               are slots too: bot.conversation.checklist.ALL_KEYS, bot.conversation.details.KEYS)
    Entity     entities in a parse or a payload
    Form       Rasa forms (the gateway reads the active one from the tracker)
    Step       values of the `next_step` slot the journey rules branch on
    Meta       keys of a user message's metadata, set by the gateway and read by the actions
    Analyse    the understanding service's `/analyse` request and reply
    neutralise() / restore()   the guard that keeps typed text from acting as a payload
"""

from __future__ import annotations

import json


class Intent:
    GREET = "greet"
    AFFIRM = "affirm"
    DENY = "deny"
    ANSWER = "answer"  # a message that reads as an answer (a story) rather than a request
    NLU_FALLBACK = "nlu_fallback"
    START_CHECKLIST = "start_checklist"
    ASK_QUESTION = "ask_question"
    RESUME = "resume"  # carry on from wherever the parent was
    SKIP = "skip"
    DONT_KNOW = "dont_know"
    ASK_WHY = "ask_why"
    GO_BACK = "go_back"
    CHANGE_ANSWER = "change_answer"
    KEEP_ANSWER = "keep_answer"
    REUSE_ANSWER = "reuse_answer"
    STOP_FOR_NOW = "stop_for_now"
    CONFIRM_ANSWERS = "confirm_answers"
    CHOOSE_COUNCIL = "choose_council"
    ASK_WHAT_SHOULD_I_DO = "ask_what_should_i_do"
    # Sent only by the gateway (never predicted): an urgent message outside a form, whose words are not kept.
    URGENT_DANGER = "urgent_danger"
    FAQ_PREFIX = "faq_"  # one intent per topic in content/topics/: faq_<topic id>

    @staticmethod
    def faq(topic_id: str) -> str:
        return Intent.FAQ_PREFIX + topic_id

    @staticmethod
    def is_faq(intent: str | None) -> bool:
        return bool(intent) and str(intent).startswith(Intent.FAQ_PREFIX)


def payload(intent: str, **entities: str) -> str:
    """A button's payload: `/intent`, or `/intent{"entity": "value"}`."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def is_payload(text: str) -> bool:
    """Rasa reads a message starting with "/" as an intent (only a button's payload gets that far)."""
    return text.startswith("/")


class Slot:
    REQUESTED = "requested_slot"  # Rasa's own: the question a form is asking
    NEXT_STEP = "next_step"  # one of Step: the journey rules branch on it
    COUNCIL_CODE = "council_code"  # the council directory's key for the parent's council
    COUNCIL_QUERY = "council_query"  # what the parent typed to find their council (or SKIPPED)
    COUNCIL_CONFIRMED = "council_confirmed"  # "yes" once the parent agreed the council found is theirs
    COUNCIL_POSTCODE = "council_postcode"  # the full postcode the council look-up was given, if any
    CONSENT_TO_CONTACT = "consent_to_contact"  # "yes" or "no": may the council contact the people named?
    CONSENT_NAMES = "consent_names"  # the professionals and services the parent agreed may be contacted
    CHECKLIST_CONFIRMED = "checklist_confirmed"  # true once the parent has checked the read-back
    CORRECTING = "correcting"  # the key being corrected, so its question can show the old answer
    PREVIOUS_ANSWER = "previous_answer"  # that old answer, shown while correcting
    REUSE_OFFER = "reuse_offer"  # {key: sentence}: earlier words that may also answer a later question
    DETAILS_WANTED = "details_wanted"  # "yes" once the parent chose to add details, "no" to skip them all
    DETAILS_PENDING = "details_pending"  # {"key", "text"}: words that failed a check, kept if the parent says so
    SAFETY_CONCERNS = "safety_concerns"  # kinds of harm the safety decision saw anywhere in the conversation
    MISUNDERSTOOD_IN_A_ROW = "misunderstood_in_a_row"  # the fallback's count


class Entity:
    CHANGE_KEY = "change_key"  # which answer a "change" button means (a checklist key, or "council")
    COUNCIL_CODE = "council_code"  # the council a candidate button chooses
    STORY = "story"  # the story part of a message that also asks a question (bot/understanding/parse.py)


class Form:
    CHECKLIST = "checklist_form"
    COUNCIL = "council_form"
    CONSENT = "consent_form"
    DETAILS = "details_form"
    # Forms whose requested slot is a question the API reports as `asking`.
    ASKING = (CHECKLIST, DETAILS)


class Step:
    CHECKLIST = "checklist"
    COUNCIL = "council"
    READ_BACK = "read_back"
    CONSENT = "consent"
    DETAILS = "details"
    LETTER = "letter"


class Meta:
    URGENT = "urgent"  # true: the gateway's safety decision escalated this message and has sent the crisis reply
    SAFETY = "safety"  # the safety decision (SafetyDecision.as_dict()) when it saw any concern
    TURN_ID = "turn_id"  # a random mark (no text) so the gateway can tell its own turn in Rasa's store


# The kinds of danger the category classifier names (data/safety), which pick the helplines and are kept in
# the safety_concerns slot that early-help advice reads.
SAFETY_CATEGORIES = (
    "violence",
    "weapon",
    "suicide",
    "self_harm",
    "overdose",
    "medical",
    "missing",
    "sexual_abuse",
    "domestic_abuse",
    "parent_fear",
    "neglect",
    "forced_marriage_fgm",
    "exploitation",
)


class Analyse:
    PATH = "/analyse"
    TEXT = "text"
    IN_CHECKLIST = "in_checklist"
    SAFETY = "safety"  # the reply: {"safety": SafetyDecision.as_dict()}


# Typed text is never a payload. The gateway marks any typed text starting with "/" with an invisible word
# joiner (which Rasa does not strip), and the actions remove it again before keeping the parent's words.
GUARD = "\u2060"  # WORD JOINER: invisible, and not whitespace, so Rasa's strip() keeps it


def neutralise(text: str) -> str:
    return GUARD + text if text.lstrip().startswith("/") else text


def restore(text: str) -> str:
    return text[len(GUARD) :] if text.startswith(GUARD) else text
