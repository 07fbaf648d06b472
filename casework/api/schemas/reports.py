"""Reports (api.md "Reports"): the query every report takes, and the shapes it returns."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from casework.api.schemas.common import QueryId, Strict
from casework.reports import months as mo

__all__ = [
    "AdviceReportOut",
    "DrillQuery",
    "DrillOut",
    "MeasureOut",
    "MeasureReportOut",
    "ReportQuery",
    "ReviewsReportOut",
    "TargetIn",
    "TargetOut",
    "TimelinessReportOut",
]


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ValidationError("Remove the NUL character from this text.")


def _month(value: str) -> None:
    try:
        mo.parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class ReportQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    from_ = fields.String(data_key="from", validate=_month, metadata={"description": "first month, YYYY-MM"})
    to = fields.String(validate=_month, metadata={"description": "last month, YYYY-MM (inclusive)"})
    team = fields.String(validate=[validate.Length(min=1, max=100), _no_nul])
    officer_id = QueryId()

    @validates_schema
    def _range(self, data: dict, **_: object) -> None:
        first, last = data.get("from_"), data.get("to")
        if first and last:
            if first > last:
                raise ValidationError({"from": ["'from' must not be after 'to'."]})
            if len(mo.between(first, last)) > mo.MAX_MONTHS:
                raise ValidationError({"from": [f"Ask for at most {mo.MAX_MONTHS} months at a time."]})


class DrillQuery(ReportQuery):
    month = fields.String(required=True, validate=_month)
    figure = fields.String(validate=validate.Length(max=60))
    failing = fields.String(validate=validate.Length(max=60))
    extra = fields.String(validate=[validate.Length(max=160), _no_nul])


class Restated(Schema):
    on = fields.Date()
    figures = fields.Dict(keys=fields.String(), values=fields.Integer())


class TimelinessMonth(Schema):
    month = fields.String()
    plans_issued = fields.Integer()
    plans_issued_within_20_weeks = fields.Integer()
    plans_issued_ex = fields.Integer()
    plans_issued_within_20_weeks_ex = fields.Integer()
    plans_issued_20_to_52_weeks = fields.Integer()
    plans_issued_over_52_weeks = fields.Integer()
    mean_weeks_to_issue = fields.Float(allow_none=True)
    mean_weeks_to_issue_ex = fields.Float(allow_none=True)
    plans_with_exception = fields.Integer()
    decisions_to_assess = fields.Integer()
    decisions_to_assess_within_6_weeks = fields.Integer()
    decisions_to_assess_ex = fields.Integer()
    decisions_to_assess_within_6_weeks_ex = fields.Integer()
    decisions_not_to_issue = fields.Integer()
    decisions_not_to_issue_within_16_weeks = fields.Integer()
    decisions_not_to_issue_ex = fields.Integer()
    decisions_not_to_issue_within_16_weeks_ex = fields.Integer()
    source = fields.String(metadata={"description": "stored (a closed month) or live"})
    restated = fields.Nested(Restated, allow_none=True, metadata={"description": "figures now, when corrected"})


class TimelinessReportOut(Schema):
    months = fields.List(fields.Nested(TimelinessMonth))


class ProviderRef(Schema):
    id = fields.Integer()
    name = fields.String()


class ProviderAdvice(Schema):
    provider = fields.Nested(ProviderRef)
    advice_type = fields.String()
    received = fields.Integer()
    received_within_6_weeks = fields.Integer()
    received_ex = fields.Integer()
    received_within_6_weeks_ex = fields.Integer()
    chased = fields.Integer()
    escalated = fields.Integer()
    overdue_now = fields.Integer()


class AdviceReportOut(Schema):
    providers = fields.List(fields.Nested(ProviderAdvice))


class ReviewsMonth(Schema):
    month = fields.String()
    meetings_held = fields.Integer()
    meetings_held_in_time = fields.Integer()
    decisions = fields.Integer()
    decisions_within_4_weeks = fields.Integer()
    reviews_due = fields.Integer()
    reviews_due_held_in_time = fields.Integer()
    amended_plans = fields.Integer()
    amended_within_8_weeks = fields.Integer()
    amended_within_12_weeks = fields.Integer()
    source = fields.String()


class ReviewsReportOut(Schema):
    months = fields.List(fields.Nested(ReviewsMonth))


class IndicatorOut(Schema):
    key = fields.String()
    label = fields.String()
    basis = fields.String(allow_none=True)
    unit = fields.String()
    better = fields.String()
    series = fields.String()
    numerator = fields.String()
    denominator = fields.String(allow_none=True)
    sen2 = fields.String()


class MeasureOut(Schema):
    number = fields.Integer()
    key = fields.String()
    title = fields.String()
    definition = fields.String()
    status = fields.String(metadata={"description": "recorded | partly recorded | not yet recorded"})
    note = fields.String(allow_none=True)
    series = fields.List(fields.String())
    indicators = fields.List(fields.Nested(IndicatorOut))


class MeasureMonth(Schema):
    month = fields.String()
    figures = fields.Dict(keys=fields.String(), values=fields.Dict())
    indicators = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    rag = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    sources = fields.Dict(keys=fields.String(), values=fields.String())
    restated = fields.Dict(keys=fields.String(), values=fields.Dict())


class MeasureReportOut(Schema):
    measure = fields.Nested(MeasureOut)
    months = fields.List(fields.Nested(MeasureMonth))


class DrillOut(Schema):
    series = fields.String()
    month = fields.String()
    figure = fields.String(allow_none=True)
    failing = fields.String(allow_none=True)
    count = fields.Integer()
    cases = fields.List(fields.Dict())


class TargetIn(Strict):
    target = fields.Float(allow_none=True, required=True)
    previous_year_actual = fields.Float(allow_none=True, load_default=None)
    amber_margin = fields.Float(allow_none=True, load_default=None)
    note = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=2000))


class TargetOut(Schema):
    indicator = fields.String()
    label = fields.String()
    basis = fields.String(allow_none=True)
    unit = fields.String()
    target = fields.Float(allow_none=True)
    previous_year_actual = fields.Float(allow_none=True)
    amber_margin = fields.Float(allow_none=True)
    note = fields.String(allow_none=True)
