"""The helpline staff console: accounts, sessions, calls, private notes, hand-over codes, one-time letter
links and the audit trail (bot/staff/models.py).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("auth_provider", sa.String(32), nullable=False, server_default="password"),
        sa.Column("external_subject", sa.String(255), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Float, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_sign_in_at", sa.Float, nullable=True),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_seen_at", sa.Float, nullable=False),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])
    op.create_table(
        "staff_calls",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff_accounts.id"), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float, nullable=True),
        sa.Column("urgent_at", sa.Float, nullable=True),
    )
    op.create_index("ix_staff_calls_conversation_id", "staff_calls", ["conversation_id"])
    op.create_index("ix_staff_calls_staff_id", "staff_calls", ["staff_id"])
    op.create_table(
        "staff_call_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("call_id", sa.String(32), sa.ForeignKey("staff_calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff_accounts.id"), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_staff_call_notes_call_id", "staff_call_notes", ["call_id"])
    op.create_table(
        "handover_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=True),
        sa.Column("wrong_guesses", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_handover_codes_code_hash", "handover_codes", ["code_hash"])
    op.create_index("ix_handover_codes_conversation_id", "handover_codes", ["conversation_id"])
    op.create_table(
        "letter_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("call_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=True),
    )
    op.create_index("ix_letter_links_conversation_id", "letter_links", ["conversation_id"])
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("staff_email", sa.String(254), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("call_id", sa.String(32), nullable=True),
        sa.Column("conversation_ref", sa.String(16), nullable=True),
        sa.Column("detail", sa.String(64), nullable=True),
    )
    op.create_index("ix_staff_audit_at", "staff_audit", ["at"])


def downgrade() -> None:
    for table in (
        "staff_audit",
        "letter_links",
        "handover_codes",
        "staff_call_notes",
        "staff_calls",
        "staff_sessions",
        "staff_accounts",
    ):
        op.drop_table(table)
