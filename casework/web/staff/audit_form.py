"""The auditor's audit form (issue 18): per section a grade and per criterion a comment, the overall
grade derived from the audit's framework version, and beside it how the plan was made, from the
records. Only the auditor the review is assigned to reaches it (any other id: not found), and the plan
documents are opened through the review, so an auditor reaches no other child's data."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from casework.models import AuditFramework, Child, Plan, PlanDocument
from casework.request_scope import db_session, services
from casework.web.auth import auditors_too, current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp, staff_actor
from casework.workflow.audit import audit
from casework.workflow.errors import InvalidInput, NotFound, WorkflowError
from casework.workflow.quality import audits, made, reviews
from casework.workflow.quality import framework as fw

ADVICE_WORDS = {"parent": "Parent", "education": "Education", "health": "Health", "psychology": "Psychology",
                "social_care": "Social care"}  # fmt: skip


def _mine(review_id: int):
    try:
        return reviews.review_for(db_session(), review_id, current_staff())
    except NotFound:
        abort(404)


def plan_context(row, plan: Plan) -> dict:
    """What the form and the manager's audit page show about the plan and how it was made."""
    s = db_session()
    child = s.get(Child, plan.child_id)
    docs = s.execute(select(PlanDocument).where(PlanDocument.plan_id == plan.id).order_by(PlanDocument.id)).scalars()
    return {"plan": plan, "child": child, "made": made.made(s, plan), "documents": list(docs),
            "advice_words": ADVICE_WORDS, "advice_status_words": made.STATUS_WORDS}  # fmt: skip


def _render(review, row, errors: FormErrors | None = None, status: int = 200):
    s = db_session()
    definition = audits.framework(s, row.framework_id)
    plan = s.get(Plan, row.plan_id)
    errors = errors or FormErrors()
    form = request.form if request.method == "POST" else None
    given = {}
    if form is not None:
        given = {"grades": {k[6:]: v for k, v in form.items() if k.startswith("grade-")},
                 "comments": {k[8:]: v for k, v in form.items() if k.startswith("comment-")},
                 "summary": form.get("summary", ""), "themes": form.getlist("themes")}  # fmt: skip
    elif review.submitted_on is not None:
        given = {"grades": review.grades or {}, "comments": review.comments or {}, "summary": review.summary or "",
                 "themes": (row.themes or {}).get("themes", [])}  # fmt: skip
    overall = fw.overall(definition, review.grades) if review.submitted_on else None
    return render_template(
        "audit_form.html", errors=errors.summary() or None, form_errors=errors, review=review, audit_row=row,
        framework=definition, given=given, overall=overall, grade_label=lambda k: fw.grade_label(definition, k),
        not_applicable=fw.NOT_APPLICABLE, version=s.get(AuditFramework, row.framework_id).version,
        **plan_context(row, plan),
    ), status  # fmt: skip


@bp.get("/audits/reviews/<id:review_id>", endpoint="audit_form")
@auditors_too
@staff_required
def audit_form(review_id: int):
    review, row = _mine(review_id)
    plan = db_session().get(Plan, row.plan_id)
    s = db_session()
    audit(s.connection(), staff_actor(), "record_viewed", "child", plan.child_id, via="audit form", review_id=review.id)
    s.commit()
    return _render(review, row)


@bp.post("/audits/reviews/<id:review_id>", endpoint="audit_form_send")
@auditors_too
@staff_required
def audit_form_send(review_id: int):
    review, row = _mine(review_id)
    s = db_session()
    definition = audits.framework(s, row.framework_id)
    form = request.form
    grades = {sec["key"]: form.get(f"grade-{sec['key']}", "") for sec in definition["sections"]}
    comments = {c: form.get(f"comment-{c}", "")[: reviews.MAX_COMMENT + 1] for c in fw.criteria_keys(definition)}
    errors = FormErrors()
    try:
        reviews.submit(s, review.id, current_staff(), grades=grades, comments=comments,
                       summary=form.get("summary", "")[:reviews.MAX_COMMENT], themes=form.getlist("themes"))  # fmt: skip
        s.commit()
    except InvalidInput as exc:
        s.rollback()
        for field, messages in exc.errors.items():
            errors.add(field, messages[0])
    except WorkflowError as exc:
        s.rollback()
        errors.add("grade-A", exc.message)
    if errors:
        review, row = _mine(review_id)
        return _render(review, row, errors, 400)
    flash("Audit sent. Thank you.", "success")
    return redirect(url_for("staff.audits"))


@bp.get("/audits/reviews/<id:review_id>/documents/<id:document_id>", endpoint="audit_plan_document")
@auditors_too
@staff_required
def audit_plan_document(review_id: int, document_id: int):
    """The plan under audit, opened through the auditor's own review."""
    review, row = _mine(review_id)
    doc = db_session().get(PlanDocument, document_id)
    if doc is None or doc.plan_id != row.plan_id:
        abort(404)
    s = db_session()
    plan = s.get(Plan, row.plan_id)
    audit(s.connection(), staff_actor(), "record_viewed", "child", plan.child_id, via="plan document (audit)",
          document_id=doc.id)  # fmt: skip
    s.commit()
    return send_plan_document(doc)


def send_plan_document(doc: PlanDocument):
    folder = (Path(services().config.upload_dir) / "plans").resolve()
    path = (folder / doc.stored_as).resolve()
    if folder not in path.parents or not path.is_file():
        abort(404)
    return send_file(path, mimetype=doc.content_type, as_attachment=True, download_name=doc.filename, max_age=0)
