"""Opening the journeys beyond an assessment and a review: a re-assessment, a dispute (mediation and
appeal), a Tribunal order (or an unopposed appeal, or a mediation agreement), a plan transferred in, a
child moving out, a change of commissioning body."""

from __future__ import annotations

import datetime as dt

from marshmallow import ValidationError, fields, validate, validates_schema

from casework.api.schemas.common import REGS_IN_FORCE, Id, Strict


def _after_regs(value: dt.date) -> None:
    if value < REGS_IN_FORCE:
        raise ValidationError("The SEND Regulations 2014 apply from 1 September 2014.")


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
