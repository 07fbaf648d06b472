"""The only writer of case state.

`record` loads a case (one row), checks the event against the machine and its statutory guards,
and writes, in the caller's transaction: the new state and version (a conditional UPDATE, so a
stale or concurrent write becomes a 409), the event (the audit trail), the recomputed deadlines
(only the rows that changed) and the outbox rows the event causes. `commit` then commits and hands
the new outbox rows to delivery. The hot path uses SQLAlchemy Core on the session's connection:
one SELECT of the case, one of its deadlines, one of its contacts, then the writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, CaseException, Child, Contact, Deadline, Event, Plan, Staff
from casework.notifications import messages, outbox
from casework.workflow import assessment, review
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, facts_from_json, facts_to_json
from casework.workflow.errors import Conflict, InvalidInput, NotFound, StaleVersion
from casework.workflow.machine import Definition

MACHINES: dict[str, Definition] = {"assessment": assessment.MACHINE, "review": review.MACHINE}
DEADLINE_RULES: dict[str, Callable[..., list[DeadlineSpec]]] = {
    "assessment": assessment.deadlines,
    "review": review.deadlines,
}
EXCEPTION_RULES: dict[str, dict[str, str]] = {
    "assessment": assessment.EXCEPTION_RULES,
    "review": review.EXCEPTION_RULES,
}

# events that may be recorded again (they do not set a fact such as "draft_issued_on")
REPEATABLE = frozenset(
    {
        "exception_recorded",
        "advice_requested",
        "advice_received",
        "advice_exception_recorded",
        "advice_reused",
        "phase_transfer_recorded",
    }
)
# decisions whose letter opens an appeal window (notice_sent_on, if later than the decision)
APPEALABLE = frozenset(
    {"decided_not_to_assess", "decided_not_to_issue", "final_issued", "decided_to_maintain", "decided_to_cease"}
)
EXCEPTION_REASONS = (
    "school_closure",
    "exceptional_personal_circumstances",
    "absent_from_area",
    "missed_appointment",
    "exceptional_circumstances",
)

cases_t = Case.__table__
events_t = Event.__table__
deadlines_t = Deadline.__table__
contacts_t = Contact.__table__
children_t = Child.__table__
staff_t = Staff.__table__

# The hot path's statements, built once (building and cache-keying a statement per call cost more
# than executing it; see benchmarks/transitions.py).
_CASE = (
    select(
        cases_t.c.id,
        cases_t.c.kind,
        cases_t.c.state,
        cases_t.c.version,
        cases_t.c.opened_on,
        cases_t.c.facts,
        cases_t.c.is_open,
        cases_t.c.closed_on,
        cases_t.c.child_id,
        cases_t.c.officer_id,
        cases_t.c.plan_id,
        children_t.c.given_name,
        children_t.c.family_name,
        children_t.c.date_of_birth,
        staff_t.c.name.label("officer_name"),
        staff_t.c.email.label("officer_email"),
    )
    .join(children_t, children_t.c.id == cases_t.c.child_id)
    .outerjoin(staff_t, staff_t.c.id == cases_t.c.officer_id)
    .where(cases_t.c.id == bindparam("b_case_id"))
)
_UPDATE_CASE = (
    update(cases_t)
    .where(cases_t.c.id == bindparam("b_case_id"), cases_t.c.version == bindparam("b_version"))
    .values(
        state=bindparam("b_state"),
        version=bindparam("b_new_version"),
        facts=bindparam("b_facts", type_=cases_t.c.facts.type),
        is_open=bindparam("b_is_open"),
        closed_on=bindparam("b_closed_on", type_=cases_t.c.closed_on.type),
        next_due_on=bindparam("b_next_due_on", type_=cases_t.c.next_due_on.type),
        next_due_key=bindparam("b_next_due_key"),
        updated_at=bindparam("b_now", type_=cases_t.c.updated_at.type),
    )
)
_INSERT_EVENT = insert(events_t).returning(events_t.c.id)
_DEADLINES = select(
    deadlines_t.c.id,
    deadlines_t.c.key,
    deadlines_t.c.due_on,
    deadlines_t.c.practical_due_on,
    deadlines_t.c.met_on,
    deadlines_t.c.outcome,
    deadlines_t.c.exception_applies,
    deadlines_t.c.start_on,
    deadlines_t.c.kind,
).where(deadlines_t.c.case_id == bindparam("b_case_id"))
_DEADLINE_VALUES = ("due_on", "practical_due_on", "met_on", "outcome", "start_on", "kind", "exception_applies")
_UPDATE_DEADLINE = (
    update(deadlines_t)
    .where(deadlines_t.c.id == bindparam("b_id"))
    .values({name: bindparam(f"b_{name}", type_=deadlines_t.c[name].type) for name in _DEADLINE_VALUES})
)
_INSERT_DEADLINES = insert(deadlines_t)
_CONTACTS = select(
    contacts_t.c.id,
    contacts_t.c.name,
    contacts_t.c.email,
    contacts_t.c.phone_e164,
    contacts_t.c.address,
    contacts_t.c.preferred_channel,
).where(contacts_t.c.child_id == bindparam("b_child_id"))


@dataclass(frozen=True)
class Actor:
    kind: str  # staff | system | parent | provider
    id: int | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls("system", None)


@dataclass
class Result:
    case_id: int
    event_id: int
    state: str
    version: int
    outbox_ids: list[int] = field(default_factory=list)


@dataclass
class Context:
    """What a guard sees: the case's recorded dates, the new event's date and details."""

    facts: Mapping[str, dt.date]
    occurred_on: dt.date
    details: Mapping[str, Any]
    settings: law.Settings

    def fact(self, name: str) -> dt.date | None:
        return self.facts.get(name)


# ---------------------------------------------------------------------------------------------
# recording an event on an open case


def record(
    session: Session,
    case_id: int,
    event_type: str,
    occurred_on: dt.date,
    *,
    actor: Actor,
    details: Mapping[str, Any] | None = None,
    version: int | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
    _extra: Callable[..., None] | None = None,
) -> Result:
    """Record that `event_type` happened on `occurred_on`. Raises NotFound, InvalidInput (422),
    WrongState / GuardRefused / StaleVersion (409). Does not commit."""
    today = today or clock.today()
    details = dict(details or {})
    conn = session.connection()
    row = conn.execute(_CASE, {"b_case_id": case_id}).one_or_none()
    if row is None:
        raise NotFound(f"There is no case {case_id}.")
    if version is not None and version != row.version:
        raise StaleVersion(
            f"Case {case_id} has changed since you loaded it (you sent version {version}; it is now "
            f"version {row.version}). Reload the case and check what was recorded before trying again."
        )
    machine = MACHINES[row.kind]
    if event_type not in machine.event_types:
        raise InvalidInput(
            {
                "type": [
                    f"'{event_type}' is not an event of a {row.kind}. Known events: "
                    f"{', '.join(sorted(machine.event_types))}."
                ]
            }
        )
    _check_date(occurred_on, row.opened_on, today)
    missing = [name for name in machine.requires.get(event_type, ()) if details.get(name) in (None, "", [])]
    if missing:
        raise InvalidInput({name: [f"'{event_type}' needs '{name}'."] for name in missing})

    if row.kind == "review" and event_type in review.DECISIONS:
        problems = review.views_problems(details, row.date_of_birth, occurred_on)
        if problems:
            raise InvalidInput(problems)
    facts = facts_from_json(row.facts)
    if event_type not in REPEATABLE:
        _check_order(event_type, occurred_on, facts, machine)
    ctx = Context(facts, occurred_on, details, settings)
    new_state = machine.fire(row.state, event_type, ctx)

    if event_type not in REPEATABLE:
        facts[f"{event_type}_on"] = occurred_on
    if event_type == "meeting_arranged":
        facts["meeting_on"] = details["meeting_on"]
    if event_type == "amendments_proposed" and details.get("notice_sent_on"):
        sent = _as_date(details["notice_sent_on"], "notice_sent_on")
        if not occurred_on <= sent <= today:
            raise InvalidInput(
                {"notice_sent_on": ["The notice is sent on or after it was served, and not in the future."]}
            )
        facts["notice_sent_on"] = sent
    if event_type == "phase_transfer_recorded":
        facts["phase_transfer_on"] = details["phase_transfer"]["transfer_on"]
        facts["phase_transfer_kind"] = details["phase_transfer"]["kind"]
    if event_type in APPEALABLE and details.get("notice_sent_on"):
        sent = _as_date(details["notice_sent_on"], "notice_sent_on")
        if not occurred_on <= sent <= today:
            raise InvalidInput(
                {
                    "notice_sent_on": [
                        f"The decision letter is sent on or after the decision ({occurred_on.isoformat()}) and not in the "
                        f"future (today is {today.isoformat()})."
                    ]
                }
            )
        facts["decision_notice_sent_on"] = sent
    closing = machine.is_closed(new_state)

    # 1. the conditional update: takes the row lock first, so a concurrent writer waits and then
    #    finds the version moved on.
    now = clock.now()
    changed = new_state != row.state
    specs = DEADLINE_RULES[row.kind](facts, settings)
    next_due = next_duty(specs)
    moved = conn.execute(
        _UPDATE_CASE,
        {
            "b_case_id": case_id,
            "b_version": row.version,
            "b_state": new_state,
            "b_new_version": row.version + 1,
            "b_facts": facts_to_json(facts),
            "b_is_open": (not closing) if changed else row.is_open,
            "b_closed_on": (occurred_on if closing else None) if changed else row.closed_on,
            "b_now": now,
            "b_next_due_on": next_due.due_on if next_due else None,
            "b_next_due_key": next_due.key if next_due else None,
        },
    ).rowcount
    if moved != 1:
        raise StaleVersion(f"Case {case_id} was changed by someone else at the same time. Reload it and try again.")

    # 2. the event
    event_id = conn.execute(
        _INSERT_EVENT,
        {
            "case_id": case_id,
            "type": event_type,
            "occurred_on": occurred_on,
            "recorded_at": now,
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "from_state": row.state,
            "to_state": new_state,
            "details": _jsonable(details),
        },
    ).scalar_one()

    exception_keys: set[str] = set()
    if event_type == "exception_recorded":
        exception_keys = _record_exception(conn, row, event_id, details, actor)

    # 3. the deadlines (only the rows that changed)
    current = _sync_deadlines(conn, case_id, specs, exception_keys)

    if _extra is not None:
        _extra(conn=conn, row=row, event_id=event_id, facts=facts)
    if event_type == "final_issued":
        _make_plan(conn, row, occurred_on, details, settings)
    if row.kind == "review":
        _review_effects(conn, row, event_type, occurred_on, facts, details, settings)

    # 4. the messages it causes
    outbox_ids = _notify(conn, row, event_id, event_type, occurred_on, new_state, current, details)
    return Result(case_id, event_id, new_state, row.version + 1, outbox_ids)


def next_duty(specs: Iterable[DeadlineSpec]) -> DeadlineSpec | None:
    """The next pending statutory duty (what a queue sorts on)."""
    pending = [s for s in specs if s.kind == "duty" and s.outcome == "pending"]
    return min(pending, key=lambda s: s.due_on) if pending else None


def _as_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput({name: ["Enter a date as YYYY-MM-DD."]}) from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _check_date(occurred_on: dt.date, opened_on: dt.date, today: dt.date) -> None:
    if occurred_on > today:
        raise InvalidInput(
            {
                "occurred_on": [
                    f"{occurred_on.isoformat()} is in the future. Record events on or after the date they happened "
                    f"(today is {today.isoformat()})."
                ]
            }
        )
    if occurred_on < opened_on:
        raise InvalidInput(
            {"occurred_on": [f"{occurred_on.isoformat()} is before the case opened on {opened_on.isoformat()}."]}
        )


def _check_order(event_type: str, occurred_on: dt.date, facts: Mapping[str, Any], machine: Definition) -> None:
    """A stage cannot be dated before the stage it follows (only recorded steps count, not
    planned dates such as a meeting booked for next month)."""
    steps = [
        (k, v)
        for k, v in facts.items()
        if isinstance(v, dt.date) and (k == "received_on" or k.removesuffix("_on") in machine.event_types)
    ]
    if not steps:
        return
    last_name, last_on = max(steps, key=lambda kv: kv[1])
    if occurred_on < last_on:
        what = last_name.removesuffix("_on").replace("_", " ")
        raise InvalidInput(
            {
                "occurred_on": [
                    f"{occurred_on.isoformat()} is before the last recorded step ({what} on {last_on.isoformat()}); "
                    f"'{event_type}' cannot have happened before it."
                ]
            }
        )


def _sync_deadlines(
    conn: Any, case_id: int, specs: Iterable[DeadlineSpec], new_exceptions: set[str]
) -> list[dict[str, Any]]:
    """Store the recomputed deadlines, writing only what changed; return the rows as stored."""
    existing = {r.key: r for r in conn.execute(_DEADLINES, {"b_case_id": case_id})}
    rows: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for s in specs:
        old = existing.pop(s.key, None)
        values = {
            "due_on": s.due_on,
            "practical_due_on": s.practical_due_on,
            "met_on": s.met_on,
            "outcome": s.outcome,
            "start_on": s.start_on,
            "kind": s.kind,
            "exception_applies": bool(old is not None and old.exception_applies) or s.key in new_exceptions,
        }
        rows.append({"key": s.key, "rule": s.rule, "regulation": s.regulation, **values})
        if old is None:
            inserts.append({"case_id": case_id, "key": s.key, "rule": s.rule, "regulation": s.regulation, **values})
        elif any(getattr(old, k) != v for k, v in values.items()):
            conn.execute(_UPDATE_DEADLINE, {"b_id": old.id, **{f"b_{k}": v for k, v in values.items()}})
    if inserts:
        conn.execute(_INSERT_DEADLINES, inserts)
    if existing:
        conn.execute(delete(deadlines_t).where(deadlines_t.c.id.in_([r.id for r in existing.values()])))
    return rows


def _record_exception(conn: Any, row: Any, event_id: int, details: Mapping[str, Any], actor: Actor) -> set[str]:
    """Decision 8: an exception marks deadlines 'exception applies' and never moves a date."""
    reason = details.get("reason")
    keys = details.get("deadline_keys")
    allowed = EXCEPTION_RULES[row.kind]
    if reason not in EXCEPTION_REASONS:
        raise InvalidInput({"reason": [f"Choose one of: {', '.join(EXCEPTION_REASONS)}."]})
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise InvalidInput({"deadline_keys": ['Give the deadlines the exception applies to, e.g. ["final_plan"].']})
    if not str(details.get("note") or "").strip():
        raise InvalidInput({"note": ["Say why the time limit could not be met because of this reason."]})
    for key in keys:
        rule = allowed.get(key)
        if rule is None:
            raise InvalidInput(
                {
                    "deadline_keys": [
                        f"No exception can be recorded against '{key}'. Exceptions apply to: {', '.join(allowed)}."
                    ]
                }
            )
        if reason not in law.EXCEPTION_REASONS.get(rule, set()):
            lawful = ", ".join(sorted(law.EXCEPTION_REASONS.get(rule, set()))) or "none"
            raise Conflict(
                f"'{reason}' is not an exception the law allows for {key} "
                f"({law.RULES[rule].citation}). Allowed: {lawful}."
            )
    extra = {k: v for k, v in details.items() if k not in ("reason", "deadline_keys", "note")}
    conn.execute(
        insert(CaseException.__table__).values(
            case_id=row.id,
            event_id=event_id,
            reason=reason,
            deadline_keys={"keys": keys},
            note=str(details["note"]),
            details=_jsonable(extra),
            recorded_by=actor.id if actor.kind == "staff" else None,
            recorded_at=clock.now(),
        )
    )
    return set(keys)


def _make_plan(conn: Any, row: Any, issued_on: dt.date, details: Mapping[str, Any], settings: law.Settings) -> None:
    """The final plan makes the child's EHC plan; its date starts the review clock (B1)."""
    conn.execute(
        update(Plan.__table__)
        .where(Plan.__table__.c.child_id == row.child_id, Plan.__table__.c.status == "active")
        .values(status="replaced")
    )
    conn.execute(
        insert(Plan.__table__).values(
            child_id=row.child_id,
            case_id=row.id,
            issued_on=issued_on,
            named_setting=details.get("named_setting"),
            review_period_start=issued_on,
            next_review_due=law.review_meeting(issued_on).due_on,
            status="active",
            created_at=clock.now(),
        )
    )


plans_t = Plan.__table__


def _review_effects(
    conn: Any,
    row: Any,
    event_type: str,
    occurred_on: dt.date,
    facts: Mapping[str, Any],
    details: Mapping[str, Any],
    settings: law.Settings,
) -> None:
    """What a review does to the plan: a decision to maintain or amend restarts the 12-month clock
    (B2, Decision 4, `review_clock_restarts_on`); a decision to cease marks it ceasing; the plan
    ceases only when `plan_ceased` is recorded after the appeal window (C6)."""
    where = plans_t.c.id == row.plan_id
    if event_type == "meeting_held":
        conn.execute(update(plans_t).where(where).values(last_review_meeting_on=occurred_on))
    elif event_type in ("decided_to_maintain", "amendments_proposed"):
        start = law.next_review_period_start(facts.get("meeting_held_on"), occurred_on, settings)
        conn.execute(
            update(plans_t)
            .where(where)
            .values(review_period_start=start, next_review_due=law.review_meeting(start).due_on)
        )
    elif event_type == "amended_plan_issued":
        values: dict[str, Any] = {"amended_on": occurred_on}
        if details.get("named_setting"):
            values["named_setting"] = details["named_setting"]
        conn.execute(update(plans_t).where(where).values(**values))
    elif event_type == "decided_to_cease":
        conn.execute(update(plans_t).where(where).values(cease_decided_on=occurred_on))
    elif event_type == "plan_ceased":
        conn.execute(update(plans_t).where(where).values(status="ceased", ceased_on=occurred_on))
    elif event_type == "phase_transfer_recorded":
        conn.execute(
            update(plans_t)
            .where(where)
            .values(
                phase_transfer_on=details["phase_transfer"]["transfer_on"],
                phase_transfer_kind=details["phase_transfer"]["kind"],
            )
        )


def _notify(
    conn: Any,
    row: Any,
    event_id: int,
    event_type: str,
    occurred_on: dt.date,
    new_state: str,
    deadlines: list[dict[str, Any]],
    details: Mapping[str, Any],
) -> list[int]:
    if not messages.tells_family(row.kind, event_type):
        return []
    contacts = conn.execute(_CONTACTS, {"b_child_id": row.child_id}).all()
    officer = None
    if getattr(row, "officer_name", None) is not None:
        officer = _Officer(row.officer_name, row.officer_email)
    elif row.officer_id is not None:
        officer = conn.execute(
            select(staff_t.c.name, staff_t.c.email).where(staff_t.c.id == row.officer_id)
        ).one_or_none()
    msgs = messages.family_update(
        kind=row.kind,
        case_id=row.id,
        event_id=event_id,
        event_type=event_type,
        occurred_on=occurred_on,
        state=new_state,
        child_name=row.given_name,
        contacts=contacts,
        officer=officer,
        deadlines=deadlines,
        details=details,
    )
    return outbox.add(conn, msgs)


# ---------------------------------------------------------------------------------------------
# opening a case


def open_assessment(
    session: Session,
    child_id: int,
    received: dt.date | dt.datetime,
    *,
    actor: Actor,
    request_source: str = "parent",
    officer_id: int | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result:
    """Open an EHC needs assessment from the date the LA received the request (Decision 2)."""
    from casework.workflow import allocation

    today = today or clock.today()
    conn = session.connection()
    child = conn.execute(
        select(children_t.c.id, children_t.c.given_name, children_t.c.family_name).where(children_t.c.id == child_id)
    ).one_or_none()
    if child is None:
        raise NotFound(f"There is no child {child_id}.")
    received_at = received if isinstance(received, dt.datetime) else None
    if received_at is not None and received_at.tzinfo is None:
        raise InvalidInput({"received_at": ["Give the time with its offset, e.g. 2026-01-05T09:30:00+00:00."]})
    raw_date = law.to_local_date(received_at) if received_at else received
    if raw_date > today:
        raise InvalidInput(
            {"received_on": [f"{raw_date.isoformat()} is in the future (today is {today.isoformat()})."]}
        )
    start = law.clock_start(received_at or received, settings)
    open_case = conn.execute(
        select(cases_t.c.id).where(cases_t.c.child_id == child_id, cases_t.c.kind == "assessment", cases_t.c.is_open)
    ).first()
    if open_case is not None:
        raise Conflict(
            f"Child {child_id} already has an open assessment (case {open_case.id}). "
            f"Record events on that case, or withdraw it first."
        )
    allocated = (
        allocation.choose_officer(conn, child_id)
        if officer_id is None
        else allocation.Choice(officer_id, "chosen by the officer who opened the case")
    )
    facts = {"received_on": start}
    details: dict[str, Any] = {"request_source": request_source, "clock_starts_on": start.isoformat()}
    return _open_case(
        session,
        kind="assessment",
        child=child,
        plan_id=None,
        opened_on=raw_date,
        facts=facts,
        event_type="request_received",
        details=details,
        allocated=allocated,
        actor=actor,
        settings=settings,
        today=today,
        conflict=f"Child {child_id} already has an open assessment.",
        request_source=request_source,
        received_at=received_at,
    )


def _open_case(
    session: Session,
    *,
    kind: str,
    child: Any,
    plan_id: int | None,
    opened_on: dt.date,
    facts: dict[str, Any],
    event_type: str,
    details: dict[str, Any],
    allocated: Any,
    actor: Actor,
    settings: law.Settings,
    today: dt.date,
    conflict: str,
    **columns: Any,
) -> Result:
    """Insert a case with its first event, deadlines and family message; move the family if the
    allocation says so. The partial unique indexes turn a concurrent duplicate into a 409."""
    machine = MACHINES[kind]
    specs = DEADLINE_RULES[kind](facts, settings)
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
                        kind=kind,
                        child_id=child.id,
                        plan_id=plan_id,
                        officer_id=officer_id,
                        state=machine.initial,
                        is_open=True,
                        version=1,
                        opened_on=opened_on,
                        facts=facts_to_json(facts),
                        next_due_on=nxt.due_on if nxt else None,
                        next_due_key=nxt.key if nxt else None,
                        created_at=now,
                        updated_at=now,
                        **columns,
                    )
                    .returning(cases_t.c.id)
                )
                .scalar_one()
            )
    except IntegrityError:
        raise Conflict(conflict) from None
    if allocated:
        details["allocation"] = {"officer_id": allocated.officer_id, "reason": allocated.reason}
    conn = session.connection()
    event_id = conn.execute(
        insert(events_t)
        .values(
            case_id=case_id,
            type=event_type,
            occurred_on=opened_on,
            recorded_at=now,
            actor_kind=actor.kind,
            actor_id=actor.id,
            from_state=None,
            to_state=machine.initial,
            details=details,
        )
        .returning(events_t.c.id)
    ).scalar_one()
    current = _sync_deadlines(conn, case_id, specs, set())
    row = _CaseRow(case_id, kind, child.id, officer_id, child.given_name, child.family_name)
    outbox_ids = _notify(conn, row, event_id, event_type, opened_on, machine.initial, current, details)
    outbox_ids += _move_family(session, allocated, actor, today)
    return Result(case_id, event_id, machine.initial, 1, outbox_ids)


def _move_family(session: Session, allocated: Any, actor: Actor, today: dt.date) -> list[int]:
    """Allocation found the family's officer unavailable: the family moves together."""
    if not allocated or not allocated.move_case_ids:
        return []
    moved = reassign(
        session, list(allocated.move_case_ids), allocated.officer_id, actor=actor, reason=allocated.reason, today=today
    )
    return [i for r in moved for i in r.outbox_ids]


def open_review(
    session: Session,
    child_id: int,
    *,
    actor: Actor,
    opened_on: dt.date | None = None,
    phase_transfer: Mapping[str, Any] | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result:
    """Open the annual review of the child's active plan (by an officer, or by the sweep)."""
    from casework.workflow import allocation

    today = today or clock.today()
    opened_on = opened_on or today
    if opened_on > today:
        raise InvalidInput({"opened_on": [f"{opened_on.isoformat()} is in the future (today is {today.isoformat()})."]})
    conn = session.connection()
    child = conn.execute(
        select(children_t.c.id, children_t.c.given_name, children_t.c.family_name).where(children_t.c.id == child_id)
    ).one_or_none()
    if child is None:
        raise NotFound(f"There is no child {child_id}.")
    plan = conn.execute(
        select(plans_t)
        .where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
        .order_by(plans_t.c.id.desc())
        .limit(1)
    ).one_or_none()
    if plan is None:
        raise Conflict(f"Child {child_id} has no active EHC plan to review.")
    open_review_case = conn.execute(
        select(cases_t.c.id).where(cases_t.c.plan_id == plan.id, cases_t.c.kind == "review", cases_t.c.is_open)
    ).first()
    if open_review_case is not None:
        raise Conflict(f"The plan already has an open review (case {open_review_case.id}).")
    if opened_on < plan.issued_on:
        raise InvalidInput({"opened_on": ["A review cannot open before the plan was issued."]})
    facts: dict[str, Any] = {"period_start_on": plan.review_period_start}
    transfer_on, kind = plan.phase_transfer_on, plan.phase_transfer_kind
    if phase_transfer:
        transfer_on, kind = phase_transfer["transfer_on"], phase_transfer["kind"]
        conn.execute(
            update(plans_t)
            .where(plans_t.c.id == plan.id)
            .values(phase_transfer_on=transfer_on, phase_transfer_kind=kind)
        )
    if transfer_on and kind:
        facts.update(phase_transfer_on=transfer_on, phase_transfer_kind=kind)
    allocated = allocation.choose_officer(conn, child_id)
    details: dict[str, Any] = {"plan_id": plan.id, "next_review_due": plan.next_review_due.isoformat()}
    return _open_case(
        session,
        kind="review",
        child=child,
        plan_id=plan.id,
        opened_on=opened_on,
        facts=facts,
        event_type="review_opened",
        details=details,
        allocated=allocated,
        actor=actor,
        settings=settings,
        today=today,
        conflict="The plan already has an open review.",
    )


def record_phase_transfer(
    session: Session,
    plan_id: int,
    phase_transfer: Mapping[str, Any],
    *,
    actor: Actor,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result | None:
    """Record a plan's expected phase transfer. With a review open, it is an event on that review
    (so its phase_transfer deadline appears); otherwise the plan carries it to its next review."""
    law.phase_transfer(phase_transfer["transfer_on"], phase_transfer["kind"], settings)  # validates the kind
    conn = session.connection()
    plan = conn.execute(select(plans_t.c.id, plans_t.c.status).where(plans_t.c.id == plan_id)).one_or_none()
    if plan is None:
        raise NotFound(f"There is no plan {plan_id}.")
    if plan.status != "active":
        raise Conflict(f"Plan {plan_id} is {plan.status}; a phase transfer can be recorded only on a live plan.")
    open_case = conn.execute(
        select(cases_t.c.id).where(cases_t.c.plan_id == plan_id, cases_t.c.kind == "review", cases_t.c.is_open)
    ).first()
    if open_case is not None:
        return record(
            session,
            open_case.id,
            "phase_transfer_recorded",
            today or clock.today(),
            actor=actor,
            details={"phase_transfer": dict(phase_transfer)},
            settings=settings,
            today=today,
        )
    conn.execute(
        update(plans_t)
        .where(plans_t.c.id == plan_id)
        .values(phase_transfer_on=phase_transfer["transfer_on"], phase_transfer_kind=phase_transfer["kind"])
    )
    return None


def reassign(
    session: Session,
    case_ids: list[int],
    officer_id: int,
    *,
    actor: Actor,
    reason: str,
    version: int | None = None,
    today: dt.date | None = None,
) -> list[Result]:
    """Move open cases to an officer: each case gets an `officer_changed` event (the audit trail)
    and a new version; each family is told once who their officer now is. `version` applies to
    the first case (the one the manager was looking at)."""
    today = today or clock.today()
    conn = session.connection()
    officer = conn.execute(
        select(staff_t.c.id, staff_t.c.name, staff_t.c.email, staff_t.c.available).where(staff_t.c.id == officer_id)
    ).one_or_none()
    if officer is None:
        raise InvalidInput({"officer_id": [f"There is no staff member {officer_id}."]})
    if not officer.available:
        raise Conflict(f"{officer.name} is marked unavailable; choose another officer or mark them available first.")
    rows = {
        r.id: r
        for r in conn.execute(
            select(
                cases_t.c.id,
                cases_t.c.kind,
                cases_t.c.state,
                cases_t.c.version,
                cases_t.c.is_open,
                cases_t.c.officer_id,
                cases_t.c.child_id,
                children_t.c.given_name,
                children_t.c.family_name,
                children_t.c.family_id,
            )
            .join(children_t, children_t.c.id == cases_t.c.child_id)
            .where(cases_t.c.id.in_(case_ids))
        )
    }
    results: list[Result] = []
    told: set[int] = set()
    for n, case_id in enumerate(case_ids):
        row = rows.get(case_id)
        if row is None:
            raise NotFound(f"There is no case {case_id}.")
        if not row.is_open:
            raise Conflict(f"Case {case_id} is closed; only open cases move between officers.")
        if n == 0 and version is not None and version != row.version:
            raise StaleVersion(
                f"Case {case_id} has changed since you loaded it (you sent version {version}; "
                f"it is now version {row.version}). Reload it and try again."
            )
        if row.officer_id == officer_id:
            continue
        moved = conn.execute(
            update(cases_t)
            .where(cases_t.c.id == case_id, cases_t.c.version == row.version)
            .values(officer_id=officer_id, version=row.version + 1, updated_at=clock.now())
        ).rowcount
        if moved != 1:
            raise StaleVersion(f"Case {case_id} was changed by someone else at the same time. Reload it and try again.")
        event_id = conn.execute(
            insert(events_t)
            .values(
                case_id=case_id,
                type="officer_changed",
                occurred_on=today,
                recorded_at=clock.now(),
                actor_kind=actor.kind,
                actor_id=actor.id,
                from_state=row.state,
                to_state=row.state,
                details={"from_officer_id": row.officer_id, "to_officer_id": officer_id, "reason": reason},
            )
            .returning(events_t.c.id)
        ).scalar_one()
        outbox_ids: list[int] = []
        if row.family_id not in told:
            told.add(row.family_id)
            names = sorted({r.given_name for r in rows.values() if r.family_id == row.family_id and r.id in case_ids})
            outbox_ids = _tell_family_officer(conn, row, event_id, officer, names)
        results.append(Result(case_id, event_id, row.state, row.version + 1, outbox_ids))
    return results


def _tell_family_officer(conn: Any, row: Any, event_id: int, officer: Any, names: list[str]) -> list[int]:
    contacts = conn.execute(
        select(
            contacts_t.c.id,
            contacts_t.c.name,
            contacts_t.c.email,
            contacts_t.c.phone_e164,
            contacts_t.c.address,
            contacts_t.c.preferred_channel,
        ).where(contacts_t.c.child_id == row.child_id)
    ).all()
    children = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return outbox.add(
        conn,
        messages.officer_changed(
            case_id=row.id, event_id=event_id, children=children, contacts=contacts, officer=officer
        ),
    )


@dataclass(frozen=True)
class _Officer:
    name: str
    email: str


@dataclass
class _CaseRow:
    id: int
    kind: str
    child_id: int
    officer_id: int | None
    given_name: str
    family_name: str


# ---------------------------------------------------------------------------------------------
# committing: one transaction, then hand the new messages to delivery


def commit(
    session: Session, result: Result | list[Result] | None, dispatch: Callable[[list[int]], None] | None = None
) -> Result | list[Result] | None:
    """Commit the transaction, then hand the messages it wrote to delivery."""
    session.commit()
    results = result if isinstance(result, list) else [result] if result is not None else []
    outbox_ids = [i for r in results for i in r.outbox_ids]
    if dispatch is not None and outbox_ids:
        dispatch(outbox_ids)
    return result


def allowed_events(kind: str, state: str) -> list[str]:
    return sorted(MACHINES[kind].allowed(state))
