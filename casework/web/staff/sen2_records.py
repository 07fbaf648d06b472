"""The pages where an officer records what the SEN2 return needs beyond the child's own details
(those are on the child's details page, `casefile.child_details`): the places a child attends, and
the plan's named settings, residential and work-based codes, personal budget, organised
arrangements, direct payments, cease reason and the LA a transferred plan came from."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework.models import Child, Plan, PlanSetting
from casework.request_scope import db_session, perform
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.case import _apply_workflow_error
from casework.web.staff.casefile import _back_case
from casework.workflow import sen2_data
from casework.workflow.errors import WorkflowError
from casework.workflow.sen2 import codes

SETTING_INPUTS = ("urn", "ukprn", "sen_setting", "sen_setting_other", "rank")
SETTING_ROWS = 2  # the plan page offers two named settings (rank 1 and, optionally, another)


def _setting_values(form: Any, prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {f"{prefix}{k}": form.get(f"{prefix}{k}", "").strip() for k in SETTING_INPUTS}
    flags = form.getlist(f"{prefix}flags")
    values[f"{prefix}sen_unit"] = "sen_unit" in flags
    values[f"{prefix}resourced_provision"] = "resourced_provision" in flags
    return values


def _unprefixed(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)}


def _child_page(child_id: int, back: Any) -> str:
    return url_for("staff.child_details", child_id=child_id, case=back.id if back else None) + "#placements"


@bp.route("/children/<id:child_id>/placements/new", methods=["GET", "POST"])
@staff_required
def add_placement(child_id: int):
    child = db_session().get(Child, child_id)
    if child is None:
        abort(404)
    back = _back_case(child_id)
    errors = FormErrors()
    values = dict.fromkeys(SETTING_INPUTS, "") | {"rank": "1", "sen_unit": False, "resourced_provision": False}
    if request.method == "POST":
        values = _setting_values(request.form, "")
        entry = read_date(request.form, "entry_date", "the date the child started there", errors, required=False)
        leaving = read_date(request.form, "leaving_date", "the date the child left", errors, required=False)
        try:
            if not errors:
                perform(lambda s: sen2_data.add_placement(s, child_id, values, entry_date=entry, leaving_date=leaving,
                                                          actor=staff_actor()) and None)  # fmt: skip
                flash("Placement added.", "success")
                return redirect(_child_page(child_id, back))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "placement", lambda f: "leaving_date-day" if f == "leaving_date" else f)
    return render_template(
        "placement_form.html", errors=errors.summary() or None, form_errors=errors, child=child, values=values,
        back=back, codes=codes, date_items=date_items, raw=request.form if request.method == "POST" else None,
    ), (400 if errors else 200)  # fmt: skip


@bp.post("/children/<id:child_id>/placements/<id:placement_id>/remove")
@staff_required
def remove_placement(child_id: int, placement_id: int):
    back = _back_case(child_id)
    try:
        perform(lambda s: sen2_data.remove_placement(s, child_id, placement_id, actor=staff_actor()))
    except WorkflowError:
        abort(404)
    flash("Placement removed.", "success")
    return redirect(_child_page(child_id, back))


def _plan_values(plan: Plan) -> dict[str, Any]:
    values: dict[str, Any] = {
        "plan_res": plan.plan_res or "", "plan_wbp": plan.plan_wbp or "", "cease_reason": plan.cease_reason or "",
        "transfer_la": plan.transfer_la or "",
        **{f: "" if getattr(plan, f) is None else ("1" if getattr(plan, f) else "0") for f in sen2_data.PLAN_FLAGS},
    }  # fmt: skip
    rows = db_session().execute(
        select(PlanSetting).where(PlanSetting.plan_id == plan.id).order_by(PlanSetting.rank, PlanSetting.id)
    ).scalars().all()  # fmt: skip
    for n in range(SETTING_ROWS):
        row = rows[n] if n < len(rows) else None
        prefix = f"settings-{n}-"
        for k in SETTING_INPUTS:
            value = getattr(row, k) if row is not None else ""
            values[prefix + k] = "" if value is None else str(value)
        values[prefix + "sen_unit"] = bool(row and row.sen_unit)
        values[prefix + "resourced_provision"] = bool(row and row.resourced_provision)
    return values


@bp.route("/plans/<id:plan_id>/details", methods=["GET", "POST"])
@staff_required
def plan_details(plan_id: int):
    plan = db_session().get(Plan, plan_id)
    if plan is None:
        abort(404)
    child = db_session().get(Child, plan.child_id)
    back = _back_case(plan.child_id)
    errors = FormErrors()
    values = _plan_values(plan)
    if request.method == "POST":
        form = request.form
        values = {k: form.get(k, "").strip() for k in ("plan_res", "plan_wbp", "cease_reason", "transfer_la",
                                                        *sen2_data.PLAN_FLAGS)}  # fmt: skip
        settings = []
        for n in range(SETTING_ROWS):
            prefix = f"settings-{n}-"
            row = _setting_values(form, prefix)
            values |= row
            given = _unprefixed(row, prefix)
            if any(given[k] for k in ("urn", "ukprn", "sen_setting", "sen_setting_other")):
                settings.append(given | {"rank": given["rank"] or str(n + 1)})
        try:
            perform(lambda s: sen2_data.update_plan(s, plan_id, values, settings, actor=staff_actor()) and None)
            flash("The plan's details are saved.", "success")
            return redirect(url_for("staff.case_page", case_id=back.id) if back else url_for("staff.queue"))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "plan", lambda f: f)
    return render_template(
        "plan_details.html", errors=errors.summary() or None, form_errors=errors, plan=plan, child=child,
        values=values, back=back, codes=codes, rows=range(SETTING_ROWS),
    ), (400 if errors else 200)  # fmt: skip
