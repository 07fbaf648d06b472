"""The SEN2 return's persons, built from the case records (reporting.md section 3, statutory.md 12).

For collection year Y the activity period is 1 January to 31 December of Y-1 and the reference date
the third Thursday of January of Y (``Period``). Only what happened by the end of the period counts:
events after it are left for next year's return. Who is included (the guide's "cases to be
included"): every child with a request for an EHC needs assessment (an ``assessment`` case) open at
some time in the period or still in progress at its end, or with a plan issued or ended in the
period, or active at the reference date.

Each element from the events (``_request``): ``ReceivedDate`` is the clock start (the
``received_on`` fact, statutory.md Decision 2); ``RequestOutcome`` Y/N with the decision's date,
H when decided before the period, W when withdrawn or ended (moved away, F6) before a decision, A
while undecided; ``AssessmentOutcome`` N with the decision not to issue, Y with the final plan's
issue date (blank while a decided plan is not yet issued), H, W or A likewise; ``Week20`` 1 when an
exception applies to the 20-week deadline (section 9.4). Mediation and Tribunal flags come from the
disputes opened from the decision (``origin_event_id``): about the decision not to assess, the
request's; about the decision not to issue or the plan issued, the assessment's; about a review's
decision, "other". A plan that did not come from a recorded assessment here (transferred in, or made
before the records began) is a request with outcomes H. Re-assessments and plans made on a Tribunal
order are not yet written as requests of their own (a point to confirm against the guide); the
reconciliation page shows any difference they make.

Streaming: children are read in id order in batches (``BATCH``), each batch's cases, events,
deadlines, plans, settings, needs and placements with one query each, so memory does not grow with
the number of children; the order is deterministic (children by id, requests by clock start).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select

from casework.models import Case, Child, Deadline, Event, Placement, Plan, PlanSetting, SenNeed
from casework.reports.sen2 import records as r
from casework.workflow.kinds import assessment, dispute, review
from casework.workflow.sen2 import codes

BATCH = 1000
ASSESSMENT, REVIEW, DISPUTE = assessment.KIND.name, review.KIND.name, dispute.KIND.name
REQUEST_EVENTS = ("decided_to_assess", "decided_not_to_assess")
ISSUE_EVENTS = ("decided_to_issue", "decided_not_to_issue", "final_issued")
ENDED_EVENTS = ("withdrawn", "exported")
REVIEW_EVENTS = ("meeting_held", "decided_to_maintain", "amendments_proposed", "decided_to_cease",
                 "amended_plan_issued")  # fmt: skip
REVIEW_OUTCOME = {"decided_to_maintain": "M", "amendments_proposed": "A", "decided_to_cease": "C"}
DISPUTE_EVENTS = ("mediation_held", "appeal_registered")
EVENTS = (*REQUEST_EVENTS, *ISSUE_EVENTS, *ENDED_EVENTS, *REVIEW_EVENTS, *DISPUTE_EVENTS)
cases_t, events_t, deadlines_t, plans_t = Case.__table__, Event.__table__, Deadline.__table__, Plan.__table__


@dataclass(frozen=True)
class Period:
    year: int
    start: dt.date
    end: dt.date
    reference_date: dt.date

    @classmethod
    def of(cls, year: int) -> Period:
        january = dt.date(year, 1, 1)
        first_thursday = january + dt.timedelta(days=(3 - january.weekday()) % 7)
        return cls(year, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), first_thursday + dt.timedelta(days=14))

    @property
    def months(self) -> list[str]:
        return [f"{self.start.year}-{m:02d}" for m in range(1, 13)]


def ended_on(t: Any = plans_t) -> Any:
    """The day a plan ended: ceased, or transferred to another council."""
    return func.coalesce(t.c.ceased_on, t.c.transferred_out_on)


def active_on(day: dt.date, issued_by: dt.date | None = None, t: Any = plans_t) -> Any:
    """The one definition of "a plan active on a day": issued by then (or by ``issued_by``), not
    replaced by a later plan, and not ended by the day. The return's ActivePlans, the
    reconciliation's count and the Annex A list all use it."""
    return and_(
        t.c.issued_on <= (issued_by or day), t.c.status != "replaced", or_(ended_on(t).is_(None), ended_on(t) > day)
    )


def active_at(p: Period, t: Any = plans_t) -> Any:
    """Active at the reference date, issued by the end of the activity period."""
    return active_on(p.reference_date, p.end, t)


def in_scope(p: Period, t: Any = plans_t) -> Any:
    """A plan the return reports: active at the reference date, or issued or ended in the period."""
    ended = ended_on(t)
    return or_(active_at(p, t), t.c.issued_on.between(p.start, p.end), ended.between(p.start, p.end))


def _in(p: Period, day: dt.date | None) -> dt.date | None:
    return day if day is not None and p.start <= day <= p.end else None


def _code(value: str | None, length: int) -> str | None:
    return value if value and value.isdigit() and len(value) == length else None


class _Batch:
    """Everything the return needs about a batch of children, read with one query per table."""

    def __init__(self, conn: Any, p: Period, children: list[Any]) -> None:
        ids = [c.id for c in children]
        self.p = p
        self.cases = list(conn.execute(select(cases_t).where(cases_t.c.child_id.in_(ids)).order_by(cases_t.c.id)))
        case_ids = [c.id for c in self.cases]
        self.events: dict[int, list[Any]] = defaultdict(list)
        self.deadlines: dict[tuple[int, str], Any] = {}
        for chunk in _chunks(case_ids, 5000):
            for e in conn.execute(
                select(events_t.c.id, events_t.c.case_id, events_t.c.type, events_t.c.occurred_on)
                .where(events_t.c.case_id.in_(chunk), events_t.c.type.in_(EVENTS), events_t.c.occurred_on <= p.end)
                .order_by(events_t.c.occurred_on, events_t.c.id)
            ):
                self.events[e.case_id].append(e)
            for d in conn.execute(
                select(deadlines_t.c.case_id, deadlines_t.c.key, deadlines_t.c.due_on, deadlines_t.c.met_on,
                       deadlines_t.c.exception_applies)
                .where(deadlines_t.c.case_id.in_(chunk), deadlines_t.c.key.in_(("final_plan", "phase_transfer")))
            ):  # fmt: skip
                self.deadlines[(d.case_id, d.key)] = d
        self.plans = list(
            conn.execute(
                select(plans_t, active_at(p).label("active"))
                .where(plans_t.c.child_id.in_(ids), in_scope(p))
                .order_by(plans_t.c.issued_on, plans_t.c.id)
            )
        )
        plan_ids = [x.id for x in self.plans]
        self.settings = _grouped(conn, PlanSetting.__table__, "plan_id", plan_ids)
        self.needs = _grouped(conn, SenNeed.__table__, "child_id", ids)
        self.placements = _grouped(conn, Placement.__table__, "child_id", ids)
        self.event_type = {e.id: e.type for evs in self.events.values() for e in evs}
        self.by_child: dict[int, list[Any]] = defaultdict(list)
        self.disputes: dict[int, list[Any]] = defaultdict(list)
        self.reviews: dict[int, list[Any]] = defaultdict(list)
        for c in self.cases:
            self.by_child[c.child_id].append(c)
            if c.kind == DISPUTE and c.origin_case_id is not None:
                self.disputes[c.origin_case_id].append(c)
            elif c.kind == REVIEW and c.plan_id is not None:
                self.reviews[c.plan_id].append(c)
        self.plans_by_child: dict[int, list[Any]] = defaultdict(list)
        for x in self.plans:
            self.plans_by_child[x.child_id].append(x)

    def flags(self, case_ids: set[int], decisions: tuple[str, ...]) -> tuple[bool, bool]:
        """(mediation, tribunal): a dispute opened from one of these cases' ``decisions`` had
        mediation held or an appeal registered by the end of the period."""
        mediation = tribunal = False
        for d in (d for case_id in sorted(case_ids) for d in self.disputes.get(case_id, ())):
            if self.event_type.get(d.origin_event_id) not in decisions:
                continue
            types = {e.type for e in self.events.get(d.id, ())}
            mediation |= "mediation_held" in types
            tribunal |= "appeal_registered" in types
        return mediation, tribunal


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _grouped(conn: Any, table: Any, key: str, ids: list[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    if ids:
        for row in conn.execute(select(table).where(table.c[key].in_(ids)).order_by(table.c.rank, table.c.id)):
            out[row._mapping[key]].append(row)
    return out


def _first(events: list[Any], types: tuple[str, ...]) -> Any:
    return next((e for e in events if e.type in types), None)


def _setting(row: Any) -> dict[str, Any]:
    return {
        "urn": row.urn, "ukprn": row.ukprn, "sen_setting": row.sen_setting,
        "sen_setting_other": row.sen_setting_other, "placement_rank": row.rank,
        "sen_unit_indicator": row.sen_unit, "resourced_provision_indicator": row.resourced_provision,
    }  # fmt: skip


def _named_plan(b: _Batch, plan: Any) -> r.NamedPlan:
    p = b.p
    cease = _in(p, plan.ceased_on or plan.transferred_out_on)
    reason = plan.cease_reason or ("5" if cease and plan.status == "transferred" else None)
    return r.NamedPlan(
        start_date=plan.issued_on, plan_res=plan.plan_res, plan_wbp=plan.plan_wbp, pb=plan.personal_budget,
        oa=plan.organised_arrangements, dp=plan.direct_payments, cease_date=cease,
        cease_reason=reason if cease else plan.cease_reason,
        plan_details=tuple(r.PlanDetail(**_setting(s)) for s in b.settings.get(plan.id, ())),
    )  # fmt: skip


def _active_plan(b: _Batch, plan: Any, child_id: int) -> r.ActivePlan:
    p = b.p
    meeting = outcome = decided = draft = due = final = None
    for rev in b.reviews.get(plan.id, ()):
        events = b.events.get(rev.id, [])
        held = [e for e in events if e.type == "meeting_held"]
        if held and (meeting is None or held[-1].occurred_on >= meeting):
            meeting = held[-1].occurred_on
            decision = next((e for e in events if e.type in REVIEW_OUTCOME and e.occurred_on >= meeting), None)
            outcome = REVIEW_OUTCOME[decision.type] if decision else None
            decided = decision.occurred_on if decision else None
            draft = decided if outcome == "A" else None
        transfer = b.deadlines.get((rev.id, "phase_transfer"))
        if transfer is not None:
            due = transfer.due_on
            issued = _first(events, ("amended_plan_issued",))
            final = issued.occurred_on if issued else None
    placements = [
        x for x in b.placements.get(child_id, ())
        if (x.leaving_date is None or x.leaving_date >= p.start) and (x.entry_date is None or x.entry_date <= p.end)
    ]  # fmt: skip
    return r.ActivePlan(
        transfer_la=_code(plan.transfer_la or plan.transferred_from, 3) if _in(p, plan.transferred_in_on) else None,
        res=plan.plan_res, wbp=plan.plan_wbp, review_meeting=meeting, review_outcome=outcome, last_review=decided,
        review_draft=draft, phase_transfer_due_date=due, phase_transfer_final_date=final,
        placement_details=tuple(
            r.PlacementDetail(**_setting(x), entry_date=x.entry_date, leaving_date=_in(p, x.leaving_date))
            for x in placements
        ),
        sen_needs=tuple(r.SENNeed(sen_type=n.sen_type, sen_type_rank=n.rank) for n in b.needs.get(child_id, ())),
    )  # fmt: skip


def _request(b: _Batch, case: Any, plan: Any | None, child_id: int) -> r.Request:
    p, events = b.p, b.events.get(case.id, [])
    decision = _first(events, REQUEST_EVENTS)
    ended = _first(events, ENDED_EVENTS)
    if decision is None:
        outcome, outcome_on = ("W" if ended else "A"), None
    elif decision.occurred_on < p.start:
        outcome, outcome_on = "H", None
    else:
        outcome, outcome_on = ("Y" if decision.type == "decided_to_assess" else "N"), decision.occurred_on
    mediation, tribunal = b.flags({case.id}, ("decided_not_to_assess",))
    assessment = None
    if decision is not None and decision.type == "decided_to_assess":
        assessment = _assessment(b, case, events, plan, child_id)
    received = (case.facts or {}).get("received_on")
    return r.Request(
        received_date=dt.date.fromisoformat(received) if isinstance(received, str) else received,
        request_source=_source(case.request_source), rya=case.rya, request_outcome_date=outcome_on,
        request_outcome=outcome, request_mediation=mediation, request_tribunal=tribunal,
        exported=None, assessment=assessment,
        active_plan=_active_plan(b, plan, child_id) if plan is not None and plan.active else None,
    )  # fmt: skip


def _assessment(b: _Batch, case: Any, events: list[Any], plan: Any | None, child_id: int) -> r.Assessment:
    p = b.p
    not_issue = _first(events, ("decided_not_to_issue",))
    final = _first(events, ("final_issued",))
    to_issue = _first(events, ("decided_to_issue",))
    ended = _first(events, ENDED_EVENTS)
    decided = not_issue or final
    if decided is not None and decided.occurred_on < p.start:
        outcome, on = "H", None
    elif not_issue is not None:
        outcome, on = "N", not_issue.occurred_on
    elif final is not None:
        outcome, on = "Y", final.occurred_on
    elif to_issue is not None:
        outcome, on = "Y", None
    else:
        outcome, on = ("W" if ended else "A"), None
    deadline = b.deadlines.get((case.id, "final_plan"))
    week20 = bool(deadline.exception_applies) if on is not None and deadline is not None else None
    mediation, tribunal = b.flags({case.id}, ("decided_not_to_issue", "final_issued"))
    reviews = {c.id for c in b.reviews.get(plan.id, ())} if plan is not None else set()
    other_mediation, other_tribunal = b.flags(reviews, tuple(REVIEW_OUTCOME) + ("amended_plan_issued",))
    return r.Assessment(
        assessment_outcome=outcome, assessment_outcome_date=on, assessment_mediation=mediation,
        assessment_tribunal=tribunal, other_mediation=other_mediation, other_tribunal=other_tribunal, week20=week20,
        named_plan=_named_plan(b, plan) if plan is not None and outcome in ("Y", "H") else None,
    )  # fmt: skip


def _source(source: str | None) -> str | None:
    return codes.PRODUCT_REQUEST_SOURCE.get(source) if source else None


def _historical(b: _Batch, plan: Any, child_id: int) -> r.Request:
    """A plan not made by an assessment recorded here (transferred in; made before the records)."""
    return r.Request(
        request_outcome="H",
        assessment=r.Assessment(assessment_outcome="H", named_plan=_named_plan(b, plan)),
        active_plan=_active_plan(b, plan, child_id) if plan.active else None,
    )


def _person(b: _Batch, child: Any) -> r.Person | None:
    p = b.p
    plans = b.plans_by_child.get(child.id, [])
    by_case = {x.case_id: x for x in plans if x.case_id is not None}
    requests: list[tuple[Any, int, r.Request]] = []
    for case in (c for c in b.by_child.get(child.id, ()) if c.kind == ASSESSMENT):
        plan = by_case.pop(case.id, None)
        live = case.opened_on <= p.end and (case.closed_on is None or case.closed_on >= p.start)
        if plan is None and not live:
            continue
        request = _request(b, case, plan, child.id)
        requests.append((request.received_date or case.opened_on, case.id, request))
    for plan in [*by_case.values(), *(x for x in plans if x.case_id is None)]:
        requests.append((plan.issued_on, 0, _historical(b, plan, child.id)))
    if not requests:
        return None
    requests.sort(key=lambda x: (x[0], x[1]))
    return r.Person(
        key=child.id, surname=child.family_name, forename=child.given_name, person_birth_date=child.date_of_birth,
        sex=child.sex or "", ethnicity=child.ethnicity or "NOBT", postcode=child.postcode, upn=child.upn,
        unique_learner_number=child.uln, upn_unknown=child.upn_unknown, requests=tuple(x[2] for x in requests),
    )  # fmt: skip


def persons(conn: Any, p: Period, batch: int = BATCH) -> Iterator[r.Person]:
    """Every person of the return, in child id order, read ``batch`` children at a time."""
    children_t = Child.__table__
    columns = [children_t.c[k] for k in ("id", "given_name", "family_name", "date_of_birth", "sex", "ethnicity",
                                         "postcode", "upn", "uln", "upn_unknown")]  # fmt: skip
    last = 0
    while True:
        rows = list(conn.execute(select(*columns).where(children_t.c.id > last).order_by(children_t.c.id).limit(batch)))
        if not rows:
            return
        b = _Batch(conn, p, rows)
        for child in rows:
            person = _person(b, child)
            if person is not None:
                yield person
        last = rows[-1].id
