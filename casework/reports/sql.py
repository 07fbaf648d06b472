"""The few SQL pieces the figures need that the two databases spell differently (a month's label,
days between two dates), and who held a case on a given day.

Every figure is counted in SQL over a range of dates (an index range scan), so a month at a
million cases reads that month's rows, not the history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from casework.models import Case, Event

events_t = Event.__table__
cases_t = Case.__table__
OFFICER_CHANGED = "officer_changed"


class month_of(FunctionElement):  # noqa: N801 (an SQL function)
    """'YYYY-MM' of a date."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement):  # noqa: N801
    """Whole days from the second date to the first (later - earlier is positive)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_default(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where the condition holds, else 0 (figures add these up)."""
    return case((condition, 1), else_=0)


def officer_at(case_id: ColumnElement[int], on: Any, current: ColumnElement[int | None]) -> ColumnElement[int | None]:
    """The officer holding the case on `on`: the officer a change moved it to (the latest change on
    or before that day), else the officer the first later change moved it from, else the case's
    officer now (it never moved). A change counts from its own day. `officer_changed` events are
    few: the cases that moved are read once per query (a small partial index,
    ix_events_officer_changes), and only their rows look their history up."""
    oc = events_t.alias("oc")
    mine = (oc.c.case_id == case_id, oc.c.type == OFFICER_CHANGED)
    before = (
        select(oc.c.details["to_officer_id"].as_integer())
        .where(*mine, oc.c.occurred_on <= on)
        .order_by(oc.c.occurred_on.desc(), oc.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    after = (
        select(oc.c.details["from_officer_id"].as_integer())
        .where(*mine, oc.c.occurred_on > on)
        .order_by(oc.c.occurred_on, oc.c.id)
        .limit(1)
        .scalar_subquery()
    )
    moved = select(events_t.c.case_id).where(events_t.c.type == OFFICER_CHANGED)  # few: hashed once per query
    return case((case_id.in_(moved), func.coalesce(before, after)), else_=current)


def text_literal(value: str) -> ColumnElement[str]:
    return literal(value, String())
