"""advice chasing and documents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:20:14.400114
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advice_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("advice_request_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["advice_request_id"],
            ["advice_requests.id"],
            name=op.f("fk_advice_documents_advice_request_id_advice_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_documents")),
    )
    with op.batch_alter_table("advice_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advice_documents_advice_request_id"), ["advice_request_id"], unique=False)

    with op.batch_alter_table("advice_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_chase_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("exception_reason", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("exception_note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "exception_details",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("advice_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reuse", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
            )
        )
        batch_op.alter_column("due_on", existing_type=sa.DATE(), nullable=True)
        batch_op.alter_column("practical_due_on", existing_type=sa.DATE(), nullable=True)
        batch_op.drop_index(batch_op.f("ix_advice_outstanding_due"))
        batch_op.create_index("ix_advice_next_chase_on", ["next_chase_on"], unique=False)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")

    with op.batch_alter_table("advice_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_advice_next_chase_on")
        batch_op.create_index(batch_op.f("ix_advice_outstanding_due"), ["received_on", "due_on"], unique=False)
        batch_op.alter_column("practical_due_on", existing_type=sa.DATE(), nullable=False)
        batch_op.alter_column("due_on", existing_type=sa.DATE(), nullable=False)
        batch_op.drop_column("reuse")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("advice_text")
        batch_op.drop_column("exception_details")
        batch_op.drop_column("exception_note")
        batch_op.drop_column("exception_reason")
        batch_op.drop_column("next_chase_on")

    with op.batch_alter_table("advice_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_documents_advice_request_id"))

    op.drop_table("advice_documents")
