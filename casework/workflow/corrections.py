"""Correcting a date recorded by mistake. The original event stays in the history as it was; an
`entry_corrected` event records what was corrected, from which date to which, why and by whom; the
case's facts take the right date, every deadline is recomputed from it, and the family is told the
dates that follow. All in the caller's transaction, with the case's version moved on (a stale or
concurrent write is a 409), like any other write of the engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, Child, Contact, Event, Staff
from casework.notifications import messages, outbox
from casework.words import case_ref, long_date
from casework.workflow import letters
from casework.workflow import statutory as law
from casework.workflow.context import Actor, Result
from casework.workflow.deadlines import earliest, facts_from_json, facts_to_json
from casework.workflow.engine import next_duty, sync_deadlines
from casework.workflow.errors import Conflict, InvalidInput, NotFound, StaleVersion
from casework.workflow.kinds import KINDS

cases_t, events_t, contacts_t = Case.__table__, Event.__table__, Contact.__table__


def _fact_of(kind: Any, event: Any) -> str | None:
    """The fact an event's date set, if a correction of it can change the case."""
    if event.type == kind.opening_event:
        return kind.opening_fact or None
    step = kind.machine.step.get(event.type)
    return f"{event.type}_on" if step is not None and not step.repeatable else None


def correctable(kind: Any, events: list[Any], facts: dict[str, Any]) -> list[Any]:
    """The events whose date may be corrected: the opening (if the kind says which fact it sets) and
    each step recorded once, whose date the case's facts still hold."""
    return [e for e in events if (name := _fact_of(kind, e)) and name in facts]


def correct_date(
    session: Session,
    case_id: int,
    event_id: int,
    new_date: dt.date,
    *,
    reason: str,
    actor: Actor,
    version: int | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result:
    today = today or clock.today()
    conn = session.connection()
    row = conn.execute(select(cases_t).where(cases_t.c.id == case_id)).one_or_none()
    if row is None:
        raise NotFound(f"There is no case {case_ref(case_id)}.")
    if version is not None and version != row.version:
        raise StaleVersion(f"Case {case_ref(case_id)} has changed since you loaded it. Reload it and try again.")
    kind = KINDS[row.kind]
    facts = facts_from_json(row.facts)
    events = list(session.execute(select(Event).where(Event.case_id == case_id).order_by(Event.id)).scalars())
    event = next((e for e in events if e.id == event_id), None)
    if event is None:
        raise InvalidInput({"event_id": ["Choose the entry to correct."]})
    fact = _fact_of(kind, event)
    if fact is None or fact not in facts:
        raise Conflict(f"The date of '{kind.event_label(event.type)}' cannot be corrected.")
    if not reason.strip():
        raise InvalidInput({"reason": ["Say why the date was wrong."]})
    old = facts[fact] if event.type != kind.opening_event else row.opened_on
    _check(kind, events, facts, event, old, new_date, today)
    if event.type == kind.opening_event:
        kind.correct_opening(facts, new_date, settings)
    else:
        facts[fact] = new_date
    specs = kind.deadlines(facts, settings)
    nxt = next_duty(specs)
    values = {
        "facts": facts_to_json(facts),
        "version": row.version + 1,
        "next_due_on": nxt.due_on if nxt else None,
        "next_due_key": nxt.key if nxt else None,
        "next_action_on": earliest(nxt.due_on if nxt else None, row.next_advice_due_on),
        "updated_at": clock.now(),
    }
    if event.type == kind.opening_event:
        values["opened_on"] = new_date
    moved = conn.execute(
        update(cases_t).where(cases_t.c.id == case_id, cases_t.c.version == row.version).values(**values)
    ).rowcount
    if moved != 1:
        raise StaleVersion(f"Case {case_ref(case_id)} was changed by someone else at the same time. Reload it.")
    what = kind.event_label(event.type)
    details = {"event_id": event.id, "type": event.type, "what": what, "from_date": old.isoformat(),
               "to_date": new_date.isoformat(), "reason": reason.strip()[:2000]}  # fmt: skip
    new_event = conn.execute(
        insert(events_t)
        .values(case_id=case_id, type="entry_corrected", occurred_on=today, recorded_at=clock.now(),
                actor_kind=actor.kind, actor_id=actor.id, from_state=row.state, to_state=row.state, details=details)
        .returning(events_t.c.id)
    ).scalar_one()  # fmt: skip
    current = sync_deadlines(conn, case_id, specs, set())
    ids = _tell_family(session, row, kind, new_event, what, old, new_date, current)
    return Result(case_id, new_event, row.state, row.version + 1, ids)


def _check(kind, events, facts, event, old: dt.date, new: dt.date, today: dt.date) -> None:
    if new > today:
        raise InvalidInput({"occurred_on": [f"{long_date(new)} is in the future (today is {long_date(today)})."]})
    if new == old:
        raise InvalidInput({"occurred_on": [f"The date recorded is already {long_date(old)}."]})
    dated = [e for e in events if _fact_of(kind, e) in facts]
    where = dated.index(event)

    before = [facts[_fact_of(kind, e)] for e in dated[:where]]
    after = [facts[_fact_of(kind, e)] for e in dated[where + 1 :]]
    if before and new < max(before):
        raise InvalidInput(
            {"occurred_on": [f"It cannot be before the step recorded before it ({long_date(max(before))})."]}
        )
    if after and new > min(after):
        raise InvalidInput(
            {"occurred_on": [f"It cannot be after the step recorded after it ({long_date(min(after))})."]}
        )
    opened = next((e.occurred_on for e in events if e.type == kind.opening_event), None)
    if event.type != kind.opening_event and opened is not None and new < opened:
        raise InvalidInput({"occurred_on": [f"It cannot be before the case opened ({long_date(opened)})."]})


def _tell_family(session, row, kind, event_id, what, old, new, deadlines) -> list[int]:
    conn = session.connection()
    child = session.get(Child, row.child_id)
    officer = session.get(Staff, row.officer_id) if row.officer_id else None
    contacts = conn.execute(select(contacts_t).where(contacts_t.c.child_id == row.child_id)).all()
    step = kind.next_step.get(row.state, "")
    key = kind.next_deadline.get(row.state)
    due = next((d for d in deadlines if d["key"] == key and d["outcome"] == "pending"), None)
    dates = f"What happens next: {step}" + (
        f" The law says this must happen by {long_date(due['due_on'])}." if due else ""
    )
    msgs = messages.to_family(
        contacts,
        stem="date_corrected",
        dedupe_prefix=f"event:{event_id}",
        personalisation={
            "child_name": child.given_name,
            "case_ref": case_ref(row.id),
            "officer_line": messages.officer_line(officer),
            "corrected_what": what,
            "corrected_from": long_date(old),
            "corrected_to": long_date(new),
            "dates_line": dates.strip(),
        },
        case_id=row.id,
        event_id=event_id,
    )
    msgs = letters.updates_by_post(conn, case_id=row.id, event_id=event_id, child=child, officer=officer,
                                   contacts=contacts, messages=msgs, occurred_on=new)  # fmt: skip
    return outbox.add(conn, msgs)
