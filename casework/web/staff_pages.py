"""Officers' and managers' pages: the queue, caseloads, and the case page with the forms for the
events the machine allows now. Thin views over the same engine functions the API uses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import AdviceRequest, Case, Child, Event, FamilyContribution, OutboxMessage, Provider, Staff
from casework.queries import case_detail, queue
from casework.request_scope import db_session, services
from casework.web import labels
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.workflow import advice as advice_flow
from casework.workflow import allocation, engine
from casework.workflow.errors import InvalidInput, WorkflowError

bp = Blueprint("staff", __name__)
PAGE_SIZE = 25

# extra fields each event's form asks for: (name, kind, label, hint)
EVENT_FIELDS: dict[str, list[tuple[str, str, str, str]]] = {
    "decided_not_to_assess": [("reason", "textarea", "Reason", "This is sent to the family in plain English.")],
    "decided_not_to_issue": [("reason", "textarea", "Reason", "This is sent to the family in plain English.")],
    "withdrawn": [("reason", "textarea", "Reason", "")],
    "decided_to_cease": [("reason", "textarea", "Reason", "This is sent to the family in plain English.")],
    "final_issued": [("named_setting", "text", "School or setting named in the plan (optional)", "")],
    "amended_plan_issued": [("named_setting", "text", "School or setting named in the plan (optional)", "")],
    "meeting_arranged": [
        ("meeting_on", "date", "Date of the meeting", "Invitations must go out at least 2 weeks before."),
        ("short_notice_reason", "textarea", "If less than 2 weeks' notice, why (optional)", ""),
    ],
}
VIEW_EVENTS = ("decided_to_maintain", "amendments_proposed", "decided_to_cease")
DATE_LABEL = {
    "draft_issued": "Date the draft was served",
    "amendments_proposed": "Date the amendment notice was served",
    "meeting_arranged": "Date the invitations were sent",
    "meeting_held": "Date of the meeting",
}
SEPARATE_FORMS = {
    "exception_recorded",
    "advice_requested",
    "advice_received",
    "advice_exception_recorded",
    "advice_reused",
    "phase_transfer_recorded",
}


def _status_tag(status: str) -> dict[str, str]:
    colours = {
        "overdue": "red",
        "missed": "red",
        "met": "green",
        "pending": "blue",
        "exception": "orange",
        "not_applicable": "grey",
        "received": "green",
        "received_late": "yellow",
        "requested": "blue",
    }
    text = {"not_applicable": "Not applicable", "received_late": "Received late"}.get(
        status, status.replace("_", " ").capitalize()
    )
    return {"text": text, "classes": f"govuk-tag--{colours.get(status, 'grey')}"}


@bp.app_template_global()
def status_tag(status: str) -> dict[str, str]:
    return _status_tag(status)


# --- the queue -----------------------------------------------------------------------------------


@bp.get("/queue", endpoint="queue")
@staff_required
def queue_page():
    return _queue()


def _queue():
    staff = current_staff()
    session = db_session()
    today = clock.today()
    args = request.args
    who = args.get("officer", "")
    officer_id: int | None = staff.id
    if staff.is_manager and who:
        officer_id = None if who == "all" else (int(who) if who.isdigit() else staff.id)
    elif who and who != str(staff.id):
        abort(403)
    page = max(1, int(args["page"])) if args.get("page", "").isdigit() else 1
    state = args.get("state") or None
    kind = args.get("kind") if args.get("kind") in ("assessment", "review") else None
    overdue_only = args.get("overdue") == "1"
    search = (args.get("q") or "").strip()[:100] or None
    items, total = queue(
        session,
        officer_id,
        today,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
        state=state,
        kind=kind,
        overdue_only=overdue_only,
        search=search,
    )
    officers = (
        session.execute(select(Staff).where(Staff.role == "officer").order_by(Staff.name)).scalars().all()
        if staff.is_manager
        else []
    )
    loads = allocation.caseloads(session.connection()) if staff.is_manager else {}
    viewing = next((o for o in officers if o.id == officer_id), None) if staff.is_manager else staff
    pages = max(1, -(-total // PAGE_SIZE))
    base = {k: v for k, v in args.items() if k != "page"}
    links: list[dict[str, Any]] = []
    for n in sorted({1, 2, page - 1, page, page + 1, pages - 1, pages}):
        if 1 <= n <= pages:
            if links and n - links[-1]["number"] > 1:
                links.append({"ellipsis": True, "number": n - 1})
            links.append({"number": n, "href": url_for("staff.queue", page=n, **base), "current": n == page})
    return render_template(
        "queue.html",
        errors=None,
        items=items,
        total=total,
        page=page,
        pages=pages,
        base=base,
        today=today,
        page_links=[{k: v for k, v in link.items() if not (k == "number" and link.get("ellipsis"))} for link in links],
        officers=officers,
        loads=loads,
        officer_id=officer_id,
        viewing=viewing,
        state=state,
        kind=kind,
        overdue_only=overdue_only,
        search=search or "",
        state_labels=labels.STATE_LABELS,
        deadline_labels=labels.DEADLINE_LABELS,
        who=who,
    )


@bp.get("/caseloads")
@staff_required
def caseloads():
    staff = current_staff()
    if not staff.is_manager:
        abort(403)
    session = db_session()
    loads = allocation.caseloads(session.connection())
    people = session.execute(select(Staff).order_by(Staff.team, Staff.name)).scalars().all()
    return render_template("caseloads.html", errors=None, people=people, loads=loads)


# --- a new request ---------------------------------------------------------------------------------

REQUEST_SOURCES = [
    ("parent", "Parent"),
    ("young_person", "Young person"),
    ("school", "School or setting"),
    ("health", "Health professional"),
    ("social_care", "Social care"),
    ("other", "Someone else"),
]


@bp.route("/requests/new", methods=["GET", "POST"])
@staff_required
def new_request():
    """A new request for an EHC needs assessment: the child (new, or found as a sibling by a shared
    contact) and the date the council received it. Allocation puts it with a sibling's officer."""
    from marshmallow import ValidationError

    from casework.api.schemas import normalise_phone
    from casework.models import Contact
    from casework.workflow.families import initial_family, normalise_email, place_new_child

    errors = FormErrors()
    form = request.form
    values: dict[str, Any] = {
        k: form.get(k, "").strip()
        for k in (
            "given_name",
            "family_name",
            "upn",
            "contact_name",
            "email",
            "phone",
            "preferred_channel",
            "request_source",
        )
    }
    if request.method == "POST":
        for name, label in (
            ("given_name", "the child's first name"),
            ("family_name", "the child's last name"),
            ("contact_name", "the parent's or carer's name"),
        ):
            if not values[name]:
                errors.add(name, f"Enter {label}")
        dob = read_date(form, "date_of_birth", "the child's date of birth", errors)
        received = read_date(form, "received_on", "the date the council received the request", errors)
        today = clock.today()
        if dob and dob > today:
            errors.add("date_of_birth-day", "The date of birth must be in the past")
        if received and received > today:
            errors.add("received_on-day", "The date the request was received cannot be in the future")
        if received and received < dt.date(2014, 9, 1):
            errors.add("received_on-day", "The SEND Regulations 2014 apply to requests from 1 September 2014")
        email = values["email"].lower()
        if email and ("@" not in email or "." not in email.split("@")[-1]):
            errors.add("email", "Enter an email address in the correct format, like name@example.com")
        phone_e164 = None
        if values["phone"]:
            try:
                phone_e164 = normalise_phone(values["phone"])
            except ValidationError:
                errors.add("phone", "Enter a phone number, like 07700 900 982")
        channel = values["preferred_channel"] or "email"
        if not email and not values["phone"]:
            errors.add("email", "Enter an email address or a phone number for the family")
        elif channel == "sms" and not values["phone"]:
            errors.add("phone", "Enter a phone number to send text messages")
        elif channel == "email" and not email:
            errors.add("email", "Enter an email address to send emails")
        source = values["request_source"] or "parent"
        if values["upn"] and not re.match(r"^[A-Z]\d{11}[0-9A-Z]$", values["upn"].upper()):
            errors.add("upn", "A UPN is 13 characters: a letter, 11 digits, then a digit or letter")
        if not errors:
            session = db_session()
            actor = engine.Actor("staff", current_staff().id)
            try:
                contact = Contact(
                    name=values["contact_name"],
                    relationship_to_child="parent",
                    email=email or None,
                    email_normalised=normalise_email(email) if email else None,
                    phone=values["phone"] or None,
                    phone_e164=phone_e164,
                    preferred_channel=channel if channel in ("email", "sms") else "email",
                )
                family_id = initial_family(session, [contact.email_normalised], [phone_e164], None)
                child = Child(
                    given_name=values["given_name"],
                    family_name=values["family_name"],
                    date_of_birth=dob,
                    upn=values["upn"].upper() or None,
                    family_id=family_id,
                    contacts=[contact],
                )
                session.add(child)
                place_new_child(session, child, None, actor)
                result = engine.open_assessment(
                    session,
                    child.id,
                    received,
                    actor=actor,
                    request_source=source,
                    settings=services().config.statutory,
                )
                engine.commit(session, result, services().dispatch)
            except WorkflowError as exc:
                session.rollback()
                errors.add("received_on-day", exc.message)
            except Exception:
                session.rollback()
                raise
            else:
                flash("Request recorded. The family has been told what happens next.", "success")
                return redirect(url_for("staff.case_page", case_id=result.case_id))
    return render_template(
        "new_request.html",
        errors=errors.summary() or None,
        form_errors=errors,
        values=values,
        sources=REQUEST_SOURCES,
        date_items=date_items,
        today=clock.today(),
    ), 400 if errors else 200


# --- the case page ---------------------------------------------------------------------------------


def _load(case_id: int) -> Case:
    case = db_session().get(Case, case_id, populate_existing=True)
    if case is None:
        abort(404)
    return case


def _timeline(session, case: Case) -> list[dict[str, Any]]:
    items = []
    for e in session.execute(select(Event).where(Event.case_id == case.id)).scalars():
        items.append(
            {
                "at": e.recorded_at,
                "on": e.occurred_on,
                "kind": "event",
                "title": labels.EVENT_LABELS.get(e.type, e.type.replace("_", " ").capitalize()),
                "text": (e.details or {}).get("reason") or (e.details or {}).get("allocation", {}).get("reason", ""),
            }
        )
    for m in session.execute(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).scalars():
        items.append(
            {
                "at": m.created_at,
                "on": m.created_at.date(),
                "kind": "message",
                "title": f"Message {m.status}: {m.template.split('.')[0].replace('_', ' ')}",
                "text": f"To the {m.recipient_kind} by {m.channel}"
                + (f" - {m.last_error}" if m.status == "failed" else ""),
            }
        )
    return sorted(items, key=lambda i: (i["on"], i["at"]), reverse=True)


def _stages(case: Case, deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stages = labels.ASSESSMENT_STAGES if case.kind == "assessment" else labels.REVIEW_STAGES
    out = []
    for name, _explain, active_in, done_in in stages:
        if case.state in done_in:
            status = {"tag": {"text": "Done", "classes": "govuk-tag--green"}}
        elif case.state == active_in:
            status = {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
        elif not case.is_open:
            status = {"text": "Not needed"}
        else:
            status = {"text": "Not started yet", "classes": "govuk-task-list__status--cannot-start-yet"}
        out.append({"title": {"text": name}, "status": status})
    return out


def render_case(
    case: Case,
    errors: FormErrors | None = None,
    form_event: str | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
):
    session = db_session()
    today = clock.today()
    detail = case_detail(session, case, today)
    providers = session.execute(select(Provider).order_by(Provider.name)).scalars().all()
    contributions = (
        session.execute(
            select(FamilyContribution)
            .where(FamilyContribution.child_id == case.child_id)
            .order_by(FamilyContribution.id.desc())
        )
        .scalars()
        .all()
    )
    allowed = [e for e in detail["allowed_events"] if e not in SEPARATE_FORMS]
    exception_keys = engine.EXCEPTION_RULES[case.kind]
    errors = errors or FormErrors()
    return render_template(
        "case.html",
        errors=errors.summary() or None,
        form_errors=errors,
        form_event=form_event,
        values=values or {},
        case=case,
        detail=detail,
        stages=_stages(case, detail["deadlines"]),
        timeline=_timeline(session, case),
        providers=providers,
        contributions=contributions,
        allowed=allowed,
        today=today,
        event_fields=EVENT_FIELDS,
        view_events=VIEW_EVENTS,
        date_label=DATE_LABEL,
        labels=labels,
        exception_keys=exception_keys,
        can_request_advice="advice_requested" in detail["allowed_events"],
        can_record_exception="exception_recorded" in detail["allowed_events"] and bool(exception_keys),
        date_items=date_items,
        child=case.child,
        is_manager=current_staff().is_manager,
    ), status


@bp.get("/cases/<id:case_id>")
@staff_required
def case_page(case_id: int):
    return render_case(_load(case_id))


def _commit(fn, *args, **kwargs):
    session = db_session()
    try:
        out = fn(session, *args, **kwargs)
        engine.commit(session, out[0] if isinstance(out, tuple) else out, services().dispatch)
        return out
    except Exception:
        session.rollback()
        raise


def _apply_workflow_error(exc: WorkflowError, errors: FormErrors, prefix: str, field_map: dict[str, str]) -> None:
    if isinstance(exc, InvalidInput):
        for field, messages in exc.errors.items():
            errors.add(field_map.get(field, f"{prefix}-{field}"), messages[0])
    else:
        errors.add(f"{prefix}-submit", exc.message)


@bp.post("/cases/<id:case_id>/events")
@staff_required
def record_event(case_id: int):
    case = _load(case_id)
    form = request.form
    event_type = form.get("type", "")
    if event_type not in engine.MACHINES[case.kind].event_types or event_type in SEPARATE_FORMS:
        abort(400)
    errors = FormErrors()
    occurred_on = read_date(form, f"{event_type}-occurred_on", "the date it happened", errors)
    details: dict[str, Any] = {}
    for name, kind, label, _hint in EVENT_FIELDS.get(event_type, []):
        field = f"{event_type}-{name}"
        if kind == "date":
            value = read_date(form, field, label.lower(), errors)
            if value:
                details[name] = value
        elif form.get(field, "").strip():
            details[name] = form.get(field, "").strip()[:2000]
    if event_type in VIEW_EVENTS:
        for who in ("child_views", "parent_views"):
            how = form.get(f"{event_type}-{who}-how", "")
            view = {"how": how} if how else None
            if view is not None:
                for part in ("given_by", "reason"):
                    if form.get(f"{event_type}-{who}-{part}", "").strip():
                        view[part] = form.get(f"{event_type}-{who}-{part}").strip()[:2000]
            details[who] = view
        if form.get(f"{event_type}-preparing_for_adulthood_considered") == "yes":
            details["preparing_for_adulthood_considered"] = True
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    if not errors:
        try:
            _commit(
                engine.record,
                case_id,
                event_type,
                occurred_on,
                actor=engine.Actor("staff", current_staff().id),
                details=details,
                version=version,
                settings=services().config.statutory,
            )
            flash(f"{labels.EVENT_LABELS.get(event_type, event_type)}: recorded.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            field_map = {
                "occurred_on": f"{event_type}-occurred_on-day",
                "meeting_on": f"{event_type}-meeting_on-day",
                "child_views": f"{event_type}-child_views-how",
                "parent_views": f"{event_type}-parent_views-how",
            }
            _apply_workflow_error(exc, errors, event_type, field_map)
    return render_case(_load(case_id), errors, event_type, {"occurred_on": occurred_on, **details}, 400)


@bp.post("/cases/<id:case_id>/exception")
@staff_required
def record_exception(case_id: int):
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
    if not errors:
        try:
            _commit(
                engine.record,
                case_id,
                "exception_recorded",
                clock.today(),
                actor=engine.Actor("staff", current_staff().id),
                details={"reason": reason, "deadline_keys": keys, "note": note[:5000]},
                settings=services().config.statutory,
            )
            flash("Exception recorded. No date moves; the family has been told.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id))
        except WorkflowError as exc:
            _apply_workflow_error(
                exc,
                errors,
                "exception",
                {"reason": "exception-reason", "deadline_keys": "exception-deadline_keys", "note": "exception-note"},
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
            _commit(
                advice_flow.request_advice,
                case_id,
                advice_type=advice_type,
                provider_id=int(provider_id),
                requested_on=requested_on,
                question=question,
                actor=engine.Actor("staff", current_staff().id),
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
            _commit(
                advice_flow.advice_received,
                advice_id,
                received_on,
                actor=engine.Actor("staff", current_staff().id),
                settings=services().config.statutory,
            )
            flash("Advice marked as received. Chasing has stopped.", "success")
            return redirect(url_for("staff.case_page", case_id=advice.case_id))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, prefix, {"received_on": f"{prefix}-on-day"})
    return render_case(_load(advice.case_id), errors, prefix, {}, 400)
