"""The periodic sweep: work that falls due by date, read through indexes so its cost grows with
what is due, not with the caseload. Safe to run any number of times on a day.

1. Open the annual review of every active plan whose review falls due within the lead time
   (default 12 weeks before `next_review_due`), assign it, and tell the family.
2. Chase advice: reminders, chases and escalations whose day has come (workflow/chasing.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from casework.models import Case, Plan
from casework.workflow import chasing, engine, opening
from casework.workflow import statutory as law
from casework.workflow.errors import Conflict
from casework.workflow.kinds import review as review_kind

log = logging.getLogger(__name__)
REVIEW_LEAD_WEEKS = 12
CHASE_BATCH = 500


@dataclass
class SweepReport:
    today: dt.date
    reviews_opened: list[int] = field(default_factory=list)
    chases_sent: int = 0
    outbox_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"sweep as of {self.today.isoformat()}: {len(self.reviews_opened)} review(s) opened"
            + (f" (cases {', '.join(map(str, self.reviews_opened))})" if self.reviews_opened else "")
            + f"; {self.chases_sent} advice reminder(s), chase(s) and escalation(s) written"
        ]


def plans_due_review(session: Session, today: dt.date, lead_weeks: int = REVIEW_LEAD_WEEKS) -> list[tuple[int, int]]:
    """(plan id, child id) of active plans due a review within the lead time and without an open one."""
    horizon = law.weeks_after(today, lead_weeks)
    review = aliased(Case)  # the plan's open review, if any
    return [
        tuple(r)
        for r in session.execute(
            select(Plan.id, Plan.child_id)
            .where(
                Plan.status == "active",
                Plan.cease_decided_on.is_(None),
                Plan.next_review_due <= horizon,
                ~exists().where(review.plan_id == Plan.id, review.kind == review_kind.KIND.name, review.is_open),
            )
            .order_by(Plan.next_review_due, Plan.id)
        ).all()
    ]


def run(
    session_factory,
    today: dt.date,
    *,
    settings: law.Settings = law.DEFAULT_SETTINGS,
    lead_weeks: int = REVIEW_LEAD_WEEKS,
    dispatch=None,
    policy: chasing.ChasePolicy = chasing.DEFAULT_POLICY,
) -> SweepReport:
    report = SweepReport(today)
    with session_factory() as session:
        due = plans_due_review(session, today, lead_weeks)
    for _plan_id, child_id in due:
        session = session_factory()
        try:
            result = opening.open_case(
                session,
                review_kind.KIND.name,
                child_id,
                actor=engine.Actor.system(),
                opened_on=today,
                settings=settings,
                today=today,
            )
            engine.commit(session, result, dispatch)
            report.reviews_opened.append(result.case_id)
            report.outbox_ids.extend(result.outbox_ids)
        except (Conflict, IntegrityError):  # another sweep (or an officer) opened it first
            session.rollback()
        finally:
            session.close()
    # advice: reminders, chases and escalations, in batches (each batch one transaction)
    while True:
        session = session_factory()
        try:
            processed, written = chasing.chase(session, today, policy, batch=CHASE_BATCH)
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()
        report.chases_sent += len(written)
        report.outbox_ids.extend(written)
        if dispatch is not None and written:
            dispatch(written)
        if processed < CHASE_BATCH:
            break
    log.info(
        "sweep %s: %d reviews opened, %d chase messages",
        today.isoformat(),
        len(report.reviews_opened),
        report.chases_sent,
    )
    return report
