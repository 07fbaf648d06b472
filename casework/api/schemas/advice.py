"""Advice-givers and advice requests (reg 6, reg 8)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.api.schemas.common import Id, Strict, Version
from casework.models.advice import ADVICE_TYPES


class ProviderIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    advice_type = fields.String(required=True, validate=validate.OneOf(ADVICE_TYPES))
    email = fields.Email(required=True)
    escalation_name = fields.String(allow_none=True, validate=validate.Length(max=200))
    escalation_email = fields.Email(allow_none=True)
    statutory_basis = fields.Boolean(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "true when reg 8 binds the provider (a body asked under CFA s.31, e.g. health); "
            "false for the council's own services and schools (6 weeks as a target). "
            "Default: true for health, false otherwise."
        },
    )
    setting_id = Id(
        allow_none=True,
        metadata={"description": "the school or setting (GET /education-settings) this provider is the head of"},
    )


class ProviderOut(Schema):
    id = fields.Integer()
    name = fields.String()
    advice_type = fields.String()
    email = fields.String()
    escalation_name = fields.String(allow_none=True)
    escalation_email = fields.String(allow_none=True)
    statutory_basis = fields.Boolean()
    setting_id = fields.Integer(allow_none=True)


class AdviceRequestIn(Strict):
    advice_type = fields.String(required=True, validate=validate.OneOf(ADVICE_TYPES))
    provider_id = Id(required=True)
    requested_on = fields.Date(required=True)
    provider_received_on = fields.Date(
        metadata={"description": "when the provider received it, if not the day it was sent"}
    )
    question = fields.String(validate=validate.Length(max=5000))
    version = Version()


class AdviceReceivedIn(Strict):
    received_on = fields.Date(required=True)


class ChaseOut(Schema):
    kind = fields.String(metadata={"description": "reminder | chase | escalation"})
    number = fields.Integer(allow_none=True)
    recipient_kind = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class AdviceOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    advice_type = fields.String()
    provider = fields.Nested(ProviderOut)
    requested_on = fields.Date()
    provider_received_on = fields.Date(allow_none=True)
    due_on = fields.Date(allow_none=True)
    practical_due_on = fields.Date(allow_none=True)
    basis = fields.String()
    received_on = fields.Date(allow_none=True)
    status = fields.String()
    next_chase_on = fields.Date(allow_none=True)
    exception = fields.Dict(allow_none=True)
    reuse = fields.Dict(allow_none=True)
    advice_text = fields.String(allow_none=True)
    submitted_by = fields.String(
        allow_none=True, metadata={"description": "who sent the advice (or returned the request)"}
    )
    question = fields.String(allow_none=True)
    returned_on = fields.Date(
        allow_none=True, metadata={"description": "the advice-giver returned the request: they cannot provide it"}
    )
    returned_reason = fields.String(allow_none=True, metadata={"description": "not_known | cannot_provide"})
    returned_note = fields.String(allow_none=True)
    documents = fields.List(fields.Dict())
    chases = fields.List(fields.Nested(ChaseOut))


class AdviceExceptionIn(Strict):
    reason = fields.String(
        required=True, validate=validate.OneOf(("exceptional_circumstances", "absent_from_area", "missed_appointment"))
    )
    note = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    absent_from = fields.Date()
    absent_until = fields.Date()
    appointment_on = fields.Date()


class AdviceReuseIn(Strict):
    advice_type = fields.String(required=True, validate=validate.OneOf(ADVICE_TYPES))
    provider_id = Id(required=True)
    description = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "which existing advice, e.g. 'EP report of 3 March 2026'"},
    )
    adviser_agreed_on = fields.Date(required=True)
    council_agreed_on = fields.Date(required=True)
    family_agreed_on = fields.Date(required=True)


class AdviceReturnedIn(Strict):
    reason = fields.String(required=True, validate=validate.OneOf(("not_known", "cannot_provide")))
    note = fields.String(validate=validate.Length(max=5000))
    returned_by = fields.String(
        required=True, validate=validate.Length(min=1, max=200), metadata={"description": "who said so, and their role"}
    )


REQUIRED_ADVICE_TYPES = ("parent", "education", "health", "psychology", "social_care", "preparing_for_adulthood")


class AdviceNotNeededIn(Strict):
    advice_type = fields.String(required=True, validate=validate.OneOf(REQUIRED_ADVICE_TYPES))
    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "why, e.g. 'not known to social care; the family agree'"},
    )
    decided_on = fields.Date(metadata={"description": "default today"})
    version = Version()


class RequiredAdviceOut(Schema):
    advice_type = fields.String()
    status = fields.String(metadata={"description": "requested | received | reused | not_needed | missing"})
    reason = fields.String(allow_none=True, metadata={"description": "why it is not needed (not_needed only)"})
