"""Messages held back while the parent answers "Is anyone in danger right now?", or while the dialogue
engine is down after an emergency reply: delivered to Rasa once answered or once it is back, then deleted.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ready_to_ask_held_messages",
        sa.Column("conversation_id", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),  # "check" or "engine_down"
        sa.Column("safety", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ready_to_ask_held_messages")
