"""Officers, caseloads and reassignment."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.api.schemas.cases import CaseSummaryOut
from casework.api.schemas.children import SiblingCaseOut
from casework.api.schemas.common import Id, OfficerOut, Strict, Version


class ReassignIn(Strict):
    officer_id = Id(required=True)
    move_siblings = fields.Boolean(load_default=False, metadata={"description": "also move the siblings' open cases"})
    reason = fields.String(validate=validate.Length(max=2000))
    version = Version()


class ReassignOut(Schema):
    case = fields.Nested(CaseSummaryOut)
    moved_case_ids = fields.List(fields.Integer())
    sibling_cases = fields.List(
        fields.Nested(SiblingCaseOut),
        metadata={"description": "the siblings' open cases still with other officers (offer: move them too)"},
    )


class CaseloadOut(Schema):
    officer = fields.Nested(OfficerOut)
    team = fields.String(allow_none=True)
    role = fields.String()
    available = fields.Boolean()
    open_cases = fields.Integer()
    capacity = fields.Integer()
    load = fields.Float(metadata={"description": "open cases / capacity"})


class StaffUpdateIn(Strict):
    available = fields.Boolean()
    capacity = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000))
    team = fields.String(allow_none=True, validate=validate.Length(max=100))
    phone = fields.String(allow_none=True, validate=validate.Length(max=32), metadata={"description": "direct line"})
