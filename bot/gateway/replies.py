"""Turning Rasa's REST replies into the public API's messages, and reading the markers actions send."""
from __future__ import annotations

from dataclasses import dataclass, field

MARKER_KEY = "ready_to_ask"  # see actions/conversation.py: signal()


@dataclass
class BotReply:
    messages: list[dict] = field(default_factory=list)
    markers: set[str] = field(default_factory=set)


def from_rasa(raw_messages: list[dict]) -> BotReply:
    reply = BotReply()
    for raw in raw_messages:
        custom = raw.get("custom")
        if isinstance(custom, dict) and MARKER_KEY in custom:
            reply.markers.add(str(custom[MARKER_KEY]))
            continue
        text = raw.get("text")
        buttons = [
            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in raw.get("buttons") or []
        ]
        if text or buttons:
            reply.messages.append({"text": text or "", "buttons": buttons})
    return reply


def offered_payloads(messages: list[dict]) -> list[str]:
    return [button["payload"] for message in messages for button in message.get("buttons", [])]
