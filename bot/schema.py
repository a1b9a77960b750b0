"""The database's tables, brought up to date by the Alembic migrations in migrations/.

The gateway calls `upgrade(engine)` at start-up (so does `make staff-account`), in the same database as
Rasa's conversations: SQLite by default, PostgreSQL in production. Running it again is a no-op.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from bot.paths import ROOT

ALEMBIC_INI = ROOT / "alembic.ini"


def upgrade(engine: Engine) -> None:
    config = Config(str(ALEMBIC_INI))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several gateway processes may start at once: one migrates, the others wait, then find nothing to do.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4242017)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
