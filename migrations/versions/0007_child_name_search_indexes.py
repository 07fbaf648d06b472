"""child name search indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

The queue searches by the start of a child's first or last name (case-insensitive). These
expression indexes let it do so without reading every child. They are not in the models' metadata
(expression indexes are kept out of autogenerate), so they live here only.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("given_name", "family_name")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for column in COLUMNS:
        ops = " text_pattern_ops" if postgres else ""  # LIKE 'x%' can use it whatever the collation
        op.execute(f"CREATE INDEX ix_children_{column}_lower ON children (lower({column}){ops})")


def downgrade() -> None:
    for column in COLUMNS:
        op.execute(f"DROP INDEX ix_children_{column}_lower")
