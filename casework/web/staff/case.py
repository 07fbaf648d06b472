"""The case page: where the case is (stages, deadlines with their regulation, advice and its
chasing, the family's contributions, the timeline) and the forms for what may be recorded now."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import AdviceRequest, Case, Event, FamilyContribution, Provider, Staff, Survey
from casework.notifications.receipts import family_undelivered
from casework.queries import case_detail
from casework.read import case_page as page_data
from casework.request_scope import db_session, perform, services
from casework.web import labels
from casework.web.auth import current_staff, staff_required
from casework.web.event_forms import VIEW_HOW, error_field, inline_steps, read_event
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.letters import case_letters
from casework.words import long_date
from casework.workflow import advice as advice_flow
from casework.workflow import corrections, engine, voice
from casework.workflow.audit import audit
from casework.workflow.deadlines import facts_from_json
from casework.workflow.errors import InvalidInput, WorkflowError
from casework.workflow.kinds import KINDS


def _load(case_id: int) -> Case:
    case = db_session().get(Case, case_id, populate_existing=True)
    if case is None:
        abort(404)
    return case


def _stages(case: Case, deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kind's stages as a task list; a stage whose legal date has passed reads "Overdue" in red."""
    by_key = {d["key"]: d for d in deadlines}
    out = []
    for stage in KINDS[case.kind].stages:
        due = by_key.get(stage.deadline) if stage.deadline else None
        hint = None
        if case.state in stage.done_in:
            status = {"tag": {"text": "Done", "classes": "govuk-tag--green"}}
        elif not case.is_open:
            status = {"text": "Not needed"}
        elif due is not None and due["status"] == "overdue":
            status = {"tag": {"text": "Overdue", "classes": "govuk-tag--red"}}
            hint = f"Was due {long_date(due['due_on'])}"
        elif case.state == stage.active_in:
            status = {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
        else:
            status = {"text": "Not started yet", "classes": "govuk-task-list__status--cannot-start-yet"}
        if hint is None and due is not None and due["status"] in ("pending", "exception"):
            hint = f"Due {long_date(due['due_on'])}"
        out.append({"title": {"text": stage.name}, "hint": {"text": hint} if hint else None, "status": status})
    return out


def case_context(case: Case) -> dict[str, Any]:
    """Everything the case page and its print view show."""
    session = db_session()
    today = clock.today()
    detail = case_detail(session, case, today, services().config.statutory)
    contributions = (
        session.execute(
            select(FamilyContribution)
            .where(FamilyContribution.child_id == case.child_id)
            .order_by(FamilyContribution.id.desc())
        )
        .scalars()
        .all()
    )
    kind = KINDS[case.kind]
    events = session.execute(select(Event).where(Event.case_id == case.id).order_by(Event.id)).scalars().all()
    return {
        "case": case,
        "child": case.child,
        "detail": detail,
        "today": today,
        "stages": _stages(case, detail["deadlines"]),
        "overdue": page_data.overdue(detail, today) if case.is_open else [],
        "timeline": page_data.timeline(session, case),
        "family": page_data.family(session, case.child),
        "plan": page_data.plan_under_review(session, case),
        "notes": page_data.notes(session, case.id),
        "contributions": contributions,
        "correctable": corrections.correctable(kind, list(events), facts_from_json(case.facts)),
        "labels": labels,
    }


def _follows_up(steps) -> bool:
    """An event of the case follows up the actions of the last review (workflow/voice.py)."""
    return any(f.kind == "followups" for s in steps for f in s.fields)


def render_case(
    case: Case,
    errors: FormErrors | None = None,
    form_event: str | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
):
    session = db_session()
    context = case_context(case)
    detail = context["detail"]
    providers = session.execute(select(Provider).order_by(Provider.name)).scalars().all()
    kind = KINDS[case.kind]
    steps = [kind.machine.step[e] for e in detail["allowed_events"]]
    exception_keys = kind.exception_rules
    errors = errors or FormErrors()
    staff = current_staff()
    officers = (
        session.execute(select(Staff).where(Staff.role == "officer", Staff.available).order_by(Staff.name))
        .scalars()
        .all()
        if staff.is_manager and case.is_open
        else []
    )
    return render_template(
        "case.html",
        **context,
        errors=errors.summary() or None,
        form_errors=errors,
        form_event=form_event,
        values=values or {},
        letters=case_letters(session, case.id),
        open_surveys=session.execute(
            select(Survey).where(Survey.case_id == case.id, Survey.answered_on.is_(None)).order_by(Survey.id)
        )
        .scalars()
        .all(),  # fmt: skip
        providers=providers,
        steps=inline_steps(steps),
        view_how=VIEW_HOW,
        last_actions=voice.open_actions(session.connection(), case.child_id) if _follows_up(steps) else [],
        follow_up_labels=voice.FOLLOW_UP_LABELS,
        raw=request.form if request.method == "POST" else None,
        exception_keys=exception_keys,
        undelivered=family_undelivered(session.connection(), [case.id])[case.id],
        can_request_advice="advice_requested" in detail["allowed_events"],
        can_record_exception="exception_recorded" in detail["allowed_events"] and bool(exception_keys),
        date_items=date_items,
        is_manager=staff.is_manager,
        officers=officers,
        note_kinds=page_data.NOTE_KINDS,
    ), status


@bp.get("/cases/<id:case_id>")
@staff_required
def case_page(case_id: int):
    case = _load(case_id)
    s = db_session()
    audit(s.connection(), staff_actor(), "record_viewed", "child", case.child_id, case_id=case.id, via="case page")
    s.commit()
    return render_case(case)


def _apply_workflow_error(exc: WorkflowError, errors: FormErrors, prefix: str, field_for: Any) -> None:
    """An engine refusal onto the form: a bad field under that field (`field_for`: a mapping or a
    function from the engine's field name to the input's id), anything else by the button."""
    if isinstance(exc, InvalidInput):
        for field, messages in exc.errors.items():
            target = field_for(field) if callable(field_for) else field_for.get(field, f"{prefix}-{field}")
            errors.add(target, messages[0])
    else:
        errors.add(f"{prefix}-submit", exc.message)


@bp.post("/cases/<id:case_id>/events")
@staff_required
def record_event(case_id: int):
    case = _load(case_id)
    form = request.form
    event_type = form.get("type", "")
    step = KINDS[case.kind].step(event_type)
    if step is None or step.form != "inline":
        abort(400)
    errors = FormErrors()
    occurred_on, details = read_event(form, step, errors)
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    if not errors:
        try:
            perform(
                engine.record,
                case_id,
                event_type,
                occurred_on,
                actor=staff_actor(),
                details=details,
                version=version,
                settings=services().config.statutory,
            )
            flash(f"{step.label}: recorded.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, event_type, lambda name: error_field(event_type, name, step))
    return render_case(_load(case_id), errors, event_type, details, 400)


@bp.post("/cases/<id:case_id>/exception")
@staff_required
def record_exception(case_id: int):
    from casework.web.staff.journeys import exception_facts

    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    reason = form.get("exception-reason", "")
    keys = form.getlist("exception-deadline_keys")
    note = form.get("exception-note", "").strip()
    if not reason:
        errors.add("exception-reason", "Choose the reason the time limit could not be met")
    if not keys:
        errors.add("exception-deadline_keys", "Choose the deadlines the exception applies to")
    if not note:
        errors.add("exception-note", "Say why the time limit could not be met because of this reason")
    facts = exception_facts(form, errors)  # what the exception is checked against (absence, closure)
    if not errors:
        try:
            perform(
                engine.record,
                case_id,
                "exception_recorded",
                clock.today(),
                actor=staff_actor(),
                details={"reason": reason, "deadline_keys": keys, "note": note[:5000], **facts},
                settings=services().config.statutory,
            )
            flash("Exception recorded. No date moves; the family has been told.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc,
                errors,
                "exception",
                {
                    "reason": "exception-reason",
                    "deadline_keys": "exception-deadline_keys",
                    "note": "exception-note",
                    "absent_from": "exception-absent_from-day",
                    "absent_until": "exception-absent_until-day",
                    "advice_request_id": "exception-advice_request_id",
                },  # fmt: skip
            )
    return render_case(case, errors, "exception", {"reason": reason, "keys": keys, "note": note}, 400)


@bp.post("/cases/<id:case_id>/advice")
@staff_required
def request_advice(case_id: int):
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    advice_type = form.get("advice-advice_type", "")
    provider_id = form.get("advice-provider_id", "")
    requested_on = read_date(form, "advice-requested_on", "the date the request was sent", errors)
    if advice_type not in labels.ADVICE_LABELS:
        errors.add("advice-advice_type", "Choose the type of advice")
    if not provider_id.isdigit():
        errors.add("advice-provider_id", "Choose who to ask")
    question = form.get("advice-question", "").strip()[:5000] or None
    if not errors:
        try:
            perform(
                advice_flow.request_advice,
                case_id,
                advice_type=advice_type,
                provider_id=int(provider_id),
                requested_on=requested_on,
                question=question,
                actor=staff_actor(),
                settings=services().config.statutory,
            )
            flash("Advice requested. The provider has been emailed a private link.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc, errors, "advice", {"requested_on": "advice-requested_on-day", "provider_id": "advice-provider_id"}
            )
    return render_case(
        case,
        errors,
        "advice",
        {"advice_type": advice_type, "provider_id": provider_id, "requested_on": requested_on, "question": question},
        400,
    )


@bp.post("/advice-requests/<id:advice_id>/received")
@staff_required
def advice_received(advice_id: int):
    advice = db_session().get(AdviceRequest, advice_id)
    if advice is None:
        abort(404)
    errors = FormErrors()
    prefix = f"received-{advice_id}"
    received_on = read_date(request.form, f"{prefix}-on", "the date the advice arrived", errors)
    if not errors:
        try:
            perform(
                advice_flow.advice_received,
                advice_id,
                received_on,
                actor=staff_actor(),
                settings=services().config.statutory,
            )
            flash("Advice marked as received. Chasing has stopped.", "success")
            return redirect(url_for("staff.case_page", case_id=advice.case_id))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, prefix, {"received_on": f"{prefix}-on-day"})
    return render_case(_load(advice.case_id), errors, prefix, {}, 400)
