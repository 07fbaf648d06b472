"""plan review fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:58:33.349280
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "uq_cases_one_open_review",
            ["plan_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'review' AND is_open"),
            postgresql_where=sa.text("kind = 'review' AND is_open"),
        )

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cease_decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_review_meeting_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("amended_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("phase_transfer_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("phase_transfer_kind", sa.String(length=20), nullable=True))
        batch_op.drop_index(batch_op.f("ix_plans_next_review_due"))
        batch_op.create_index("ix_plans_status_next_review_due", ["status", "next_review_due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index("ix_plans_status_next_review_due")
        batch_op.create_index(batch_op.f("ix_plans_next_review_due"), ["next_review_due"], unique=False)
        batch_op.drop_column("phase_transfer_kind")
        batch_op.drop_column("phase_transfer_on")
        batch_op.drop_column("amended_on")
        batch_op.drop_column("last_review_meeting_on")
        batch_op.drop_column("cease_decided_on")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cases_one_open_review",
            sqlite_where=sa.text("kind = 'review' AND is_open"),
            postgresql_where=sa.text("kind = 'review' AND is_open"),
        )
