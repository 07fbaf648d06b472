"""Writes to the EHC plan a case's events cause (a kind's effects call these; the engine's
transaction is the caller's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, update

from casework import clock
from casework.models import Plan
from casework.workflow import statutory as law

plans_t = Plan.__table__


def make_plan(conn: Any, *, child_id: int, case_id: int, issued_on: dt.date, named_setting: str | None) -> None:
    """The final plan makes the child's EHC plan (replacing any earlier one); its date starts the
    review clock (B1, statutory.md 3 "The plan date")."""
    conn.execute(
        update(plans_t).where(plans_t.c.child_id == child_id, plans_t.c.status == "active").values(status="replaced")
    )
    conn.execute(
        insert(plans_t).values(
            child_id=child_id,
            case_id=case_id,
            issued_on=issued_on,
            named_setting=named_setting,
            review_period_start=issued_on,
            next_review_due=law.review_meeting(issued_on).due_on,
            status="active",
            created_at=clock.now(),
        )
    )


def update_plan(conn: Any, plan_id: int, **values: Any) -> None:
    conn.execute(update(plans_t).where(plans_t.c.id == plan_id).values(**values))
