"""reports: closed months' figures, targets, and the dashboard's date indexes

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-01

The managers' dashboard (docs/architecture.md, reports/): `report_months` (months the nightly job
has closed), `report_facts` (each closed month's figures per measure and dimension; corrections are
new revisions, never overwrites) and `report_targets` (targets and previous-year actuals). The
indexes let every monthly figure be an index range scan by date: events by type and day, deadlines
by key and due date, advice by the day it arrived and outstanding advice by due date, each case's
officer changes, and the pending deadlines by key. Advice requests get `chased` and `escalated`
(set by the sweep when it writes a chase or an escalation; filled here from the outbox).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_report_months")),
    )
    op.create_table(
        "report_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("figures", JSON, nullable=False),
        sa.Column("stored_on", sa.Date(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_facts")),
        sa.UniqueConstraint(
            "measure",
            "dimension",
            "month",
            "key",
            "revision",
            name=op.f("uq_report_facts_measure_dimension_month_key_revision"),
        ),
    )
    op.create_index("ix_report_facts_measure_month", "report_facts", ["measure", "dimension", "month"])
    op.create_table(
        "report_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("previous_year_actual", sa.Float(), nullable=True),
        sa.Column("amber_margin", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_targets")),
        sa.UniqueConstraint("indicator", name=op.f("uq_report_targets_indicator")),
    )
    op.create_index("ix_events_type_occurred_on", "events", ["type", "occurred_on"])
    op.create_index(
        "ix_events_officer_changes",
        "events",
        ["case_id", "occurred_on"],
        sqlite_where=sa.text("type = 'officer_changed'"),
        postgresql_where=sa.text("type = 'officer_changed'"),
    )
    op.create_index("ix_deadlines_key_due", "deadlines", ["key", "due_on"])
    op.create_index("ix_advice_received_on", "advice_requests", ["received_on"])
    op.create_index(
        "ix_advice_outstanding_due",
        "advice_requests",
        ["due_on"],
        sqlite_where=sa.text("received_on IS NULL"),
        postgresql_where=sa.text("received_on IS NULL"),
    )
    op.create_index(
        "ix_deadlines_key_pending_due",
        "deadlines",
        ["key", "due_on"],
        sqlite_where=sa.text("outcome = 'pending'"),
        postgresql_where=sa.text("outcome = 'pending'"),
    )
    with op.batch_alter_table("advice_requests") as batch:
        batch.add_column(sa.Column("chased", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("escalated", sa.Boolean(), nullable=False, server_default=sa.false()))
    # what the sweep has already sent (its outbox rows advice:<id>:chase:<n> and advice:<id>:escalation:...)
    advice = sa.table(
        "advice_requests", sa.column("id"), sa.column("case_id"), sa.column("chased"), sa.column("escalated")
    )
    outbox = sa.table("outbox", sa.column("case_id"), sa.column("dedupe_key"))
    for flag, step in (("chased", "chase"), ("escalated", "escalation")):
        prefix = sa.literal("advice:") + sa.cast(advice.c.id, sa.String()) + sa.literal(f":{step}:%")
        sent = sa.exists().where(outbox.c.case_id == advice.c.case_id, outbox.c.dedupe_key.like(prefix))
        op.execute(advice.update().where(sent).values({flag: sa.true()}))


def downgrade() -> None:
    with op.batch_alter_table("advice_requests") as batch:
        batch.drop_column("escalated")
        batch.drop_column("chased")
    for name, table in (
        ("ix_deadlines_key_pending_due", "deadlines"),
        ("ix_advice_outstanding_due", "advice_requests"),
        ("ix_advice_received_on", "advice_requests"),
        ("ix_deadlines_key_due", "deadlines"),
        ("ix_events_officer_changes", "events"),
        ("ix_events_type_occurred_on", "events"),
        ("ix_report_facts_measure_month", "report_facts"),
    ):
        op.drop_index(name, table_name=table)
    op.drop_table("report_targets")
    op.drop_table("report_facts")
    op.drop_table("report_months")
