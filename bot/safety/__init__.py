"""Safety first: spot a message that suggests someone may be in danger now, and answer with emergency help.

Pure domain code (no HTTP). The gateway calls `screen()` on every message before the dialogue engine sees it,
`should_escalate()` to decide, and `emergency_reply()` for what to send. Word lists and helpline wording live in
content/safety/ so they can be edited without touching code.
"""
from bot.safety.policy import combine, nlu_from_parse, should_escalate
from bot.safety.reply import emergency_reply
from bot.safety.screen import Hit, ScreenResult, screen, warm_up

__all__ = ["combine", "nlu_from_parse", "Hit", "ScreenResult", "emergency_reply", "screen", "should_escalate", "warm_up"]
