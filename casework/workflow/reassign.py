"""Moving open cases between officers (a manager's change, a family moving together, the
rebalance): each case gets an `officer_changed` event and a new version, and each family is told
once who their officer now is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, Child, Contact, Event, Staff
from casework.notifications import messages, outbox
from casework.words import case_ref, join_names
from casework.workflow import letters
from casework.workflow.context import Actor, Result
from casework.workflow.errors import Conflict, InvalidInput, NotFound, StaleVersion

cases_t = Case.__table__
children_t = Child.__table__
contacts_t = Contact.__table__
events_t = Event.__table__
staff_t = Staff.__table__


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
        select(staff_t.c.id, staff_t.c.name, staff_t.c.email, staff_t.c.phone, staff_t.c.available).where(
            staff_t.c.id == officer_id
        )
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
                children_t.c.date_of_birth,
                cases_t.c.plan_id,
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
            raise NotFound(f"There is no case {case_ref(case_id)}.")
        if not row.is_open:
            raise Conflict(f"Case {case_ref(case_id)} is closed; only open cases move between officers.")
        if n == 0 and version is not None and version != row.version:
            raise StaleVersion(
                f"Case {case_ref(case_id)} has changed since you loaded it (you sent version {version}; "
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
            raise StaleVersion(
                f"Case {case_ref(case_id)} was changed by someone else at the same time. Reload it and try again."
            )
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
            outbox_ids = _tell_family_officer(conn, row, event_id, officer, names, today)
        results.append(Result(case_id, event_id, row.state, row.version + 1, outbox_ids))
    return results


def _tell_family_officer(
    conn: Any, row: Any, event_id: int, officer: Any, names: list[str], today: dt.date
) -> list[int]:
    """Each contact by their channel; a family who asked for letters gets the officer-changed letter."""
    contacts = conn.execute(
        select(
            contacts_t.c.id,
            contacts_t.c.name,
            contacts_t.c.email,
            contacts_t.c.phone_e164,
            contacts_t.c.address,
            contacts_t.c.postcode,
            contacts_t.c.preferred_channel,
            contacts_t.c.relationship,
            contacts_t.c.language,
        ).where(contacts_t.c.child_id == row.child_id)
    ).all()
    children = join_names(names)
    msgs = messages.officer_changed(
        case_id=row.id, event_id=event_id, children=children, contacts=contacts, officer=officer
    )
    if any(m.channel == "letter" for m in msgs):
        before = conn.execute(select(staff_t.c.name).where(staff_t.c.id == row.officer_id)).scalar_one_or_none()
        values = {
            "child": {"given_name": row.given_name, "family_name": row.family_name,
                      "date_of_birth": row.date_of_birth.isoformat()},
            "case_ref": case_ref(row.id), "decision_on": today.isoformat(),
            "officer": {"name": before or "your previous case officer"},
            "new_officer": {"name": officer.name, "email": officer.email},
        }  # fmt: skip
        msgs = letters.for_event(conn, row, letter_kind=None, event_id=event_id, contacts=contacts, messages=msgs,
                                 values=values, today=today, update_kind="officer_changed")  # fmt: skip
    return outbox.add(conn, msgs)
