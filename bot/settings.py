"""Configuration from environment variables, read in one place with safe defaults.

A deployment is a list of variables (see README "Configuration"), never a code change.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from bot.paths import ROOT


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _list(name: str, default: str = "") -> tuple[str, ...]:
    return tuple(item.strip() for item in os.environ.get(name, default).split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: os.environ.get("RTA_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _int("RTA_PORT", 8000))
    rasa_url: str = field(default_factory=lambda: os.environ.get("RTA_RASA_URL", "http://127.0.0.1:5005"))
    rasa_token: str = field(default_factory=lambda: os.environ.get("RTA_RASA_TOKEN", ""))
    rasa_timeout_seconds: float = field(default_factory=lambda: float(os.environ.get("RTA_RASA_TIMEOUT", "30")))
    # This gateway process's name, the same after a restart and never shared by two running gateways: the
    # pod's host name in Kubernetes, set per gateway by the launcher. A restarted gateway frees the turn
    # locks its predecessor held under this name (bot/gateway/turn_locks.py).
    instance: str = field(default_factory=lambda: os.environ.get("RTA_INSTANCE") or socket.gethostname())
    # The same endpoints file Rasa runs with: the gateway reads its tracker store settings from it.
    endpoints_file: Path = field(default_factory=lambda: Path(os.environ.get("RTA_ENDPOINTS", ROOT / "endpoints.yml")))
    max_message_chars: int = field(default_factory=lambda: _int("RTA_MAX_MESSAGE_CHARS", 5000))
    # Conversations untouched for this long are deleted with every answer in them.
    retention_hours: int = field(default_factory=lambda: _int("RTA_RETENTION_HOURS", 72))
    cors_origins: tuple[str, ...] = field(default_factory=lambda: _list("RTA_CORS_ORIGINS"))
    # Sites allowed to frame the gateway's pages (CSP frame-ancestors); none by default.
    frame_ancestors: tuple[str, ...] = field(default_factory=lambda: _list("RTA_FRAME_ANCESTORS"))
    # A council deployment presets its own council; a charity leaves it empty and uses the look-up.
    default_council: str = field(default_factory=lambda: os.environ.get("RTA_DEFAULT_COUNCIL", ""))
    # Per client address (the `limits` library's notation; ";" separates several windows). A helpline office
    # behind one address starts many conversations, so the defaults stop floods, not busy teams.
    rate_limit_conversations: str = field(
        default_factory=lambda: os.environ.get("RTA_RATE_LIMIT_CONVERSATIONS", "30/minute;600/hour")
    )
    rate_limit_messages: str = field(default_factory=lambda: os.environ.get("RTA_RATE_LIMIT_MESSAGES", "240/minute"))
    # The helpline staff console (/staff). Cookies are Secure unless this is "false" (plain http off loopback).
    staff_cookie_secure: bool = field(
        default_factory=lambda: os.environ.get("RTA_STAFF_COOKIE_SECURE", "true").lower() != "false"
    )
    staff_idle_minutes: int = field(default_factory=lambda: _int("RTA_STAFF_IDLE_MINUTES", 30))
    staff_session_hours: int = field(default_factory=lambda: _int("RTA_STAFF_SESSION_HOURS", 10))
    # Where sign-in and code-guessing counts are kept: per process by default, "redis://host:port" for replicas.
    rate_limit_storage: str = field(default_factory=lambda: os.environ.get("RTA_RATE_LIMIT_STORAGE", "memory://"))


def load_settings() -> Settings:
    return Settings()
