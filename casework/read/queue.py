"""The queue: an officer's (or the whole team's) open cases, most urgent first, and the figures at
its top. Every view is an index range scan, so a page costs the same whatever the caseload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from casework.models import AdviceRequest, Case, Child
from casework.notifications.receipts import family_undelivered
from casework.queries import child_ref, officer_dict
from casework.workflow import deadlines as dl
from casework.workflow import statutory as law

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
    focus: str | None = None,
    count_cap: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Open cases, most urgent first: by the next pending statutory duty (`cases.next_due_on`, kept
    by the engine), so the page is an index range scan whatever the caseload.

    `focus` (or `overdue_only`) narrows the queue, each an index range too: "overdue" (a duty or
    advice past its date: `next_action_on`, the earlier of the two, most overdue first), "soon" (a duty
    due within 7 days), "advice" (advice past its date: `next_advice_due_on`).

    With `count_cap`, the total is counted up to cap + 1 only (a whole team of a million open cases
    is not counted one by one for every page): a total above the cap means "more than the cap"."""
    focus = "overdue" if overdue_only else focus
    where = [Case.is_open]
    if officer_id is not None:
        where.append(Case.officer_id == officer_id)
    if state:
        where.append(Case.state == state)
    if kind:
        where.append(Case.kind == kind)
    order = (Case.next_due_on.asc().nulls_last(), Case.id)
    if focus == "overdue":
        where.append(Case.next_action_on < today)
        order = (Case.next_action_on, Case.id)
    elif focus == "soon":
        where.append(Case.next_due_on.between(today, today + dt.timedelta(days=SOON_DAYS)))
    elif focus == "advice":
        where.append(Case.next_advice_due_on < today)
        order = (Case.next_advice_due_on, Case.id)
    q = select(Case)
    ids = select(Case.id)
    if search:
        q = q.join(Child, Child.id == Case.child_id)
        ids = ids.join(Child, Child.id == Case.child_id)
        where.append(search_condition(search))
    total = _count(session, ids.where(*where), count_cap)
    # index order (ix_cases_queue / ix_cases_open_next_due): ASC NULLS LAST is the index's own
    # order, so the database reads only the rows of the page instead of sorting every case
    cases = session.execute(q.where(*where).order_by(*order).offset(offset).limit(limit)).scalars().all()
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
                    AdviceRequest.returned_on.is_(None),
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
    undelivered = family_undelivered(session.connection(), ids)
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
                "undelivered_family_messages": undelivered.get(case.id, []),
            }
        )
    return items, total


SOON_DAYS = 7


def _count(session: Session, ids: Any, cap: int | None) -> int:
    """How many rows `ids` selects; with a cap, counted up to cap + 1 only."""
    if cap is not None:
        ids = ids.limit(cap + 1)
    return session.execute(select(func.count()).select_from(ids.subquery())).scalar_one()


def queue_counts(session: Session, officer_id: int | None, today: dt.date, cap: int | None = None) -> dict[str, int]:
    """The figures at the top of a queue, one definition each (the filters use the same conditions):
    overdue (a duty or advice past its date), due within 7 days (a duty), advice overdue. With a cap,
    each is counted up to cap + 1 only (see `queue`)."""
    mine = [Case.is_open] + ([Case.officer_id == officer_id] if officer_id is not None else [])

    def count(*where: Any) -> int:
        return _count(session, select(Case.id).where(*mine, *where), cap)

    return {
        "overdue": count(Case.next_action_on < today),
        "soon": count(Case.next_due_on.between(today, today + dt.timedelta(days=SOON_DAYS))),
        "advice": count(Case.next_advice_due_on < today),
    }
