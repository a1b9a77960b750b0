"""The conversation so far, for the console, from the dialogue engine's events: who said what, in order.

A button pressed shows as the button's title. A message the safety screen sent on as an urgent signal (the
caller's words then never reach the engine) shows as a fixed line, not as words.
"""

from __future__ import annotations

from bot.contract import Intent, is_payload, payload, restore

URGENT_SIGNAL = payload(Intent.URGENT_DANGER)  # what the gateway sends Rasa for an urgent message outside a form
HIDDEN = (payload(Intent.GREET),)  # the greeting every conversation starts with


def transcript(events: list[dict]) -> list[dict]:
    lines: list[dict] = []
    offered: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            text = event.get("text")
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                offered = {str(b.get("payload")): str(b.get("title")) for b in buttons}
            if text:
                lines.append({"who": "bot", "text": str(text)})
        elif kind == "user":
            text = str(event.get("text") or "")
            if not text or text in HIDDEN:
                continue
            if text == URGENT_SIGNAL:
                lines.append(
                    {"who": "caller", "text": "(A message the safety screen found urgent. Its words are not kept.)"}
                )
            elif is_payload(text):
                lines.append({"who": "caller", "text": offered.get(text, "(Chose one of the bot's buttons.)")})
            else:
                lines.append({"who": "caller", "text": restore(text)})
    return lines
