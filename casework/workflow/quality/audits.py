"""The audit framework's versions, the monthly sample and who audits each plan (writes in the
caller's transaction; audited by ids only).

- `framework`: the version an audit keeps; `current_framework` seeds version 1 from the shipped
  default the first time it is asked for; `add_framework` stores a council's new version.
- `draw_sample`: this month's sample (`sampling.draw`, stratified by the team of the officer who made
  each plan) with its seed recorded; each audit assigned to an auditor, and a share (`moderation
  percent`) to a second auditor of another agency as moderator. `add_plan`: a plan a manager adds.
- Assignment: the agency with the fewest reviews in the sample so far, then its auditor with the
  fewest reviews still to do (so the sample is shared across education, health, social care and the
  parent-carer forum).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework import clock
from casework.models import AuditFramework, AuditReview, AuditSample, Case, Plan, PlanAudit, Staff
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.workflow.quality import framework as fw
from casework.workflow.quality import made, sampling

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DEFAULT_PERCENT, DEFAULT_MODERATION_PERCENT = 10, 20


def framework(session: Session, framework_id: int) -> dict[str, Any]:
    row = session.get(AuditFramework, framework_id)
    if row is None:
        raise NotFound("There is no such framework.")
    return row.definition


def current_framework(session: Session) -> AuditFramework:
    """The newest version; version 1 (the shipped default) is stored the first time."""
    row = session.execute(select(AuditFramework).order_by(AuditFramework.version.desc()).limit(1)).scalar()
    if row is None:
        row = AuditFramework(version=1, definition=fw.DEFAULT, created_at=clock.now())
        session.add(row)
        session.flush()
    return row


def add_framework(session: Session, definition: dict[str, Any], actor: Any) -> AuditFramework:
    """A new version of the framework: audits already done keep theirs."""
    problems = fw.check(definition)
    if problems:
        raise InvalidInput({"framework": problems})
    version = current_framework(session).version + 1
    row = AuditFramework(version=version, definition=definition, created_by=actor.id, created_at=clock.now())
    session.add(row)
    session.flush()
    audit(session.connection(), actor, "audit_framework_added", "audit_framework", row.id, version=version)
    return row


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    m = MONTH.match(month or "")
    if not m:
        raise InvalidInput({"month": ["Enter a month as YYYY-MM, for example 2026-11"]})
    year, mon = int(m.group(1)), int(m.group(2))
    start = dt.date(year, mon, 1)
    end = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    return start, end


def population(session: Session, month: str) -> list[tuple[int, str | None, int | None, int | None]]:
    """(plan id, team, making case, officer) for the final plans issued in the month."""
    start, end = _month_bounds(month)
    rows = session.execute(
        select(Plan.id, Staff.team, Plan.case_id, Case.officer_id)
        .select_from(Plan)
        .outerjoin(Case, Case.id == Plan.case_id)
        .outerjoin(Staff, Staff.id == Case.officer_id)
        .where(Plan.issued_on >= start, Plan.issued_on < end, Plan.transferred_in_on.is_(None))
        .order_by(Plan.id)
    ).all()
    return [tuple(r) for r in rows]


def _manager(actor: Any, staff: Staff | None) -> None:
    if staff is None or not staff.is_manager:
        raise Forbidden("Only managers can draw or change the audit sample.")


def draw_sample(
    session: Session,
    month: str,
    *,
    actor: Any,
    seed: str | None = None,
    percent: int = DEFAULT_PERCENT,
    moderation_percent: int = DEFAULT_MODERATION_PERCENT,
    today: dt.date | None = None,
) -> AuditSample:
    _manager(actor, session.get(Staff, actor.id))
    today = today or clock.today()
    errors: dict[str, list[str]] = {}
    start, _end = _month_bounds(month)
    if start > today:
        errors["month"] = ["The month has not started yet: choose this month or an earlier one"]
    if not 1 <= percent <= 100:
        errors["percent"] = ["Enter a share of each team's plans from 1 to 100"]
    if not 0 <= moderation_percent <= 100:
        errors["moderation_percent"] = ["Enter the share moderated, from 0 to 100"]
    if errors:
        raise InvalidInput(errors)
    if session.execute(select(AuditSample.id).where(AuditSample.month == month)).first():
        raise Conflict("This month's sample has been drawn already: add plans to it instead.")
    seed = (seed or "").strip()[:64] or sampling.new_seed()
    plans = population(session, month)
    current = current_framework(session)
    sample = AuditSample(month=month, seed=seed, percent=percent, moderation_percent=moderation_percent,
                         population=len(plans), framework_id=current.id, drawn_on=today, drawn_by=actor.id,
                         created_at=clock.now())  # fmt: skip
    session.add(sample)
    session.flush()
    drawn = {pid for ids in sampling.draw(((p[0], p[1]) for p in plans), seed, percent).values() for pid in ids}
    for plan_id, team, case_id, officer_id in plans:
        if plan_id in drawn:
            moderate = sampling.moderated(seed, plan_id, moderation_percent)
            _new_audit(session, sample, plan_id, team, case_id, officer_id, "sample", None, moderate, today)
    audit(session.connection(), actor, "audit_sample_drawn", "audit_sample", sample.id, month=month,
          seed=seed, drawn=len(drawn), population=len(plans))  # fmt: skip
    return sample


def add_plan(
    session: Session, sample_id: int, plan_id: int, *, actor: Any, moderate: bool, today: dt.date | None = None
) -> PlanAudit:
    """A plan a manager adds to the month's sample (any plan, including an amended one)."""
    _manager(actor, session.get(Staff, actor.id))
    today = today or clock.today()
    sample = session.get(AuditSample, sample_id)
    plan = session.get(Plan, plan_id)
    if sample is None:
        raise NotFound("There is no such sample.")
    if plan is None:
        raise InvalidInput({"plan_id": ["Enter the number of a plan that exists"]})
    exists = select(PlanAudit.id).where(PlanAudit.sample_id == sample_id, PlanAudit.plan_id == plan_id)
    if session.execute(exists).first():
        raise InvalidInput({"plan_id": ["This plan is in the sample already"]})
    case = session.get(Case, plan.case_id) if plan.case_id else None
    officer = session.get(Staff, case.officer_id) if case is not None and case.officer_id else None
    row = _new_audit(session, sample, plan.id, officer.team if officer else None, plan.case_id,
                     officer.id if officer else None, "added", actor.id, moderate, today)  # fmt: skip
    audit(session.connection(), actor, "audit_plan_added", "plan_audit", row.id, plan_id=plan.id)
    return row


def _new_audit(session, sample, plan_id, team, case_id, officer_id, how, added_by, moderate, today) -> PlanAudit:
    row = PlanAudit(sample_id=sample.id, plan_id=plan_id, case_id=case_id, officer_id=officer_id, team=team,
                    framework_id=sample.framework_id, how=how, added_by=added_by, moderated=moderate,
                    status="assigned", created_at=clock.now())  # fmt: skip
    plan = session.get(Plan, plan_id)
    if plan is not None:
        how_made = made.made(session, plan)
        row.health_advice, row.social_care_advice = how_made.by_type["health"], how_made.by_type["social_care"]
    session.add(row)
    session.flush()
    first = assign(session, row, "audit", today)
    if moderate:
        assign(session, row, "moderation", today, not_agency=first.agency, not_auditor=first.auditor_id)
    return row


def auditors(session: Session) -> list[Staff]:
    q = select(Staff).where(Staff.role == "auditor", Staff.disabled_at.is_(None)).order_by(Staff.id)
    return list(session.execute(q).scalars())


def assign(
    session: Session, row: PlanAudit, purpose: str, today: dt.date, not_agency: str | None = None,
    not_auditor: int | None = None,
) -> AuditReview:  # fmt: skip
    people = [a for a in auditors(session) if a.id != not_auditor]
    if not people:
        raise Conflict("There are no auditors to assign the audit to: add auditors' accounts first.")
    others = [a for a in people if a.agency != not_agency] if not_agency else people
    people = others or people
    in_sample = dict(session.execute(
        select(AuditReview.agency, func.count()).join(PlanAudit, PlanAudit.id == AuditReview.audit_id)
        .where(PlanAudit.sample_id == row.sample_id).group_by(AuditReview.agency)
    ).all())  # fmt: skip
    open_ = dict(session.execute(
        select(AuditReview.auditor_id, func.count()).where(AuditReview.submitted_on.is_(None))
        .group_by(AuditReview.auditor_id)
    ).all())  # fmt: skip
    chosen = min(people, key=lambda a: (in_sample.get(a.agency, 0), open_.get(a.id, 0), a.id))
    review = AuditReview(audit_id=row.id, auditor_id=chosen.id, purpose=purpose, agency=chosen.agency,
                         assigned_on=today, created_at=clock.now())  # fmt: skip
    session.add(review)
    session.flush()
    return review
