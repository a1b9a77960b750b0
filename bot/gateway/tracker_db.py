"""The database Rasa keeps conversations in, read from the same endpoints file Rasa runs with.

One setting (RTA_ENDPOINTS) points both Rasa and the gateway at the same store, so deleting a
conversation or expiring old ones can never miss Rasa's copy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import yaml
from sqlalchemy.engine import URL

from bot.paths import ROOT

_ENV_VAR = re.compile(r"\$\{([^}:]+)\}")


def _expand(value: object) -> str:
    """Rasa's own rule: ${NAME} is replaced by the environment variable NAME."""
    return _ENV_VAR.sub(lambda match: os.environ.get(match.group(1), ""), str(value)) if value is not None else ""


def tracker_store_url(endpoints_file: Path) -> URL:
    config = yaml.safe_load(endpoints_file.read_text(encoding="utf-8")) or {}
    store = config.get("tracker_store") or {}
    if str(store.get("type", "")).upper() != "SQL":
        raise ValueError(f"{endpoints_file}: the tracker store must be Rasa's SQL tracker store")
    dialect = _expand(store.get("dialect", "sqlite"))
    if dialect == "sqlite":
        database = Path(_expand(store.get("db", "rasa.db")))
        return URL.create("sqlite", database=str(database if database.is_absolute() else ROOT / database))
    port = _expand(store.get("port"))
    return URL.create(
        "postgresql+psycopg2" if dialect.startswith("postgres") else dialect,
        username=_expand(store.get("username")) or None,
        password=_expand(store.get("password")) or None,
        host=_expand(store.get("url")) or None,
        port=int(port) if port else None,
        database=_expand(store.get("db")) or None,
    )


def lock_store_redis_url(endpoints_file: Path) -> str | None:
    """The Redis that Rasa's lock store uses (production), for the gateway's own turn locks and rate
    limits; None for the embedded default, where both stay in the gateway process."""
    config = yaml.safe_load(endpoints_file.read_text(encoding="utf-8")) or {}
    store = config.get("lock_store") or {}
    if str(store.get("type", "")).lower() != "redis":
        return None
    host = _expand(store.get("url")) or "127.0.0.1"
    port = _expand(store.get("port")) or "6379"
    db = _expand(store.get("db")) or "0"
    password = _expand(store.get("password"))
    auth = f":{quote(password, safe='')}@" if password else ""
    scheme = "rediss" if str(_expand(store.get("use_ssl"))).lower() == "true" else "redis"
    return f"{scheme}://{auth}{host}:{port}/{db}"


def action_server_url(endpoints_file: Path) -> str | None:
    """The action server's base URL (its webhook without /webhook), for its health check."""
    config = yaml.safe_load(endpoints_file.read_text(encoding="utf-8")) or {}
    url = _expand((config.get("action_endpoint") or {}).get("url"))
    return url.removesuffix("/webhook") if url else None
