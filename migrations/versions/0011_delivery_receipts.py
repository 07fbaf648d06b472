"""delivery receipts and references

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-30

The outbox row keeps the reference its message carries (with the deployment's prefix), GOV.UK
Notify's notification id, the final status Notify's delivery receipt reported and when, and how
many times it was taken back from a worker that never finished. Rows already attempted keep the
reference they were sent with ("outbox-<id>"), so a retry's look-up and a late receipt still find
them. Portal sign-in links are removed from the rows already sent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("reclaimed", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("notify_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("delivery_status", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("delivery_status_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_reference"), ["reference"], unique=True)
    # what earlier attempts were sent with (channels/base.py before 0011)
    op.execute("UPDATE outbox SET reference = 'outbox-' || CAST(id AS VARCHAR(20)) WHERE attempts > 0")
    # portal sign-in links of messages already sent: a row that is done with keeps no link
    # (outbox.SECRET_VALUES does it for every row from now on)
    done = "template = 'portal_sign_in.email' AND status IN ('sent', 'failed')"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"UPDATE outbox SET personalisation = personalisation - 'link' WHERE {done} AND personalisation ? 'link'"
        )
    else:
        op.execute(
            f"UPDATE outbox SET personalisation = json_remove(personalisation, '$.link') "
            f"WHERE {done} AND json_extract(personalisation, '$.link') IS NOT NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_reference"))
        batch_op.drop_column("delivery_status_at")
        batch_op.drop_column("delivery_status")
        batch_op.drop_column("notify_id")
        batch_op.drop_column("reclaimed")
        batch_op.drop_column("reference")
