"""the child's voice: actions agreed at a review and followed up at the next

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

Each action agreed at an annual review meeting, and what the child's next review meeting recorded
about it (done, partly, not done, or nothing).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("agreed_case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("followed_up_case_id", sa.Integer(), nullable=True),
        sa.Column("followed_up_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["agreed_case_id"], ["cases.id"], name=op.f("fk_review_actions_agreed_case_id_cases")),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_review_actions_child_id_children")),
        sa.ForeignKeyConstraint(
            ["followed_up_case_id"], ["cases.id"], name=op.f("fk_review_actions_followed_up_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
        sa.UniqueConstraint("agreed_case_id", "position", name=op.f("uq_review_actions_agreed_case_id_position")),
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_actions_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_actions_followed_up_on"), ["followed_up_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_followed_up_on"))
        batch_op.drop_index(batch_op.f("ix_review_actions_child_id"))
    op.drop_table("review_actions")
