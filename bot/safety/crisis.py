"""The crisis reply: everything the bot says when someone may be in danger now, and the check when it may be.

The gateway sends all of it (it knows whether a form is open), whatever state the dialogue engine is in:
- the emergency contacts: 999 at the very top; then what to do for this kind of danger; then the helplines that
  must come before the council for this danger (`before_council`: for suicide and self-harm NHS 111's mental
  health option, Samaritans and Childline; for domestic abuse the National Domestic Abuse Helpline), because a
  person at risk needs them sooner than a duty desk; then the council (children's services now, or the
  out-of-hours Emergency Duty Team) from the council directory, or how to find it; then the other helplines;
- then how to carry on, every word kept: inside a form the same question follows from the dialogue engine,
  otherwise (or when the engine is slow) the "I'm safe — carry on" button;
- for a possible danger, the check: "Is anyone in danger right now?" with two buttons the gateway answers itself.
All wording and numbers: content/safety/helplines.yml.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.content import ContentError, load_yaml, require_keys
from bot.contract import Intent, payload
from bot.councils import contact_lines, get_council
from bot.dates import long_date

CONTENT = "safety/helplines.yml"
# Council contact kinds for an emergency, in order: children's services now, then out of hours.
COUNCIL_KINDS = ("front_door_phone", "out_of_hours_phone")
# The kinds of message in the public API: the widget styles and announces them.
URGENT_KIND, CHECK_KIND = "urgent", "check"
# The gateway's own buttons for "Is anyone in danger right now?" (never sent to the dialogue engine).
CHECK_YES, CHECK_NO = "/safety_check_yes", "/safety_check_no"
# The carry-on button: the engine's `resume` intent picks up wherever the parent was.
CARRY_ON_PAYLOAD = payload(Intent.RESUME)
# Last resort if content/safety/helplines.yml is broken (the start-up check refuses to start with it broken):
# a bad edit must never silence 999. Any message the parent sends next carries on; nothing they wrote is lost.
LAST_RESORT = "If anyone is in danger right now, call 999."


def _content() -> dict:
    data = load_yaml(CONTENT)
    if not isinstance(data, dict):
        raise ContentError(f"{CONTENT}: expected a mapping")
    require_keys(CONTENT, data, ("helplines", "categories", "council", "carry_on", "default_helplines", "check"))
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
    require_keys(f"{CONTENT} carry_on", data["carry_on"], ("in_form", "outside_form", "button"))
    require_keys(f"{CONTENT} council", data["council"], ("intro", "unknown"))
    require_keys(f"{CONTENT} check", data["check"], ("text", "button_yes", "button_no"))
    return data


def _helpline_text(line: dict) -> str:
    text = line["text"]
    if line.get("shown_source"):
        text += " (" + line["shown_source"].format(date=long_date(line["last_checked"])) + ")"
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


def check_content() -> None:
    """Raise ContentError now (at start-up) if helplines.yml is broken."""
    _content()


def emergency_reply(categories: tuple[str, ...] | list[str] = (), council: Any = None) -> list[dict]:
    """The emergency contacts, in order: [{"text": ..., "buttons": []}, ...].

    categories: from the safety decision (most relevant first); may be empty.
    council: a bot.councils Council, a council code, or None when not known yet.
    """
    try:
        content = _content()
    except ContentError:
        return [_message([LAST_RESORT])]
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
    chosen: list[str | None] = [*known] if known else [None]
    for wanted_for in chosen:
        names = content["categories"][wanted_for]["helplines"] if wanted_for else content["default_helplines"]
        wanted += [name for name in names if name not in wanted and name not in urgent]

    messages = [_message(first)]
    if urgent:
        heading = content.get("urgent_helplines_heading", content.get("helplines_heading", ""))
        messages.append(_message([heading] + [_helpline_text(helplines[n]) for n in urgent]))
    messages.append(_message(_council_lines(council, content)))
    if wanted:
        heading = content.get("helplines_heading", "")
        messages.append(_message([heading] + [_helpline_text(helplines[n]) for n in wanted]))
    return messages


def carry_on(in_form: bool, question_follows: bool) -> list[dict]:
    """How to carry on after the emergency contacts, with every word kept.

    in_form: the parent's words answered the open question (and are kept as the answer).
    question_follows: the dialogue engine has answered and its next question comes right after, so no button.
    """
    try:
        wording = _content()["carry_on"]
    except ContentError:
        return []
    text = wording["in_form"] if in_form else wording["outside_form"]
    buttons = [] if question_follows else [{"title": wording["button"], "payload": CARRY_ON_PAYLOAD}]
    return [_message([text], buttons)]


def crisis_reply(
    categories: tuple[str, ...] | list[str] = (), council: Any = None, *, in_form: bool, question_follows: bool
) -> list[dict]:
    """The whole crisis reply as the gateway sends it: the emergency contacts (kind "urgent"), then how to carry on."""
    contacts = [{**message, "kind": URGENT_KIND} for message in emergency_reply(categories, council)]
    return contacts + carry_on(in_form, question_follows)


def typed_check_answer(text: str) -> str | None:
    """CHECK_YES or CHECK_NO when the parent typed their answer to the check instead of pressing a button."""
    try:
        wording = _content()["check"]
    except ContentError:
        return None
    said = " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())
    if said in {w.lower() for w in wording.get("typed_yes") or []}:
        return CHECK_YES
    if said in {w.lower() for w in wording.get("typed_no") or []}:
        return CHECK_NO
    return None


def check_reply() -> dict:
    """Possible danger: "Is anyone in danger right now?" (999 first) with its two buttons, kind "check"."""
    try:
        wording = _content()["check"]
    except ContentError:
        return {"text": LAST_RESORT, "kind": CHECK_KIND, "buttons": []}
    return {
        "text": wording["text"],
        "kind": CHECK_KIND,
        "buttons": [
            {"title": wording["button_yes"], "payload": CHECK_YES},
            {"title": wording["button_no"], "payload": CHECK_NO},
        ],
    }
