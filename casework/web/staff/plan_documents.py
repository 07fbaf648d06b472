"""The plan document on the case page: attach the final or amended plan as issued (PDF or Word,
checked like every upload), and open it (staff only; the family open it in the portal)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, request, url_for

from casework.models import Case, PlanDocument
from casework.request_scope import db_session, services
from casework.web import uploads
from casework.web.auth import staff_required
from casework.web.staff import bp, staff_actor
from casework.web.staff.audit_form import send_plan_document
from casework.workflow.audit import audit
from casework.workflow.errors import WorkflowError
from casework.workflow.quality import documents


@bp.app_template_global()
def plan_documents_for(case: Case) -> dict:
    """What the case page shows: the plan this case issued (if any) and its documents."""
    s = db_session()
    plan, kind = documents.plan_issued_by(s, case)
    return {"kind": kind, "documents": documents.documents_of(s, plan.id) if plan else []}


@bp.post("/cases/<id:case_id>/plan-document", endpoint="attach_plan_document")
@staff_required
def attach_plan_document(case_id: int):
    if db_session().get(Case, case_id) is None:
        abort(404)
    upload = request.files.get("plan-document")
    if not upload or not upload.filename:
        flash("Choose the plan document to attach (a PDF or Word document).", "error")
        return redirect(url_for("staff.case_page", case_id=case_id) + "#plan-document")
    try:
        checked = uploads.check(upload.filename, upload.read(uploads.MAX_BYTES + 1), services().config.clamd_url)
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for("staff.case_page", case_id=case_id) + "#plan-document")
    stored = uploads.store(Path(services().config.upload_dir) / "plans", case_id, checked)
    s = db_session()
    try:
        documents.attach(s, case_id, actor=staff_actor(), filename=checked.filename, content_type=checked.content_type,
                         size=len(checked.data), sha256=checked.sha256, stored_as=stored)  # fmt: skip
        s.commit()
    except WorkflowError as exc:
        s.rollback()
        flash(exc.message, "error")
        return redirect(url_for("staff.case_page", case_id=case_id) + "#plan-document")
    flash("Plan document attached. The family can see it in the portal.", "success")
    return redirect(url_for("staff.case_page", case_id=case_id) + "#plan-document")


@bp.get("/plan-documents/<id:document_id>", endpoint="plan_document")
@staff_required
def plan_document(document_id: int):
    doc = db_session().get(PlanDocument, document_id)
    if doc is None:
        abort(404)
    s = db_session()
    case = s.get(Case, doc.case_id)
    audit(s.connection(), staff_actor(), "record_viewed", "child", case.child_id, via="plan document",
          document_id=doc.id)  # fmt: skip
    s.commit()
    return send_plan_document(doc)
