"""Family feedback pages for staff (issue 16): the manager draws the month's call sample (its size,
seed and exclusions shown), each officer's call list and the form to record a call (the outcome and,
when the family gives feedback, the survey's questions)."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import CallListEntry, CallSample, Case, Child, Contact, FeedbackResponse, Staff, Survey
from casework.request_scope import db_session, services
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp, staff_actor
from casework.web.survey import answers_from, render_survey
from casework.words import case_ref
from casework.workflow import call_sample, feedback
from casework.workflow.audit import audit
from casework.workflow.errors import InvalidInput, WorkflowError


def _managers_only() -> None:
    if not current_staff().is_manager:
        abort(403, description="Only managers can draw the call sample.")


def _write(fn, *args, **kwargs):
    session = db_session()
    try:
        out = fn(session.connection(), *args, **kwargs)
        session.commit()
        return out
    except Exception:
        session.rollback()
        raise


def _month_arg(value: str | None) -> str:
    today = clock.today()
    value = (value or "").strip()
    try:
        dt.date.fromisoformat(f"{value}-01")
        return value
    except ValueError:
        return f"{today:%Y-%m}"


@bp.get("/feedback/sample")
@staff_required
def call_sample_page():
    _managers_only()
    return _sample_page(_month_arg(request.args.get("month")))


def _sample_page(month: str, errors: FormErrors | None = None, form: dict | None = None, status: int = 200):
    session = db_session()
    sample = session.execute(select(CallSample).where(CallSample.month == month)).scalar_one_or_none()
    size = services().config.call_sample_size
    preview, calls = None, []
    if sample is None:
        preview = call_sample.plan(session.connection(), month, size, seed=1)  # counts only: the draw is random
    else:
        calls = _calls(select(CallListEntry).where(CallListEntry.sample_id == sample.id))
    return render_template(
        "feedback_sample.html", errors=(errors.summary() if errors else None) or None, form_errors=errors or FormErrors(),
        form=form or {"size": str(size)}, month=month, sample=sample, preview=preview, calls=calls,
        exclusion_words=call_sample.EXCLUSIONS, outcomes=call_sample.OUTCOMES,
    ), status  # fmt: skip


@bp.post("/feedback/sample")
@staff_required
def draw_call_sample():
    _managers_only()
    month = _month_arg(request.form.get("month"))
    raw = request.form.get("size", "").strip()
    errors = FormErrors()
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        errors.add("size", "Enter the number of families to call, from 1 to 500")
    if not errors:
        try:
            _write(call_sample.draw, month, int(raw), actor=staff_actor(), today=clock.today())
            flash(f"The call sample for {month} has been drawn.", "success")
            return redirect(url_for("staff.call_sample_page", month=month))
        except InvalidInput as exc:
            for messages in exc.errors.values():  # the month comes from the page: the size is the field
                errors.add("size", messages[0])
        except WorkflowError as exc:
            errors.add("size", exc.message)
    return _sample_page(month, errors, {"size": raw}, 400)


def _calls(query) -> list[dict]:
    session = db_session()
    out = []
    for entry in session.execute(query.order_by(CallListEntry.id)).scalars():
        child = session.get(Child, entry.child_id)
        phones = session.execute(select(Contact).where(Contact.child_id == entry.child_id,
                                                       Contact.phone_e164.is_not(None))).scalars().all()  # fmt: skip
        out.append({"entry": entry, "child": child, "case_ref": case_ref(entry.case_id), "phones": phones,
                    "caller": session.get(Staff, entry.caller_id) if entry.caller_id else None,
                    "own": session.get(Staff, entry.own_officer_id) if entry.own_officer_id else None,
                    "month": session.get(CallSample, entry.sample_id).month})  # fmt: skip
    return out


@bp.get("/feedback/calls")
@staff_required
def call_list():
    me = current_staff()
    calls = _calls(select(CallListEntry).where(CallListEntry.caller_id == me.id))
    return render_template("feedback_calls.html", errors=None, calls=calls, outcomes=call_sample.OUTCOMES)


def _entry_for_me(entry_id: int) -> CallListEntry:
    entry = db_session().get(CallListEntry, entry_id)
    me = current_staff()
    if entry is None or (entry.caller_id != me.id and not me.is_manager):
        abort(404)  # another officer's call reads as no call at all
    return entry


@bp.route("/feedback/calls/<id:entry_id>", methods=["GET", "POST"])
@staff_required
def record_call(entry_id: int):
    entry = _entry_for_me(entry_id)
    errors = FormErrors()
    form: dict = {}
    if request.method == "POST":
        form = {k: request.form.get(k, "")[: feedback.TEXT_LIMIT + 1000] for k in
                ("outcome", *feedback.STATEMENT_KEYS, "went_well", "could_be_better", "may_quote")}  # fmt: skip
        try:
            _write(call_sample.record_call, entry_id, form["outcome"], form, actor=staff_actor(), today=clock.today())
            flash("Call recorded.", "success")
            return redirect(url_for("staff.call_list"))
        except InvalidInput as exc:
            for name, messages in exc.errors.items():
                errors.add(name, messages[0])
        except WorkflowError as exc:
            errors.add("outcome", exc.message)
    [call] = _calls(select(CallListEntry).where(CallListEntry.id == entry.id))
    answered = db_session().execute(select(FeedbackResponse).where(FeedbackResponse.call_id == entry.id)).scalar()
    return render_template(
        "feedback_call.html", errors=errors.summary() or None, form_errors=errors, form=form, call=call,
        answered=answered, outcomes=call_sample.OUTCOMES, scale=feedback.SCALE, limit=feedback.TEXT_LIMIT,
        statements=[{"key": k, "text": text} for k, text, _ in feedback.STATEMENTS],
        case_open=db_session().get(Case, entry.case_id) is not None,
    ), (400 if errors else 200)  # fmt: skip


@bp.route("/feedback/surveys/<id:survey_id>/paper", methods=["GET", "POST"], endpoint="paper_survey")
@staff_required
def paper_survey(survey_id: int):
    """A paper survey the family posted back (families who get letters are sent one): staff type in
    the answers exactly as written, whenever it arrives; it counts as the survey answered."""
    session = db_session()
    survey = session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    child = session.get(Child, survey.child_id)
    ref = case_ref(survey.case_id)
    form = answers_from(request.form) if request.method == "POST" else {}
    problems: dict[str, str] = {}
    if survey.answered_on is not None:
        flash("This survey has already been answered.", "success")
        return redirect(url_for("staff.case_page", case_id=survey.case_id))
    if request.method == "POST":
        _values, problems = feedback.check_answers(form)
        if not problems:
            try:
                _write(_paper, survey_id, form, staff_actor(), survey.child_id)
            except WorkflowError as exc:
                problems = {feedback.STATEMENT_KEYS[0]: getattr(exc, "message", str(exc))}
            else:
                flash(f"The family's answers for {child.given_name} ({ref}) are recorded.", "success")
                return redirect(url_for("staff.case_page", case_id=survey.case_id))
    return render_survey(survey, form, problems, 400 if problems else 200, paper=True, child=child, case_ref=ref,
                         case_id=survey.case_id)  # fmt: skip


def _paper(conn, survey_id: int, form: dict, actor, child_id: int) -> None:
    """The answers and who typed them in, in one transaction."""
    feedback.answer(conn, survey_id, form, clock.today(), source="paper")
    audit(conn, actor, "paper_survey_entered", "child", child_id, survey_id=survey_id)
