"""Plan quality audits (issue 18): `/audits` is, for an auditor, the audits assigned to them; for a
manager, the month's sample (drawing it, adding plans), disagreements to resolve and the agreement
between auditors; for an officer, the feedback on their plans. A manager's page per audit shows the
two auditors' grades side by side, the resolution, the themes and the actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import AuditAction, AuditReview, AuditSample, Child, Plan, PlanAudit, Staff
from casework.request_scope import db_session
from casework.web.auth import auditors_too, current_staff, staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.audit_form import plan_context
from casework.workflow.errors import InvalidInput, WorkflowError
from casework.workflow.quality import audits, reviews
from casework.workflow.quality import framework as fw
from casework.workflow.quality.agreement import agreement

STATUS_WORDS = {"assigned": "Being audited", "moderation": "Waiting for moderation",
                "disagreement": "Auditors disagree", "completed": "Completed"}  # fmt: skip


def _names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db_session().execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())


def _children(plan_ids) -> dict[int, Child]:
    rows = db_session().execute(select(Plan.id, Child).join(Child, Child.id == Plan.child_id)
                                .where(Plan.id.in_(set(plan_ids) or {0}))).all()  # fmt: skip
    return dict(rows)


def _auditor_page(staff: Staff):
    rows = db_session().execute(
        select(AuditReview, PlanAudit).join(PlanAudit, PlanAudit.id == AuditReview.audit_id)
        .where(AuditReview.auditor_id == staff.id).order_by(AuditReview.submitted_on.is_not(None), AuditReview.id)
    ).all()  # fmt: skip
    children = _children(a.plan_id for _r, a in rows)
    return render_template("audits_auditor.html", errors=None, rows=rows, children=children, agency=staff.agency)


def _officer_page(staff: Staff):
    s = db_session()
    done = s.execute(select(PlanAudit).where(PlanAudit.officer_id == staff.id, PlanAudit.status == "completed")
                     .order_by(PlanAudit.completed_on.desc())).scalars().all()  # fmt: skip
    feedback = []
    for row in done:
        definition = audits.framework(s, row.framework_id)
        both = reviews.reviews(s, row.id)
        actions = s.execute(select(AuditAction).where(AuditAction.audit_id == row.id)).scalars().all()
        feedback.append({"audit": row, "label": lambda k, d=definition: fw.grade_label(d, k),
                         "summaries": [r.summary for r in both.values() if r.summary], "actions": actions,
                         "themes": (row.themes or {}).get("themes", [])})  # fmt: skip
    return render_template("audits_officer.html", errors=None, feedback=feedback,
                           children=_children(r.plan_id for r in done))  # fmt: skip


def _manager_page(errors: FormErrors | None = None, status: int = 200):
    s = db_session()
    month = request.values.get("month") or clock.today().strftime("%Y-%m")
    sample = s.execute(select(AuditSample).where(AuditSample.month == month)).scalar_one_or_none()
    rows = []
    if sample is not None:
        rows = (
            s.execute(select(PlanAudit).where(PlanAudit.sample_id == sample.id).order_by(PlanAudit.id)).scalars().all()
        )
    assigned = s.execute(select(AuditReview).where(AuditReview.audit_id.in_([r.id for r in rows] or [0]))).scalars()
    by_audit: dict[int, dict[str, AuditReview]] = {}
    for r in assigned:
        by_audit.setdefault(r.audit_id, {})[r.purpose] = r
    waiting = s.execute(select(PlanAudit).where(PlanAudit.status == "disagreement")).scalars().all()
    sections, overall = reviews.agreement_pairs(s)
    scale = fw.grade_keys(fw.DEFAULT)
    errors = errors or FormErrors()
    return render_template(
        "audits_manager.html", errors=errors.summary() or None, form_errors=errors, month=month, sample=sample,
        rows=rows, by_audit=by_audit, waiting=waiting, status_words=STATUS_WORDS,
        names=_names([r.auditor_id for v in by_audit.values() for r in v.values()] + [r.officer_id for r in rows]),
        children=_children([r.plan_id for r in rows] + [r.plan_id for r in waiting]),
        label=lambda k: fw.grade_label(fw.DEFAULT, k), section_agreement=agreement(sections, scale),
        overall_agreement=agreement(overall, scale), typed=request.form if request.method == "POST" else {},
        framework_version=audits.current_framework(s).version,
    ), status  # fmt: skip


@bp.get("/audits", endpoint="audits")
@auditors_too
@staff_required
def audits_home():
    staff = current_staff()
    if staff.is_auditor:
        return _auditor_page(staff)
    if staff.is_manager:
        page = _manager_page()
        db_session().commit()  # the default framework, stored the first time it is asked for
        return page
    return _officer_page(staff)


def _manager() -> Staff:
    staff = current_staff()
    if not staff.is_manager:
        abort(403)
    return staff


def _fail(exc: WorkflowError, default_field: str):
    db_session().rollback()
    errors = FormErrors()
    if isinstance(exc, InvalidInput):
        for field, messages in exc.errors.items():
            errors.add(field, messages[0])
    else:
        errors.add(default_field, exc.message)
    return _manager_page(errors, 400)


@bp.post("/audits/samples", endpoint="audit_draw")
@staff_required
def audit_draw():
    _manager()
    form = request.form
    errors = FormErrors()
    numbers = {}
    for name, default in (("percent", 10), ("moderation_percent", 20)):
        raw = form.get(name, "").strip()
        if raw and not raw.isdigit():
            errors.add(name, "Enter a whole number")
        numbers[name] = int(raw) if raw.isdigit() else default
    if errors:
        return _manager_page(errors, 400)

    try:
        sample = audits.draw_sample(db_session(), form.get("month", "").strip(), actor=staff_actor(),
                                    seed=form.get("seed", ""), **numbers)  # fmt: skip
        db_session().commit()
    except WorkflowError as exc:
        return _fail(exc, "month")
    flash(f"Sample drawn for {sample.month} with seed {sample.seed}.", "success")
    return redirect(url_for("staff.audits", month=sample.month))


@bp.post("/audits/samples/<id:sample_id>/plans", endpoint="audit_add_plan")
@staff_required
def audit_add_plan(sample_id: int):
    _manager()

    raw = request.form.get("plan_id", "").strip()
    if not raw.isdigit():
        errors = FormErrors()
        errors.add("plan_id", "Enter the plan's number, for example 12")
        return _manager_page(errors, 400)
    try:
        row = audits.add_plan(db_session(), sample_id, int(raw), actor=staff_actor(),
                              moderate=request.form.get("moderate") == "yes")  # fmt: skip
        db_session().commit()
    except WorkflowError as exc:
        return _fail(exc, "plan_id")
    flash(f"Plan {row.plan_id} added to the sample.", "success")
    return redirect(url_for("staff.audits", month=request.form.get("month") or None))


def _audit_page(audit_id: int, errors: FormErrors | None = None, status: int = 200):
    _manager()
    s = db_session()
    row = s.get(PlanAudit, audit_id)
    if row is None:
        abort(404)
    definition = audits.framework(s, row.framework_id)
    both = reviews.reviews(s, row.id)
    first, second = both.get("audit"), both.get("moderation")
    differ = reviews.disagreements(definition, first, second) if row.status == "disagreement" else []
    actions = s.execute(select(AuditAction).where(AuditAction.audit_id == row.id).order_by(AuditAction.id)).scalars()
    final = {g.section: g.grade for g in row_grades(row.id)}
    errors = errors or FormErrors()
    return render_template(
        "audit_manage.html", errors=errors.summary() or None, form_errors=errors, audit_row=row, first=first,
        second=second, differ=differ, framework=definition, label=lambda k: fw.grade_label(definition, k),
        actions=list(actions), final=final, status_words=STATUS_WORDS, typed=request.form if status != 200 else {},
        names=_names([r.auditor_id for r in both.values()] + [row.officer_id]), date_items=date_items,
        staff_list=s.execute(select(Staff).where(Staff.role != "auditor", Staff.disabled_at.is_(None))
                             .order_by(Staff.name)).scalars().all(),
        **plan_context(row, s.get(Plan, row.plan_id)),
    ), status  # fmt: skip


def row_grades(audit_id: int):
    from casework.models import AuditSectionGrade

    return db_session().execute(select(AuditSectionGrade).where(AuditSectionGrade.audit_id == audit_id)).scalars()


@bp.get("/audits/<id:audit_id>", endpoint="audit_manage")
@staff_required
def audit_manage(audit_id: int):
    return _audit_page(audit_id)


@bp.post("/audits/<id:audit_id>/resolve", endpoint="audit_resolve")
@staff_required
def audit_resolve(audit_id: int):
    staff = _manager()
    form = request.form
    grades = {k[6:]: v for k, v in form.items() if k.startswith("final-")}
    try:
        reviews.resolve(db_session(), audit_id, staff, grades=grades, note=form.get("note", "")[:4000])
        db_session().commit()
    except InvalidInput as exc:
        db_session().rollback()
        errors = FormErrors()
        for field, messages in exc.errors.items():
            errors.add(field, messages[0])
        return _audit_page(audit_id, errors, 400)
    except WorkflowError:
        db_session().rollback()
        abort(404)
    flash("Disagreement resolved: the final grade is recorded.", "success")
    return redirect(url_for("staff.audit_manage", audit_id=audit_id))


@bp.post("/audits/<id:audit_id>/actions", endpoint="audit_action")
@staff_required
def audit_action(audit_id: int):
    staff = _manager()
    form = request.form
    errors = FormErrors()
    due = read_date(form, "action-due", "the date it is due by", errors, required=False)
    owner = form.get("action-owner", "")
    if errors:
        return _audit_page(audit_id, errors, 400)
    try:
        reviews.add_action(db_session(), audit_id, staff, theme=form.get("action-theme", ""),
                           text=form.get("action-text", "")[:4000], owner_id=int(owner) if owner.isdigit() else None,
                           due_on=due)  # fmt: skip
        db_session().commit()
    except InvalidInput as exc:
        db_session().rollback()
        for field, messages in exc.errors.items():
            errors.add(field, messages[0])
        return _audit_page(audit_id, errors, 400)
    except WorkflowError:
        db_session().rollback()
        abort(404)
    flash("Action recorded.", "success")
    return redirect(url_for("staff.audit_manage", audit_id=audit_id))
