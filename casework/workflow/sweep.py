"""The periodic sweep: work that falls due by date, read through indexes so its cost grows with
what is due, not with the caseload. Safe to run any number of times on a day.

Now: open the annual review of every active plan whose review falls due within the lead time
(default 12 weeks before `next_review_due`), assign it, and tell the family.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from casework.models import Case, Plan
from casework.workflow import engine, statutory as law
from casework.workflow.errors import Conflict

log = logging.getLogger(__name__)
REVIEW_LEAD_WEEKS = 12


@dataclass
class SweepReport:
    today: dt.date
    reviews_opened: list[int] = field(default_factory=list)
    outbox_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"sweep as of {self.today.isoformat()}: {len(self.reviews_opened)} review(s) opened"
                + (f" (cases {', '.join(map(str, self.reviews_opened))})" if self.reviews_opened else "")]


def plans_due_review(session: Session, today: dt.date, lead_weeks: int = REVIEW_LEAD_WEEKS) -> list[tuple[int, int]]:
    """(plan id, child id) of active plans due a review within the lead time and without an open one."""
    horizon = law.weeks_after(today, lead_weeks)
    review = aliased(Case)
    return [tuple(r) for r in session.execute(
        select(Plan.id, Plan.child_id)
        .where(Plan.status == "active", Plan.cease_decided_on.is_(None), Plan.next_review_due <= horizon,
               ~exists().where(review.plan_id == Plan.id, review.kind == "review", review.is_open))
        .order_by(Plan.next_review_due, Plan.id)).all()]


def run(session_factory, today: dt.date, *, settings: law.Settings = law.DEFAULT_SETTINGS,
        lead_weeks: int = REVIEW_LEAD_WEEKS, dispatch=None) -> SweepReport:
    report = SweepReport(today)
    with session_factory() as session:
        due = plans_due_review(session, today, lead_weeks)
    for plan_id, child_id in due:
        session = session_factory()
        try:
            result = engine.open_review(session, child_id, actor=engine.Actor.system(), opened_on=today,
                                        settings=settings, today=today)
            engine.commit(session, result, dispatch)
            report.reviews_opened.append(result.case_id)
            report.outbox_ids.extend(result.outbox_ids)
        except (Conflict, IntegrityError):  # another sweep (or an officer) opened it first
            session.rollback()
        finally:
            session.close()
    log.info("sweep %s: %d reviews opened", today.isoformat(), len(report.reviews_opened))
    return report
