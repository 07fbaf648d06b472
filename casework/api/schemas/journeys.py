"""Opening the journeys beyond an assessment and a review: a re-assessment, a dispute (mediation and
appeal), a Tribunal order (or an unopposed appeal, or a mediation agreement), a plan transferred in, a
child moving out, a change of commissioning body."""

from __future__ import annotations

import datetime as dt

from marshmallow import ValidationError, fields, validate, validates_schema

from casework import clock
from casework.api.schemas.common import REGS_IN_FORCE, Id, Strict
from casework.workflow.kinds import tribunal_order


def _after_regs(value: dt.date) -> None:
    if value < REGS_IN_FORCE:
        raise ValidationError("The SEND Regulations 2014 apply from 1 September 2014.")
    if value.year > clock.today().year + 5:
        raise ValidationError("Give a date within the next 5 years.")


class ReassessmentIn(Strict):
    child_id = Id(required=True)
    received_on = fields.Date(validate=_after_regs, metadata={"description": "the date the request was received"})
    received_at = fields.AwareDateTime(metadata={"description": "raw timestamp of receipt, with offset"})
    requested_by = fields.String(
        load_default="parent",
        validate=validate.OneOf(("parent", "young_person", "school", "commissioning_body", "council")),
        metadata={"description": "who asked (reg 24); council: the council decided of its own accord (CFA s.44(3))"},
    )
    last_assessed_on = fields.Date(
        validate=_after_regs,
        metadata={"description": "when the last assessment was completed, if the product does not hold it (G2)"},
    )

    @validates_schema
    def _when(self, data: dict, **_: object) -> None:
        if not data.get("received_on") and not data.get("received_at"):
            raise ValidationError("Give the date the council received the request.", field_name="received_on")


class DisputeIn(Strict):
    case_id = Id(required=True, metadata={"description": "the case whose decision may be appealed"})
    event_id = Id(metadata={"description": "the decision (an appealable event); default the case's latest"})
    opened_on = fields.Date(validate=_after_regs, metadata={"description": "default today"})


ORDER_TYPES = tuple(tribunal_order.TYPES)


class TribunalOrderIn(Strict):
    child_id = Id(metadata={"description": "the child (not needed with dispute_id)"})
    dispute_id = Id(metadata={"description": "the dispute the order ended"})
    basis = fields.String(
        load_default="order",
        validate=validate.OneOf(("order", "unopposed", "agreement")),
        metadata={
            "description": "order: a Tribunal order (reg 44, E rows); unopposed: the council told the Tribunal "
            "it would not oppose (reg 45, E10); agreement: a mediation agreement on an appealable issue (reg 42(2), D9)"
        },
    )
    order_type = fields.String(
        required=True,
        validate=validate.OneOf(ORDER_TYPES),
        metadata={
            "description": "assess | reassess (E2, E2a, E2b) | make_plan (E3, E3a) | amend (E4) | named_school (E5) "
            "| named_school_and_content (E5 with E4) | continue (E6) | continue_and_amend (E6, E7) | cease (E1)"
        },
    )
    made_on = fields.Date(validate=_after_regs, metadata={"description": "the date the order was made"})
    sent_on = fields.Date(validate=_after_regs, metadata={"description": "the date the Tribunal sent it out"})
    told_tribunal_on = fields.Date(validate=_after_regs, metadata={"description": "unopposed: the day it was told"})
    agreed_on = fields.Date(validate=_after_regs, metadata={"description": "agreement: the date of the agreement"})

    @validates_schema
    def _whose(self, data: dict, **_: object) -> None:
        if data.get("child_id") is None and data.get("dispute_id") is None:
            raise ValidationError("Give the dispute the order ended, or the child.", field_name="dispute_id")


class TransferInIn(Strict):
    child_id = Id(required=True)
    transferred_on = fields.Date(
        required=True, validate=_after_regs, metadata={"description": "the day it transferred"}
    )
    plan_made_on = fields.Date(
        required=True, validate=_after_regs, metadata={"description": "the plan's original date (kept: F3)"}
    )
    period_start_on = fields.Date(
        validate=_after_regs,
        metadata={"description": "start of its current 12-month review period (default: last review, else the plan)"},
    )
    last_review_meeting_on = fields.Date(validate=_after_regs)
    from_la = fields.String(required=True, validate=validate.Length(min=1, max=100))
    named_setting = fields.String(validate=validate.Length(max=200))


class TransferOutIn(Strict):
    child_id = Id(required=True)
    aware_on = fields.Date(required=True, validate=_after_regs, metadata={"description": "the day we became aware"})
    move_on = fields.Date(
        required=True, validate=_after_regs, metadata={"description": "the move date (may be to come)"}
    )
    to_la = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "the new council (or LA code)"},
    )


class CommissioningChangeIn(Strict):
    child_id = Id(required=True)
    move_on = fields.Date(required=True, validate=_after_regs)
    aware_on = fields.Date(required=True, validate=_after_regs, metadata={"description": "when the old body knew"})
    old_body = fields.String(required=True, validate=validate.Length(min=1, max=200))
    new_body = fields.String(required=True, validate=validate.Length(min=1, max=200))
