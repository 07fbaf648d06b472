"""How a plan was made, from the records (never typed by the auditor): the advice asked for and
received, late or missing; whether the final plan came within 20 weeks; the exceptions; the family's
views. The audit form shows it beside the grades, and an audit keeps the health and social care advice
status (`advice_status`) for the dashboard ("plans graded inadequate by late or missing advice").

An advice is on time when it was received on or before its due date (6 weeks from the day the
advice-giver received the request, reg 8(1)): the test the dashboard's "advice returned within 6 weeks"
uses (`reports/advice.py`). Looked at as at the day the final plan was issued:
- on_time: every request of that type on time (or the advice reused, reg 6(4));
- late: one was received after its due date, by the plan's date;
- missing: one was not received by the plan's date (or was returned), or none was asked for and
  it was not recorded as not needed;
- not_needed: recorded as not needed (with the reason), and none asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import clock
from casework.models import AdviceRequest, Case, CaseException, Deadline, Event, FamilyContribution, Plan

ON_TIME, LATE, MISSING, NOT_NEEDED = "on_time", "late", "missing", "not_needed"
STATUS_WORDS = {ON_TIME: "On time", LATE: "Late", MISSING: "Missing", NOT_NEEDED: "Not needed"}


@dataclass
class AdviceLine:
    advice_type: str
    provider: str
    requested_on: dt.date
    due_on: dt.date | None
    received_on: dt.date | None
    status: str  # on_time | late | missing
    days_late: int | None = None
    chased: bool = False
    escalated: bool = False
    exception: str | None = None
    returned: bool = False


@dataclass
class Made:
    case_id: int | None
    issued_on: dt.date
    clock_start: dt.date | None = None
    weeks: float | None = None
    within_20_weeks: bool | None = None
    deadline_exception: bool = False
    advice: list[AdviceLine] = field(default_factory=list)
    by_type: dict[str, str] = field(default_factory=dict)
    not_needed: dict[str, str] = field(default_factory=dict)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    family_views: int = 0  # views and documents the family sent through the portal before the plan
    views: list[dict[str, Any]] = field(default_factory=list)  # the child's and parent's views recorded


def _line(a: AdviceRequest, by: dt.date) -> AdviceLine:
    received = a.received_on if a.received_on is not None and a.received_on <= by else None
    if a.basis == "reused":
        status = ON_TIME
    elif received is None:
        status = MISSING
    else:
        status = ON_TIME if a.due_on is None or received <= a.due_on else LATE
    late = (received - a.due_on).days if status == LATE else None
    return AdviceLine(a.advice_type, a.provider.name, a.requested_on, a.due_on, received, status, late, a.chased,
                      a.escalated, a.exception_reason, a.returned_on is not None)  # fmt: skip


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=clock.LONDON)


def made(session: Session, plan: Plan) -> Made:
    out = Made(plan.case_id, plan.issued_on)
    case = session.get(Case, plan.case_id) if plan.case_id else None
    if case is None:
        return out
    by = plan.issued_on
    final = session.execute(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.key == "final_plan")
    ).scalar_one_or_none()
    if final is not None:
        days = (by - final.start_on).days
        out.clock_start, out.weeks = final.start_on, round(days / 7, 1)
        out.within_20_weeks, out.deadline_exception = days <= 140, bool(final.exception_applies)
    rows = session.execute(
        select(AdviceRequest).where(AdviceRequest.case_id == case.id, AdviceRequest.requested_on <= by)
        .order_by(AdviceRequest.advice_type, AdviceRequest.id)
    ).scalars()  # fmt: skip
    out.advice = [_line(a, by) for a in rows]
    out.not_needed = dict((case.facts or {}).get("advice_not_needed") or {})
    out.by_type = {t: advice_status(out, t) for t in ("parent", "education", "health", "psychology", "social_care")}
    for x in session.execute(select(CaseException).where(CaseException.case_id == case.id)).scalars():
        out.exceptions.append({"reason": x.reason, "keys": (x.deadline_keys or {}).get("keys", []), "note": x.note})
    out.family_views = len(session.execute(
        select(FamilyContribution.id).where(FamilyContribution.child_id == case.child_id,
                                            FamilyContribution.created_at < _end_of(by))
    ).all())  # fmt: skip
    for e in session.execute(select(Event).where(Event.case_id == case.id).order_by(Event.id)).scalars():
        for name in ("child_views", "parent_views"):
            if isinstance((e.details or {}).get(name), dict):
                out.views.append({"whose": name, **e.details[name]})
    return out


def advice_status(m: Made, advice_type: str) -> str:
    lines = [a for a in m.advice if a.advice_type == advice_type]
    if not lines:
        return NOT_NEEDED if advice_type in m.not_needed else MISSING
    statuses = {a.status for a in lines}
    if MISSING in statuses and not any(a.status != MISSING for a in lines):
        return MISSING
    return LATE if LATE in statuses else ON_TIME
