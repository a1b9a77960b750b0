"""Alembic's entry point. The database is the one Rasa keeps conversations in (RTA_ENDPOINTS), unless
bot/schema.py hands over a connection it already has."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine


def run(connection) -> None:
    # Batch mode lets a later migration change a column on SQLite too (it copies the table).
    context.configure(connection=connection, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from bot.gateway.tracker_db import tracker_store_url
    from bot.settings import load_settings

    engine = create_engine(tracker_store_url(load_settings().endpoints_file))
    with engine.begin() as new_connection:
        run(new_connection)
    engine.dispose()
