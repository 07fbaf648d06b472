"""Caseload (reporting.md measure 8): open cases per officer, against their capacity, per team,
and cases with no officer; a snapshot at the end of each month (today for the month in progress).
A case counts for the officer holding it on that day."""

from __future__ import annotations

from sqlalchemy import Date, literal, or_, select

from casework.models import Case
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.workflow.kinds import KINDS

cases_t = Case.__table__


def _open_cases(w: Window):
    c = cases_t
    at = literal(w.as_at, Date())
    q = select(
        c.c.id.label("case_id"),
        literal(w.month).label("month"),
        officer_for(w, c.c.id, at, c.c.officer_id).label("officer_id"),
        c.c.kind,
        c.c.opened_on,
    ).where(c.c.opened_on <= w.as_at)
    if w.as_at >= w.today:  # now: the open cases (ix_cases_open_officer)
        return q.where(c.c.is_open)
    return q.where(or_(c.c.closed_on.is_(None), c.c.closed_on > w.as_at))


def _of_kind(name: str):
    return lambda c: c.kind == name


CASELOAD = Series(
    key="caseload",
    title="Open cases",
    stock=True,
    items=_open_cases,
    figures=(
        Figure("open_cases", "Open cases"),
        Figure("unallocated", "Open cases with no officer", lambda c: c.officer_id.is_(None)),
        *(Figure(f"open_{name}", f"Open: {kind.plural.lower()}", _of_kind(name)) for name, kind in KINDS.items()),
    ),
    columns=(Column("kind", "Kind", "kind"), Column("opened_on", "Opened", "date")),
)

SERIES = (CASELOAD,)
