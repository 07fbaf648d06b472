"""Closure calendars of schools, post-16 institutions and early years settings (statutory.md 9.3), against
which the school_closure exception is checked."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from casework.api.auth import actor, require_staff
from casework.api.schemas import closures as closure_schemas
from casework.models import EducationSetting
from casework.request_scope import db_session
from casework.workflow import closures as calendar
from casework.workflow.errors import InvalidInput, NotFound

blp = Blueprint("closures", __name__, description="Schools' and settings' closure calendars (statutory.md 9.3)")
blp.before_request(require_staff)


def _write(fn, *args, **kwargs):
    """A write that sends no messages: commit it, or roll it back."""
    session = db_session()
    try:
        out = fn(session, *args, **kwargs)
        session.commit()
        return out
    except Exception:
        session.rollback()
        raise


def setting_dict(setting: EducationSetting) -> dict:
    return {"id": setting.id, "name": setting.name, "kind": setting.kind, "urn": setting.urn,
            "closures": [calendar.describe(c) for c in setting.closures]}  # fmt: skip


def _one(setting_id: int) -> dict:
    session = db_session()
    session.expire_all()
    setting = session.get(EducationSetting, setting_id)
    if setting is None:
        raise NotFound(f"There is no education setting {setting_id}.")
    return setting_dict(setting)


@blp.route("/education-settings")
class Settings(MethodView):
    @blp.response(200, closure_schemas.EducationSettingOut(many=True))
    def get(self):
        """Every school and setting with its closures"""
        session = db_session()
        return [
            setting_dict(s) for s in session.execute(select(EducationSetting).order_by(EducationSetting.name)).scalars()
        ]

    @blp.arguments(closure_schemas.EducationSettingIn)
    @blp.response(201, closure_schemas.EducationSettingOut)
    @blp.alt_response(409, description="a setting of that name exists")
    def post(self, data: dict):
        """Add a school, post-16 institution or early years setting"""
        setting = _write(calendar.add_setting, actor=actor(), **data)
        return _one(setting.id)


@blp.route("/education-settings/<id:setting_id>/closures")
class SettingClosures(MethodView):
    @blp.arguments(closure_schemas.ClosureIn)
    @blp.response(201, closure_schemas.EducationSettingOut)
    def post(self, data: dict, setting_id: int):
        """Record a closure: closed_from is the first day closed, reopens_on the first day back"""
        _write(calendar.add_closure, setting_id, actor=actor(), **data)
        return _one(setting_id)


@blp.route("/education-settings/import")
class ClosureImport(MethodView):
    @blp.response(200, closure_schemas.ClosureImportOut)
    @blp.alt_response(422, description="rows with errors, each named by its row number; nothing was imported")
    def post(self):
        """Import closures from CSV (the request body, text/csv): setting,kind,closed_from,reopens_on[,urn,note];
        every row is checked first and nothing is imported while any is wrong"""
        text = request.get_data(as_text=True)
        result = _write(_import, text)
        return {"settings_added": result.settings_added, "closures_added": result.closures_added,
                "already_recorded": result.already_recorded}  # fmt: skip


def _import(session, text: str) -> calendar.ImportResult:
    result = calendar.import_csv(session, text, actor=actor())
    if result.errors:
        raise InvalidInput({"csv": result.errors})
    return result
