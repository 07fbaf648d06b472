"""The read side: cases, children and queues as the API and the pages show them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from casework import clock
from casework.models import (
    AdviceDocument,
    AdviceRequest,
    Case,
    CaseException,
    Child,
    Deadline,
    Event,
    OutboxMessage,
    Plan,
    Staff,
)
from casework.workflow import deadlines as dl
from casework.workflow import statutory as law
from casework.workflow.engine import allowed_events
from casework.workflow.explain import required_advice, workings
from casework.workflow.families import family_open_cases, siblings


def officer_dict(staff: Staff | None) -> dict[str, Any] | None:
    return None if staff is None else {"id": staff.id, "name": staff.name, "email": staff.email}


def child_ref(child: Child) -> dict[str, Any]:
    return {"id": child.id, "given_name": child.given_name, "family_name": child.family_name}


def deadline_dict(d: Deadline, today: dt.date, working: dict[str, Any] | None = None) -> dict[str, Any]:
    if working is not None and working["due_on"] != d.due_on:
        working = None  # computed under other settings than the stored date: say nothing rather than disagree
    return {
        "working": working,
        "key": d.key,
        "rule": d.rule,
        "kind": d.kind,
        "due_on": d.due_on,
        "practical_due_on": d.practical_due_on,
        "met_on": d.met_on,
        "exception_applies": d.exception_applies,
        "regulation": d.regulation,
        "status": dl.status(d.outcome, d.kind, d.due_on, d.exception_applies, today),
    }


def _chase_kind(dedupe_key: str) -> tuple[str, int | None]:
    parts = dedupe_key.split(":")  # advice:<id>:<kind>[:<n or recipient>...]
    kind = parts[2] if len(parts) > 2 else "request"
    number = int(parts[3]) if kind == "chase" and len(parts) > 3 and parts[3].isdigit() else None
    return kind, number


def advice_chases(session: Session, advice_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The messages about each advice request (request, reminders, chases, escalations), from the outbox."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in advice_ids}
    if not advice_ids:
        return out
    rows = session.execute(
        select(
            OutboxMessage.dedupe_key,
            OutboxMessage.recipient_kind,
            OutboxMessage.status,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
        )
        .where(or_(*(OutboxMessage.dedupe_key.like(f"advice:{i}:%") for i in advice_ids)))
        .order_by(OutboxMessage.id)
    ).all()
    for r in rows:
        advice_id = int(r.dedupe_key.split(":")[1])
        kind, number = _chase_kind(r.dedupe_key)
        if kind in ("request", "received") or advice_id not in out:
            continue
        out[advice_id].append(
            {
                "kind": kind,
                "number": number,
                "recipient_kind": r.recipient_kind,
                "status": r.status,
                "created_at": r.created_at,
                "sent_at": r.sent_at,
            }
        )
    return out


def advice_dict(
    a: AdviceRequest,
    today: dt.date,
    chases: list[dict[str, Any]] | None = None,
    documents: list[AdviceDocument] | None = None,
) -> dict[str, Any]:
    return {
        "id": a.id,
        "case_id": a.case_id,
        "advice_type": a.advice_type,
        "provider": a.provider,
        "requested_on": a.requested_on,
        "provider_received_on": a.provider_received_on,
        "due_on": a.due_on,
        "practical_due_on": a.practical_due_on,
        "basis": a.basis,
        "received_on": a.received_on,
        "status": a.status(today),
        "next_chase_on": a.next_chase_on,
        "exception": (
            {"reason": a.exception_reason, "note": a.exception_note, **(a.exception_details or {})}
            if a.exception_reason
            else None
        ),
        "reuse": a.reuse,
        "advice_text": a.advice_text,
        "documents": [
            {
                "id": d.id,
                "filename": d.filename,
                "content_type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at.isoformat(),
            }
            for d in (documents or [])
        ],  # fmt: skip
        "chases": chases or [],
    }


def advice_list(session: Session, where: Any, today: dt.date) -> list[dict[str, Any]]:
    advice = session.execute(select(AdviceRequest).where(where).order_by(AdviceRequest.id)).scalars().all()
    ids = [a.id for a in advice]
    chases = advice_chases(session, ids)
    docs: dict[int, list[AdviceDocument]] = {i: [] for i in ids}
    if ids:
        for d in session.execute(
            select(AdviceDocument).where(AdviceDocument.advice_request_id.in_(ids)).order_by(AdviceDocument.id)
        ).scalars():
            docs[d.advice_request_id].append(d)
    return [advice_dict(a, today, chases[a.id], docs[a.id]) for a in advice]


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "kind": case.kind,
        "state": case.state,
        "version": case.version,
        "child": child_ref(case.child),
        "officer": officer_dict(case.officer),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
    }


def case_detail(
    session: Session, case: Case, today: dt.date | None = None, settings: law.Settings = law.DEFAULT_SETTINGS
) -> dict[str, Any]:
    today = today or clock.today()
    events = session.execute(select(Event).where(Event.case_id == case.id).order_by(Event.id)).scalars().all()
    deadlines = (
        session.execute(select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due_on, Deadline.id))
        .scalars()
        .all()
    )
    exceptions = (
        session.execute(select(CaseException).where(CaseException.case_id == case.id).order_by(CaseException.id))
        .scalars()
        .all()
    )
    working = workings(case.kind, case.facts, settings, exceptions)
    advice_on = case.closed_on or today
    return {
        **case_summary(case),
        "request_source": case.request_source,
        "origin_case_id": case.origin_case_id,
        "origin_event_id": case.origin_event_id,
        "allowed_events": allowed_events(case.kind, case.state),
        "deadlines": [deadline_dict(d, today, working.get(d.key)) for d in deadlines],
        "required_advice": required_advice(case.kind, case.facts, case.child.date_of_birth, advice_on),
        "events": [
            {
                "id": e.id,
                "type": e.type,
                "occurred_on": e.occurred_on,
                "recorded_at": e.recorded_at,
                "actor": {"kind": e.actor_kind, "id": e.actor_id},
                "from_state": e.from_state,
                "to_state": e.to_state,
                "details": e.details,
            }
            for e in events
        ],
        "advice_requests": advice_list(session, AdviceRequest.case_id == case.id, today),
        "exceptions": [
            {
                "id": x.id,
                "reason": x.reason,
                "deadline_keys": x.deadline_keys.get("keys", []),
                "note": x.note,
                "recorded_by": x.recorded_by,
                "recorded_at": x.recorded_at,
            }
            for x in exceptions
        ],
    }


def plan_dict(plan: Plan, child: Child, settings: law.Settings, today: dt.date) -> dict[str, Any]:
    transfer = None
    if plan.phase_transfer_on and plan.phase_transfer_kind:
        due = law.phase_transfer(plan.phase_transfer_on, plan.phase_transfer_kind, settings)
        transfer = {
            "transfer_on": plan.phase_transfer_on,
            "kind": plan.phase_transfer_kind,
            "due_on": due.due_on,
            "practical_due_on": due.practical_on,
            "regulation": due.citation,
        }
    meetings = [plan.last_review_meeting_on] if plan.last_review_meeting_on else []
    reminders = law.early_years_reminders(plan.issued_on, child.date_of_birth, meetings, settings)
    upcoming = [d for d in reminders if d >= today]
    return {
        "id": plan.id,
        "issued_on": plan.issued_on,
        "next_review_due": plan.next_review_due,
        "next_review_due_practical": law.practical_date(plan.next_review_due),
        "status": plan.status,
        "named_setting": plan.named_setting,
        "last_review_meeting_on": plan.last_review_meeting_on,
        "amended_on": plan.amended_on,
        "ceased_on": plan.ceased_on,
        "cease_decided_on": plan.cease_decided_on,
        "early_years_review_on": upcoming[0] if upcoming else None,
        "phase_transfer": transfer,
    }


def child_detail(session: Session, child: Child, settings: law.Settings = law.DEFAULT_SETTINGS) -> dict[str, Any]:
    cases = session.execute(
        select(Case.id, Case.kind, Case.state).where(Case.child_id == child.id).order_by(Case.id)
    ).all()
    plan = session.execute(
        select(Plan).where(Plan.child_id == child.id, Plan.status == "active").order_by(Plan.id.desc()).limit(1)
    ).scalar_one_or_none()
    return {
        "id": child.id,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth,
        "upn": child.upn,
        "nhs_number": child.nhs_number,
        "postcode": child.postcode,
        "family_id": child.family_id,
        "contacts": child.contacts,
        "team": child.team,
        "siblings": [child_ref(s) for s in siblings(session, child)],
        "sibling_open_cases": [
            {"id": c.id, "kind": c.kind, "state": c.state, "child_id": c.child_id, "officer": officer_dict(c.officer)}
            for c in family_open_cases(session, child.family_id, exclude_child=child.id)
        ],
        "cases": [{"id": c.id, "kind": c.kind, "state": c.state} for c in cases],
        "plan": plan_dict(plan, child, settings, clock.today()) if plan else None,
    }


UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def search_condition(term: str):
    """A UPN finds exactly that child; otherwise every word must start the child's first or last
    name (case-insensitive): "am kh" finds Amira Khan. Both use indexes (ix_children_upn and the
    lower() name indexes of migration 0007), so search does not read every child."""
    term = term.strip()
    if UPN_SHAPE.match(term.upper()):
        return Child.upn == term.upper()
    words = [w for w in re.split(r"\s+", term.lower()) if w][:4]
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
    return and_(
        *(
            or_(func.lower(Child.given_name).like(w, escape="\\"), func.lower(Child.family_name).like(w, escape="\\"))
            for w in escaped
        )
    )


def queue(
    session: Session,
    officer_id: int | None,
    today: dt.date,
    offset: int,
    limit: int,
    *,
    state: str | None = None,
    kind: str | None = None,
    overdue_only: bool = False,
    search: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Open cases, most urgent first: by the next pending statutory duty (`cases.next_due_on`, kept
    by the engine), so the page is an index range scan whatever the caseload."""
    where = [Case.is_open]
    if officer_id is not None:
        where.append(Case.officer_id == officer_id)
    if state:
        where.append(Case.state == state)
    if kind:
        where.append(Case.kind == kind)
    if overdue_only:
        where.append(Case.next_due_on < today)
    q = select(Case)
    if search:
        q = q.join(Child, Child.id == Case.child_id)
        where.append(search_condition(search))
        count = select(func.count()).select_from(Case).join(Child, Child.id == Case.child_id).where(*where)
    else:
        count = select(func.count()).select_from(Case).where(*where)
    total = session.execute(count).scalar_one()
    # index order (ix_cases_queue / ix_cases_open_next_due): ASC NULLS LAST is the index's own
    # order, so the database reads only the rows of the page instead of sorting every case
    cases = (
        session.execute(
            q.where(*where).order_by(Case.next_due_on.asc().nulls_last(), Case.id).offset(offset).limit(limit)
        )
        .scalars()
        .all()
    )
    ids = [c.id for c in cases]
    overdue: dict[int, int] = {}
    siblings_open: set[int] = set()
    if ids:
        overdue = dict(
            session.execute(
                select(AdviceRequest.case_id, func.count())
                .where(
                    AdviceRequest.case_id.in_(ids),
                    AdviceRequest.received_on.is_(None),
                    AdviceRequest.exception_reason.is_(None),
                    AdviceRequest.due_on < today,
                )
                .group_by(AdviceRequest.case_id)
            ).all()
        )
        families = {c.child.family_id for c in cases}
        siblings_open = set(
            session.execute(
                select(Case.child_id)
                .join(Child, Child.id == Case.child_id)
                .where(Child.family_id.in_(families), Case.is_open)
                .group_by(Case.child_id)
            ).scalars()
        )
        by_family: dict[int, set[int]] = {}
        for c in cases:
            by_family.setdefault(c.child.family_id, set())
        for child_id, family_id in session.execute(
            select(Child.id, Child.family_id).where(Child.family_id.in_(families), Child.id.in_(siblings_open))
        ).all():
            by_family.setdefault(family_id, set()).add(child_id)
    items = []
    for case in cases:
        nxt = None
        if case.next_due_on is not None:
            nxt = {
                "key": case.next_due_key,
                "due_on": case.next_due_on,
                "practical_due_on": law.practical_date(case.next_due_on),
                "days_remaining": dl.days_remaining(case.next_due_on, today),
                "status": "overdue" if today > case.next_due_on else "pending",
            }
        family_open = by_family.get(case.child.family_id, set()) if ids else set()
        items.append(
            {
                "case": {"id": case.id, "kind": case.kind, "state": case.state},
                "child": {**child_ref(case.child), "upn": case.child.upn},
                "officer": officer_dict(case.officer),
                "next_deadline": nxt,
                "overdue_advice": overdue.get(case.id, 0),
                "siblings_with_open_cases": len(family_open - {case.child_id}),
            }
        )
    return items, total


def case_notifications(session: Session, case_id: int) -> list[OutboxMessage]:
    return list(
        session.execute(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.id)
        ).scalars()
    )
