"""What officers keep on a case besides its events: notes, the child's school and UPN, the family's
contacts, the documents advice-givers and families sent (staff only), and a print view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from casework.models import AdviceDocument, AdviceRequest, Case, Child, Contact, FamilyContribution, Placement, SenNeed
from casework.request_scope import db_session, perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.web.staff.case import _apply_workflow_error, _load, case_context, render_case
from casework.workflow import casefile, contacts
from casework.workflow.audit import audit
from casework.workflow.errors import WorkflowError
from casework.workflow.sen2 import codes


@bp.post("/cases/<id:case_id>/notes")
@staff_required
def add_note(case_id: int):
    case = _load(case_id)
    form = request.form
    errors = FormErrors()
    kind = form.get("note-kind", "")
    text = form.get("note-text", "").strip()
    on = read_date(form, "note-occurred_on", "the date of the call, meeting or letter", errors)
    if not kind:
        errors.add("note-kind", "Choose what the note is about")
    if not text:
        errors.add("note-text", "Write the note")
    if not errors:
        try:
            perform(_note, case_id, kind=kind, occurred_on=on, text=text, actor=staff_actor())
            flash("Note added.", "success")
            return redirect(url_for("staff.case_page", case_id=case_id) + "#notes")
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "note", {"occurred_on": "note-occurred_on-day"})
    return render_case(case, errors, "note", {"kind": kind, "text": text}, 400)


def _note(session, case_id: int, **kwargs: Any) -> None:
    casefile.add_note(session, case_id, **kwargs)


def _back_case(child_id: int) -> Case | None:
    """The case page to go back to (?case=), if it is this child's."""
    value = request.values.get("case", "")
    case = db_session().get(Case, int(value)) if value.isdigit() else None
    return case if case is not None and case.child_id == child_id else None


SEN2_FIELDS = ("sex", "ethnicity", "uln", "upn_unknown", "need_1", "need_2")


def _child_values(child: Child) -> dict[str, str]:
    needs = db_session().execute(
        select(SenNeed.sen_type).where(SenNeed.child_id == child.id).order_by(SenNeed.rank, SenNeed.id)
    ).scalars().all()  # fmt: skip
    needs = [*needs, "", ""]
    return {
        "school": child.school or "", "upn": child.upn or "", "sex": child.sex or "",
        "ethnicity": child.ethnicity or "", "uln": child.uln or "", "upn_unknown": child.upn_unknown or "",
        "need_1": needs[0], "need_2": needs[1],
    }  # fmt: skip


@bp.route("/children/<id:child_id>/details", methods=["GET", "POST"])
@staff_required
def child_details(child_id: int):
    child = db_session().get(Child, child_id)
    if child is None:
        abort(404)
    back = _back_case(child_id)
    errors = FormErrors()
    values = _child_values(child)
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in ("school", "upn", *SEN2_FIELDS)}
        sen2 = {k: values[k] for k in ("sex", "ethnicity", "uln", "upn_unknown")}
        sen2["needs"] = [values["need_1"], values["need_2"]] if values["need_1"] else [values["need_2"]]
        if values["need_2"] and not values["need_1"]:
            errors.add("need_1", "Choose the primary need first")
        try:
            if not errors:
                perform(_child, child_id, school=values["school"], upn=values["upn"], sen2=sen2, actor=staff_actor())
                flash("The child's details are saved.", "success")
                return redirect(url_for("staff.case_page", case_id=back.id) if back else url_for("staff.queue"))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "details", lambda f: "need_1" if f == "needs" else f)
    return render_template(
        "child_details.html", errors=errors.summary() or None, form_errors=errors, child=child, values=values,
        back=back, codes=codes, placements=_placements(child_id),
    ), (400 if errors else 200)  # fmt: skip


def _child(session, child_id: int, **kwargs: Any) -> None:
    casefile.update_child(session, child_id, **kwargs)


def _placements(child_id: int) -> list[Placement]:
    return list(
        db_session()
        .execute(select(Placement).where(Placement.child_id == child_id).order_by(Placement.rank, Placement.id))
        .scalars()
    )


FIELDS = ("name", "relationship", "email", "phone", "address_1", "address_2", "address_3", "postcode",
          "preferred_channel", "language")  # fmt: skip


def _contact_values(contact: Contact | None) -> dict[str, str]:
    if contact is None:
        return dict.fromkeys(FIELDS, "") | {"relationship": "parent", "preferred_channel": "email"}
    lines = (contact.address or "").splitlines() + ["", "", ""]
    return {
        "name": contact.name, "relationship": contact.relationship_to_child, "email": contact.email or "",
        "phone": contact.phone or "", "address_1": lines[0], "address_2": lines[1], "address_3": lines[2],
        "postcode": contact.postcode or "", "preferred_channel": contact.preferred_channel,
        "language": contact.language or "",
    }  # fmt: skip


@bp.route("/children/<id:child_id>/contacts/new", methods=["GET", "POST"], defaults={"contact_id": None})
@bp.route("/children/<id:child_id>/contacts/<id:contact_id>", methods=["GET", "POST"])
@staff_required
def contact_form(child_id: int, contact_id: int | None):
    session = db_session()
    child = session.get(Child, child_id)
    contact = session.get(Contact, contact_id) if contact_id is not None else None
    if child is None or (contact_id is not None and (contact is None or contact.child_id != child_id)):
        abort(404)
    back = _back_case(child_id)
    errors = FormErrors()
    values = _contact_values(contact)
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in FIELDS}
        given = {
            **{k: values[k] for k in ("name", "relationship", "email", "phone", "postcode", "preferred_channel")},
            "address_lines": [values["address_1"], values["address_2"], values["address_3"]],
            "language": values["language"],
        }
        try:
            if contact is None:
                perform(lambda s: contacts.add_contact(s, child_id, given, actor=staff_actor()) and None)
            else:
                perform(lambda s: contacts.update_contact(s, contact.id, given, actor=staff_actor()) and None)
            flash("Contact saved.", "success")
            return redirect(url_for("staff.case_page", case_id=back.id) + "#family" if back else url_for("staff.queue"))
        except WorkflowError as exc:
            _apply_workflow_error(exc, errors, "contact", lambda f: "address_1" if f == "address_lines" else f)
    return render_template(
        "contact_form.html", errors=errors.summary() or None, form_errors=errors, child=child, contact=contact,
        values=values, back=back,
    ), (400 if errors else 200)  # fmt: skip


def _viewed(child_id: int, via: str, **details: Any) -> None:
    """A read of the child's record, for the access history (managers' `/children/<id>/access`)."""
    s = db_session()
    audit(s.connection(), staff_actor(), "record_viewed", "child", child_id, via=via, **details)
    s.commit()


def _file(folder: Path, stored_as: str | None, filename: str, content_type: str | None):
    path = (folder / (stored_as or "")).resolve()
    if not stored_as or folder.resolve() not in path.parents or not path.is_file():
        abort(404)
    return send_file(path, mimetype=content_type or "application/octet-stream", as_attachment=True,
                     download_name=filename, max_age=0)  # fmt: skip


@bp.get("/advice-documents/<id:document_id>")
@staff_required
def advice_document(document_id: int):
    """A document an advice-giver sent: staff only, always as a download."""
    doc = db_session().get(AdviceDocument, document_id)
    request_ = db_session().get(AdviceRequest, doc.advice_request_id) if doc is not None else None
    if request_ is None:
        abort(404)
    case = db_session().get(Case, request_.case_id)
    _viewed(case.child_id, "advice document", case_id=case.id, document_id=doc.id)
    return _file(Path(services().config.upload_dir), doc.stored_as, doc.filename, doc.content_type)


@bp.get("/family-documents/<id:contribution_id>")
@staff_required
def family_document(contribution_id: int):
    """A document a family sent through the portal: staff only, always as a download."""
    c = db_session().get(FamilyContribution, contribution_id)
    if c is None or not c.stored_as:
        abort(404)
    _viewed(c.child_id, "family document", contribution_id=c.id)
    return _file(Path(services().config.upload_dir) / "family", c.stored_as, c.filename or "document", c.content_type)


@bp.get("/cases/<id:case_id>/print")
@staff_required
def print_case(case_id: int):
    """The whole case on paper: no forms, no navigation."""
    case = _load(case_id)
    _viewed(case.child_id, "print view", case_id=case.id)
    return render_template("case_print.html", errors=None, date_items=date_items, **case_context(case))
