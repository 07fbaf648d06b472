"""what parents, officers and advice-givers see: postal addresses and languages, officers' phones,
the child's school, overdue advice on the case (queue), returned advice requests, case notes, and
sign-in codes texted to families without email

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Data: a postcode at the end of a stored address moves to contacts.postcode (the address keeps its
other lines); each open case's next_advice_due_on (the earliest due date of advice still awaited)
and next_action_on (the earlier of that and next_due_on) are computed from what is recorded.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)
OPEN = {"sqlite_where": sa.text("is_open"), "postgresql_where": sa.text("is_open")}
ADVICE_OPEN = {
    "sqlite_where": sa.text("is_open AND next_advice_due_on IS NOT NULL"),
    "postgresql_where": sa.text("is_open AND next_advice_due_on IS NOT NULL"),
}


def _split(address: str) -> tuple[str, str | None]:
    text = (address or "").strip()
    parts = text.splitlines() if "\n" in text or "\r" in text else text.split(",")
    lines = [" ".join(p.split()).strip(" ,") for p in parts]
    lines = [line for line in lines if line]
    if lines:
        match = _POSTCODE.match(lines[-1].replace(" ", ""))
        if match:
            return "\n".join(lines[:-1]), f"{match.group(1)} {match.group(2)}".upper()
    return "\n".join(lines), None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
    with op.batch_alter_table("children") as batch_op:
        batch_op.add_column(sa.Column("school", sa.String(length=200), nullable=True))
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("postcode", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=50), nullable=True))
    with op.batch_alter_table("advice_requests") as batch_op:
        batch_op.add_column(sa.Column("returned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("returned_reason", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("returned_note", sa.Text(), nullable=True))
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("next_advice_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_action_on", sa.Date(), nullable=True))
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "portal_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_portal_codes_phone_e164", "portal_codes", ["phone_e164"])

    conn = op.get_bind()
    contacts = sa.table("contacts", sa.column("id"), sa.column("address"), sa.column("postcode"))
    for row in conn.execute(sa.select(contacts.c.id, contacts.c.address).where(contacts.c.address.is_not(None))):
        lines, postcode = _split(row.address)
        conn.execute(contacts.update().where(contacts.c.id == row.id).values(address=lines or None, postcode=postcode))
    conn.execute(
        sa.text(
            "UPDATE cases SET next_advice_due_on = (SELECT min(a.due_on) FROM advice_requests a "
            "WHERE a.case_id = cases.id AND a.received_on IS NULL AND a.returned_on IS NULL "
            "AND a.exception_reason IS NULL AND a.due_on IS NOT NULL) WHERE is_open"
        )
    )
    conn.execute(
        sa.text(
            "UPDATE cases SET next_action_on = CASE WHEN next_advice_due_on IS NULL THEN next_due_on "
            "WHEN next_due_on IS NULL OR next_advice_due_on < next_due_on THEN next_advice_due_on "
            "ELSE next_due_on END"
        )
    )
    with op.batch_alter_table("cases") as batch_op:
        batch_op.create_index("ix_cases_action", ["officer_id", "next_action_on", "id"], unique=False, **OPEN)
        batch_op.create_index("ix_cases_open_action", ["next_action_on", "id"], unique=False, **OPEN)
        batch_op.create_index("ix_cases_advice_due", ["officer_id", "next_advice_due_on"], unique=False, **ADVICE_OPEN)
        batch_op.create_index("ix_cases_open_advice_due", ["next_advice_due_on"], unique=False, **ADVICE_OPEN)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_index("ix_cases_open_advice_due", **ADVICE_OPEN)
        batch_op.drop_index("ix_cases_advice_due", **ADVICE_OPEN)
        batch_op.drop_index("ix_cases_open_action", **OPEN)
        batch_op.drop_index("ix_cases_action", **OPEN)
    conn = op.get_bind()
    conn.execute(
        sa.text(
            "UPDATE contacts SET address = CASE WHEN address IS NULL THEN postcode "
            "ELSE address || char(10) || postcode END WHERE postcode IS NOT NULL"
            if conn.dialect.name == "sqlite"
            else "UPDATE contacts SET address = concat_ws(E'\\n', address, postcode) WHERE postcode IS NOT NULL"
        )
    )
    op.drop_index("ix_portal_codes_phone_e164", table_name="portal_codes")
    op.drop_table("portal_codes")
    op.drop_index("ix_case_notes_case_id", table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("next_action_on")
        batch_op.drop_column("next_advice_due_on")
    with op.batch_alter_table("advice_requests") as batch_op:
        batch_op.drop_column("returned_note")
        batch_op.drop_column("returned_reason")
        batch_op.drop_column("returned_on")
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("postcode")
    with op.batch_alter_table("children") as batch_op:
        batch_op.drop_column("school")
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("phone")
