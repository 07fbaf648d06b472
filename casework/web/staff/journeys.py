"""The case page's forms for the journeys beyond an assessment's events: recording that required
advice is not needed (reg 6(1)), and starting a dispute (mediation or appeal) from a decision or a
Tribunal order from a dispute. Thin views over the workflow; each writes through `perform`."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from sqlalchemy import select

from casework.models import Case, Event
from casework.request_scope import db_session, perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.case import _apply_workflow_error, _load, render_case
from casework.workflow import advice as advice_flow
from casework.workflow import opening
from casework.workflow.errors import WorkflowError
from casework.workflow.kinds import KINDS, dispute, tribunal_order

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


@bp.app_template_global()
def case_links(case: Case) -> dict[str, Any]:
    """What a case arose from, what arose from it, the decisions on it that may still be disputed, and the
    form that opens what follows it (its kind says which)."""
    session = db_session()
    kind = KINDS[case.kind]
    origin = session.get(Case, case.origin_case_id) if case.origin_case_id else None
    followers = session.execute(select(Case).where(Case.origin_case_id == case.id).order_by(Case.id)).scalars().all()
    disputed = {c.origin_event_id for c in followers if c.is_open}
    decisions = []
    if kind.appeals:
        events = session.execute(
            select(Event).where(Event.case_id == case.id, Event.type.in_(list(kind.appeals))).order_by(Event.id)
        ).scalars()
        decisions = [e for e in events if e.id not in disputed]
    return {"origin": origin, "followers": followers, "decisions": decisions, "follow_up_form": kind.follow_up_form,
            "order_types": ORDER_TYPES, "appeals": kind.appeals}  # fmt: skip


ORDER_TYPES = tuple(tribunal_order.TYPE_WORDS.items())


def _open(kind_name: str, child_id: int, **inputs: Any):
    return perform(opening.open_case, kind_name, child_id, actor=staff_actor(),
                   settings=services().config.statutory, **inputs)  # fmt: skip


@bp.post("/cases/<id:case_id>/disputes")
@staff_required
def open_dispute(case_id: int):
    case = _load(case_id)
    errors = FormErrors()
    event_id = request.form.get("dispute-event_id", "")
    if not event_id.isdigit():
        errors.add("dispute-event_id", "Choose the decision the family may appeal")
    if not errors:
        try:
            result = _open(dispute.KIND.name, case.child_id, case_id=case.id, event_id=int(event_id))
            flash("Dispute recorded: the family's time limits are shown.", "success")
            return redirect(url_for("staff.case_page", case_id=result.case_id))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "dispute", {"event_id": "dispute-event_id"})
    return render_case(case, errors, "dispute", {}, 400)


@bp.post("/cases/<id:case_id>/orders")
@staff_required
def open_order(case_id: int):
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    basis, order_type = form.get("order-basis", "order"), form.get("order-order_type", "")
    start = read_date(form, "order-start_on", "the date the clock runs from", errors)
    sent = read_date(form, "order-sent_on", "the date the order was sent", errors, required=False)
    if order_type not in dict(ORDER_TYPES):
        errors.add("order-order_type", "Choose what the council must do")
    name = {"order": "made_on", "unopposed": "told_tribunal_on", "agreement": "agreed_on"}.get(basis)
    if name is None:
        errors.add("order-basis", "Choose what the council must act on")
    if not errors:
        try:
            result = _open(tribunal_order.KIND.name, case.child_id, dispute_id=case.id, basis=basis, order_type=order_type,
                           sent_on=sent, **{name: start})  # fmt: skip
            flash("Order recorded: each requirement's time limit is shown.", "success")
            return redirect(url_for("staff.case_page", case_id=result.case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc,
                errors,
                "order",
                {
                    "order_type": "order-order_type",
                    name: "order-start_on-day",
                    "made_on": "order-start_on-day",
                    "sent_on": "order-sent_on-day",
                },
            )
    return render_case(case, errors, "order", {"basis": basis, "order_type": order_type}, 400)


def exception_facts(form: Any, errors: FormErrors) -> dict[str, Any]:
    """The facts an exception is checked against (statutory.md 9.2), from the case page's exception form."""
    out: dict[str, Any] = {}
    for name in ("absent_from", "absent_until"):
        value = read_date(form, f"exception-{name}", name.replace("_", " "), errors, required=False)
        if value is not None:
            out[name] = value
    advice = form.get("exception-advice_request_id", "")
    if advice.isdigit():
        out["advice_request_id"] = int(advice)
    return out
