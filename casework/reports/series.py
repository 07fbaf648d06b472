"""The one definition of every figure: a `Series` is a SELECT of the things counted (its *items*:
one row per plan issued, per decision, per advice received, per open case...), with the month each
counts in, the officer holding the case at the time and the columns a manager checks; a `Figure`
is a count (or a sum) over the items that meet a condition. The dashboard's numbers, the stored
monthly facts, the CSV and XLSX, the board report and the API all aggregate the same items in SQL
(`grouped`), and a number's drill-down lists exactly those items (`items_for`).

A *flow* series counts events in the month they happened (by `occurred_on`); a *stock* series is
a snapshot (open cases past 20 weeks, caseloads, advice overdue) taken at the end of a month, or
today for the month in progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, case, func, literal, select
from sqlalchemy.sql import Select

from casework.models import Case, Child, Staff
from casework.reports import months as mo
from casework.reports.sql import flag, officer_at

NO_OFFICER = "-"


@dataclass(frozen=True)
class Window:
    """What a series is asked for: events on days [start, end) (flow), or the snapshot as at
    `as_at` (stock, for the month `month`); `today` is the product's today."""

    start: dt.date
    end: dt.date
    today: dt.date
    as_at: dt.date | None = None
    month: str | None = None
    by_officer: bool = True  # False: the whole council only (no officer looked up: quicker)

    @classmethod
    def months(cls, first: str, last: str, today: dt.date, by_officer: bool = True) -> Window:
        return cls(mo.first_day(first), mo.after(last), today, by_officer=by_officer)

    @classmethod
    def snapshot(cls, month: str, today: dt.date, by_officer: bool = True) -> Window:
        """The stock as at the month's last day, or today for the month in progress."""
        as_at = min(mo.last_day(month), today)
        return cls(mo.first_day(month), mo.after(month), today, as_at=as_at, month=month, by_officer=by_officer)


def officer_for(w: Window, case_id: Any, on: Any, current: Any) -> Any:
    """The officer an item counts for: the one holding the case on the day (`officer_at`); for a
    snapshot of today, the case's officer now (a change is recorded with the case's new officer);
    none when the window asks for the whole council only."""
    if not w.by_officer:
        return literal(None, Integer())
    if w.as_at is not None and w.as_at >= w.today:
        return current
    return officer_at(case_id, on, current)


@dataclass(frozen=True)
class Figure:
    """A count of the items meeting `where` (all of them when None), or the sum of the item
    column `total` over them."""

    name: str
    label: str
    where: Callable[[Any], Any] | None = None
    total: str | None = None

    def aggregate(self, c: Any) -> Any:
        if self.where is None and self.total is None:
            return func.count()
        value = c[self.total] if self.total else literal(1)
        term = value if self.where is None else case((self.where(c), value), else_=0)
        return func.coalesce(func.sum(term), 0)


@dataclass(frozen=True)
class Column:
    """A column of the drill-down list (an item column), with how to show it."""

    name: str
    label: str
    kind: str = "text"  # text | date | number | flag


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    items: Callable[[Window], Select]  # columns: case_id, month, officer_id, [extra], the drill columns
    figures: tuple[Figure, ...]
    stock: bool = False
    extra: str | None = None  # the item column that splits the grain further (provider, source)
    extra_label: str = ""
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def figure(self, name: str) -> Figure:
        for f in self.figures:
            if f.name == name:
                return f
        raise KeyError(f"{self.key} has no figure {name!r}")

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.figures]


@lru_cache(maxsize=512)
def grouped(series: Series, window: Window) -> Select:
    """The series' figures in SQL, grouped by month, officer and the series' extra split (built once
    per series and window: building the statement costs more than a month's index range scan)."""
    sub = series.items(window).subquery()
    c = sub.c
    keys = [c.month, c.officer_id] + ([c[series.extra]] if series.extra else [])
    return select(*keys, *(f.aggregate(c).label(f.name) for f in series.figures)).group_by(*keys)


def grain_key(officer_id: Any, extra: Any = None) -> str:
    """'<officer id>|<extra>' ('-' for a case with no officer)."""
    return f"{NO_OFFICER if officer_id is None else int(officer_id)}|{'' if extra is None else extra}"


def split_key(key: str) -> tuple[int | None, str]:
    officer, _, extra = key.partition("|")
    return (None if officer == NO_OFFICER else int(officer)), extra


def compute(conn: Any, series: Series, window: Window) -> dict[str, dict[str, dict[str, int]]]:
    """{month: {grain key: {figure: value}}} for the window (live, from the case records)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for row in conn.execute(grouped(series, window)).mappings():
        key = grain_key(row["officer_id"], row[series.extra] if series.extra else None)
        out.setdefault(row["month"], {})[key] = {f: int(row[f] or 0) for f in series.names}
    return out


def compute_months(
    conn: Any, series: Series, months: Iterable[str], today: dt.date, by_officer: bool = True
) -> dict[str, Any]:
    """Live figures for the months given: one range query for a flow series (the months are
    contiguous runs), one snapshot per month for a stock series. Without `by_officer` every item
    counts for no officer (the whole council's figures, without looking up who held each case)."""
    wanted = sorted(set(months))
    out: dict[str, Any] = {m: {} for m in wanted}
    if not wanted:
        return out
    if series.stock:
        for m in wanted:
            out.update({m: compute(conn, series, Window.snapshot(m, today, by_officer)).get(m, {})})
        return out
    for first, last in _runs(wanted):
        for m, cells in compute(conn, series, Window.months(first, last, today, by_officer)).items():
            if m in out:
                out[m] = cells
    return out


def _runs(sorted_months: list[str]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for m in sorted_months:
        if runs and mo.shift(runs[-1][1], 1) == m:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def add(into: dict[str, int], figures: dict[str, int]) -> dict[str, int]:
    for k, v in figures.items():
        into[k] = into.get(k, 0) + int(v)
    return into


# --- the drill-down: the items behind a number --------------------------------------------------

cases_t = Case.__table__
children_t = Child.__table__
staff_t = Staff.__table__


def items_for(
    series: Series,
    window: Window,
    *,
    figure: str | None = None,
    failing: str | None = None,
    officer_ids: list[int | None] | None = None,
    extra: str | None = None,
    limit: int | None = None,
) -> Select:
    """The items counted by `figure` (all items when None), or with `failing` the items counted by
    `figure` that `failing` does not count (the cases that made a rate red), narrowed to officers
    (None in the list: no officer) and to the extra split; with the child and the officer."""
    sub = series.items(window).subquery()
    c = sub.c
    officer = staff_t.alias("officer")
    q = (
        select(sub, children_t.c.id.label("child_id"), children_t.c.given_name, children_t.c.family_name,
               officer.c.name.label("officer_name"), officer.c.team.label("team"))
        .join(cases_t, cases_t.c.id == c.case_id)
        .join(children_t, children_t.c.id == cases_t.c.child_id)
        .outerjoin(officer, officer.c.id == c.officer_id)
    )  # fmt: skip
    if window.month is not None:
        q = q.where(c.month == window.month)
    if figure is not None:
        f = series.figure(figure)
        if f.where is not None:
            q = q.where(f.where(c))
        if failing is not None:
            g = series.figure(failing)
            if g.where is not None:
                q = q.where(~g.where(c))
    if officer_ids is not None:
        ids = [i for i in officer_ids if i is not None]
        cond = c.officer_id.in_(ids) if ids else None
        if None in officer_ids:
            cond = c.officer_id.is_(None) if cond is None else (cond | c.officer_id.is_(None))
        q = q.where(cond if cond is not None else c.officer_id.in_([]))
    if extra is not None and series.extra:
        q = q.where(c[series.extra] == extra)
    q = q.order_by(c.month, c.case_id)
    return q.limit(limit) if limit else q


__all__ = ["Column", "Figure", "Series", "Window", "add", "compute", "compute_months", "flag", "grouped", "items_for"]
