"""Safety first: spot a message that suggests someone may be in danger now, and answer with emergency help.

Pure domain code (no HTTP). The gateway calls `screen()` on every message before the dialogue engine sees it,
`should_escalate()` to decide, and `emergency_reply()` for what to send. Word lists and helpline wording live in
content/safety/ so they can be edited without touching code.
"""
from bot.safety.policy import combine, nlu_from_parse, should_escalate
from bot.safety.reply import check_content, emergency_reply
from bot.safety.screen import NONE, POSSIBLE, URGENT, Hit, ScreenResult, screen
from bot.safety.screen import warm_up as _warm_up_screen


def warm_up() -> None:
    """Call once at start-up: builds the spaCy pipeline and checks content/safety/ (raises ContentError)."""
    _warm_up_screen()
    check_content()


__all__ = [
    "NONE", "POSSIBLE", "URGENT", "Hit", "ScreenResult", "check_content", "combine", "emergency_reply",
    "nlu_from_parse", "screen", "should_escalate", "warm_up",
]
