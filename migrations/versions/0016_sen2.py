"""sen2

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30

What the SEN2 return and the inspection list (Annex A) need that the product did not hold: the
child's sex, ethnicity, ULN and the reason there is no UPN or ULN; the request's youth-accommodation
flag (RYA); the child's ranked SEN needs and actual placements; the plan's named settings, its
residential and work-based codes, personal budget, organised arrangements, direct payments, cease
reason and the LA code of the council a transferred plan came from.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _setting_columns() -> list[sa.Column]:
    return [
        sa.Column("urn", sa.String(length=6), nullable=True),
        sa.Column("ukprn", sa.String(length=8), nullable=True),
        sa.Column("sen_setting", sa.String(length=4), nullable=True),
        sa.Column("sen_setting_other", sa.String(length=100), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sex", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("ethnicity", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("uln", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("upn_unknown", sa.String(length=4), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rya", sa.Boolean(), nullable=True))
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_res", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("plan_wbp", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("personal_budget", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("organised_arrangements", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("direct_payments", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("cease_reason", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("transfer_la", sa.String(length=3), nullable=True))
    op.create_table(
        "sen_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("sen_type", sa.String(length=4), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_sen_needs_child_id_children"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sen_needs")),
    )
    op.create_index(op.f("ix_sen_needs_child_id"), "sen_needs", ["child_id"], unique=False)
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        *_setting_columns(),
        sa.Column("entry_date", sa.Date(), nullable=True),
        sa.Column("leaving_date", sa.Date(), nullable=True),
        sa.Column("sen_unit", sa.Boolean(), nullable=False),
        sa.Column("resourced_provision", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_placements_child_id_children"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    op.create_index(op.f("ix_placements_child_id"), "placements", ["child_id"], unique=False)
    op.create_table(
        "plan_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        *_setting_columns(),
        sa.Column("sen_unit", sa.Boolean(), nullable=False),
        sa.Column("resourced_provision", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_settings_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_settings")),
    )
    op.create_index(op.f("ix_plan_settings_plan_id"), "plan_settings", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_table("plan_settings")
    op.drop_table("placements")
    op.drop_table("sen_needs")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        for name in ("transfer_la", "cease_reason", "direct_payments", "organised_arrangements",
                     "personal_budget", "plan_wbp", "plan_res"):  # fmt: skip
            batch_op.drop_column(name)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("rya")
    with op.batch_alter_table("children", schema=None) as batch_op:
        for name in ("upn_unknown", "uln", "ethnicity", "sex"):
            batch_op.drop_column(name)
