"""The exception report (reporting.md section 1): for a red indicator, the cases that made it red,
each with where the time went (the statutory deadlines it missed or has overdue, advice that came
late or has not come) and the exceptions recorded on it with their notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from casework.models import AdviceRequest, Case, CaseException, Deadline, Provider
from casework.reports.overview import IndicatorView
from casework.reports.read import Scope
from casework.reports.views import drill
from casework.workflow.kinds import KINDS

EXCEPTION_LIMIT = 100  # cases listed per red indicator on a page or in the board report


@dataclass
class Reasons:
    late: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


def reasons(conn: Any, case_ids: list[int], today: dt.date) -> dict[int, Reasons]:
    out = {i: Reasons() for i in case_ids}
    if not case_ids:
        return out
    d, c = Deadline.__table__, Case.__table__
    for r in conn.execute(
        select(d.c.case_id, d.c.key, d.c.due_on, d.c.met_on, d.c.outcome, c.c.kind)
        .join(c, c.c.id == d.c.case_id)
        .where(d.c.case_id.in_(case_ids), d.c.kind == "duty", d.c.outcome.in_(("missed", "pending")))
        .order_by(d.c.case_id, d.c.due_on)
    ):
        if r.outcome == "pending" and r.due_on >= today:
            continue
        label = KINDS[r.kind].deadline_labels.get(r.key, r.key.replace("_", " "))
        if r.outcome == "missed":
            out[r.case_id].late.append(f"{label}: {(r.met_on - r.due_on).days} days late")
        else:
            out[r.case_id].late.append(f"{label}: overdue by {(today - r.due_on).days} days")
    a, p = AdviceRequest.__table__, Provider.__table__
    for r in conn.execute(
        select(a.c.case_id, a.c.advice_type, a.c.due_on, a.c.received_on, p.c.name)
        .join(p, p.c.id == a.c.provider_id)
        .where(a.c.case_id.in_(case_ids), a.c.due_on.is_not(None))
        .order_by(a.c.case_id, a.c.due_on)
    ):
        if r.received_on is not None and r.received_on > r.due_on:
            out[r.case_id].advice.append(f"{r.name} ({r.advice_type}): {(r.received_on - r.due_on).days} days late")
        elif r.received_on is None and r.due_on < today:
            out[r.case_id].advice.append(f"{r.name} ({r.advice_type}): not received, due {r.due_on:%-d %b %Y}")
    e = CaseException.__table__
    for r in conn.execute(
        select(e.c.case_id, e.c.reason, e.c.note, e.c.deadline_keys).where(e.c.case_id.in_(case_ids)).order_by(e.c.id)
    ):
        keys = ", ".join((r.deadline_keys or {}).get("keys", []))
        out[r.case_id].exceptions.append(f"{r.reason.replace('_', ' ')} ({keys}): {r.note}")
    return out


def exception_list(
    conn: Any, view: IndicatorView, month: str, today: dt.date, scope: Scope, limit: int = EXCEPTION_LIMIT
) -> tuple[list[dict[str, Any]], int]:
    """The cases behind a red indicator for the month, with their reasons; and how many in all."""
    figure, failing = view.indicator.exception_figures()
    rows, total = drill(conn, view.indicator.series, month, today, scope, figure=figure, failing=failing, limit=None)
    if view.indicator.unit == "weeks" or "days" in (rows[0] if rows else {}):
        rows.sort(key=lambda r: -(r.get("days") or 0))
    rows = rows[:limit]
    why = reasons(conn, [r["case_id"] for r in rows], today)
    for r in rows:
        r["reasons"] = why[r["case_id"]]
    return rows, total
