"""The plan as issued, attached to the case that issued it: the final plan on the case whose
`final_issued` made the plan, an amended plan on the review (or order) whose `amended_plan_issued`
amended it. Audited by ids only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Case, Event, Plan, PlanDocument
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, NotFound


def plan_issued_by(session: Session, case: Case) -> tuple[Plan | None, str | None]:
    """(the plan, final | amended) the case issued, or (None, None)."""
    made = session.execute(select(Plan).where(Plan.case_id == case.id).order_by(Plan.id.desc())).scalars().first()
    if made is not None:
        return made, "final"
    amended = session.execute(
        select(Event.id).where(Event.case_id == case.id, Event.type == "amended_plan_issued")
    ).first()
    if amended is not None and case.plan_id is not None:
        return session.get(Plan, case.plan_id), "amended"
    return None, None


def attach(session: Session, case_id: int, *, actor: Any, **file: Any) -> PlanDocument:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("There is no such case.")
    plan, kind = plan_issued_by(session, case)
    if plan is None:
        raise Conflict("Record the final or amended plan first: then attach the plan as issued.")
    doc = PlanDocument(plan_id=plan.id, case_id=case.id, kind=kind, uploaded_by=actor.id, **file)
    session.add(doc)
    session.flush()
    audit(session.connection(), actor, "plan_document_attached", "case", case.id, document_id=doc.id, kind=kind)
    return doc


def documents_of(session: Session, plan_id: int) -> list[PlanDocument]:
    q = select(PlanDocument).where(PlanDocument.plan_id == plan_id).order_by(PlanDocument.id)
    return list(session.execute(q).scalars())
