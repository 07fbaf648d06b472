"""The report shapes every surface shares (api.md "Reports": timeliness, advice by provider,
reviews; and the drill-down list behind any figure), built from `read` and the series' items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from casework.models import Provider
from casework.reports import months as mo
from casework.reports.advice import split_provider_key
from casework.reports.catalogue import SERIES
from casework.reports.read import WHOLE_COUNCIL, MonthFigures, Scope, read, read_many, rollup
from casework.reports.series import Window, items_for

providers_t = Provider.__table__
DRILL_LIMIT = 500  # rows on a page; the workbook has them all


def _restated(mf: MonthFigures) -> dict[str, Any] | None:
    return {"on": mf.restated_on, "figures": mf.now} if mf.restated else None


def _mean_weeks(days: int, count: int) -> float | None:
    return round(days / count / 7, 1) if count else None


def timeliness(conn: Any, months: list[str], today: dt.date, scope: Scope = WHOLE_COUNCIL) -> list[dict[str, Any]]:
    data = read_many(conn, ("plans_issued", "decisions_to_assess", "decisions_not_to_issue"), months, today, scope)
    plans, assess, no_plan = data["plans_issued"], data["decisions_to_assess"], data["decisions_not_to_issue"]
    out = []
    for m in months:
        p, a, n = plans[m].figures, assess[m].figures, no_plan[m].figures
        row = {"month": m}
        row.update({k: v for k, v in p.items() if not k.startswith("days_")})
        row["mean_weeks_to_issue"] = _mean_weeks(p["days_to_issue"], p["plans_issued"])
        row["mean_weeks_to_issue_ex"] = _mean_weeks(p["days_to_issue_ex"], p["plans_issued_ex"])
        row.update({k: v for k, v in a.items() if k != "decided_to_assess"})
        row.update(n)
        row["source"] = plans[m].source
        restated = {k: v for k, v in ((s, _restated(x[m])) for s, x in (("plans", plans), ("assess", assess),
                    ("no_plan", no_plan))) if v}  # fmt: skip
        row["restated"] = (
            {"on": max(r["on"] for r in restated.values()),
             "figures": {k: v for r in restated.values() for k, v in r["figures"].items()}}
            if restated else None
        )  # fmt: skip
        out.append(row)
    return out


def reviews(conn: Any, months: list[str], today: dt.date, scope: Scope = WHOLE_COUNCIL) -> list[dict[str, Any]]:
    keys = ("review_meetings", "review_decisions", "reviews_due", "amended_plans")
    data = read_many(conn, keys, months, today, scope)
    parts = [data[k] for k in keys]
    out = []
    for m in months:
        row: dict[str, Any] = {"month": m, "source": parts[0][m].source}
        for part in parts:
            row.update({k: v for k, v in part[m].figures.items() if not k.startswith("views_")})
        out.append(row)
    return out


def provider_names(conn: Any) -> dict[int, tuple[str, str]]:
    return {r.id: (r.name, r.advice_type) for r in conn.execute(select(providers_t.c.id, providers_t.c.name,
                                                                       providers_t.c.advice_type))}  # fmt: skip


def advice_by_provider(
    conn: Any, months: list[str], today: dt.date, scope: Scope = WHOLE_COUNCIL, advice_type: str | None = None
) -> list[dict[str, Any]]:
    """Advice received in the months (by provider and advice type) and overdue today, worst first
    is the caller's choice; sorted here by provider name."""
    received: dict[str, dict[str, int]] = {}
    for mf in read(conn, "advice_received", months, today, scope, extra=True).values():
        for key, figures in rollup(mf.grain, "extra").items():
            slot = received.setdefault(key, {})
            for k, v in figures.items():
                slot[k] = slot.get(k, 0) + v
    current = mo.of(today)
    overdue = rollup(read(conn, "advice_overdue", [current], today, scope, extra=True)[current].grain, "extra")
    names = provider_names(conn)
    keys = set(received) | set(overdue) | {f"{pid}:{t}" for pid, (_n, t) in names.items()}
    names_for = SERIES["advice_received"].names
    out = []
    for key in keys:
        pid, kind = split_provider_key(key)
        if advice_type and kind != advice_type:
            continue
        figures = {n: received.get(key, {}).get(n, 0) for n in names_for}
        out.append({
            "provider": {"id": pid, "name": names.get(pid, ("?", ""))[0]},
            "advice_type": kind,
            **figures,
            "overdue_now": overdue.get(key, {}).get("overdue", 0),
            "key": key,
        })  # fmt: skip
    out.sort(key=lambda r: (r["provider"]["name"].lower(), r["advice_type"], r["provider"]["id"]))
    return out


def window_for(series_key: str, month: str, today: dt.date, first: str | None = None) -> Window:
    """A flow series' items over the months `first` to `month` (just `month` by default); a stock
    series' snapshot of `month`."""
    series = SERIES[series_key]
    if series.stock:
        return Window.snapshot(month, today)
    return Window.months(min(first or month, month), month, today)


def drill(
    conn: Any,
    series_key: str,
    month: str,
    today: dt.date,
    scope: Scope = WHOLE_COUNCIL,
    *,
    figure: str | None = None,
    failing: str | None = None,
    extra: str | None = None,
    first: str | None = None,
    limit: int | None = DRILL_LIMIT,
) -> tuple[list[dict[str, Any]], int]:
    """The cases behind a figure (with the child, the officer then and the series' columns), and
    how many there are in all (the list stops at `limit`)."""
    series = SERIES[series_key]
    window = window_for(series_key, month, today, first)
    officers = None if scope.council else list(scope.officer_ids or [])
    q = items_for(series, window, figure=figure, failing=failing, officer_ids=officers, extra=extra)
    total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
    rows = [dict(r) for r in conn.execute(q.limit(limit) if limit else q).mappings()]
    return rows, total
