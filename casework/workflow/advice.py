"""Advice for an assessment (reg 6, reg 8): requesting it, receiving it (from an officer or through the
advice-giver's private link), reg 8(2) exceptions, reuse of existing advice (reg 6(4)); each an event."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import AdviceRequest, Case, Child, Contact, Provider, Staff
from casework.notifications import advice_messages, outbox
from casework.words import long_date
from casework.workflow import chasing, letters
from casework.workflow import statutory as law
from casework.workflow.deadlines import earliest
from casework.workflow.engine import Actor, Result, record
from casework.workflow.errors import Conflict, InvalidInput, NotFound

advice_t = AdviceRequest.__table__
cases_t = Case.__table__
A2_REASONS = sorted(law.EXCEPTION_REASONS["A2"])
RETURN_REASONS = tuple(advice_messages.RETURN_WORDS)


def refresh_advice_due(conn: Any, case_id: int) -> None:
    """Keep the case's `next_advice_due_on` (the earliest due date of advice still awaited) and
    `next_action_on` (the earlier of that and the next duty) in the caller's transaction."""
    due = conn.execute(
        select(func.min(advice_t.c.due_on)).where(
            advice_t.c.case_id == case_id,
            advice_t.c.received_on.is_(None),
            advice_t.c.returned_on.is_(None),
            advice_t.c.exception_reason.is_(None),
            advice_t.c.due_on.is_not(None),
        )
    ).scalar()
    next_due = conn.execute(select(cases_t.c.next_due_on).where(cases_t.c.id == case_id)).scalar()
    conn.execute(
        update(cases_t)
        .where(cases_t.c.id == case_id)
        .values(next_advice_due_on=due, next_action_on=earliest(next_due, due))
    )


def _officer_of(row: Any) -> Any | None:
    """The case's officer as the engine's row carries them."""
    if getattr(row, "officer_name", None) is None:
        return None
    return SimpleNamespace(name=row.officer_name, email=row.officer_email, phone=row.officer_phone)


def request_advice(
    session: Session,
    case_id: int,
    *,
    advice_type: str,
    provider_id: int,
    requested_on: dt.date,
    provider_received_on: dt.date | None = None,
    question: str | None = None,
    actor: Actor,
    version: int | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> tuple[Result, int]:
    """Ask an advice-giver; A2 runs from the day they received the request (6 weeks, reg 8(1)).
    The provider is emailed the request with a private link; chasing starts from here."""
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise InvalidInput({"provider_id": [f"There is no provider {provider_id}."]})
    received_by = provider_received_on or requested_on  # electronic: received the day it was sent (2.4)
    if received_by < requested_on:
        raise InvalidInput(
            {"provider_received_on": ["The provider cannot have received the request before it was sent."]}
        )
    if received_by > (today or clock.today()):
        raise InvalidInput(
            {"provider_received_on": ["This date is in the future: record it once the provider has the request."]}
        )
    due = law.advice_due(received_by)
    created: dict[str, Any] = {}

    def extra(*, conn: Any, row: Any, event_id: int, facts: Any) -> None:
        advice_id = conn.execute(
            advice_t.insert()
            .values(
                case_id=case_id,
                advice_type=advice_type,
                provider_id=provider_id,
                requested_on=requested_on,
                provider_received_on=received_by,
                due_on=due.due_on,
                practical_due_on=due.practical_on,
                basis="statutory" if provider.statutory_basis else "target",
                question=question,
                next_chase_on=chasing.next_step_on(due.due_on, requested_on - dt.timedelta(days=1)),
                created_at=clock.now(),
            )
            .returning(advice_t.c.id)
        ).scalar_one()
        created["id"] = advice_id
        refresh_advice_due(conn, case_id)
        created["outbox"] = outbox.add(
            conn,
            [
                advice_messages.advice_request(
                    advice_id=advice_id,
                    case_id=case_id,
                    event_id=event_id,
                    provider=provider,
                    child_name=row.given_name,
                    child_family_name=row.family_name,
                    advice_type=advice_type,
                    due=due,
                    question=question,
                    officer=_officer_of(row),
                )
            ],
        )

    result = record(
        session,
        case_id,
        "advice_requested",
        requested_on,
        actor=actor,
        version=version,
        details={
            "advice_type": advice_type,
            "provider_id": provider_id,
            "due_on": due.due_on.isoformat(),
            "regulation": due.citation,
        },
        settings=settings,
        today=today,
        _extra=extra,
    )
    result.outbox_ids.extend(created.get("outbox", []))
    return result, created["id"]


def _load(session: Session, advice_id: int) -> AdviceRequest:
    advice = session.get(AdviceRequest, advice_id, populate_existing=True)
    if advice is None:
        raise NotFound(f"There is no advice request {advice_id}.")
    return advice


def advice_received(
    session: Session,
    advice_id: int,
    received_on: dt.date,
    *,
    actor: Actor,
    text: str | None = None,
    submitted_by: str | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result:
    """The advice has arrived: chasing stops; the officer and the family are told."""
    today = today or clock.today()
    advice = _load(session, advice_id)
    if advice.received_on is not None:
        raise Conflict(f"This advice was already received on {long_date(advice.received_on)}.")
    if received_on < advice.requested_on:
        raise InvalidInput(
            {
                "received_on": [
                    f"The advice cannot have arrived before it was requested ({long_date(advice.requested_on)})."
                ]
            }
        )
    if received_on > today:
        raise InvalidInput(
            {"received_on": [f"{long_date(received_on)} is in the future (today is {long_date(today)})."]}
        )
    notices: list[int] = []

    def extra(*, conn: Any, row: Any, event_id: int, facts: Any) -> None:
        moved = conn.execute(
            update(advice_t)
            .where(advice_t.c.id == advice_id, advice_t.c.received_on.is_(None))
            .values(received_on=received_on, next_chase_on=None, advice_text=text, submitted_by=submitted_by)
        ).rowcount
        if moved != 1:
            raise Conflict("This advice was marked received by someone else at the same time.")
        refresh_advice_due(conn, row.id)
        child = session.get(Child, row.child_id)
        officer = session.get(Staff, row.officer_id) if row.officer_id else None
        contacts = conn.execute(select(Contact.__table__).where(Contact.__table__.c.child_id == row.child_id)).all()
        msgs = advice_messages.advice_received(
            advice=advice,
            provider=advice.provider,
            case_id=row.id,
            event_id=event_id,
            child=child,
            officer=officer,
            contacts=contacts,
            received_on=received_on,
        )
        msgs = letters.updates_by_post(conn, case_id=row.id, event_id=event_id, child=child, officer=officer,
                                       contacts=contacts, messages=msgs, occurred_on=received_on)  # fmt: skip
        notices.extend(outbox.add(conn, msgs))

    result = record(
        session,
        advice.case_id,
        "advice_received",
        received_on,
        actor=actor,
        details={
            "advice_request_id": advice_id,
            "advice_type": advice.advice_type,
            "received_on": received_on.isoformat(),
            "on_time": received_on <= advice.due_on,
        },
        settings=settings,
        today=today,
        _extra=extra,
    )
    result.outbox_ids.extend(notices)
    return result


def record_exception(
    session: Session,
    advice_id: int,
    *,
    reason: str,
    note: str,
    actor: Actor,
    details: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Result:
    """A reg 8(2) exception on one advice request: the 6-week limit does not apply; chasing pauses.
    The facts the product can check are checked (statutory.md 9.2)."""
    today = today or clock.today()
    details = dict(details or {})
    advice = _load(session, advice_id)
    if advice.basis == "reused":
        raise Conflict("Reused advice has no 6-week clock, so no exception applies.")
    if advice.received_on is not None:
        raise Conflict(f"This advice was received on {long_date(advice.received_on)}.")
    if reason not in A2_REASONS:
        raise InvalidInput(
            {
                "reason": [
                    f"For advice (reg 8(2)) the reasons are: {', '.join(A2_REASONS)}. "
                    f"There is no school closure limb for advice."
                ]
            }
        )
    if not (note or "").strip():
        raise InvalidInput({"note": ["Say why the 6 weeks could not be met because of this reason."]})
    start, end = advice.provider_received_on, advice.due_on
    if reason == "absent_from_area":
        a, b = details.get("absent_from"), details.get("absent_until")
        if not (isinstance(a, dt.date) and isinstance(b, dt.date)) or b < a:
            raise InvalidInput({"absent_from": ["Give the dates of the absence (absent_from, absent_until)."]})
        overlap = (min(b, end) - max(a, start)).days + 1
        if (b - a).days + 1 < 28 or overlap < 28:
            raise Conflict(
                "Reg 8(2)(b) needs an absence from the area of at least 4 continuous weeks during the "
                f"6 weeks ({long_date(start)} to {long_date(end)}); this one is {max(overlap, 0)} days within them."
            )
    if reason == "missed_appointment":
        on = details.get("appointment_on")
        if not isinstance(on, dt.date):
            raise InvalidInput({"appointment_on": ["Give the date of the missed appointment."]})
        if not start <= on <= end:
            raise Conflict(
                f"Reg 8(2)(c) covers an appointment missed during the 6 weeks ({long_date(start)} to {long_date(end)})."
            )

    def extra(*, conn: Any, row: Any, event_id: int, facts: Any) -> None:
        conn.execute(
            update(advice_t)
            .where(advice_t.c.id == advice_id)
            .values(
                exception_reason=reason,
                exception_note=note.strip(),
                next_chase_on=None,
                exception_details={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in details.items()},
            )
        )
        refresh_advice_due(conn, row.id)

    return record(
        session,
        advice.case_id,
        "advice_exception_recorded",
        today,
        actor=actor,
        details={"advice_request_id": advice_id, "reason": reason, "regulation": "SEND Regulations 2014, reg 8(2)"},
        today=today,
        _extra=extra,
    )


def reuse_advice(
    session: Session,
    case_id: int,
    *,
    advice_type: str,
    provider_id: int,
    description: str,
    adviser_agreed_on: dt.date,
    council_agreed_on: dt.date,
    family_agreed_on: dt.date,
    actor: Actor,
    today: dt.date | None = None,
) -> tuple[Result, int]:
    """Reg 6(4): advice already given is used without asking again, when the adviser, the council
    and the parent/young person all agree it is sufficient. No 6-week clock runs."""
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise InvalidInput({"provider_id": [f"There is no provider {provider_id}."]})
    agreed_on = max(adviser_agreed_on, council_agreed_on, family_agreed_on)
    created: dict[str, int] = {}

    def extra(*, conn: Any, row: Any, event_id: int, facts: Any) -> None:
        created["id"] = conn.execute(
            advice_t.insert()
            .values(
                case_id=case_id,
                advice_type=advice_type,
                provider_id=provider_id,
                requested_on=agreed_on,
                provider_received_on=agreed_on,
                due_on=None,
                practical_due_on=None,
                basis="reused",
                question=description,
                received_on=agreed_on,
                next_chase_on=None,
                reuse={
                    "adviser_agreed_on": adviser_agreed_on.isoformat(),
                    "council_agreed_on": council_agreed_on.isoformat(),
                    "family_agreed_on": family_agreed_on.isoformat(),
                    "description": description,
                },
                created_at=clock.now(),
            )
            .returning(advice_t.c.id)
        ).scalar_one()

    result = record(
        session,
        case_id,
        "advice_reused",
        agreed_on,
        actor=actor,
        details={
            "advice_type": advice_type,
            "provider_id": provider_id,
            "regulation": "SEND Regulations 2014, reg 6(4)",
        },
        today=today,
        _extra=extra,
    )
    return result, created["id"]


def advice_not_needed(
    session: Session,
    case_id: int,
    *,
    advice_type: str,
    reason: str,
    decided_on: dt.date | None = None,
    actor: Actor,
    version: int | None = None,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result:
    """Reg 6(1): record that a required advice is not needed for this assessment, and why (for example,
    the child is not known to social care and the family agree). An audited event on the case; the
    reg 6(1) guard then counts it."""
    today = today or clock.today()
    return record(
        session,
        case_id,
        "advice_not_needed",
        decided_on or today,
        actor=actor,
        version=version,
        details={
            "advice_type": advice_type,
            "reason": (reason or "").strip(),
            "regulation": "SEND Regulations 2014, reg 6(1)",
        },
        settings=settings,
        today=today,
    )
