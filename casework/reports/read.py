"""Reading the figures every surface shows: a closed month from its stored facts (as it was when the
month closed, with any restatement beside it), the month in progress (and any month not closed yet)
live from the case records. The dashboard, the exports, the board report and the API all call
`read`, so they cannot disagree. The live figures are kept until the case records change (a new
event, chase or advice request): reading a dashboard again does not recount a month at a million
cases, and any write shows at once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from casework.models import ReportFact, Staff
from casework.reports import months as mo
from casework.reports.catalogue import SERIES
from casework.reports.facts import COUNCIL, EXTRA, GRAIN, OFFICER, closed_months
from casework.reports.series import Series, add, compute_months, grain_key, split_key

facts_t = ReportFact.__table__
staff_t = Staff.__table__
NO_TEAM = "No team"


@dataclass(frozen=True)
class Scope:
    """Whose figures: the council's (officer_ids None), or the cases held at the time by these
    officers (a team, or one officer). `None` in officer_ids stands for cases with no officer."""

    officer_ids: frozenset[int | None] | None = None
    team: str | None = None
    officer_id: int | None = None

    @property
    def council(self) -> bool:
        return self.officer_ids is None

    def holds(self, officer_id: int | None) -> bool:
        return self.officer_ids is None or officer_id in self.officer_ids

    def describe(self, officer_name: str | None = None) -> str:
        if self.officer_id is not None:
            return officer_name or f"officer {self.officer_id}"
        return f"team {self.team}" if self.team else "the whole council"


WHOLE_COUNCIL = Scope()


def scope_for(conn: Any, team: str | None = None, officer_id: int | None = None) -> Scope:
    """A team's officers (as the team is now), or one officer (within the team, when both are given)."""
    if officer_id is not None:
        if team is not None:
            member = conn.execute(
                select(staff_t.c.id).where(staff_t.c.id == officer_id, staff_t.c.team == team)
            ).first()
            return Scope(frozenset({officer_id} if member else set()), team, officer_id)
        return Scope(frozenset({officer_id}), None, officer_id)
    if team is not None:
        ids = conn.execute(select(staff_t.c.id).where(staff_t.c.team == team)).scalars()
        return Scope(frozenset(ids), team)
    return Scope()


@dataclass
class MonthFigures:
    """One month of one series for a scope. `figures` is the month as closed (or live); `now` the
    restated figures when a correction since has changed them (None otherwise)."""

    month: str
    source: str  # stored | live
    figures: dict[str, int]
    grain: dict[str, dict[str, int]] = field(default_factory=dict)
    now: dict[str, int] | None = None
    grain_now: dict[str, dict[str, int]] | None = None
    restated_on: dt.date | None = None

    @property
    def restated(self) -> bool:
        return self.now is not None and self.now != self.figures


def read(
    conn: Any,
    series: Series | str,
    months: Iterable[str],
    today: dt.date,
    scope: Scope = WHOLE_COUNCIL,
    *,
    grain: bool = False,
    extra: bool = False,
) -> dict[str, MonthFigures]:
    """The series' figures for each month, for the scope; with `grain` the cells by officer and the
    series' extra split (for any roll-up), with `extra` at least the extra split (providers,
    sources)."""
    key = series if isinstance(series, str) else series.key
    return read_many(conn, [key], months, today, scope, grain=grain, extra=extra)[key]


def read_many(
    conn: Any,
    keys: Iterable[str],
    months: Iterable[str],
    today: dt.date,
    scope: Scope = WHOLE_COUNCIL,
    *,
    grain: bool = False,
    extra: bool = False,
) -> dict[str, dict[str, MonthFigures]]:
    """`read` for several series at once: the closed months and their stored facts in one query
    each, the months still open live (one grouped query per series)."""
    keys = list(dict.fromkeys(keys))
    wanted = sorted(set(months))
    current = mo.of(today)
    closed = closed_months(conn) if wanted and wanted[0] < current else set()
    stored = [m for m in wanted if m < current and m in closed]
    live = [m for m in wanted if m not in stored]
    need_grain = grain or extra or not scope.council

    def dimension(series: Series) -> str:  # the stored rows that answer the question with the fewest rows
        split = extra and series.extra is not None
        if scope.council:
            return GRAIN if grain else (EXTRA if split else COUNCIL)
        return GRAIN if (grain or split) else OFFICER

    out: dict[str, dict[str, MonthFigures]] = {k: {} for k in keys}
    version = data_version(conn) if live else None
    for key in keys:
        series = SERIES[key]
        for m, cells in _live(conn, series, tuple(live), today, need_grain, version).items():
            mine = {k: v for k, v in cells.items() if scope.holds(split_key(k)[0])}
            out[key][m] = MonthFigures(m, "live", _sum(mine.values(), series.names), mine if need_grain else {})
    if stored:
        groups: dict[str, list[str]] = {}
        for key in keys:
            groups.setdefault(dimension(SERIES[key]), []).append(key)
        for dim, group in groups.items():
            for key, by_month in _stored(conn, group, stored, scope, dim, need_grain).items():
                out[key].update(by_month)
    return {k: {m: out[k][m] for m in wanted} for k in keys}


# --- the live months, computed once per change of the case records ---------------------------------

_LIVE_CACHE: OrderedDict[tuple, tuple[float, dict[str, Any]]] = OrderedDict()
_LIVE_LOCK = threading.Lock()
LIVE_TTL = 300.0  # seconds: a bound on staleness if the records were ever rewritten in place


def data_version(conn: Any) -> tuple:
    """What changes whenever a figure can: every write to a case is an event (advice received,
    exceptions, reassignments too), and the sweep's chases are outbox rows. Three primary-key
    look-ups."""
    from casework.models import AdviceRequest, Event, OutboxMessage

    return tuple(
        conn.execute(
            select(
                select(func.max(Event.__table__.c.id)).scalar_subquery(),
                select(func.max(OutboxMessage.__table__.c.id)).scalar_subquery(),
                select(func.max(AdviceRequest.__table__.c.id)).scalar_subquery(),
            )
        ).one()
    )


def clear_live_cache() -> None:
    with _LIVE_LOCK:
        _LIVE_CACHE.clear()


def _live(conn: Any, series: Series, months: tuple[str, ...], today: dt.date, by_officer: bool, version: Any) -> dict:
    """The months still open, live from the case records; kept until the records change (the data
    version moves), so a dashboard read many times between two events computes them once."""
    if not months:
        return {}
    key = (str(conn.engine.url), series.key, months, today, by_officer, version)
    now = time.monotonic()
    with _LIVE_LOCK:
        hit = _LIVE_CACHE.get(key)
        if hit is not None and hit[0] > now:
            _LIVE_CACHE.move_to_end(key)
            return hit[1]
    value = compute_months(conn, series, months, today, by_officer=by_officer)
    with _LIVE_LOCK:
        _LIVE_CACHE[key] = (now + LIVE_TTL, value)
        while len(_LIVE_CACHE) > 512:
            _LIVE_CACHE.popitem(last=False)
    return value


def _sum(cells: Iterable[dict[str, int]], names: list[str]) -> dict[str, int]:
    total = dict.fromkeys(names, 0)
    for figures in cells:
        add(total, {n: figures.get(n, 0) for n in names})
    return total


def _stored(
    conn: Any, keys: list[str], months: list[str], scope: Scope, dimension: str, need_grain: bool
) -> dict[str, dict[str, MonthFigures]]:
    q = (
        select(facts_t.c.measure, facts_t.c.month, facts_t.c.key, facts_t.c.revision, facts_t.c.figures,
               facts_t.c.stored_on)
        .where(
            facts_t.c.measure.in_(keys),
            facts_t.c.dimension == dimension,
            facts_t.c.month >= mo.first_day(months[0]),
            facts_t.c.month <= mo.first_day(months[-1]),
        )
        .order_by(facts_t.c.measure, facts_t.c.month, facts_t.c.revision)
    )  # fmt: skip
    if not scope.council:  # only the officers asked about (a team's dozen, not the council's hundreds)
        officers = [grain_key(i) for i in sorted(scope.officer_ids or [], key=lambda i: (i is None, i or 0))]
        if dimension == OFFICER:
            q = q.where(facts_t.c.key.in_(officers or ["none"]))
        else:
            q = q.where(or_(*(facts_t.c.key.like(f"{k}%") for k in officers)) if officers else facts_t.c.key == "none")
    rows = conn.execute(q)
    wanted = set(months)
    closed = {k: {m: {} for m in months} for k in keys}
    latest = {k: {m: {} for m in months} for k in keys}
    restated_on: dict[tuple[str, str], dt.date] = {}
    for r in rows:
        m = mo.of(r.month)
        if m not in wanted or not scope.holds(split_key(r.key)[0] if dimension in (GRAIN, OFFICER) else None):
            continue
        names = SERIES[r.measure].names
        figures = {n: int(r.figures.get(n, 0)) for n in names}
        cell = r.key or grain_key(None)  # the council row, as a cell with no officer and no split
        if r.revision == 0:
            closed[r.measure][m][cell] = figures
        else:
            was = restated_on.get((r.measure, m))
            restated_on[(r.measure, m)] = r.stored_on if was is None else max(was, r.stored_on)
        latest[r.measure][m][cell] = figures
    out: dict[str, dict[str, MonthFigures]] = {}
    for key in keys:
        names = SERIES[key].names
        out[key] = {}
        for m in months:
            figures = _sum(closed[key][m].values(), names)
            now = _sum(latest[key][m].values(), names)
            changed = now != figures
            out[key][m] = MonthFigures(
                m,
                "stored",
                figures,
                closed[key][m] if need_grain else {},
                now if changed else None,
                latest[key][m] if need_grain and changed else None,
                restated_on.get((key, m)) if changed else None,
            )
    return out


# --- roll-ups of the grain ------------------------------------------------------------------------


def teams(conn: Any) -> dict[int, str]:
    return {r.id: r.team or NO_TEAM for r in conn.execute(select(staff_t.c.id, staff_t.c.team))}


def rollup(
    grain: dict[str, dict[str, int]], by: str, team_of: dict[int, str] | None = None
) -> dict[Any, dict[str, int]]:
    """Sum grain cells by 'officer' (id or None), 'team' (name) or 'extra' (the series' split)."""
    out: dict[Any, dict[str, int]] = {}
    for key, figures in grain.items():
        officer_id, extra = split_key(key)
        if by == "officer":
            k: Any = officer_id
        elif by == "team":
            k = (team_of or {}).get(officer_id, NO_TEAM) if officer_id is not None else "No officer"
        else:
            k = extra
        add(out.setdefault(k, {}), figures)
    return out
