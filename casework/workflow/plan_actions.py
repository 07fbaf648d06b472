"""What is recorded on a plan itself, outside any one case's machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import clock
from casework.workflow import statutory as law
from casework.workflow.context import Actor, Result
from casework.workflow.engine import record
from casework.workflow.errors import Conflict, NotFound
from casework.workflow.kinds.review import open_review_of
from casework.workflow.plans import plans_t, update_plan


def record_phase_transfer(
    session: Session,
    plan_id: int,
    phase_transfer: Mapping[str, Any],
    *,
    actor: Actor,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> Result | None:
    """Record a plan's expected phase transfer (reg 18). With a review open, it is an event on that
    review (so its phase_transfer deadline appears); otherwise the plan carries it to its next review."""
    law.phase_transfer(phase_transfer["transfer_on"], phase_transfer["kind"], settings)  # validates the kind
    conn = session.connection()
    plan = conn.execute(select(plans_t.c.id, plans_t.c.status).where(plans_t.c.id == plan_id)).one_or_none()
    if plan is None:
        raise NotFound(f"There is no plan {plan_id}.")
    if plan.status != "active":
        raise Conflict(f"Plan {plan_id} is {plan.status}; a phase transfer can be recorded only on a live plan.")
    review_id = open_review_of(conn, plan_id)
    if review_id is not None:
        return record(
            session,
            review_id,
            "phase_transfer_recorded",
            today or clock.today(),
            actor=actor,
            details={"phase_transfer": dict(phase_transfer)},
            settings=settings,
            today=today,
        )
    update_plan(
        conn, plan_id, phase_transfer_on=phase_transfer["transfer_on"], phase_transfer_kind=phase_transfer["kind"]
    )
    return None


__all__ = ["record_phase_transfer"]
