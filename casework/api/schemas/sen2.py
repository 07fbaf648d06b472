"""What the SEN2 return needs, through the API (additive): the child's details, the plan's details
and named settings. The values are checked by `workflow.sen2_data` (one set of checks with the
pages); a bad one is a 422 naming its field."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.api.schemas.common import Strict

_SHORT = validate.Length(max=20)


class ChildSen2In(Strict):
    sex = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "SEN2 Sex: M or F"})
    ethnicity = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "CBDS code, e.g. WBRI"})
    upn = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "checked with its check letter"})
    uln = fields.String(allow_none=True, validate=_SHORT)
    upn_unknown = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "UN1, UN2, ..."})
    needs = fields.List(
        fields.String(validate=_SHORT), load_default=list, validate=validate.Length(max=13),
        metadata={"description": "SEN2 SENtype codes, the primary need first"},
    )  # fmt: skip


class SenNeedOut(Schema):
    sen_type = fields.String()
    rank = fields.Integer()


class SettingIn(Strict):
    urn = fields.String(allow_none=True, validate=_SHORT)
    ukprn = fields.String(allow_none=True, validate=_SHORT)
    sen_setting = fields.String(allow_none=True, validate=_SHORT)
    sen_setting_other = fields.String(allow_none=True, validate=validate.Length(max=200))
    rank = fields.Integer(load_default=1, validate=validate.Range(min=1, max=9))
    sen_unit = fields.Boolean(load_default=False)
    resourced_provision = fields.Boolean(load_default=False)


class SettingOut(Schema):
    urn = fields.String(allow_none=True)
    ukprn = fields.String(allow_none=True)
    sen_setting = fields.String(allow_none=True)
    sen_setting_other = fields.String(allow_none=True)
    rank = fields.Integer()
    sen_unit = fields.Boolean()
    resourced_provision = fields.Boolean()


class PlacementOut(SettingOut):
    id = fields.Integer()
    entry_date = fields.Date(allow_none=True)
    leaving_date = fields.Date(allow_none=True)


class ChildSen2Out(Schema):
    id = fields.Integer()
    sex = fields.String(allow_none=True)
    ethnicity = fields.String(allow_none=True)
    upn = fields.String(allow_none=True)
    uln = fields.String(allow_none=True)
    upn_unknown = fields.String(allow_none=True)
    needs = fields.List(fields.Nested(SenNeedOut))
    placements = fields.List(fields.Nested(PlacementOut))


class PlanSen2In(Strict):
    plan_res = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "A or B; null if not"})
    plan_wbp = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "A, T or S"})
    personal_budget = fields.Boolean(allow_none=True)
    organised_arrangements = fields.Boolean(allow_none=True)
    direct_payments = fields.Boolean(allow_none=True)
    cease_reason = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "SEN2 CeaseReason 1-9"})
    transfer_la = fields.String(allow_none=True, validate=_SHORT, metadata={"description": "3-digit LA code"})
    settings = fields.List(fields.Nested(SettingIn), load_default=list, validate=validate.Length(max=9))


class PlanSen2Out(Schema):
    id = fields.Integer()
    plan_res = fields.String(allow_none=True)
    plan_wbp = fields.String(allow_none=True)
    personal_budget = fields.Boolean(allow_none=True)
    organised_arrangements = fields.Boolean(allow_none=True)
    direct_payments = fields.Boolean(allow_none=True)
    cease_reason = fields.String(allow_none=True)
    transfer_la = fields.String(allow_none=True)
    settings = fields.List(fields.Nested(SettingOut))


__all__ = ["ChildSen2In", "ChildSen2Out", "PlanSen2In", "PlanSen2Out"]
