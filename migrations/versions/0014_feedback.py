"""family feedback

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30

Surveys sent after a final plan or the end of a review, the answers (from the survey page or a
call), the monthly call sample and its call list, and a contact's opt-out from surveys.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column(
            "exclusions", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("drawn_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["drawn_by"], ["staff.id"], name=op.f("fk_call_samples_drawn_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_samples")),
        sa.UniqueConstraint("month", name=op.f("uq_call_samples_month")),
    )
    op.create_table(
        "call_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("own_officer_id", sa.Integer(), nullable=True),
        sa.Column("caller_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("called_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["caller_id"], ["staff.id"], name=op.f("fk_call_list_caller_id_staff")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_call_list_case_id_cases")),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_call_list_child_id_children")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_call_list_event_id_events")),
        sa.ForeignKeyConstraint(["own_officer_id"], ["staff.id"], name=op.f("fk_call_list_own_officer_id_staff")),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"], name=op.f("fk_call_list_recorded_by_staff")),
        sa.ForeignKeyConstraint(["sample_id"], ["call_samples.id"], name=op.f("fk_call_list_sample_id_call_samples")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_list")),
        sa.UniqueConstraint("sample_id", "family_id", name=op.f("uq_call_list_sample_id_family_id")),
    )
    with op.batch_alter_table("call_list", schema=None) as batch_op:
        batch_op.create_index("ix_call_list_called_on", ["called_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_list_caller_id"), ["caller_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_list_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_list_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_list_sample_id"), ["sample_id"], unique=False)

    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("young_person", sa.Boolean(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_surveys_case_id_cases")),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_surveys_child_id_children")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_surveys_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("event_id", name=op.f("uq_surveys_event_id")),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surveys_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_family_id"), ["family_id"], unique=False)
        batch_op.create_index("ix_surveys_sent_on", ["sent_on"], unique=False)

    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("young_person", sa.Boolean(), nullable=False),
        sa.Column("q_informed", sa.Integer(), nullable=True),
        sa.Column("q_contact", sa.Integer(), nullable=True),
        sa.Column("q_listened", sa.Integer(), nullable=True),
        sa.Column("q_needs", sa.Integer(), nullable=True),
        sa.Column("q_difference", sa.Integer(), nullable=True),
        sa.Column("q_time", sa.Integer(), nullable=True),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("could_be_better", sa.Text(), nullable=True),
        sa.Column("may_quote", sa.Boolean(), nullable=False),
        sa.Column(
            "themes", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("action_on", sa.Date(), nullable=True),
        sa.Column("action_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["action_by"], ["staff.id"], name=op.f("fk_feedback_responses_action_by_staff")),
        sa.ForeignKeyConstraint(["call_id"], ["call_list.id"], name=op.f("fk_feedback_responses_call_id_call_list")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_feedback_responses_case_id_cases")),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_feedback_responses_survey_id_surveys")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_responses")),
        sa.UniqueConstraint("call_id", name=op.f("uq_feedback_responses_call_id")),
        sa.UniqueConstraint("survey_id", name=op.f("uq_feedback_responses_survey_id")),
    )
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_responses_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_feedback_responses_responded_on", ["responded_on"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("surveys_opted_out_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("surveys_opted_out_on")

    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_responses_responded_on")
        batch_op.drop_index(batch_op.f("ix_feedback_responses_case_id"))

    op.drop_table("feedback_responses")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index("ix_surveys_sent_on")
        batch_op.drop_index(batch_op.f("ix_surveys_family_id"))
        batch_op.drop_index(batch_op.f("ix_surveys_child_id"))
        batch_op.drop_index(batch_op.f("ix_surveys_case_id"))

    op.drop_table("surveys")
    with op.batch_alter_table("call_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_list_sample_id"))
        batch_op.drop_index(batch_op.f("ix_call_list_family_id"))
        batch_op.drop_index(batch_op.f("ix_call_list_child_id"))
        batch_op.drop_index(batch_op.f("ix_call_list_caller_id"))
        batch_op.drop_index("ix_call_list_called_on")

    op.drop_table("call_list")
    op.drop_table("call_samples")
