"""The council's history as the calibration reads it: every needs assessment's recorded events, its
advice requests, the annual reviews and the officers, as they stood on a day (`as_at`). Only what
was recorded before that day is read (events by `occurred_on`, advice by `requested_on` and
`received_on`), so a backtest calibrated on a past day sees no later fact. Plain rows out: the fitting
(`calibration.fit`) is pure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from casework.models import AdviceRequest, Case, Deadline, Event, Provider, Staff
from casework.simulation.records import Advice, Assessment, History, Review

STAGE_EVENTS = (
    "request_received",
    "decided_to_assess",
    "decided_not_to_assess",
    "decided_to_issue",
    "decided_not_to_issue",
    "draft_issued",
    "final_issued",
    "withdrawn",
    "exported",
    "exception_recorded",
)


def load(conn: Any, as_at: dt.date, since: dt.date | None = None) -> History:
    """The history before `as_at`; assessments whose request came on or after `since` (all of them
    when None) plus every assessment still open on `as_at`."""
    c, e, d, a = Case.__table__, Event.__table__, Deadline.__table__, AdviceRequest.__table__
    starts = {
        r.case_id: r.start_on
        for r in conn.execute(
            select(d.c.case_id, d.c.start_on)
            .join(c, c.c.id == d.c.case_id)
            .where(d.c.key == "final_plan", c.c.opened_on < as_at)
        )
    }
    open_on = or_(c.c.closed_on.is_(None), c.c.closed_on >= as_at)
    # the dashboard's population: the cases with a 20-week deadline (reports.assessments); reviews
    # are the cases with a review meeting deadline (reports.reviews)
    assessing = select(d.c.case_id).where(d.c.key == "final_plan")
    reviewing = select(d.c.case_id).where(d.c.key == "review_meeting")
    scope = [c.c.id.in_(assessing), c.c.opened_on < as_at]
    if since is not None:
        scope.append(or_(c.c.opened_on >= since, open_on))
    cases: dict[int, Assessment] = {}
    rows = conn.execute(
        select(e.c.case_id, e.c.type, e.c.occurred_on, e.c.details)
        .join(c, c.c.id == e.c.case_id)
        .where(*scope, e.c.type.in_(STAGE_EVENTS), e.c.occurred_on < as_at)
        .order_by(e.c.case_id, e.c.occurred_on, e.c.id)
    )
    for r in rows:
        case = cases.get(r.case_id)
        if case is None:
            case = cases[r.case_id] = Assessment(r.case_id, starts.get(r.case_id, r.occurred_on))
        if r.type == "exception_recorded":
            keys = (r.details or {}).get("deadline_keys") or []
            case.exception = case.exception or "final_plan" in keys
        else:
            case.events.setdefault(r.type, r.occurred_on)
    advice = conn.execute(
        select(a.c.case_id, a.c.provider_id, a.c.advice_type, a.c.requested_on, a.c.due_on, a.c.received_on)
        .join(c, c.c.id == a.c.case_id)
        .where(*scope, a.c.basis != "reused", a.c.requested_on < as_at)
        .order_by(a.c.case_id, a.c.id)
    )
    for r in advice:
        if r.case_id in cases:
            back = r.received_on if r.received_on is not None and r.received_on < as_at else None
            cases[r.case_id].advice.append(Advice(r.provider_id, r.advice_type, r.requested_on, r.due_on, back))
    reviews = [
        Review(r.opened_on, r.closed_on if r.closed_on is not None and r.closed_on < as_at else None)
        for r in conn.execute(
            select(c.c.opened_on, c.c.closed_on).where(
                c.c.id.in_(reviewing),
                c.c.opened_on < as_at,
                or_(open_on, c.c.opened_on >= (since or dt.date.min)),
            )
        )
    ]
    s = Staff.__table__
    staff = conn.execute(
        select(s.c.capacity).where(
            s.c.role == "officer",
            s.c.available.is_(True),
            or_(
                s.c.disabled_at.is_(None),
                s.c.disabled_at >= dt.datetime.combine(as_at, dt.time(), tzinfo=dt.UTC),
            ),
        )
    ).all()
    p = Provider.__table__
    providers = {r.id: (r.name, r.advice_type) for r in conn.execute(select(p.c.id, p.c.name, p.c.advice_type))}
    plans = conn.execute(
        select(func.count()).select_from(e).where(e.c.type == "final_issued", e.c.occurred_on < as_at)
    ).scalar_one()
    return History(
        as_at=as_at,
        assessments=list(cases.values()),
        reviews=reviews,
        providers=providers,
        officers=len(staff),
        capacity=(sum(r.capacity for r in staff) / len(staff)) if staff else 40.0,
        plans=int(plans),
    )
