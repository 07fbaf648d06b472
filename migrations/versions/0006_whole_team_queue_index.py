"""whole-team queue index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 10:26:11.374170
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_open_next_due",
            ["next_due_on", "id"],
            unique=False,
            sqlite_where=sa.text("is_open"),
            postgresql_where=sa.text("is_open"),
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_cases_open_next_due", sqlite_where=sa.text("is_open"), postgresql_where=sa.text("is_open")
        )
