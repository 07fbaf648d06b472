"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 08:42:47.212220
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "families",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_families")),
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("advice_type", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("escalation_name", sa.String(length=200), nullable=True),
        sa.Column("escalation_email", sa.String(length=254), nullable=True),
        sa.Column("statutory_basis", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_email")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_token_hash")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_team"), ["team"], unique=False)

    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=True),
        sa.Column("nhs_number", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], name=op.f("fk_children_family_id_families")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_children_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_children_upn"), ["upn"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relationship", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_normalised", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("phone_e164", sa.String(length=16), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("preferred_channel", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_contacts_child_id_children"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_child_id"), ["child_id"], unique=False)
        batch_op.create_index("ix_contacts_email_normalised", ["email_normalised"], unique=False)
        batch_op.create_index("ix_contacts_phone_e164", ["phone_e164"], unique=False)

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("named_setting", sa.String(length=200), nullable=True),
        sa.Column("review_period_start", sa.Date(), nullable=False),
        sa.Column("next_review_due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ceased_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_plans_child_id_children")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plans_next_review_due"), ["next_review_due"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("request_source", sa.String(length=20), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "facts", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_cases_child_id_children")),
        sa.ForeignKeyConstraint(["officer_id"], ["staff.id"], name=op.f("fk_cases_officer_id_staff")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_cases_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index("ix_cases_open_officer", ["is_open", "officer_id"], unique=False)
        batch_op.create_index(
            "uq_cases_one_open_assessment",
            ["child_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'assessment' AND is_open"),
            postgresql_where=sa.text("kind = 'assessment' AND is_open"),
        )

    op.create_table(
        "advice_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("advice_type", sa.String(length=30), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("provider_received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("practical_due_on", sa.Date(), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_advice_requests_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_advice_requests_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_requests")),
    )
    with op.batch_alter_table("advice_requests", schema=None) as batch_op:
        batch_op.create_index("ix_advice_outstanding_due", ["received_on", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_advice_requests_case_id"), ["case_id"], unique=False)

    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("regulation", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("practical_due_on", sa.Date(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("exception_applies", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_deadlines_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_deadlines_case_id_key")),
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index("ix_deadlines_pending_due", ["outcome", "due_on"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_state", sa.String(length=30), nullable=True),
        sa.Column("to_state", sa.String(length=30), nullable=True),
        sa.Column(
            "details", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column(
            "deadline_keys",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "details", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_exceptions_case_id_cases")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_case_exceptions_event_id_events")),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"], name=op.f("fk_case_exceptions_recorded_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_exceptions")),
    )
    with op.batch_alter_table("case_exceptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_exceptions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("recipient_kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column(
            "personalisation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_outbox_case_id_cases")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_outbox_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_outbox_status_created", ["status", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_created")
        batch_op.drop_index(batch_op.f("ix_outbox_case_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("case_exceptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_exceptions_case_id"))

    op.drop_table("case_exceptions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_case_id"))

    op.drop_table("events")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_deadlines_pending_due")

    op.drop_table("deadlines")
    with op.batch_alter_table("advice_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_requests_case_id"))
        batch_op.drop_index("ix_advice_outstanding_due")

    op.drop_table("advice_requests")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cases_one_open_assessment",
            sqlite_where=sa.text("kind = 'assessment' AND is_open"),
            postgresql_where=sa.text("kind = 'assessment' AND is_open"),
        )
        batch_op.drop_index("ix_cases_open_officer")
        batch_op.drop_index(batch_op.f("ix_cases_officer_id"))
        batch_op.drop_index(batch_op.f("ix_cases_child_id"))

    op.drop_table("cases")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_next_review_due"))
        batch_op.drop_index(batch_op.f("ix_plans_child_id"))

    op.drop_table("plans")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_phone_e164")
        batch_op.drop_index("ix_contacts_email_normalised")
        batch_op.drop_index(batch_op.f("ix_contacts_child_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_upn"))
        batch_op.drop_index(batch_op.f("ix_children_family_id"))

    op.drop_table("children")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_team"))

    op.drop_table("staff")
    op.drop_table("providers")
    op.drop_table("families")
