"""An auditor's review, moderation and the learning loop (writes in the caller's transaction).

- `submit`: the auditor's grade per section and comment per criterion; the overall grade is derived
  from the audit's own framework version (`framework.overall`). An audit without moderation is then
  complete. A moderated audit is graded blind by both auditors; when both are in, it is complete if
  they gave every section and the overall the same grade, otherwise it waits as a disagreement.
- `resolve`: a manager (or the moderator) records the final grade of each section in dispute, with a
  note; the final overall grade is derived from the final sections under the audit's framework.
- `add_action` / `action_done`: actions against an audit's themes.
- `agreement_pairs`: (first, moderator) grade pairs of completed moderated audits, for `agreement`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casework import clock
from casework.models import AuditAction, AuditReview, AuditSectionGrade, PlanAudit, Staff
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.workflow.quality import framework as fw
from casework.workflow.quality.audits import framework

MAX_COMMENT = 4000


def review_for(session: Session, review_id: int, staff: Staff) -> tuple[AuditReview, PlanAudit]:
    """The review if `staff` is its auditor (anyone else: not found, whatever they are)."""
    review = session.get(AuditReview, review_id)
    if review is None or review.auditor_id != staff.id:
        raise NotFound("There is no such audit.")
    return review, session.get(PlanAudit, review.audit_id)


def _clean(definition: dict[str, Any], grades: dict[str, str], comments: dict[str, str], themes: list[str]):
    errors: dict[str, list[str]] = {}
    for section in definition["sections"]:
        allowed = fw.grade_keys(definition) + ([fw.NOT_APPLICABLE] if section.get("may_be_not_applicable") else [])
        if grades.get(section["key"]) not in allowed:
            errors[f"grade-{section['key']}"] = [f"Choose a grade for section {section['title']}"]
    kept = {}
    for key in fw.criteria_keys(definition):
        text = (comments.get(key) or "").strip()
        if len(text) > MAX_COMMENT:
            errors[f"comment-{key}"] = [f"Write the comment on {key} in {MAX_COMMENT:,} characters or fewer"]
        if text:
            kept[key] = text
    unknown = [t for t in themes if t not in definition.get("themes", [])]
    if unknown:
        errors["themes"] = ["Choose themes from the list"]
    if errors:
        raise InvalidInput(errors)
    return kept


def submit(
    session: Session, review_id: int, staff: Staff, *, grades: dict[str, str], comments: dict[str, str],
    summary: str = "", themes: list[str] | None = None, today: dt.date | None = None,
) -> AuditReview:  # fmt: skip
    review, row = review_for(session, review_id, staff)
    if review.submitted_on is not None:
        raise Conflict("This audit has been sent already.")
    definition = framework(session, row.framework_id)
    kept = _clean(definition, grades, comments, themes or [])
    result = fw.overall(definition, grades)
    review.grades = {s["key"]: grades[s["key"]] for s in definition["sections"]}
    review.comments = kept
    review.summary = summary.strip()[:MAX_COMMENT] or None
    review.grade = result.grade
    review.submitted_on = today or clock.today()
    if themes:
        row.themes = {"themes": sorted(set((row.themes or {}).get("themes", [])) | set(themes))}
    session.flush()
    _settle(session, row, definition, review.submitted_on)
    audit(session.connection(), _actor(staff), "audit_review_submitted", "plan_audit", row.id, review_id=review.id)
    return review


def reviews(session: Session, audit_id: int) -> dict[str, AuditReview]:
    rows = session.execute(select(AuditReview).where(AuditReview.audit_id == audit_id)).scalars()
    return {r.purpose: r for r in rows}


def disagreements(definition: dict[str, Any], first: AuditReview, second: AuditReview) -> list[str]:
    """The sections the two auditors graded differently."""
    return [s["key"] for s in definition["sections"] if first.grades.get(s["key"]) != second.grades.get(s["key"])]


def _settle(session: Session, row: PlanAudit, definition: dict[str, Any], today: dt.date) -> None:
    both = reviews(session, row.id)
    first, second = both.get("audit"), both.get("moderation")
    if first is None or first.submitted_on is None:
        row.status = "assigned"
        return
    if not row.moderated:
        _complete(session, row, definition, first.grades, today)
        return
    if second is None or second.submitted_on is None:
        row.status = "moderation"
        return
    if disagreements(definition, first, second) or first.grade != second.grade:
        row.status = "disagreement"
        return
    _complete(session, row, definition, first.grades, today)


def _complete(session: Session, row: PlanAudit, definition, grades: dict[str, str], today: dt.date) -> None:
    result = fw.overall(definition, grades)
    row.status, row.grade, row.completed_on = "completed", result.grade, today
    row.score = f"{result.score.numerator}/{result.score.denominator}"
    session.execute(delete(AuditSectionGrade).where(AuditSectionGrade.audit_id == row.id))
    for key, grade in grades.items():
        session.add(AuditSectionGrade(audit_id=row.id, section=key, grade=grade))
    session.flush()


def resolve(
    session: Session, audit_id: int, staff: Staff, *, grades: dict[str, str], note: str, today: dt.date | None = None
) -> PlanAudit:
    row = session.get(PlanAudit, audit_id)
    both = reviews(session, audit_id) if row is not None else {}
    moderator = both.get("moderation")
    if row is None or not (staff.is_manager or (moderator is not None and moderator.auditor_id == staff.id)):
        raise NotFound("There is no such audit.")
    if row.status != "disagreement":
        raise Conflict("Only an audit whose auditors disagree is resolved.")
    definition = framework(session, row.framework_id)
    first, second = both["audit"], both["moderation"]
    final = dict(first.grades)
    errors: dict[str, list[str]] = {}
    for key in disagreements(definition, first, second):
        given = grades.get(key)
        if given not in (first.grades.get(key), second.grades.get(key)):
            errors[f"final-{key}"] = [f"Choose the final grade for section {key}: one of the two auditors' grades"]
        final[key] = given
    if not note.strip():
        errors["note"] = ["Say how the disagreement was resolved"]
    if errors:
        raise InvalidInput(errors)
    _complete(session, row, definition, final, today or clock.today())
    row.resolved_by, row.resolution_note = staff.id, note.strip()[:MAX_COMMENT]
    audit(session.connection(), _actor(staff), "audit_resolved", "plan_audit", row.id)
    return row


def add_action(
    session: Session, audit_id: int, staff: Staff, *, theme: str, text: str, owner_id: int | None,
    due_on: dt.date | None,
) -> AuditAction:  # fmt: skip
    if not staff.is_manager:
        raise Forbidden("Only managers record actions from audits.")
    row = session.get(PlanAudit, audit_id)
    if row is None:
        raise NotFound("There is no such audit.")
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["action-text"] = ["Write the action"]
    themes = framework(session, row.framework_id).get("themes", [])
    if theme and theme not in themes:
        errors["action-theme"] = ["Choose a theme from the list"]
    if owner_id is not None and session.get(Staff, owner_id) is None:
        errors["action-owner"] = ["Choose who will do it"]
    if errors:
        raise InvalidInput(errors)
    action = AuditAction(audit_id=audit_id, theme=theme or None, text=text.strip()[:MAX_COMMENT], owner_id=owner_id,
                         due_on=due_on, created_by=staff.id, created_at=clock.now())  # fmt: skip
    session.add(action)
    session.flush()
    audit(session.connection(), _actor(staff), "audit_action_added", "plan_audit", audit_id, action_id=action.id)
    return action


def action_done(session: Session, action_id: int, staff: Staff, today: dt.date | None = None) -> AuditAction:
    action = session.get(AuditAction, action_id)
    if action is None or not (staff.is_manager or action.owner_id == staff.id):
        raise NotFound("There is no such action.")
    action.done_on = today or clock.today()
    audit(session.connection(), _actor(staff), "audit_action_done", "plan_audit", action.audit_id, action_id=action.id)
    return action


def agreement_pairs(session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(section pairs, overall pairs): first auditor's and moderator's grades of moderated audits both
    have sent, whether they agreed (completed) or not (a disagreement, resolved or waiting): the grades
    each gave blind, before any resolution."""
    q = select(PlanAudit).where(PlanAudit.moderated.is_(True), PlanAudit.status.in_(("completed", "disagreement")))
    sections: list[tuple[str, str]] = []
    overall: list[tuple[str, str]] = []
    for row in session.execute(q).scalars():
        both = reviews(session, row.id)
        first, second = both.get("audit"), both.get("moderation")
        if first is None or second is None or second.grades is None:
            continue
        sections += [(first.grades[k], second.grades.get(k)) for k in sorted(first.grades)]
        overall.append((first.grade, second.grade))
    return sections, overall


def _actor(staff: Staff):
    from casework.workflow.context import Actor

    return Actor("staff", staff.id, staff.role)
