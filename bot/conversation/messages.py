"""The bot's own wording from content/messages.yml, by name."""

from __future__ import annotations

from functools import lru_cache

from bot.content import ContentError, load_yaml


@lru_cache(maxsize=1)
def _messages() -> dict[str, str]:
    messages = load_yaml("messages.yml")
    if not isinstance(messages, dict):
        raise ContentError("messages.yml must be a mapping of message names to texts")
    return messages


def text(name: str, **values: str) -> str:
    """The message called `name`, with {placeholders} filled in."""
    try:
        template = _messages()[name]
    except KeyError as error:
        raise ContentError(f"messages.yml has no message called {name!r}") from error
    return template.format(**values) if values else template


def button(name: str, payload: str) -> dict[str, str]:
    return {"title": text(name), "payload": payload}
