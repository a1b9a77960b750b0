"""The gateway's record of each conversation (bot/gateway/store.py).

Databases made before migrations existed already have the table, perhaps without the columns added
since; this migration adopts them as they are and adds what is missing (it replaces the hand-written
ALTER TABLEs the store used to run).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLE = "ready_to_ask_conversations"


def later_columns() -> list[sa.Column]:
    """Columns added after the first version (all nullable), fresh objects each time they are used."""
    return [
        sa.Column("council_code", sa.String(32), nullable=True),
        sa.Column("active_form", sa.String(64), nullable=True),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(TABLE):
        op.create_table(
            TABLE,
            sa.Column("conversation_id", sa.String(64), primary_key=True),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("last_seen_at", sa.Float, nullable=False),
            sa.Column("offered_payloads", sa.Text, nullable=False, server_default="[]"),
            *later_columns(),
        )
        op.create_index(f"ix_{TABLE}_last_seen_at", TABLE, ["last_seen_at"])
        return
    existing = {column["name"] for column in inspector.get_columns(TABLE)}
    for column in later_columns():
        if column.name not in existing:
            op.add_column(TABLE, column)


def downgrade() -> None:
    op.drop_table(TABLE)
