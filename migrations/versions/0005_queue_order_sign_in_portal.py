"""queue order, sign-in, portal

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 09:34:06.526608
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_normalised", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_tokens_token_hash")),
    )
    with op.batch_alter_table("portal_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_tokens_email_normalised"), ["email_normalised"], unique=False)

    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )
    op.create_table(
        "family_contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("stored_as", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_family_contributions_child_id_children")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_family_contributions_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_contributions")),
    )
    with op.batch_alter_table("family_contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_contributions_child_id"), ["child_id"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_due_key", sa.String(length=40), nullable=True))
        batch_op.create_index(
            "ix_cases_queue",
            ["officer_id", "next_due_on", "id"],
            unique=False,
            sqlite_where=sa.text("is_open"),
            postgresql_where=sa.text("is_open"),
        )

    # backfill: each case's next pending statutory duty, from its deadline rows
    op.execute("""
        UPDATE cases SET
          next_due_on = (SELECT MIN(d.due_on) FROM deadlines d
                         WHERE d.case_id = cases.id AND d.outcome = 'pending' AND d.kind = 'duty'),
          next_due_key = (SELECT d.key FROM deadlines d
                          WHERE d.case_id = cases.id AND d.outcome = 'pending' AND d.kind = 'duty'
                          ORDER BY d.due_on, d.id LIMIT 1)
    """)

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_queue", sqlite_where=sa.text("is_open"), postgresql_where=sa.text("is_open"))
        batch_op.drop_column("next_due_key")
        batch_op.drop_column("next_due_on")

    with op.batch_alter_table("family_contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_contributions_child_id"))

    op.drop_table("family_contributions")
    op.drop_table("rate_limits")
    with op.batch_alter_table("portal_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portal_tokens_email_normalised"))

    op.drop_table("portal_tokens")
