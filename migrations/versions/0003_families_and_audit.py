"""families and audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:02:46.104911
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column(
            "details", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "family_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("other_child_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_family_links_child_id_children"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_child_id"],
            ["children.id"],
            name=op.f("fk_family_links_other_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_family_links_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_links")),
        sa.UniqueConstraint("child_id", "other_child_id", name=op.f("uq_family_links_child_id_other_child_id")),
    )
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_links_other_child_id"), ["other_child_id"], unique=False)

    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("team")

    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_links_other_child_id"))

    op.drop_table("family_links")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_subject")

    op.drop_table("audit_events")
