"""An advice-giver returns a request they cannot answer: "this child is not known to us" or "we cannot
provide this advice". The request is closed from their side (chasing stops, their link dies), the
case records `advice_returned`, and the officer (or, with none, the managers) is told: the advice is
still needed, from someone else, or the officer records why it is not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import AdviceRequest, Child, Staff
from casework.notifications import advice_messages, outbox
from casework.words import long_date
from casework.workflow.advice import _load, refresh_advice_due
from casework.workflow.chasing import managers_of
from casework.workflow.engine import Actor, Result, record
from casework.workflow.errors import Conflict, InvalidInput

advice_t = AdviceRequest.__table__
REASONS = tuple(advice_messages.RETURN_WORDS)


def return_advice(
    session: Session,
    advice_id: int,
    *,
    reason: str,
    note: str,
    returned_by: str,
    actor: Actor,
    today: dt.date | None = None,
) -> Result:
    today = today or clock.today()
    advice = _load(session, advice_id)
    if reason not in REASONS:
        raise InvalidInput({"reason": ["Choose why you cannot provide this advice."]})
    if not returned_by.strip():
        raise InvalidInput({"returned_by": ["Enter your name and role."]})
    if advice.received_on is not None:
        raise Conflict(f"This advice was received on {long_date(advice.received_on)}.")
    if advice.returned_on is not None:
        raise Conflict(f"This request was already returned on {long_date(advice.returned_on)}.")
    notices: list[int] = []

    def extra(*, conn: Any, row: Any, event_id: int, facts: Any) -> None:
        moved = conn.execute(
            update(advice_t)
            .where(advice_t.c.id == advice_id, advice_t.c.received_on.is_(None), advice_t.c.returned_on.is_(None))
            .values(
                returned_on=today,
                returned_reason=reason,
                returned_note=note.strip() or None,
                submitted_by=returned_by.strip(),
                next_chase_on=None,
            )
        ).rowcount
        if moved != 1:
            raise Conflict("This request was answered by someone else at the same time.")
        refresh_advice_due(conn, row.id)
        officer = session.get(Staff, row.officer_id) if row.officer_id else None
        notices.extend(
            outbox.add(
                conn,
                advice_messages.advice_returned(
                    advice=advice,
                    provider=advice.provider,
                    case_id=row.id,
                    event_id=event_id,
                    child=session.get(Child, row.child_id),
                    officer=officer,
                    managers=managers_of(session, officer) if officer is None else [],
                    reason=reason,
                    note=note,
                    returned_by=returned_by.strip(),
                ),
            )
        )

    result = record(
        session,
        advice.case_id,
        "advice_returned",
        today,
        actor=actor,
        details={
            "advice_request_id": advice_id,
            "advice_type": advice.advice_type,
            "provider_id": advice.provider_id,
            "reason": reason,
        },
        today=today,
        _extra=extra,
    )
    result.outbox_ids.extend(notices)
    return result
