"""The only writer of case state.

`record` loads a case (one row), checks the event against the machine and its statutory guards, and
writes, in the caller's transaction: the new state and version (a conditional UPDATE, so a stale or
concurrent write becomes a 409), the event (the audit trail), the recomputed deadlines (only the rows
that changed) and the outbox rows the event causes; `commit` commits and hands them to delivery. The
hot path (SQLAlchemy Core): one SELECT of the case, one of its deadlines, one of its contacts, the writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, Child, Contact, Deadline, Event, Staff
from casework.notifications import messages, outbox
from casework.words import case_ref, long_date
from casework.workflow import feedback, letters
from casework.workflow import statutory as law
from casework.workflow.context import Actor, Context, Result, jsonable
from casework.workflow.deadline_rows import sync_deadlines
from casework.workflow.deadlines import DeadlineSpec, earliest, facts_from_json, facts_to_json
from casework.workflow.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from casework.workflow.exceptions import record_exception
from casework.workflow.kinds import KINDS, Kind
from casework.workflow.machine import Definition, Step

__all__ = [
    "Actor", "Context", "Result", "allowed_events", "commit", "next_duty", "notify_family", "record", "sync_deadlines",
]  # fmt: skip

cases_t = Case.__table__
events_t = Event.__table__
deadlines_t = Deadline.__table__
contacts_t = Contact.__table__
children_t = Child.__table__
staff_t = Staff.__table__

# The hot path's statements, built once (cheaper than building one per call; benchmarks/transitions.py).
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
        cases_t.c.next_advice_due_on,
        children_t.c.given_name,
        children_t.c.family_name,
        children_t.c.date_of_birth,
        staff_t.c.name.label("officer_name"),
        staff_t.c.email.label("officer_email"),
        staff_t.c.phone.label("officer_phone"),
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
        next_action_on=bindparam("b_next_action_on", type_=cases_t.c.next_action_on.type),
        updated_at=bindparam("b_now", type_=cases_t.c.updated_at.type),
    )
)
_INSERT_EVENT = insert(events_t).returning(events_t.c.id)
_CONTACTS = select(
    contacts_t.c.id,
    contacts_t.c.name,
    contacts_t.c.email,
    contacts_t.c.phone_e164,
    contacts_t.c.address,
    contacts_t.c.postcode,
    contacts_t.c.preferred_channel,
    contacts_t.c.relationship,
    contacts_t.c.language,
).where(contacts_t.c.child_id == bindparam("b_child_id"))


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
    Forbidden (403), WrongState / GuardRefused / StaleVersion (409). Does not commit."""
    today = today or clock.today()
    details = dict(details or {})
    conn = session.connection()
    row = conn.execute(_CASE, {"b_case_id": case_id}).one_or_none()
    if row is None:
        raise NotFound(f"There is no case {case_ref(case_id)}.")
    if version is not None and version != row.version:
        raise StaleVersion(
            f"Case {case_ref(case_id)} has changed since you loaded it (you sent version {version}; it is now "
            f"version {row.version}). Reload the case and check what was recorded before trying again."
        )
    kind = KINDS[row.kind]
    machine = kind.machine
    step = machine.step.get(event_type)
    if step is None:
        known = ", ".join(sorted(machine.event_types))
        raise InvalidInput({"type": [f"'{event_type}' is not an event of a {row.kind}. Known events: {known}."]})
    if actor.role is not None and actor.role not in step.roles:
        raise Forbidden(f"'{step.label or event_type}' can be recorded only by: {', '.join(step.roles)}.")
    _check_date(occurred_on, row.opened_on, today)
    details = _dates_of(step, details)
    problems = {
        name: [f"'{event_type}' needs '{name}'."] for name in step.requires if details.get(name) in (None, "", [])
    }
    problems.update(kind.check(event_type, details, row.date_of_birth, occurred_on))
    if problems:  # every field that needs correcting, at once
        raise InvalidInput(problems)
    facts = facts_from_json(row.facts)
    if not step.repeatable:
        _check_order(event_type, occurred_on, facts, machine)
    new_state = machine.fire(row.state, event_type, Context(facts, occurred_on, details, settings, row.date_of_birth))

    if not step.repeatable:
        facts[f"{event_type}_on"] = occurred_on
    kind.record_facts(event_type, occurred_on, details, facts, today)
    if step.appealable and details.get("notice_sent_on"):
        sent = details["notice_sent_on"]
        if not occurred_on <= sent <= today:
            raise InvalidInput(
                {
                    "notice_sent_on": [
                        f"The decision letter is sent on or after the decision ({long_date(occurred_on)}) and not "
                        f"in the future (today is {long_date(today)})."
                    ]
                }
            )
        facts["decision_notice_sent_on"] = sent
    if step.letter_sent and occurred_on > (facts.get("decision_notice_sent_on") or occurred_on - dt.timedelta(1)):
        facts["decision_notice_sent_on"] = occurred_on  # the appeal window runs from the letter (D1)
    closing = machine.is_closed(new_state)

    # 1. the conditional update: takes the row lock first, so a concurrent writer waits and then
    #    finds the version moved on.
    now = clock.now()
    changed = new_state != row.state
    specs = kind.deadlines(facts, settings)
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
            "b_next_action_on": earliest(next_due.due_on if next_due else None, row.next_advice_due_on),
        },
    ).rowcount
    if moved != 1:
        raise StaleVersion(
            f"Case {case_ref(case_id)} was changed by someone else at the same time. Reload it and try again."
        )

    # 2. the event
    event_id = conn.execute(_INSERT_EVENT, {
        "case_id": case_id, "type": event_type, "occurred_on": occurred_on, "recorded_at": now,
        "actor_kind": actor.kind, "actor_id": actor.id, "from_state": row.state, "to_state": new_state,
        "details": jsonable(details),
    }).scalar_one()  # fmt: skip

    exception_keys: set[str] = set()
    if event_type == "exception_recorded":
        exception_keys = record_exception(conn, row, kind.exception_rules, event_id, details, actor, specs)

    # 3. the deadlines (only the rows that changed)
    current = sync_deadlines(conn, case_id, specs, exception_keys)

    # 4. what the event does beyond the case: the caller's extra rows, the kind's effects on the plan
    if _extra is not None:
        _extra(conn=conn, row=row, event_id=event_id, facts=facts)
    kind.effects(conn, row, event_type, occurred_on, facts, details, settings)

    # 5. the messages it causes
    outbox_ids = notify_family(conn, row, kind, event_id, event_type, occurred_on, new_state, current, details,
                               facts=facts, today=today)  # fmt: skip
    outbox_ids += feedback.send_survey(
        conn, row, event_type, event_id, occurred_on, today
    )  # a final plan, a review's end

    # 6. what it causes on other cases, through the same checks (e.g. a move away ends a request, F6)
    for follow in kind.follow_ons(conn, row, event_type, occurred_on, facts, details):
        if follow.if_allowed and not _allows(conn, follow.case_id, follow.event_type):
            continue
        caused = record(session, follow.case_id, follow.event_type, follow.occurred_on,
                        actor=Actor(actor.kind, actor.id), settings=settings, today=today,
                        details={**follow.details, "caused_by": {"case_id": case_id, "event_id": event_id}})  # fmt: skip
        outbox_ids += caused.outbox_ids
    return Result(case_id, event_id, new_state, row.version + 1, outbox_ids)


def _allows(conn: Any, case_id: int, event_type: str) -> bool:
    other = conn.execute(select(cases_t.c.kind, cases_t.c.state).where(cases_t.c.id == case_id)).one_or_none()
    return other is not None and event_type in KINDS[other.kind].machine.allowed(other.state)


def _dates_of(step: Step, details: dict[str, Any]) -> dict[str, Any]:
    """The step's date fields as dates (the API and the pages give dates; a script may give text)."""
    for f in step.fields:
        if f.kind == "date" and details.get(f.name) not in (None, ""):
            details[f.name] = _as_date(details[f.name], f.name)
    return details


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


def _check_date(occurred_on: dt.date, opened_on: dt.date, today: dt.date) -> None:
    if occurred_on > today:
        raise InvalidInput(
            {
                "occurred_on": [
                    f"{long_date(occurred_on)} is in the future. Record what happened on the date it happened "
                    f"(today is {long_date(today)})."
                ]
            }
        )
    if occurred_on < opened_on:
        raise InvalidInput(
            {"occurred_on": [f"{long_date(occurred_on)} is before the case opened on {long_date(opened_on)}."]}
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
        name = last_name.removesuffix("_on")
        what = machine.step[name].label if name in machine.step else "Request received"
        this = machine.step[event_type].label if event_type in machine.step else event_type
        raise InvalidInput(
            {
                "occurred_on": [
                    f"{long_date(occurred_on)} is before the last recorded step ({what}: {long_date(last_on)}). "
                    f"'{this}' cannot have happened before it."
                ]
            }
        )


def notify_family(
    conn: Any,
    row: Any,
    kind: Kind,
    event_id: int,
    event_type: str,
    occurred_on: dt.date,
    new_state: str,
    deadlines: list[dict[str, Any]],
    details: Mapping[str, Any],
    *,
    facts: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> list[int]:
    """The family update an event sends (if its kind says the family is told), by each contact's channel,
    and its letters: the statutory letter to every family contact with an address, and the update as a
    letter to those who asked for letters (workflow/letters.py)."""
    stem = kind.family_update(event_type)
    if stem is None:
        return []
    contacts = conn.execute(_CONTACTS, {"b_child_id": row.child_id}).all()
    officer = None
    if getattr(row, "officer_name", None) is not None:
        officer = _Officer(row.officer_name, row.officer_email, row.officer_phone)
    elif row.officer_id is not None:
        officer = conn.execute(
            select(staff_t.c.name, staff_t.c.email, staff_t.c.phone).where(staff_t.c.id == row.officer_id)
        ).one_or_none()
    msgs = messages.family_update(
        stem=stem,
        next_deadline=kind.next_deadline.get(new_state),
        case_id=row.id,
        event_id=event_id,
        occurred_on=occurred_on,
        child_name=row.given_name,
        contacts=contacts,
        officer=officer,
        deadlines=deadlines,
        details=details,
    )
    msgs = letters.with_letters(conn, row, kind.step(event_type), msgs, contacts=contacts, event_id=event_id,
                                occurred_on=occurred_on, facts=facts or {}, deadlines=deadlines, details=details,
                                officer=officer, today=today or clock.today())  # fmt: skip
    return outbox.add(conn, msgs)


@dataclass(frozen=True)
class _Officer:
    name: str
    email: str
    phone: str | None = None


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


def allowed_events(kind: str, state: str, role: str | None = None) -> list[str]:
    """The events that may be recorded on a case of this kind in this state (by this role)."""
    return KINDS[kind].allowed(state, role)
