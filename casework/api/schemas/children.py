"""Children, their contacts and plans, and family links."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from casework import clock
from casework.api.schemas.common import (
    CHANNELS,
    POSTCODE,
    RELATIONSHIPS,
    UPN,
    CaseRef,
    Id,
    OfficerOut,
    Ref,
    Strict,
    nhs_number_ok,
    normalise_phone,
    one_line,
)
from casework.workflow import sen2_data


class ContactIn(Strict):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), one_line])
    relationship = fields.String(load_default="parent", validate=validate.OneOf(RELATIONSHIPS))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(allow_none=True, validate=validate.Length(max=32))
    address = fields.String(
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "a postal address as one text (lines, or commas), ending with the postcode"},
    )
    address_lines = fields.List(
        fields.String(validate=validate.Length(max=100)),
        validate=validate.Length(max=5),
        metadata={"description": "a postal address's lines, without the postcode (instead of address)"},
    )
    postcode = fields.String(allow_none=True, validate=validate.Length(max=10))
    preferred_channel = fields.String(load_default="email", validate=validate.OneOf(CHANNELS))
    language = fields.String(allow_none=True, validate=validate.Length(max=50))

    @validates("phone")
    def _phone(self, value: str | None, data_key: str) -> None:
        if value:
            normalise_phone(value)

    @validates_schema
    def _reachable(self, data: dict, **_: object) -> None:
        channel = data.get("preferred_channel", "email")
        if data.get("address_lines") and not data.get("address"):
            data = {**data, "address": "\n".join(data["address_lines"])}
        if not (data.get("email") or data.get("phone") or (channel == "letter" and data.get("address"))):
            raise ValidationError(
                "Give an email address or a phone number (or an address, with preferred_channel 'letter').",
                field_name="email",
            )
        needs = {"email": "email", "sms": "phone", "letter": "address"}[channel]
        if not data.get(needs):
            raise ValidationError(f"preferred_channel is '{channel}', so give {needs} too.", field_name=needs)


class ChildIn(Strict):
    given_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), one_line])
    family_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), one_line])
    date_of_birth = fields.Date(required=True)
    upn = fields.String(allow_none=True)
    nhs_number = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    contacts = fields.List(fields.Nested(ContactIn), required=True, validate=validate.Length(min=1, max=10))
    sibling_of = Id(allow_none=True, load_default=None)
    team = fields.String(allow_none=True, validate=validate.Length(max=100))

    @validates("date_of_birth")
    def _dob(self, value, data_key: str) -> None:
        today = clock.today()
        if value > today:
            raise ValidationError("Date of birth must be in the past.")
        if value < today.replace(year=today.year - 30, day=min(today.day, 28)):
            raise ValidationError("Date of birth is more than 30 years ago; EHC plans run to age 25.")

    @validates("upn")
    def _upn(self, value: str | None, data_key: str) -> None:
        if value and not UPN.match(value.strip().upper()):
            raise ValidationError("A UPN is 13 characters: a letter, 11 digits, then a digit or letter.")
        _upn, problem = sen2_data.check_upn(value)
        if problem:
            raise ValidationError(problem + ".")

    @validates("nhs_number")
    def _nhs(self, value: str | None, data_key: str) -> None:
        if value:
            digits = value.replace(" ", "")
            if not (digits.isdigit() and len(digits) == 10 and nhs_number_ok(digits)):
                raise ValidationError("An NHS number is 10 digits with a valid check digit.")

    @validates("postcode")
    def _postcode(self, value: str | None, data_key: str) -> None:
        if value and not POSTCODE.match(value.strip().upper()):
            raise ValidationError("Enter a UK postcode, like WR1 2AB.")


class ContactOut(Schema):
    id = fields.Integer()
    name = fields.String()
    relationship = fields.String(attribute="relationship_to_child")
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.Function(
        lambda c: "\n".join(filter(None, [c.address, c.postcode])) or None,
        allow_none=True,
        metadata={"description": "the whole postal address, one line per line, the postcode last"},
    )
    address_lines = fields.Function(lambda c: [line for line in (c.address or "").splitlines() if line])
    postcode = fields.String(allow_none=True)
    preferred_channel = fields.String()
    language = fields.String(allow_none=True)


class SiblingCaseOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    child_id = fields.Integer()
    officer = fields.Nested(OfficerOut, allow_none=True)


class PhaseTransferOut(Schema):
    transfer_on = fields.Date()
    kind = fields.String()
    due_on = fields.Date()
    practical_due_on = fields.Date()
    regulation = fields.String()


class PlanOut(Schema):
    id = fields.Integer()
    issued_on = fields.Date()
    next_review_due = fields.Date()
    next_review_due_practical = fields.Date()
    status = fields.String()
    named_setting = fields.String(allow_none=True)
    last_review_meeting_on = fields.Date(allow_none=True)
    amended_on = fields.Date(allow_none=True)
    ceased_on = fields.Date(allow_none=True)
    cease_decided_on = fields.Date(
        allow_none=True,
        metadata={"description": "decided to cease; the plan stays active until the appeal window has passed"},
    )
    early_years_review_on = fields.Date(
        allow_none=True, metadata={"description": "soft reminder for under-5s (CoP 9.178); not statutory"}
    )
    phase_transfer = fields.Nested(PhaseTransferOut, allow_none=True)


class ChildOut(Schema):
    id = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()
    date_of_birth = fields.Date()
    upn = fields.String(allow_none=True)
    nhs_number = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    family_id = fields.Integer()
    team = fields.String(allow_none=True)
    contacts = fields.List(fields.Nested(ContactOut))
    siblings = fields.List(fields.Nested(Ref))
    sibling_open_cases = fields.List(fields.Nested(lambda: SiblingCaseOut()))
    cases = fields.List(fields.Nested(CaseRef))
    plan = fields.Nested(PlanOut, allow_none=True)


class LinkIn(Strict):
    other_child_id = Id(required=True)
    kind = fields.String(load_default="link", validate=validate.OneOf(("link", "unlink")))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
