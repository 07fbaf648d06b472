"""the rest of the statutory journeys: closure calendars, transfers, case origins, advice facts

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-07

Schools, post-16 institutions and early years settings with their closures (statutory.md 9.3), an
advice-giver linked to its setting; a plan's transfers between councils (reg 15); the case a case
arose from (a dispute from the decision appealed against, an order from the dispute), with one open
dispute per decision. The new columns on existing tables carry ids without foreign keys: adding one would
make SQLite rebuild the table, which its referencing rows forbid. Open and closed cases that gathered advice get the advice summary the reg 6(1)
guard reads (`facts["advice"]`), worked out from their advice requests.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_RANK = {"requested": 1, "reused": 2, "received": 3}


def upgrade() -> None:
    op.create_table(
        "education_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("urn", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education_settings")),
        sa.UniqueConstraint("name", name=op.f("uq_education_settings_name")),
    )
    op.create_table(
        "setting_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("closed_from", sa.Date(), nullable=False),
        sa.Column("reopens_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["education_settings.id"], name=op.f("fk_setting_closures_setting_id_education_settings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_closures")),
        sa.UniqueConstraint("setting_id", "closed_from", name=op.f("uq_setting_closures_setting_id_closed_from")),
    )
    with op.batch_alter_table("setting_closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_setting_closures_setting_id"), ["setting_id"], unique=False)

    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("setting_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transferred_in_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("transferred_from", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("transferred_out_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("transferred_to", sa.String(length=100), nullable=True))

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_case_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("origin_event_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_origin_case_id"), ["origin_case_id"], unique=False)
        batch_op.create_index(
            "uq_cases_one_open_dispute",
            ["origin_event_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'dispute' AND is_open"),
            postgresql_where=sa.text("kind = 'dispute' AND is_open"),
        )

    _advice_facts()


def _advice_facts() -> None:
    """Each case's advice summary from its advice requests (received > reused > requested)."""
    conn = op.get_bind()
    summary: dict[int, dict[str, str]] = {}
    for case_id, advice_type, basis, received_on in conn.execute(
        sa.text("SELECT case_id, advice_type, basis, received_on FROM advice_requests ORDER BY id")
    ):
        status = "reused" if basis == "reused" else "received" if received_on is not None else "requested"
        mine = summary.setdefault(case_id, {})
        if _RANK[status] > _RANK.get(mine.get(advice_type, ""), 0):
            mine[advice_type] = status
    cases = sa.table("cases", sa.column("id", sa.Integer()), sa.column("facts", sa.JSON()))
    for case_id, advice in summary.items():
        raw = conn.execute(sa.select(cases.c.facts).where(cases.c.id == case_id)).scalar_one()
        facts = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
        facts["advice"] = {**advice, **(facts.get("advice") or {})}
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(facts=facts))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("uq_cases_one_open_dispute")
        batch_op.drop_index(batch_op.f("ix_cases_origin_case_id"))
        batch_op.drop_column("origin_event_id")
        batch_op.drop_column("origin_case_id")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("transferred_to")
        batch_op.drop_column("transferred_out_on")
        batch_op.drop_column("transferred_from")
        batch_op.drop_column("transferred_in_on")
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.drop_column("setting_id")
    with op.batch_alter_table("setting_closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_setting_closures_setting_id"))
    op.drop_table("setting_closures")
    op.drop_table("education_settings")
