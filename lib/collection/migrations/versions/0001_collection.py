"""The collection: offers, suggestions waiting for review, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JsonType = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("row", JsonType, nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("submitted_at", Timestamp, nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("session_key", sa.String(64), nullable=False),
        sa.Column("reviewed_at", Timestamp, nullable=True),
        sa.Column("reviewed_by", sa.String(200), nullable=True),
        sa.Column("offer_id", sa.String(80), nullable=True),
    )
    op.create_index("ix_suggestions_status", "suggestions", ["status"])
    op.create_index("ix_suggestions_session_key", "suggestions", ["session_key"])
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("offer_id", sa.String(80), nullable=False, unique=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("row", JsonType, nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), sa.ForeignKey("suggestions.id"), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_offers_status", "offers", ["status"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("offer_id", sa.String(80), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("before", JsonType, nullable=True),
        sa.Column("after", JsonType, nullable=True),
    )
    op.create_index("ix_audit_log_offer_id", "audit_log", ["offer_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("offers")
    op.drop_table("suggestions")
