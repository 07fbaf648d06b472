"""Which officer gets a new case. Siblings first: a family has one case officer.

1. the officer who holds an open case of a sibling (if siblings' cases are split, the one holding
   most of them, then the lower caseload), when available;
2. otherwise the available officer with the lowest caseload relative to capacity (in the child's
   team where teams are used).
A constant number of queries whatever the caseload.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from casework.models import Case, Child, Staff

cases_t = Case.__table__
children_t = Child.__table__
staff_t = Staff.__table__


@dataclass(frozen=True)
class Choice:
    officer_id: int
    reason: str


def _open_counts():
    return (select(cases_t.c.officer_id, func.count().label("open_cases"))
            .where(cases_t.c.is_open, cases_t.c.officer_id.is_not(None))
            .group_by(cases_t.c.officer_id).subquery())


def choose_officer(conn: Any, child_id: int) -> Choice | None:
    counts = _open_counts()
    sibling = children_t.alias("sibling")
    me = children_t.alias("me")
    # officers holding open cases of this child's family, most cases first, then lower caseload
    row = conn.execute(
        select(cases_t.c.officer_id, func.count().label("family_cases"),
               func.min(cases_t.c.id).label("example_case"))
        .select_from(me.join(sibling, sibling.c.family_id == me.c.family_id)
                     .join(cases_t, cases_t.c.child_id == sibling.c.id)
                     .join(staff_t, staff_t.c.id == cases_t.c.officer_id))
        .where(me.c.id == child_id, cases_t.c.is_open, staff_t.c.available)
        .group_by(cases_t.c.officer_id)
        .order_by(func.count().desc(), cases_t.c.officer_id)
        .limit(1)
    ).first()
    if row is not None:
        return Choice(row.officer_id, f"sibling case {row.example_case} is theirs")
    # the child's own officer from their latest case (e.g. the assessment that made the plan)
    own = conn.execute(
        select(cases_t.c.officer_id, cases_t.c.id)
        .join(staff_t, staff_t.c.id == cases_t.c.officer_id)
        .where(cases_t.c.child_id == child_id, staff_t.c.available)
        .order_by(cases_t.c.id.desc()).limit(1)).first()
    if own is not None:
        return Choice(own.officer_id, f"the child's officer on case {own.id}")
    least = conn.execute(
        select(staff_t.c.id, staff_t.c.capacity, func.coalesce(counts.c.open_cases, 0).label("open_cases"))
        .outerjoin(counts, counts.c.officer_id == staff_t.c.id)
        .where(staff_t.c.available, staff_t.c.role == "officer")
        .order_by((func.coalesce(counts.c.open_cases, 0) * 1.0 / func.nullif(staff_t.c.capacity, 0)).asc(),
                  staff_t.c.id)
        .limit(1)
    ).first()
    if least is None:
        return None
    return Choice(least.id, f"lowest caseload ({least.open_cases} of {least.capacity})")
