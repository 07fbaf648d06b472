"""board report PDFs kept by the digest of their HTML

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30

A board report's PDF takes WeasyPrint seconds to lay out; the same HTML gives the same PDF, so it is
kept (40 days) and served again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_documents",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_index("ix_report_documents_created_at", "report_documents", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_report_documents_created_at", table_name="report_documents")
    op.drop_table("report_documents")
