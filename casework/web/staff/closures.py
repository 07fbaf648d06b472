"""The closure calendars page (statutory.md 9.3): each school and setting with its closures, whether each
qualifies and its window; forms to add a setting or a closure, and to upload a CSV of closures."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework.models import EducationSetting
from casework.models.closures import SETTING_KINDS
from casework.request_scope import db_session
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.workflow import closures as calendar
from casework.workflow.errors import InvalidInput, WorkflowError

KIND_WORDS = {"school": "School", "post16": "Post-16 institution", "early_years": "Early years setting"}
MAX_UPLOAD = 1024 * 1024


def _page(errors: FormErrors | None = None, form: str | None = None, values: dict | None = None, status: int = 200):
    settings = db_session().execute(select(EducationSetting).order_by(EducationSetting.name)).scalars().all()
    errors = errors or FormErrors()
    rows = [{"setting": s, "closures": [calendar.describe(c) for c in s.closures]} for s in settings]
    return render_template("closures.html", errors=errors.summary() or None, form_errors=errors, form=form,
                           values=values or {}, rows=rows, kinds=KIND_WORDS, date_items=date_items,
                           raw=request.form if request.method == "POST" else None), status  # fmt: skip


def _write(fn, *args, **kwargs):
    session = db_session()
    try:
        out = fn(session, *args, **kwargs)
        session.commit()
        return out
    except Exception:
        session.rollback()
        raise


@bp.get("/closures")
@staff_required
def closures_page():
    return _page()


@bp.post("/closures/settings")
@staff_required
def add_setting():
    errors = FormErrors()
    name, kind = request.form.get("setting-name", "").strip(), request.form.get("setting-kind", "")
    if not name:
        errors.add("setting-name", "Enter the name of the school or setting")
    if kind not in SETTING_KINDS:
        errors.add("setting-kind", "Choose what kind of setting it is")
    if not errors:
        try:
            _write(calendar.add_setting, name=name, kind=kind, actor=staff_actor())
            flash(f"{name} added.", "success")
            return redirect(url_for("staff.closures_page"))
        except WorkflowError as exc:
            errors.add("setting-name", exc.message if not isinstance(exc, InvalidInput) else "Check the name")
    return _page(errors, "setting", {"name": name, "kind": kind}, 400)


@bp.post("/closures/closures")
@staff_required
def add_closure():
    errors = FormErrors()
    setting_id = request.form.get("closure-setting_id", "")
    if not setting_id.isdigit():
        errors.add("closure-setting_id", "Choose the school or setting")
    closed_from = read_date(request.form, "closure-closed_from", "the first day closed", errors)
    reopens_on = read_date(request.form, "closure-reopens_on", "the first day back", errors)
    if not errors:
        try:
            _write(calendar.add_closure, int(setting_id), closed_from=closed_from, reopens_on=reopens_on,
                   actor=staff_actor())  # fmt: skip
            flash("Closure recorded.", "success")
            return redirect(url_for("staff.closures_page"))
        except WorkflowError as exc:
            errors.add("closure-reopens_on-day", exc.message)
    return _page(errors, "closure", {"setting_id": setting_id}, 400)


@bp.post("/closures/import")
@staff_required
def import_closures():
    errors = FormErrors()
    upload = request.files.get("closures-file")
    data = upload.read(MAX_UPLOAD + 1) if upload and upload.filename else b""
    if not data:
        errors.add("closures-file", "Choose a CSV file of closures")
    elif len(data) > MAX_UPLOAD:
        errors.add("closures-file", "The file must be smaller than 1 MB")
    if not errors:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.add("closures-file", "The file must be a CSV saved as UTF-8")
    if not errors:
        result = _write(calendar.import_csv, text, actor=staff_actor())
        if not result.errors:
            flash(f"Imported {result.closures_added} closures ({result.already_recorded} already recorded) and "
                  f"{result.settings_added} new settings.", "success")  # fmt: skip
            return redirect(url_for("staff.closures_page"))
        db_session().rollback()
        errors.add("closures-file", f"{len(result.errors)} problems in the file: nothing was imported")
        return _page(errors, "import", {"import_errors": result.errors[:100]}, 400)
    return _page(errors, "import", {}, 400)
