"""Statuses checked by the database itself, and suggestions indexed by date (the per-session count
reads the last day's suggestions of one session).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite adds a constraint by copying the table, rows included.
    with op.batch_alter_table("offers") as batch:
        batch.create_check_constraint("ck_offers_status", "status IN ('published', 'unpublished', 'deleted')")
    with op.batch_alter_table("suggestions") as batch:
        batch.create_check_constraint("ck_suggestions_status", "status IN ('pending', 'accepted', 'rejected')")
        batch.create_index("ix_suggestions_submitted_at", ["submitted_at"])


def downgrade() -> None:
    with op.batch_alter_table("suggestions") as batch:
        batch.drop_index("ix_suggestions_submitted_at")
        batch.drop_constraint("ck_suggestions_status", type_="check")
    with op.batch_alter_table("offers") as batch:
        batch.drop_constraint("ck_offers_status", type_="check")
