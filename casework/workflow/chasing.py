"""Chasing advice (statutory.md section 4 and section 11).

The policy is product configuration, not law: a reminder before the due date, a chase on the first
working day after it, weekly chases while it is outstanding, and an escalation (to the provider's
escalation contact: the Designated Clinical Officer for health, the Designated Social Care Officer
for social care; and to the case officer's manager) once it is long overdue. A reg 8(2) exception
recorded on the request pauses chasing; receipt stops it.

`steps_due` and `next_step_on` are pure. The sweep (`chase`) reads only the requests whose
`next_chase_on` has come (an index lookup), writes each step as an outbox row with a dedupe key,
and moves `next_chase_on` on: running it any number of times on a day sends each message once. It marks the
request `chased` or `escalated` once a chase or an escalation has been written (the dashboard's
"needed chasing" and "escalated" shares read these flags).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, lazyload

from casework.models import AdviceRequest, Case, Child, Staff
from casework.notifications import advice_messages, outbox
from casework.workflow import statutory as law


@dataclass(frozen=True)
class ChasePolicy:
    reminder_days_before: int = 7
    chase_every_days: int = 7
    escalate_after_days: int = 14

    def reminder_on(self, due_on: dt.date) -> dt.date:
        return law.practical_date(due_on - dt.timedelta(days=self.reminder_days_before))

    def first_chase_on(self, due_on: dt.date) -> dt.date:
        return law.next_working_day(due_on)

    def escalate_on(self, due_on: dt.date) -> dt.date:
        day = due_on + dt.timedelta(days=self.escalate_after_days)
        return day if law.is_working_day(day) else law.next_working_day(day)


DEFAULT_POLICY = ChasePolicy()


@dataclass(frozen=True)
class Step:
    kind: str  # reminder | chase | escalation
    number: int = 0  # chase number (1, 2, ...)

    @property
    def key(self) -> str:
        return f"chase:{self.number}" if self.kind == "chase" else self.kind


def steps_due(due_on: dt.date, today: dt.date, policy: ChasePolicy = DEFAULT_POLICY) -> list[Step]:
    """What should have gone out by today for advice due on `due_on` and still outstanding.
    Only the latest weekly chase is due (a sweep that missed days does not send a backlog)."""
    steps: list[Step] = []
    if policy.reminder_on(due_on) <= today <= due_on:
        steps.append(Step("reminder"))
    first = policy.first_chase_on(due_on)
    if today >= first:
        steps.append(Step("chase", (today - first).days // policy.chase_every_days + 1))
    if today >= policy.escalate_on(due_on):
        steps.append(Step("escalation"))
    return steps


def next_step_on(due_on: dt.date, today: dt.date, policy: ChasePolicy = DEFAULT_POLICY) -> dt.date:
    """The next day after `today` on which something new falls due."""
    first = policy.first_chase_on(due_on)
    candidates = [policy.reminder_on(due_on), first, policy.escalate_on(due_on)]
    if today >= first:
        weeks = (today - first).days // policy.chase_every_days + 1
        candidates.append(first + dt.timedelta(days=weeks * policy.chase_every_days))
    return min(d for d in candidates if d > today)


# ---------------------------------------------------------------------------------------------
# the sweep over due advice


def managers_of(session: Session, officer: Staff | None) -> list[Staff]:
    """Who overdue advice on an officer's case goes to: their own manager, else their team's managers
    (with no officer: every available manager)."""
    if officer is None:
        return list(session.execute(select(Staff).where(Staff.role == "manager", Staff.available)).scalars())
    if officer.manager_id:
        manager = session.get(Staff, officer.manager_id)
        if manager is not None:
            return [manager]
    q = select(Staff).where(Staff.role == "manager")
    if officer.team:
        q = q.where(Staff.team == officer.team)
    return list(session.execute(q.order_by(Staff.id)).scalars())


def chase(
    session: Session, today: dt.date, policy: ChasePolicy = DEFAULT_POLICY, batch: int = 500
) -> tuple[int, list[int]]:
    """Write the reminders, chases and escalations due today for up to `batch` requests.
    Returns (requests processed, new outbox ids).
    Rows are claimed FOR UPDATE SKIP LOCKED on PostgreSQL, so two sweeps never chase one request twice."""
    conn = session.connection()
    q = (
        select(AdviceRequest.id)
        .where(AdviceRequest.next_chase_on <= today, AdviceRequest.received_on.is_(None))
        .order_by(AdviceRequest.next_chase_on, AdviceRequest.id)
        .limit(batch)
    )
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    ids = list(session.execute(q).scalars())
    if not ids:
        return 0, []
    rows = session.execute(
        select(AdviceRequest, Case, Child, Staff)
        .join(Case, Case.id == AdviceRequest.case_id)
        .join(Child, Child.id == Case.child_id)
        .outerjoin(Staff, Staff.id == Case.officer_id)
        .where(AdviceRequest.id.in_(ids))
        .order_by(AdviceRequest.id)
        # the rows are selected explicitly above: don't join them a second time through relationships
        .options(lazyload(Case.child), lazyload(Case.officer))
    ).all()
    written: list[int] = []
    for advice, case, child, officer in rows:
        msgs = []
        for step in steps_due(advice.due_on, today, policy):
            msgs += advice_messages.advice_chase(
                advice=advice,
                provider=advice.provider,
                case_id=case.id,
                child=child,
                step=step,
                today=today,
                officer=officer,
                managers=managers_of(session, officer) if step.kind == "escalation" else [],
            )
        written += outbox.add(conn, msgs)
        # what was sent, kept on the request for the figures (never unset)
        sent = {"chased": any(m.template == "advice_chase.email" for m in msgs),
                "escalated": any(m.template.startswith("advice_escalation") for m in msgs)}  # fmt: skip
        conn.execute(
            update(AdviceRequest.__table__)
            .where(AdviceRequest.__table__.c.id == advice.id)
            .values(next_chase_on=next_step_on(advice.due_on, today, policy), **{k: True for k, v in sent.items() if v})
        )
    return len(ids), written
