"""The read side: cases, children and queues as the API and the pages show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
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
from casework.notifications.advice_messages import RETURN_WORDS
from casework.notifications.messages import EXCEPTION_WORDS
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


CHASE_WORDS = {"reminder": "Reminder", "chase": "Chase", "escalation": "Escalated"}
ESCALATED_TO = {"provider": " to the advice-giver's escalation contact", "staff": " to the case officer's manager"}


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
    chases_sent: dict[int, int] = {}
    for r in rows:
        advice_id = int(r.dedupe_key.split(":")[1])
        kind, number = _chase_kind(r.dedupe_key)
        if kind in ("request", "received", "returned") or advice_id not in out:
            continue
        if kind == "chase":  # people count the chases sent: 1, 2, 3 (a week without a sweep skips none)
            number = chases_sent[advice_id] = chases_sent.get(advice_id, 0) + 1
        out[advice_id].append(
            {
                "kind": kind,
                "number": number,
                "words": CHASE_WORDS.get(kind, kind.capitalize())
                + (f" {number}" if number else "")
                + (ESCALATED_TO.get(r.recipient_kind, "") if kind == "escalation" else ""),
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
            {
                "reason": a.exception_reason,
                "note": a.exception_note,
                **(a.exception_details or {}),
                "words": EXCEPTION_WORDS.get(a.exception_reason, a.exception_reason).capitalize(),
            }
            if a.exception_reason
            else None
        ),
        "reuse": a.reuse,
        "question": a.question,
        "advice_text": a.advice_text,
        "submitted_by": a.submitted_by,
        "returned_on": a.returned_on,
        "returned_reason": a.returned_reason,
        "returned_note": a.returned_note,
        "returned_words": RETURN_WORDS.get(a.returned_reason, "").capitalize() if a.returned_reason else "",
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
        "rya": case.rya,
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


def case_notifications(session: Session, case_id: int) -> list[OutboxMessage]:
    return list(
        session.execute(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.id)
        ).scalars()
    )
