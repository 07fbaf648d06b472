"""letters

Revision ID: 0013
Revises: 0009
Create Date: 2026-11-30

Every letter a family is sent is kept: what it was written from, its status in the print queue or
at GOV.UK Notify, the date printed on it, when it was posted or sent, and the PDF.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("large_print", sa.Boolean(), nullable=False),
        sa.Column(
            "values", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_letters_case_id_cases")),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_letters_contact_id_contacts")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_letters_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letters_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_letters_status_created", ["status", "created_on"], unique=False)


def downgrade() -> None:
    op.drop_table("letters")
