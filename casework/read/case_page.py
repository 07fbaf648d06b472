"""The case page's read side beyond the case itself: the family (contacts, brothers and sisters and
their cases), the plan a review is reviewing, the officers' notes, what is overdue, and the timeline
in words ("Health advice requested from Community Paediatrics", by whom)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import (
    AdviceRequest,
    Case,
    CaseNote,
    Child,
    Event,
    Letter,
    OutboxMessage,
    Plan,
    Provider,
    Staff,
)
from casework.notifications.letters import LETTERS
from casework.notifications.messages import EXCEPTION_WORDS
from casework.notifications.templates import TEMPLATES, TemplateError
from casework.words import CHANNEL_WORDS, advice_label, long_date
from casework.workflow.families import siblings
from casework.workflow.kinds import KINDS

NOTE_KINDS = {"call": "Phone call", "meeting": "Meeting", "email": "Email", "letter": "Letter", "other": "Other"}
RETURN_WORDS = {"not_known": "the child is not known to them", "cannot_provide": "they cannot provide this advice"}
PREFERRED = {"email": "Email", "sms": "Text message", "letter": "Letter"}


def contact_dict(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "relationship": (c.relationship_to_child or "").replace("_", " "),
        "email": c.email,
        "phone": c.phone,
        "address_lines": [line for line in (c.address or "").splitlines() if line.strip()],
        "postcode": c.postcode,
        "preferred": PREFERRED.get(c.preferred_channel, c.preferred_channel),
        "preferred_channel": c.preferred_channel,
        "language": c.language,
    }


def family(session: Session, child: Child) -> dict[str, Any]:
    """The child's contacts, and each brother or sister with their cases (open first)."""
    brothers_sisters = siblings(session, child)
    ids = [s.id for s in brothers_sisters]
    cases: dict[int, list[Case]] = {i: [] for i in ids}
    if ids:
        for c in session.execute(
            select(Case).where(Case.child_id.in_(ids)).order_by(Case.is_open.desc(), Case.id.desc())
        ).scalars():
            cases[c.child_id].append(c)
    return {
        "contacts": [contact_dict(c) for c in child.contacts],
        "siblings": [{"child": s, "cases": cases[s.id]} for s in brothers_sisters],
    }


def plan_under_review(session: Session, case: Case) -> dict[str, Any] | None:
    """The plan a case is about (a review's), with the case that made it."""
    if case.plan_id is None:
        return None
    plan = session.get(Plan, case.plan_id)
    if plan is None:
        return None
    return {"plan": plan, "made_by": plan.case_id}


def notes(session: Session, case_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(CaseNote, Staff.name)
        .outerjoin(Staff, Staff.id == CaseNote.staff_id)
        .where(CaseNote.case_id == case_id)
        .order_by(CaseNote.occurred_on.desc(), CaseNote.id.desc())
    ).all()
    return [
        {
            "kind": NOTE_KINDS.get(n.kind, n.kind),
            "on": n.occurred_on,
            "text": n.text,
            "by": name or "",
            "at": n.created_at,
        }
        for n, name in rows
    ]


def overdue(detail: dict[str, Any], today: dt.date) -> list[str]:
    """What is overdue on the case, in words, for the page's "important" banner."""
    kind = KINDS[detail["kind"]]
    out = [
        f"{kind.deadline_labels.get(d['key'], d['key'])}: due {long_date(d['due_on'])}"
        for d in detail["deadlines"]
        if d["status"] == "overdue"
    ]
    out += [
        f"{advice_label(a['advice_type'])} advice from {a['provider'].name}: due {long_date(a['due_on'])}"
        for a in detail["advice_requests"]
        if a["status"] == "overdue"
    ]
    return out


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())


def _providers(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Provider.id, Provider.name).where(Provider.id.in_(ids))).all())


def _who(e: Event, staff: dict[int, str], providers: dict[int, str]) -> str:
    if e.actor_kind == "staff":
        return staff.get(e.actor_id, "a member of staff")
    if e.actor_kind == "provider":
        return providers.get(e.actor_id, "the advice-giver")
    if e.actor_kind == "parent":
        return "the family"
    return "casework (automatically)"


def _event_text(e: Event, kind: Any, staff: dict[int, str], providers: dict[int, str], advice: dict) -> tuple[str, str]:
    """(title, text) of an event, in words."""
    d = e.details or {}
    title = kind.event_label(e.type) if e.type in kind.machine.event_types or e.type == kind.opening_event else ""
    a = advice.get(d.get("advice_request_id"))
    what = advice_label(d.get("advice_type") or (a.advice_type if a else "other"))
    provider = providers.get(d.get("provider_id") or (a.provider_id if a else None), "the advice-giver")
    text = str(d.get("reason") or "")
    if e.type == "advice_requested":
        title, text = f"{what} advice requested from {provider}", f"Due {long_date(d.get('due_on'))}"
    elif e.type == "advice_received":
        title = f"{what} advice received from {provider}"
        text = "On time" if d.get("on_time") else "Late"
    elif e.type == "advice_returned":
        title, text = (
            f"{what} advice request returned by {provider}",
            RETURN_WORDS.get(d.get("reason"), "").capitalize(),
        )
    elif e.type == "advice_reused":
        title, text = (
            f"Existing {what.lower()} advice from {provider} reused",
            "Agreed by the adviser, the council and the family",
        )
    elif e.type == "advice_exception_recorded":
        title = f"Exception recorded on {what.lower()} advice from {provider}"
        text = EXCEPTION_WORDS.get(d.get("reason"), text).capitalize()
    elif e.type == "exception_recorded":
        keys = ", ".join(kind.deadline_labels.get(k, k).lower() for k in d.get("deadline_keys") or [])
        text = f"{EXCEPTION_WORDS.get(d.get('reason'), text).capitalize()} ({keys})"
    elif e.type == "officer_changed":
        title = f"Case officer changed to {staff.get(d.get('to_officer_id'), 'another officer')}"
        before = staff.get(d.get("from_officer_id"))
        text = (f"From {before}. " if before else "") + text[:1].upper() + text[1:]
    elif e.type == "entry_corrected":
        title = f"Date corrected: {d.get('what', '')}"
        text = f"{long_date(d.get('from_date'))} corrected to {long_date(d.get('to_date'))}. {text}".strip()
    elif e.type == kind.opening_event and d.get("allocation"):
        officer = staff.get(d["allocation"].get("officer_id"), "an officer")
        text = f"Given to {officer}: {d['allocation'].get('reason', '')}"
    if not title:
        title = e.type.replace("_", " ").capitalize()
    return title, text


def _message_words(m: OutboxMessage) -> tuple[str, str]:
    """("Email to Helen Ward, manager", its subject): who a message went to and what it said."""
    p = m.personalisation or {}
    if m.recipient_kind == "contact":
        to = f"{p.get('contact_name', 'the family')}, family"
    elif m.recipient_kind == "provider":
        name = p.get("escalation_name") if m.template.startswith("advice_escalation") else p.get("provider_name")
        to = f"{name or 'the advice-giver'}, advice-giver"
    else:
        name = p.get("manager_name") or p.get("officer_name")
        to = f"{name}, {'manager' if p.get('manager_name') else 'officer'}" if name else "staff"
    letter = LETTERS.get(m.template.removeprefix("letter.")) if m.template.startswith("letter.") else None
    try:
        subject = letter.title if letter is not None else TEMPLATES.subject(m.template, p)
    except TemplateError:
        subject = ""
    return f"{CHANNEL_WORDS.get(m.channel, m.channel)} to {to}", subject


def letter_status(letter: Letter) -> str:
    """Where a letter is, in words (the case page's timeline and its letters)."""
    if letter.status == "sent":
        how = "Posted" if letter.how == "post" else "Sent by GOV.UK Notify"
        return f"{how} {long_date(letter.sent_on)}" if letter.sent_on else how
    return {"to_print": "Waiting to be printed and posted", "cancelled": "Not sent"}.get(
        letter.status, "Being prepared"
    )


MESSAGE_STATUS = {"sent": "Sent", "pending": "Waiting to be sent", "sending": "Being sent", "failed": "Not sent"}


def timeline(session: Session, case: Case) -> list[dict[str, Any]]:
    """Every event (who recorded what, and when it happened) and every message, newest first."""
    kind = KINDS[case.kind]
    events = list(session.execute(select(Event).where(Event.case_id == case.id).order_by(Event.id)).scalars())
    advice = {a.id: a for a in session.execute(select(AdviceRequest).where(AdviceRequest.case_id == case.id)).scalars()}
    staff_ids = {e.actor_id for e in events if e.actor_kind == "staff" and e.actor_id}
    for e in events:
        d = e.details or {}
        staff_ids |= {d.get(k) for k in ("from_officer_id", "to_officer_id") if d.get(k)}
        staff_ids |= {(d.get("allocation") or {}).get("officer_id")} - {None}
    provider_ids = {e.actor_id for e in events if e.actor_kind == "provider" and e.actor_id}
    provider_ids |= {(e.details or {}).get("provider_id") for e in events} - {None}
    provider_ids |= {a.provider_id for a in advice.values()}
    staff, providers = _names(session, staff_ids), _providers(session, provider_ids)
    items = []
    for e in events:
        title, text = _event_text(e, kind, staff, providers, advice)
        items.append(
            {"at": e.recorded_at, "on": e.occurred_on, "kind": "event", "title": title, "text": text,
             "by": _who(e, staff, providers)}
        )  # fmt: skip
    letters = {x.id: x for x in session.execute(select(Letter).where(Letter.case_id == case.id)).scalars()}
    for m in session.execute(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).scalars():
        status = MESSAGE_STATUS.get(m.status, m.status)
        letter = letters.get((m.personalisation or {}).get("letter_id")) if m.channel == "letter" else None
        if letter is not None:  # a letter has left when it is posted or Notify takes it, not when it is queued
            status = letter_status(letter)
        title, subject = _message_words(m)
        failed = f": {m.last_error}" if m.status == "failed" and m.last_error else ""
        items.append(
            {"at": m.created_at, "on": m.created_at.date(), "kind": "message", "title": title,
             "text": (f"“{subject}”. " if subject else "") + status + failed, "by": ""}
        )  # fmt: skip
    return sorted(items, key=lambda i: (i["on"], i["at"]), reverse=True)
