"""Changing what was recorded about a case: a manager moves it to another officer (the family's
other open cases with it, if asked), and an officer corrects a date recorded by mistake (an audited
correction; the original stays in the history)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from casework.request_scope import db_session, perform, services
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.case import _apply_workflow_error, _load, render_case
from casework.workflow import corrections, reassign
from casework.workflow.errors import WorkflowError
from casework.workflow.families import family_open_cases


@bp.post("/cases/<id:case_id>/officer")
@staff_required
def change_officer(case_id: int):
    if not current_staff().is_manager:
        abort(403)
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    officer = form.get("officer-officer_id", "")
    reason = form.get("officer-reason", "").strip()[:500]
    with_family = form.get("officer-siblings") == "yes"
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    if not officer.isdigit():
        errors.add("officer-officer_id", "Choose the officer to move the case to")
    if not reason:
        errors.add("officer-reason", "Say why the case is moving")
    if not errors:
        ids = [case_id]
        if with_family:
            ids += [c.id for c in family_open_cases(db_session(), case.child.family_id) if c.id != case_id]
        try:
            perform(reassign.reassign, ids, int(officer), actor=staff_actor(), reason=reason, version=version)
            flash("Case officer changed. The family has been told who their officer is now.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "officer", {"officer_id": "officer-officer_id"})
    values = {"officer_id": officer, "reason": reason, "siblings": with_family}
    return render_case(case, errors, "officer", values, 400)


@bp.post("/cases/<id:case_id>/corrections")
@staff_required
def correct_date(case_id: int):
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    event_id = form.get("correct-event_id", "")
    reason = form.get("correct-reason", "").strip()
    new_date = read_date(form, "correct-occurred_on", "the right date", errors)
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    if not event_id.isdigit():
        errors.add("correct-event_id", "Choose the entry whose date was wrong")
    if not reason:
        errors.add("correct-reason", "Say why the date was wrong")
    if not errors:
        try:
            perform(
                corrections.correct_date, case_id, int(event_id), new_date, reason=reason, actor=staff_actor(),
                version=version, settings=services().config.statutory,
            )  # fmt: skip
            flash("Date corrected. The deadlines have been worked out again and the family told.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc, errors, "correct",
                {"occurred_on": "correct-occurred_on-day", "event_id": "correct-event_id", "reason": "correct-reason"},
            )  # fmt: skip
    return render_case(case, errors, "correct", {"event_id": event_id, "reason": reason}, 400)
