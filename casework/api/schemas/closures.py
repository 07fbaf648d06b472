"""Schools' and settings' closure calendars (statutory.md 9.3)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.api.schemas.common import Strict
from casework.models.closures import SETTING_KINDS
from casework.workflow.closures import EARLIEST, LATEST


class EducationSettingIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(SETTING_KINDS))
    urn = fields.String(validate=validate.Length(max=20), metadata={"description": "URN or UKPRN, if known"})


class ClosureIn(Strict):
    closed_from = fields.Date(
        required=True,
        validate=validate.Range(min=EARLIEST, max=LATEST),
        metadata={"description": "the first day closed"},
    )
    reopens_on = fields.Date(
        required=True, validate=validate.Range(min=EARLIEST, max=LATEST), metadata={"description": "the first day back"}
    )
    note = fields.String(validate=validate.Length(max=200))


class ClosureOut(Schema):
    id = fields.Integer()
    closed_from = fields.Date()
    reopens_on = fields.Date()
    note = fields.String(allow_none=True)
    days = fields.Integer()
    qualifies = fields.Boolean(metadata={"description": "at least 4 weeks (9.3(2))"})
    window_from = fields.Date(allow_none=True, metadata={"description": "closed_from - 7 days (9.3(3))"})
    window_to = fields.Date(allow_none=True, metadata={"description": "reopens_on - 7 days (9.3(3))"})


class EducationSettingOut(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    urn = fields.String(allow_none=True)
    closures = fields.List(fields.Nested(ClosureOut))


class ClosureImportOut(Schema):
    settings_added = fields.Integer()
    closures_added = fields.Integer()
    already_recorded = fields.Integer()
