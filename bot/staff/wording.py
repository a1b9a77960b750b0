"""The console's editable wording (content/staff/console.yml), validated when it loads."""

from __future__ import annotations

from functools import lru_cache

from bot.content import load_yaml, require_keys


@lru_cache(maxsize=1)
def console_wording() -> dict:
    words = load_yaml("staff/console.yml")
    require_keys("staff/console.yml", words, ("urgent", "letter_link"))
    require_keys("staff/console.yml urgent", words["urgent"], ("heading", "what_to_say", "numbers_heading"))
    require_keys("staff/console.yml letter_link", words["letter_link"], ("heading", "used"))
    return words
