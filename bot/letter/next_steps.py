"""What the bot says when the checklist ends: the letter is ready, and what to do with it.

The council's numbers come from the directory with their status: a number we have not confirmed says so,
with where we found it, so a parent is never sent to a dead line without a way to check.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.councils import Contact
from bot.dates import long_date
from bot.letter.council import as_letter_council
from bot.letter.wording import next_steps_wording


def _source_name(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _contact_line(template: str, contact: Contact, words: dict, website: str | None) -> str:
    line = template.format(value=contact.value)
    checked = long_date(contact.last_checked) if contact.last_checked else None
    if contact.verified:
        return f"{line} {words['verified'].format(date=checked)}" if checked else line
    source = _source_name(contact.source_url) or _source_name(website) or "a public web page"
    date_part = " " + words["unverified_date_part"].format(date=checked) if checked else ""
    return f"{line} {words['unverified'].format(source=source, date_part=date_part)}"


def next_steps_message(council: Any = None, letter_url: str | None = None, offer: bool = True) -> str:
    """The message to send after the checklist.

    `council` may be a LetterCouncil, a council directory record, a directory code, or None when the council is
    not known. `letter_url` is the preview page's address (/letter/<conversation id>) when the channel shows links.
    `offer=False` leaves out the opening "Your letter is ready" when the conversation has already said so.
    """
    words = {key: str(value).strip() for key, value in next_steps_wording().items() if key != "sources"}
    council = as_letter_council(council)

    ready = words["ready_with_link"].format(url=letter_url) if letter_url else words["ready"]
    if council is None:
        contact = [words["contact_unknown_council"]]
    else:
        contact = [words["contact_council"].format(council=council.name)]
        if council.front_door_phone:
            contact.append(_contact_line(words["phone"], council.front_door_phone, words, council.website))
        if council.email:
            contact.append(_contact_line(words["email"], council.email, words, council.website))
        if not (council.front_door_phone or council.email):
            contact.append(
                words["no_contacts"].format(website=council.website)
                if council.website
                else words["no_contacts_no_website"]
            )
        if council.out_of_hours_phone:
            contact.append(_contact_line(words["out_of_hours"], council.out_of_hours_phone, words, council.website))

    steps = [
        "\n".join(contact),
        words["keep_a_copy"],
        words["what_happens_next"],
        words["ask_in_writing"],
        words["diary"],
    ]
    numbered = "\n\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
    parts = [ready] if offer else []
    return "\n\n".join([*parts, words["what_to_do"] + "\n\n" + numbered, words["danger"]])
