"""Rasa custom actions. They call the domain modules in bot/ and never the gateway.

rasa_sdk registers every concrete Action subclass found in these modules.
"""

import bot.run.lean  # noqa: F401  (before anything imports spaCy)
from actions import checklist_form, consent_form, council_form, details_form, journey, questions, stories  # noqa: F401
