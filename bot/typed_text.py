"""Keeps typed text from being read as Rasa's `/intent{...}` shorthand.

Rasa treats a message starting with "/" as an intent and slots to set. Only payloads of buttons the bot
offered may do that, so the gateway marks any other text starting with "/" with an invisible word joiner
(which Rasa does not strip) and the actions remove it again before storing the parent's words.
"""

GUARD = "\u2060"  # WORD JOINER: invisible, and not whitespace, so Rasa's strip() keeps it


def neutralise(text: str) -> str:
    return GUARD + text if text.lstrip().startswith("/") else text


def restore(text: str) -> str:
    return text[len(GUARD):] if text.startswith(GUARD) else text
