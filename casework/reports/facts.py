"""Closed months are kept (reporting.md section 1, "Reproducible").

The nightly job (`close_months`) stores, for each month before the current one, every series'
figures: a council row and the grain rows (per officer and the series' extra split, from which
teams, officers, providers and sources are summed). A stored month is never overwritten: each run
recomputes the recent closed months (`recheck`, 24 by default) and, where a figure now differs,
adds a new revision of the rows that changed: a restatement, shown beside the figure as closed
(old and new value). A second run on the same data finds nothing to add. Each month is written in
its own transaction; two runs at once cannot both write one (the unique constraint)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from casework import clock
from casework.models import Event, ReportFact, ReportMonth
from casework.reports import months as mo
from casework.reports.catalogue import SERIES
from casework.reports.series import add, compute_months, grain_key, split_key

log = logging.getLogger(__name__)
facts_t = ReportFact.__table__
months_t = ReportMonth.__table__
RECHECK_MONTHS = 24
# the dimensions stored: the whole council; each officer ('<id>|'); the series' extra split
# ('-|<extra>': providers, sources); and the grain ('<officer>|<extra>') for any other roll-up
COUNCIL, OFFICER, EXTRA, GRAIN = "council", "officer", "extra", "grain"


@dataclass
class CloseReport:
    today: dt.date
    closed: list[str] = field(default_factory=list)
    restated: list[tuple[str, str, str]] = field(default_factory=list)  # (month, series, key)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"reports as of {self.today.isoformat()}: {len(self.closed)} month(s) closed"
            + (f" ({self.closed[0]} to {self.closed[-1]})" if self.closed else "")
            + f"; {len(self.restated)} restated figure row(s); {self.seconds:.1f} s"
        ]


def first_month(conn: Any) -> str | None:
    """The month of the earliest event: nothing before it has figures."""
    first = conn.execute(select(func.min(Event.__table__.c.occurred_on))).scalar()
    return mo.of(first) if first is not None else None


def closed_months(conn: Any) -> set[str]:
    return {mo.of(m) for m in conn.execute(select(months_t.c.month)).scalars()}


def dimension_cells(series: Any, grain: dict[str, dict[str, int]]) -> dict[tuple[str, str], dict[str, int]]:
    """The rows a month of a series is stored as: council, officers, the extra split, the grain."""
    names = series.names
    cells: dict[tuple[str, str], dict[str, int]] = {(COUNCIL, ""): dict.fromkeys(names, 0)}
    for key, figures in grain.items():
        officer, extra = split_key(key)
        values = {n: figures.get(n, 0) for n in names}
        add(cells[(COUNCIL, "")], values)
        add(cells.setdefault((OFFICER, grain_key(officer)), dict.fromkeys(names, 0)), values)
        if series.extra:
            add(cells.setdefault((EXTRA, grain_key(None, extra)), dict.fromkeys(names, 0)), values)
        cells[(GRAIN, key)] = values
    return cells


def latest(conn: Any, months: list[str]) -> dict[tuple[str, str, str, str], tuple[int, dict[str, int]]]:
    """{(month, series, dimension, key): (revision, figures)} of the latest revision stored."""
    if not months:
        return {}
    out: dict[tuple[str, str, str, str], tuple[int, dict[str, int]]] = {}
    rows = conn.execute(
        select(facts_t.c.month, facts_t.c.measure, facts_t.c.dimension, facts_t.c.key, facts_t.c.revision,
               facts_t.c.figures)
        .where(facts_t.c.month >= mo.first_day(min(months)), facts_t.c.month <= mo.first_day(max(months)))
        .order_by(facts_t.c.revision)
    )  # fmt: skip
    for r in rows:
        out[(mo.of(r.month), r.measure, r.dimension, r.key)] = (r.revision, dict(r.figures))
    return out


def close_months(session_factory: Any, today: dt.date | None = None, *, recheck: int = RECHECK_MONTHS) -> CloseReport:
    """Store every month before today's that is not stored yet; restate the last `recheck` closed
    months where a figure has changed since. Safe to run any number of times."""
    import time

    started = time.perf_counter()
    today = today or clock.today()
    report = CloseReport(today)
    current = mo.of(today)
    with session_factory() as session:
        conn = session.connection()
        first = first_month(conn)
        done = closed_months(conn)
        if first is None or first >= current:
            return report
        wanted = mo.between(first, mo.shift(current, -1))
        new = [m for m in wanted if m not in done]
        again = [m for m in wanted if m in done and m >= mo.shift(current, -recheck)]
        figures = {key: compute_months(conn, s, new + again, today) for key, s in SERIES.items()}
        stored = latest(conn, again)
    for month in new + again:
        rows = _rows_for(month, figures, stored, is_new=month in new)
        if not rows and month not in new:
            continue
        with session_factory() as session:
            try:
                conn = session.connection()
                if month in new:
                    conn.execute(
                        insert(months_t).values(month=mo.first_day(month), closed_on=today, closed_at=clock.now())
                    )
                if rows:
                    now = clock.now()
                    conn.execute(insert(facts_t), [{**r, "stored_on": today, "stored_at": now} for r in rows])
                session.commit()
            except IntegrityError:  # another run stored it first
                session.rollback()
                continue
        if month in new:
            report.closed.append(month)
        else:
            report.restated += [(month, r["measure"], f"{r['dimension']}:{r['key']}") for r in rows]
    report.seconds = time.perf_counter() - started
    log.info("%s", report.lines()[0])
    return report


def _rows_for(month: str, figures: dict[str, Any], stored: dict, *, is_new: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key, series in SERIES.items():
        names = series.names
        cells = dimension_cells(series, figures[key].get(month, {}))
        if is_new:
            rows += [
                _row(month, key, dim, k, 0, v) for (dim, k), v in cells.items() if dim == COUNCIL or any(v.values())
            ]
            continue
        # restatements: what changed since the latest stored revision (a grain row gone is now zeros)
        for m, s, dim, k in stored:
            if m == month and s == key and (dim, k) not in cells:
                cells[(dim, k)] = dict.fromkeys(names, 0)
        for (dim, k), now in cells.items():
            # a row not stored when the month closed was zeros then (revision 0 is always "as closed")
            revision, old = stored.get((month, key, dim, k), (0, dict.fromkeys(names, 0)))
            if {n: int(old.get(n, 0)) for n in names} != now:
                rows.append(_row(month, key, dim, k, revision + 1, now))
    return rows


def _row(month: str, measure: str, dimension: str, key: str, revision: int, figures: dict[str, int]) -> dict:
    return {
        "month": mo.first_day(month),
        "measure": measure,
        "dimension": dimension,
        "key": key,
        "revision": revision,
        "figures": figures,
    }
