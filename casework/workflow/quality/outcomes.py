"""Outcomes for the child at review: at each annual review the officer records, for each outcome in
the plan (section E), whether it was met, partly met or not met at the review meeting. Recording
again replaces what this review recorded (audited: ids and counts, never the wording). The dashboard
counts them in the month of the meeting (`reports/quality.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, PlanOutcome
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, InvalidInput, NotFound

STATUSES = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met"}
MAX_OUTCOMES, MAX_TEXT = 30, 2000


def meeting_of(case: Case) -> dt.date | None:
    """The review meeting's date once it has been held (`meeting_held_on`: only a review records one)."""
    held = (case.facts or {}).get("meeting_held_on")
    return dt.date.fromisoformat(held) if isinstance(held, str) else held


def outcomes_of(session: Session, case_id: int) -> list[PlanOutcome]:
    q = select(PlanOutcome).where(PlanOutcome.case_id == case_id).order_by(PlanOutcome.id)
    return list(session.execute(q).scalars())


def record(session: Session, case_id: int, rows: list[tuple[str, str]], *, actor: Any) -> list[PlanOutcome]:
    """`rows`: (the outcome as the plan words it, met | partly_met | not_met); empty rows are left out."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("There is no such case.")
    held = meeting_of(case)
    if case.plan_id is None or held is None:
        raise Conflict("Outcomes are recorded on an annual review once its meeting has been held.")
    errors: dict[str, list[str]] = {}
    kept = []
    for n, (text, status) in enumerate(rows[:MAX_OUTCOMES], start=1):
        text = (text or "").strip()
        if not text and not status:
            continue
        if not text:
            errors[f"outcome-{n}-text"] = [f"Write outcome {n} as the plan words it"]
        elif len(text) > MAX_TEXT:
            errors[f"outcome-{n}-text"] = [f"Write outcome {n} in {MAX_TEXT:,} characters or fewer"]
        if status not in STATUSES:
            errors[f"outcome-{n}-status"] = [f"Choose whether outcome {n} was met, partly met or not met"]
        kept.append((text, status))
    if not kept and not errors:
        errors["outcome-1-text"] = ["Write at least one outcome from the plan"]
    if errors:
        raise InvalidInput(errors)
    session.execute(delete(PlanOutcome).where(PlanOutcome.case_id == case.id))
    out = []
    for text, status in kept:
        row = PlanOutcome(plan_id=case.plan_id, case_id=case.id, outcome=text, status=status, reviewed_on=held,
                          recorded_by=actor.id, created_at=clock.now())  # fmt: skip
        session.add(row)
        out.append(row)
    session.flush()
    counts = {s: sum(1 for _t, st in kept if st == s) for s in STATUSES}
    audit(session.connection(), actor, "outcomes_recorded", "case", case.id, **counts)
    return out
