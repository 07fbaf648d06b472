"""marshmallow schemas: validation of what comes in, shape of what goes out (api.md)."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from casework import clock
from casework.models.advice import ADVICE_TYPES
from casework.workflow import families

UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
CHANNELS = ("email", "sms", "letter")
MAX_ID = 2**31 - 1
# The SEND Regulations 2014 came into force on 1 September 2014: no EHC clock starts before it.
REGS_IN_FORCE = dt.date(2014, 9, 1)
Id = partial(fields.Integer, strict=True, validate=validate.Range(min=1, max=MAX_ID, error="Not a valid id."))
QueryId = partial(fields.Integer, validate=validate.Range(min=1, max=MAX_ID, error="Not a valid id."))  # from strings
RELATIONSHIPS = ("parent", "carer", "young_person", "social_worker", "other")
REQUEST_SOURCES = ("parent", "young_person", "school", "health", "social_care", "other")


def normalise_phone(value: str) -> str:
    """E.164 (see workflow.families.normalise_phone), as a marshmallow validation error."""
    try:
        return families.normalise_phone(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def nhs_number_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _no_nul(data: Any) -> dict[str, list[str]]:
    bad = {}
    if isinstance(data, dict):
        for key, value in data.items():
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and "\x00" in v for v in values):
                bad[str(key)] = ["Remove the NUL character from this text."]
    return bad


class Strict(Schema):
    """Input schemas: unknown fields and NUL characters are refused, naming the field."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _refuse_nul(self, data: Any, **_: object) -> Any:
        bad = _no_nul(data)
        if bad:
            raise ValidationError(bad)
        return data


class ContactIn(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    relationship = fields.String(load_default="parent", validate=validate.OneOf(RELATIONSHIPS))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(allow_none=True, validate=validate.Length(max=32))
    address = fields.String(allow_none=True, validate=validate.Length(max=500))
    preferred_channel = fields.String(load_default="email", validate=validate.OneOf(CHANNELS))

    @validates("phone")
    def _phone(self, value: str | None, data_key: str) -> None:
        if value:
            normalise_phone(value)

    @validates_schema
    def _reachable(self, data: dict, **_: object) -> None:
        channel = data.get("preferred_channel", "email")
        if not (data.get("email") or data.get("phone") or (channel == "letter" and data.get("address"))):
            raise ValidationError(
                "Give an email address or a phone number (or an address, with preferred_channel 'letter').",
                field_name="email",
            )
        needs = {"email": "email", "sms": "phone", "letter": "address"}[channel]
        if not data.get(needs):
            raise ValidationError(f"preferred_channel is '{channel}', so give {needs} too.", field_name=needs)


class ChildIn(Strict):
    given_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    family_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
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


class Ref(Schema):
    id = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()


class ContactOut(Schema):
    id = fields.Integer()
    name = fields.String()
    relationship = fields.String(attribute="relationship_to_child")
    email = fields.String()
    phone = fields.String()
    address = fields.String()
    preferred_channel = fields.String()


class SiblingCaseOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    child_id = fields.Integer()
    officer = fields.Nested(lambda: OfficerOut(), allow_none=True)


class CaseRef(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()


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
    named_setting = fields.String()
    last_review_meeting_on = fields.Date()
    amended_on = fields.Date()
    ceased_on = fields.Date()
    cease_decided_on = fields.Date(
        metadata={"description": "decided to cease; the plan stays active until the appeal window has passed"}
    )
    early_years_review_on = fields.Date(
        metadata={"description": "soft reminder for under-5s (CoP 9.178); not statutory"}
    )
    phase_transfer = fields.Nested(PhaseTransferOut, allow_none=True)


class ChildOut(Schema):
    id = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()
    date_of_birth = fields.Date()
    upn = fields.String()
    nhs_number = fields.String()
    postcode = fields.String()
    family_id = fields.Integer()
    team = fields.String()
    contacts = fields.List(fields.Nested(ContactOut))
    siblings = fields.List(fields.Nested(Ref))
    sibling_open_cases = fields.List(fields.Nested(lambda: SiblingCaseOut()))
    cases = fields.List(fields.Nested(CaseRef))
    plan = fields.Nested(PlanOut, allow_none=True)


class AssessmentIn(Strict):
    child_id = Id(required=True)
    received_on = fields.Date()
    received_at = fields.AwareDateTime(metadata={"description": "raw timestamp of receipt, with offset"})
    request_source = fields.String(load_default="parent", validate=validate.OneOf(REQUEST_SOURCES))

    @validates_schema
    def _when(self, data: dict, **_: object) -> None:
        if not data.get("received_on") and not data.get("received_at"):
            raise ValidationError(
                "Give the date the council received the request (YYYY-MM-DD).", field_name="received_on"
            )
        for name in ("received_on", "received_at"):
            value = data.get(name)
            day = value.date() if isinstance(value, dt.datetime) else value
            if day is not None and day < REGS_IN_FORCE:
                raise ValidationError(
                    "The SEND Regulations 2014 apply to requests received from 1 September 2014.", field_name=name
                )


class ViewIn(Strict):
    how = fields.String(required=True, validate=validate.OneOf(("in_person", "in_writing", "advocate", "not_obtained")))
    given_by = fields.String(validate=validate.Length(max=200))
    reason = fields.String(validate=validate.Length(max=2000), metadata={"description": "why, if not obtained"})
    summary = fields.String(validate=validate.Length(max=10000))


class PhaseTransferIn(Strict):
    transfer_on = fields.Date(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(("school", "post16", "post16_other")),
        metadata={
            "description": "school: between school phases (reg 18(1)(b)); post16: secondary "
            "to post-16 (reg 18(1)(a)); post16_other: post-16 to post-16 (reg 18(2))"
        },
    )

    @validates("transfer_on")
    def _after_regs(self, value, data_key: str) -> None:
        if value < REGS_IN_FORCE or value.year > clock.today().year + 30:
            raise ValidationError("Enter the expected transfer date.")


class ReviewIn(Strict):
    child_id = Id(required=True)
    opened_on = fields.Date(metadata={"description": "default today"})
    phase_transfer = fields.Nested(PhaseTransferIn, allow_none=True)


class EventIn(Strict):
    type = fields.String(required=True, validate=validate.Length(min=1, max=40))
    occurred_on = fields.Date(required=True, metadata={"description": "the date it happened (not the date of typing)"})
    version = fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID)
    )
    reason = fields.String(validate=validate.Length(max=2000))
    note = fields.String(validate=validate.Length(max=5000))
    deadline_keys = fields.List(fields.String(), validate=validate.Length(min=1))
    named_setting = fields.String(validate=validate.Length(max=200))
    notice_sent_on = fields.Date()
    meeting_on = fields.Date(metadata={"description": "meeting_arranged: the date of the review meeting"})
    short_notice_reason = fields.String(validate=validate.Length(max=2000))
    child_views = fields.Nested(ViewIn)
    parent_views = fields.Nested(ViewIn)
    preparing_for_adulthood_considered = fields.Boolean()
    phase_transfer = fields.Nested(PhaseTransferIn, metadata={"description": "phase_transfer_recorded"})

    @validates("meeting_on")
    def _meeting(self, value, data_key: str) -> None:
        if value < REGS_IN_FORCE or value.year > clock.today().year + 2:
            raise ValidationError("Enter the date of the meeting.")


class DeadlineOut(Schema):
    key = fields.String()
    rule = fields.String()
    kind = fields.String()
    due_on = fields.Date()
    practical_due_on = fields.Date()
    met_on = fields.Date()
    status = fields.String()
    exception_applies = fields.Boolean()
    regulation = fields.String()


class ActorOut(Schema):
    kind = fields.String()
    id = fields.Integer()


class EventOut(Schema):
    id = fields.Integer()
    type = fields.String()
    occurred_on = fields.Date()
    recorded_at = fields.AwareDateTime()
    actor = fields.Nested(ActorOut)
    from_state = fields.String()
    to_state = fields.String()
    details = fields.Dict()


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


class ProviderOut(Schema):
    id = fields.Integer()
    name = fields.String()
    advice_type = fields.String()
    email = fields.String()
    escalation_name = fields.String()
    escalation_email = fields.String()
    statutory_basis = fields.Boolean()


class AdviceRequestIn(Strict):
    advice_type = fields.String(required=True, validate=validate.OneOf(ADVICE_TYPES))
    provider_id = Id(required=True)
    requested_on = fields.Date(required=True)
    provider_received_on = fields.Date(
        metadata={"description": "when the provider received it, if not the day it was sent"}
    )
    question = fields.String(validate=validate.Length(max=5000))
    version = fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID)
    )


class AdviceReceivedIn(Strict):
    received_on = fields.Date(required=True)


class ChaseOut(Schema):
    kind = fields.String(metadata={"description": "reminder | chase | escalation"})
    number = fields.Integer()
    recipient_kind = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime()


class AdviceOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    advice_type = fields.String()
    provider = fields.Nested(ProviderOut)
    requested_on = fields.Date()
    provider_received_on = fields.Date()
    due_on = fields.Date()
    practical_due_on = fields.Date()
    basis = fields.String()
    received_on = fields.Date()
    status = fields.String()
    next_chase_on = fields.Date()
    exception = fields.Dict(allow_none=True)
    reuse = fields.Dict(allow_none=True)
    advice_text = fields.String()
    documents = fields.List(fields.Dict())
    chases = fields.List(fields.Nested(ChaseOut))


class ExceptionOut(Schema):
    id = fields.Integer()
    reason = fields.String()
    deadline_keys = fields.List(fields.String())
    note = fields.String()
    recorded_by = fields.Integer()
    recorded_at = fields.AwareDateTime()


class OfficerOut(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()


class CaseOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    version = fields.Integer()
    child = fields.Nested(Ref)
    officer = fields.Nested(OfficerOut, allow_none=True)
    opened_on = fields.Date()
    closed_on = fields.Date()
    request_source = fields.String()
    allowed_events = fields.List(fields.String())
    deadlines = fields.List(fields.Nested(DeadlineOut))
    events = fields.List(fields.Nested(EventOut))
    advice_requests = fields.List(fields.Nested(AdviceOut))
    exceptions = fields.List(fields.Nested(ExceptionOut))


class CaseSummaryOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    version = fields.Integer()
    child = fields.Nested(Ref)
    officer = fields.Nested(OfficerOut, allow_none=True)
    opened_on = fields.Date()
    closed_on = fields.Date()


class CaseQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    child_id = QueryId()
    officer_id = QueryId()
    state = fields.String(validate=validate.Length(max=30))
    kind = fields.String(validate=validate.OneOf(("assessment", "review")))
    open = fields.Boolean()


class QueueQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    officer_id = QueryId()


class NextDeadline(Schema):
    key = fields.String()
    due_on = fields.Date()
    practical_due_on = fields.Date()
    days_remaining = fields.Integer()
    status = fields.String()


class QueueItem(Schema):
    case = fields.Nested(CaseRef)
    child = fields.Nested(Ref)
    next_deadline = fields.Nested(NextDeadline, allow_none=True)
    overdue_advice = fields.Integer()


class ReassignIn(Strict):
    officer_id = Id(required=True)
    move_siblings = fields.Boolean(load_default=False, metadata={"description": "also move the siblings' open cases"})
    reason = fields.String(validate=validate.Length(max=2000))
    version = fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID)
    )


class ReassignOut(Schema):
    case = fields.Nested(lambda: CaseSummaryOut())
    moved_case_ids = fields.List(fields.Integer())
    sibling_cases = fields.List(
        fields.Nested(SiblingCaseOut),
        metadata={"description": "the siblings' open cases still with other officers (offer: move them too)"},
    )


class LinkIn(Strict):
    other_child_id = Id(required=True)
    kind = fields.String(load_default="link", validate=validate.OneOf(("link", "unlink")))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CaseloadOut(Schema):
    officer = fields.Nested(OfficerOut)
    team = fields.String()
    role = fields.String()
    available = fields.Boolean()
    open_cases = fields.Integer()
    capacity = fields.Integer()
    load = fields.Float(metadata={"description": "open cases / capacity"})


class StaffUpdateIn(Strict):
    available = fields.Boolean()
    capacity = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000))
    team = fields.String(allow_none=True, validate=validate.Length(max=100))


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


class NotificationOut(Schema):
    id = fields.Integer()
    recipient = fields.String()
    recipient_kind = fields.String()
    channel = fields.String()
    template = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime()
