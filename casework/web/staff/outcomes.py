"""Outcomes at review: the officer records, for each outcome in the plan, whether it was met, partly
met or not met at the review meeting (its own page, linked from the review's case page)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from casework.models import Case, Child
from casework.request_scope import db_session
from casework.web.auth import staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp, staff_actor
from casework.words import case_ref
from casework.workflow.errors import InvalidInput, WorkflowError
from casework.workflow.quality import outcomes

BLANK_ROWS = 3


@bp.app_template_global()
def outcomes_for(case: Case) -> dict:
    """What the case page shows: whether outcomes can be recorded on this case, and those recorded."""
    if case.plan_id is None or outcomes.meeting_of(case) is None:
        return {"open": False, "rows": []}
    return {"open": True, "rows": outcomes.outcomes_of(db_session(), case.id), "words": outcomes.STATUSES}


@bp.route("/cases/<id:case_id>/outcomes", methods=["GET", "POST"], endpoint="review_outcomes")
@staff_required
def review_outcomes(case_id: int):
    s = db_session()
    case = s.get(Case, case_id)
    if case is None:
        abort(404)
    if case.plan_id is None or outcomes.meeting_of(case) is None:
        abort(404)
    errors = FormErrors()
    if request.method == "POST":
        count = min(int(request.form.get("rows", "0") or 0) if request.form.get("rows", "").isdigit() else 0,
                    outcomes.MAX_OUTCOMES)  # fmt: skip
        typed = [(request.form.get(f"outcome-{n}-text", "")[: outcomes.MAX_TEXT + 1],
                  request.form.get(f"outcome-{n}-status", "")) for n in range(1, count + 1)]  # fmt: skip
        try:
            outcomes.record(s, case.id, typed, actor=staff_actor())
            s.commit()
            flash("Outcomes recorded.", "success")
            return redirect(url_for("staff.case_page", case_id=case.id))
        except InvalidInput as exc:
            s.rollback()
            for field, messages in exc.errors.items():
                errors.add(field, messages[0])
        except WorkflowError:
            s.rollback()
            abort(404)
    else:
        typed = [(o.outcome, o.status) for o in outcomes.outcomes_of(s, case.id)]
        typed += [("", "")] * BLANK_ROWS
    return render_template(
        "review_outcomes.html", errors=errors.summary() or None, form_errors=errors, case=case,
        ref=case_ref(case.id), child=s.get(Child, case.child_id), rows=typed, words=outcomes.STATUSES,
        held=outcomes.meeting_of(case),
    ), (400 if errors else 200)  # fmt: skip
