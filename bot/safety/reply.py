"""The emergency reply: what the bot sends first when someone may be in danger now.

999 at the very top; then what to do for this kind of danger; then the helplines that must come before the
council for this danger (`before_council`: for suicide and self-harm NHS 111's mental health option, Samaritans
and Childline; for domestic abuse the National Domestic Abuse Helpline), because a person at risk needs them
sooner than a duty desk; then the council (children's services now, or the out-of-hours Emergency Duty Team)
from the council directory, or how to find it; then the other helplines; then a button to carry on with every
answer kept. All wording and numbers: content/safety/helplines.yml.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from bot.content import ContentError, load_yaml, require_keys
from bot.councils import contact_lines, get_council

CONTENT = "safety/helplines.yml"
# Council contact kinds for an emergency, in order: children's services now, then out of hours.
COUNCIL_KINDS = ("front_door_phone", "out_of_hours_phone")


def _content() -> dict:
    data = load_yaml(CONTENT)
    if not isinstance(data, dict):
        raise ContentError(f"{CONTENT}: expected a mapping")
    require_keys(CONTENT, data, ("helplines", "categories", "council", "carry_on", "default_helplines"))
    for name, line in data["helplines"].items():
        require_keys(f"{CONTENT} helplines.{name}", line, ("text", "number", "source"))
        if "shown_source" in line and not isinstance(line.get("last_checked"), dt.date):
            raise ContentError(f"{CONTENT} helplines.{name}: a re-check number needs last_checked (YYYY-MM-DD)")
    if "emergency" not in data["helplines"]:
        raise ContentError(f"{CONTENT}: helplines.emergency (999) is required")
    for name, category in data["categories"].items():
        require_keys(f"{CONTENT} categories.{name}", category, ("first", "first_source", "helplines"))
        named = set(category["helplines"]) | set(category.get("before_council") or ())
        unknown = named - set(data["helplines"])
        if unknown:
            raise ContentError(f"{CONTENT} categories.{name}: unknown helplines {sorted(unknown)}")
    require_keys(f"{CONTENT} carry_on", data["carry_on"], ("text", "button", "payload"))
    require_keys(f"{CONTENT} council", data["council"], ("intro", "unknown"))
    return data


def _helpline_text(line: dict) -> str:
    text = line["text"]
    if line.get("shown_source"):
        day: dt.date = line["last_checked"]
        text += " (" + line["shown_source"].format(date=f"{day.day} {day:%B %Y}") + ")"
    return text


def _council_lines(council: Any, content: dict) -> list[str]:
    """The council's emergency contacts via bot.councils, or how to find them.

    `council` may be a Council from bot.councils, a directory/GSS code, or None. Anything that goes wrong
    here (a broken directory file, an unknown code) falls back to the how-to-find lines: the emergency reply must
    always be sent.
    """
    wording = content["council"]
    try:
        if isinstance(council, str):
            council = get_council(council.strip()) if council.strip() else None
        if council is not None and any(council.contacts_of(kind) for kind in COUNCIL_KINDS):
            return [wording["intro"], *contact_lines(council, COUNCIL_KINDS)]
    except Exception:  # noqa: BLE001 -- the emergency reply must never fail because of the directory
        pass
    return list(wording["unknown"])


def _message(lines: list[str], buttons: list[dict] | None = None) -> dict:
    return {"text": "\n".join(line for line in lines if line), "buttons": buttons or []}


# Last resort if content/safety/helplines.yml is broken: a bad edit must never silence the emergency reply.
# (999 and the resume payload are the only facts in it; the start-up check in warm_up() should catch the edit.)
_FALLBACK = [
    {"text": "If anyone is in danger right now, call 999.", "buttons": []},
    {"text": "When you're safe, we can carry on.", "buttons": [{"title": "Carry on", "payload": "/resume"}]},
]


def check_content() -> None:
    """Raise ContentError now (at start-up) if helplines.yml is broken."""
    _content()


def emergency_reply(
    categories: tuple[str, ...] | list[str] = (), council: Any = None, *, carry_on: bool = True
) -> list[dict]:
    """Messages to send, in order: [{"text": ..., "buttons": [{"title", "payload"}]}, ...].

    categories: from ScreenResult.categories (most relevant first); may be empty.
    council: a bot.councils Council, a council code, or None when not known yet.
    carry_on: end with the "I'm safe – carry on" button (/resume); pass False when the dialogue engine's own
    follow-up already offers to carry on, so the parent never sees two such buttons.
    """
    try:
        content = _content()
    except ContentError:
        fallback = [dict(message, buttons=list(message["buttons"])) for message in _FALLBACK]
        return fallback if carry_on else fallback[:1]
    helplines = content["helplines"]
    known = [c for c in categories if c in content["categories"]]

    first = [helplines["emergency"]["text"]]
    for category in known[:2]:
        line = content["categories"][category]["first"]
        if line not in first:
            first.append(line)

    urgent: list[str] = []
    for category in known:
        urgent += [name for name in content["categories"][category].get("before_council") or () if name not in urgent]
    wanted: list[str] = []
    for category in known or [None]:
        names = content["categories"][category]["helplines"] if category else content["default_helplines"]
        wanted += [name for name in names if name not in wanted and name not in urgent]

    messages = [_message(first)]
    if urgent:
        heading = content.get("urgent_helplines_heading", content.get("helplines_heading", ""))
        messages.append(_message([heading] + [_helpline_text(helplines[n]) for n in urgent]))
    messages.append(_message(_council_lines(council, content)))
    if wanted:
        heading = content.get("helplines_heading", "")
        messages.append(_message([heading] + [_helpline_text(helplines[n]) for n in wanted]))
    if carry_on:
        wording = content["carry_on"]
        messages.append(_message([wording["text"]], [{"title": wording["button"], "payload": wording["payload"]}]))
    return messages


_CHECK_FALLBACK = {"text": "If anyone is in danger right now, call 999.\nIs anyone in danger right now?",
                   "yes": "Yes, someone is in danger now", "no": "No, carry on"}


def safety_check_wording() -> dict:
    """The "Is anyone in danger right now?" message and its two buttons (content/safety/helplines.yml `check`)."""
    try:
        wording = _content().get("check") or {}
    except ContentError:
        wording = {}
    return {key: wording.get(key) or default for key, default in _CHECK_FALLBACK.items()}
