"""The case page's forms for the journeys beyond an assessment's events: recording that required
advice is not needed (reg 6(1)), and starting a dispute (mediation or appeal) from a decision or a
Tribunal order from a dispute. Thin views over the workflow; each writes through `perform`."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from casework.request_scope import perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp, staff_actor
from casework.web.staff.case import _apply_workflow_error, _load, render_case
from casework.workflow import advice as advice_flow
from casework.workflow.errors import WorkflowError

_REQUIRED_ADVICE_COLOURS = {"missing": "red", "requested": "blue", "received": "green", "reused": "green",
                            "not_needed": "grey"}  # fmt: skip


@bp.app_template_global()
def required_advice_tag(status: str) -> dict[str, str]:
    text = {"not_needed": "Not needed", "reused": "Existing advice reused"}.get(status, status.capitalize())
    return {"text": text, "classes": f"govuk-tag--{_REQUIRED_ADVICE_COLOURS.get(status, 'grey')}"}


@bp.post("/cases/<id:case_id>/advice-not-needed")
@staff_required
def advice_not_needed(case_id: int):
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    advice_type = form.get("not_needed-advice_type", "")
    reason = form.get("not_needed-reason", "").strip()[:2000]
    if not advice_type:
        errors.add("not_needed-advice_type", "Choose which advice is not needed")
    if not reason:
        errors.add("not_needed-reason", "Say why this advice is not needed")
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    if not errors:
        try:
            perform(
                advice_flow.advice_not_needed,
                case_id,
                advice_type=advice_type,
                reason=reason,
                actor=staff_actor(),
                version=version,
                settings=services().config.statutory,
            )
            flash("Recorded that this advice is not needed, with the reason.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc, errors, "not_needed", {"advice_type": "not_needed-advice_type", "reason": "not_needed-reason"}
            )
    return render_case(case, errors, "not_needed", {"advice_type": advice_type, "reason": reason}, 400)
