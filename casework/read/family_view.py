"""A family's own view of their children's cases (the parent portal): what happens next and by
when, every stage with the date the law sets for it, and the messages the council has sent them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Case, Deadline, OutboxMessage
from casework.notifications.messages import render
from casework.notifications.templates import TemplateError
from casework.words import CHANNEL_WORDS
from casework.workflow.kinds import KINDS


def next_for(case: Case, deadlines: dict[str, Any]) -> dict[str, Any]:
    """What happens next on a case, and the date the law sets for it (if it sets one)."""
    kind = KINDS[case.kind]
    key = kind.next_deadline.get(case.state)
    due = deadlines.get(key) if key else None
    if due is not None and due.outcome != "pending":
        due = None
    return {"step": kind.next_step.get(case.state, ""), "due_on": due.due_on if due else None}


def deadlines_of(session: Session, case_ids: Iterable[int]) -> dict[int, dict[str, Deadline]]:
    out: dict[int, dict[str, Deadline]] = {i: {} for i in case_ids}
    if out:
        for d in session.execute(select(Deadline).where(Deadline.case_id.in_(list(out)))).scalars():
            out[d.case_id][d.key] = d
    return out


def latest_case(session: Session, child_id: int) -> Case | None:
    return session.execute(
        select(Case).where(Case.child_id == child_id).order_by(Case.is_open.desc(), Case.id.desc()).limit(1)
    ).scalar_one_or_none()


def stages(case: Case, deadlines: dict[str, Deadline], today: dt.date) -> list[dict[str, Any]]:
    """Each stage: done, now, to come or not needed; with the legal date of every stage still to come
    (or its explanation, when its date depends on a step not yet taken)."""
    out = []
    current_found = False
    for stage in KINDS[case.kind].stages:
        due = deadlines.get(stage.deadline) if stage.deadline else None
        if case.state in stage.done_in:
            status = "done"
        elif not current_found and case.is_open:
            status, current_found = "now", True
        else:
            status = "to come" if case.is_open else "not needed"
        show = due is not None and due.outcome == "pending" and status in ("now", "to come")
        out.append(
            {
                "name": stage.name,
                "explain": stage.explain,
                "status": status,
                "due_on": due.due_on if show else None,
                "late": show and due.kind == "duty" and today > due.due_on and not due.exception_applies,
                "window": show and due.kind == "window",
            }
        )
    return out


def contact_of(dedupe_key: str) -> int | None:
    """The contact a family message went to (its dedupe key ends ':contact:<id>' or ':contact:<id>:letter')."""
    _, found, rest = dedupe_key.partition(":contact:")
    head = rest.split(":", 1)[0]
    return int(head) if found and head.isdigit() else None


def messages_to(
    session: Session, case_ids: list[int], contact_ids: set[int], extra: Callable[[Any], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The messages the council sent these contacts about these cases, newest first, as they read."""
    if not case_ids or not contact_ids:
        return []
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.case_id.in_(case_ids), OutboxMessage.recipient_kind == "contact")
        .order_by(OutboxMessage.id.desc())
    ).scalars()
    out = []
    for row in rows:
        if row.template.startswith(("portal_", "letter.")):  # sign-in codes; letters are listed as letters
            continue
        if contact_of(row.dedupe_key) not in contact_ids:
            continue
        try:
            subject, body = render(row.template, {**row.personalisation, **extra(row)})
        except TemplateError:
            continue
        out.append(
            {
                "id": row.id,
                "on": row.created_at,
                "channel": CHANNEL_WORDS.get(row.channel, row.channel),
                "subject": subject or body.split(".")[0],
                "body": body,
                "status": {"sent": "Sent", "failed": "Could not be sent"}.get(row.status, "Being sent"),
            }
        )
    return out
