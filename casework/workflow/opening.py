"""Opening a case of any kind: the kind prepares what the case opens with (its start date, facts,
plan, and the checks only it knows); the opener allocates an officer (siblings first), inserts the
case with its first event and deadlines, tells the family, and moves the family's other cases if
allocation says so, all in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, Child, Event
from casework.workflow import allocation, reassign
from casework.workflow import statutory as law
from casework.workflow.context import Actor, Result
from casework.workflow.deadlines import facts_to_json
from casework.workflow.engine import next_duty, notify_family, sync_deadlines
from casework.workflow.errors import Conflict, NotFound
from casework.workflow.kinds import KINDS

cases_t = Case.__table__
children_t = Child.__table__
events_t = Event.__table__


def open_case(
    session: Session,
    kind_name: str,
    child_id: int,
    *,
    actor: Actor,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
    **inputs: Any,
) -> Result:
    """Open a case of `kind_name` for the child. `inputs` are what that kind opens from (e.g. the
    date the request was received); the kind checks them. The partial unique indexes turn a
    concurrent duplicate into a 409."""
    kind = KINDS[kind_name]
    today = today or clock.today()
    conn = session.connection()
    child = conn.execute(
        select(children_t.c.id, children_t.c.given_name, children_t.c.family_name, children_t.c.date_of_birth).where(
            children_t.c.id == child_id
        )
    ).one_or_none()
    if child is None:
        raise NotFound(f"There is no child {child_id}.")
    opening = kind.prepare(conn, child_id, inputs, settings, today)
    if opening.officer_id is None:
        allocated = allocation.choose_officer(conn, child_id)
    else:
        allocated = allocation.Choice(opening.officer_id, "chosen by the officer who opened the case")
    machine = kind.machine
    state = opening.state or machine.initial
    specs = kind.deadlines(opening.facts, settings)
    nxt = next_duty(specs)
    officer_id = allocated.officer_id if allocated else None
    now = clock.now()
    try:
        with session.begin_nested():
            case_id = (
                session.connection()
                .execute(
                    insert(cases_t)
                    .values(
                        kind=kind.name,
                        child_id=child.id,
                        plan_id=opening.plan_id,
                        officer_id=officer_id,
                        state=state,
                        is_open=True,
                        version=1,
                        opened_on=opening.opened_on,
                        facts=facts_to_json(opening.facts),
                        next_due_on=nxt.due_on if nxt else None,
                        next_due_key=nxt.key if nxt else None,
                        next_action_on=nxt.due_on if nxt else None,
                        created_at=now,
                        updated_at=now,
                        **opening.columns,
                    )
                    .returning(cases_t.c.id)
                )
                .scalar_one()
            )
    except IntegrityError:
        raise Conflict(opening.conflict) from None
    details = dict(opening.details)
    if allocated:
        details["allocation"] = {"officer_id": allocated.officer_id, "reason": allocated.reason}
    conn = session.connection()
    event_id = conn.execute(
        insert(events_t)
        .values(
            case_id=case_id,
            type=kind.opening_event,
            occurred_on=opening.opened_on,
            recorded_at=now,
            actor_kind=actor.kind,
            actor_id=actor.id,
            from_state=None,
            to_state=state,
            details=details,
        )
        .returning(events_t.c.id)
    ).scalar_one()
    current = sync_deadlines(conn, case_id, specs, set())
    row = _CaseRow(case_id, kind.name, child.id, officer_id, child.given_name, child.family_name,
                   child.date_of_birth, opening.plan_id)  # fmt: skip
    outbox_ids = notify_family(conn, row, kind, event_id, kind.opening_event, opening.opened_on, state, current,
                               details, facts=opening.facts, today=today)  # fmt: skip
    if allocated and allocated.move_case_ids:  # the family's officer is unavailable: the family moves together
        moved = reassign.reassign(
            session, list(allocated.move_case_ids), allocated.officer_id, actor=actor, reason=allocated.reason,
            today=today,
        )  # fmt: skip
        outbox_ids += [i for r in moved for i in r.outbox_ids]
    return Result(case_id, event_id, state, 1, outbox_ids)


class _CaseRow:
    """The case as `notify_family` reads it (the engine's row has the same names)."""

    def __init__(self, id: int, kind: str, child_id: int, officer_id: int | None, given_name: str, family_name: str,
                 date_of_birth: dt.date, plan_id: int | None):  # fmt: skip
        self.id, self.kind, self.child_id, self.officer_id = id, kind, child_id, officer_id
        self.given_name, self.family_name = given_name, family_name
        self.date_of_birth, self.plan_id = date_of_birth, plan_id
