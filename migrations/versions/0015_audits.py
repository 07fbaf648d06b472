"""plan quality audits

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30

Plan documents (the final and amended plans as issued); the audit framework's versions; monthly audit
samples with their seeds; audits, each auditor's review and the final section grades; the actions
agreed from audits' themes; the outcomes recorded at annual reviews; an auditor's agency on staff.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_frameworks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "definition", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_frameworks")),
        sa.UniqueConstraint("version", name=op.f("uq_audit_frameworks_version")),
    )
    op.create_table(
        "audit_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("moderation_percent", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("drawn_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["audit_frameworks.id"], name=op.f("fk_audit_samples_framework_id_audit_frameworks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_samples")),
        sa.UniqueConstraint("month", name=op.f("uq_audit_samples_month")),
    )
    op.create_table(
        "plan_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=100), nullable=True),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("moderated", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("grade", sa.String(length=30), nullable=True),
        sa.Column("score", sa.String(length=20), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("health_advice", sa.String(length=12), nullable=True),
        sa.Column("social_care_advice", sa.String(length=12), nullable=True),
        sa.Column(
            "themes", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["audit_frameworks.id"], name=op.f("fk_plan_audits_framework_id_audit_frameworks")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_audits_plan_id_plans")),
        sa.ForeignKeyConstraint(
            ["sample_id"], ["audit_samples.id"], name=op.f("fk_plan_audits_sample_id_audit_samples")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_audits")),
        sa.UniqueConstraint("sample_id", "plan_id", name=op.f("uq_plan_audits_sample_id_plan_id")),
    )
    with op.batch_alter_table("plan_audits", schema=None) as batch_op:
        batch_op.create_index("ix_plan_audits_completed_on", ["completed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_audits_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_audits_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "audit_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["plan_audits.id"], name=op.f("fk_audit_actions_audit_id_plan_audits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_actions")),
    )
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_actions_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "audit_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("auditor_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("agency", sa.String(length=30), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column(
            "grades", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column(
            "comments", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("grade", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["plan_audits.id"], name=op.f("fk_audit_reviews_audit_id_plan_audits")),
        sa.ForeignKeyConstraint(["auditor_id"], ["staff.id"], name=op.f("fk_audit_reviews_auditor_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_reviews")),
        sa.UniqueConstraint("audit_id", "purpose", name=op.f("uq_audit_reviews_audit_id_purpose")),
    )
    with op.batch_alter_table("audit_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_reviews_audit_id"), ["audit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_reviews_auditor_id"), ["auditor_id"], unique=False)

    op.create_table(
        "audit_section_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        sa.Column("grade", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["plan_audits.id"], name=op.f("fk_audit_section_grades_audit_id_plan_audits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_section_grades")),
        sa.UniqueConstraint("audit_id", "section", name=op.f("uq_audit_section_grades_audit_id_section")),
    )
    with op.batch_alter_table("audit_section_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_section_grades_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "plan_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=100), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_plan_documents_case_id_cases")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_documents_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_documents")),
    )
    with op.batch_alter_table("plan_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_documents_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_plan_outcomes_case_id_cases")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_outcomes_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_outcomes")),
    )
    with op.batch_alter_table("plan_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_outcomes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_outcomes_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index("ix_plan_outcomes_reviewed_on", ["reviewed_on"], unique=False)

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("agency")

    with op.batch_alter_table("plan_outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_outcomes_reviewed_on")
        batch_op.drop_index(batch_op.f("ix_plan_outcomes_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_outcomes_case_id"))

    op.drop_table("plan_outcomes")
    with op.batch_alter_table("plan_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_documents_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_documents_case_id"))

    op.drop_table("plan_documents")
    with op.batch_alter_table("audit_section_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_section_grades_audit_id"))

    op.drop_table("audit_section_grades")
    with op.batch_alter_table("audit_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_reviews_auditor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_reviews_audit_id"))

    op.drop_table("audit_reviews")
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_actions_audit_id"))

    op.drop_table("audit_actions")
    with op.batch_alter_table("plan_audits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_audits_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_audits_officer_id"))
        batch_op.drop_index("ix_plan_audits_completed_on")

    op.drop_table("plan_audits")
    op.drop_table("audit_samples")
    op.drop_table("audit_frameworks")
