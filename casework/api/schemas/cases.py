"""Cases (assessments, reviews and every other kind), their events, deadlines and queues."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from casework import clock
from casework.api.schemas.advice import AdviceOut, RequiredAdviceOut
from casework.api.schemas.common import (
    REGS_IN_FORCE,
    REQUEST_SOURCES,
    ActorOut,
    CaseRef,
    Id,
    OfficerOut,
    Query,
    QueryId,
    Ref,
    Strict,
    Version,
)
from casework.notifications import receipts
from casework.workflow import voice
from casework.workflow.kinds import KINDS
from casework.workflow.machine import Field


class AssessmentIn(Strict):
    child_id = Id(required=True)
    received_on = fields.Date()
    received_at = fields.AwareDateTime(metadata={"description": "raw timestamp of receipt, with offset"})
    request_source = fields.String(load_default="parent", validate=validate.OneOf(REQUEST_SOURCES))
    rya = fields.Boolean(
        allow_none=True, metadata={"description": "SEN2 RYA: made while in relevant youth accommodation"}
    )

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


class FollowUpIn(Strict):
    action = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=voice.MAX_ACTIONS),
        metadata={"description": "the action's number in the last review's list"},
    )
    outcome = fields.String(required=True, validate=validate.OneOf(tuple(voice.FOLLOW_UP_LABELS)))


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


def _date_field(f: Field) -> fields.Field:
    years = f.max_years_ahead if f.max_years_ahead is not None else 30

    def in_range(value: dt.date) -> None:
        if value < REGS_IN_FORCE or value.year > clock.today().year + years:
            raise ValidationError(f"Enter the {f.label[0].lower() + f.label[1:]}.")

    return fields.Date(validate=in_range)


def _event_field(f: Field, length: int, label: str) -> fields.Field:
    meta = {"metadata": {"description": label}}
    if f.kind in ("text", "textarea"):
        return fields.String(validate=validate.Length(max=length), **meta)
    if f.kind == "date":
        field = _date_field(f)
        field.metadata = meta["metadata"]
        return field
    if f.kind == "views":
        return fields.Nested(ViewIn, **meta)
    if f.kind == "confirm":
        return fields.Boolean(**meta)
    if f.kind == "lines":
        item = fields.String(validate=validate.Length(min=1, max=voice.ACTION_LENGTH))
        return fields.List(item, validate=validate.Length(max=voice.MAX_ACTIONS), **meta)
    if f.kind == "followups":
        return fields.List(fields.Nested(FollowUpIn), validate=validate.Length(max=voice.MAX_ACTIONS), **meta)
    if f.kind == "phase_transfer":
        return fields.Nested(PhaseTransferIn, **meta)
    if f.kind == "keys":
        return fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(min=1), **meta)
    if f.kind == "number":
        return fields.Integer(strict=True, validate=validate.Range(min=1, max=2_000_000_000), **meta)
    if f.kind == "choice":
        return fields.String(validate=validate.OneOf([v for v, _ in f.choices]), **meta)
    raise ValueError(f"no API field for a {f.kind!r} form field")  # a new kind of field needs one here


def event_fields() -> dict[str, fields.Field]:
    """Every field any event of any kind of case takes (from the steps), for the event body."""
    seen: dict[str, tuple[Field, int, list[str]]] = {}
    for kind in KINDS.values():
        for step in kind.machine.steps:
            for f in step.fields:
                first, length, uses = seen.get(f.name, (f, 0, []))
                uses.append(f"{kind.name}.{step.trigger}: {f.label}")
                seen[f.name] = (first, max(length, f.max_length), uses)
    return {name: _event_field(f, length, "; ".join(dict.fromkeys(uses))) for name, (f, length, uses) in seen.items()}


EventIn = Strict.from_dict(
    {
        "type": fields.String(required=True, validate=validate.Length(min=1, max=40)),
        "occurred_on": fields.Date(
            required=True, metadata={"description": "the date it happened (not the date of typing)"}
        ),
        "version": Version(),
        **event_fields(),
    },
    name="EventIn",
)


class WorkingOut(Schema):
    """How a deadline's date was worked out (statutory.md 2.3), for people to read."""

    start_on = fields.Date(metadata={"description": "the date the clock started"})
    starts_with = fields.String(metadata={"description": "what the start date is, e.g. 'the request was received'"})
    rule = fields.String(metadata={"description": "the period in a few words, e.g. '6 weeks after'"})
    regulation = fields.String(metadata={"description": "the legal source"})
    adjustments = fields.List(
        fields.String(),
        metadata={"description": "each date that moved: a Tribunal adjustment, or the practical date and why"},
    )
    exceptions = fields.List(
        fields.String(), metadata={"description": "exceptions recorded against it (no date moves, Decision 8)"}
    )
    rule_id = fields.String(metadata={"description": "e.g. A7"})
    title = fields.String(metadata={"description": "the rule's title"})
    due_on = fields.Date()
    practical_due_on = fields.Date()
    arithmetic = fields.String(metadata={"description": "the counting, e.g. '20 weeks after Monday 5 January ...'"})
    notes = fields.List(
        fields.String(), metadata={"description": "e.g. 'may be extended' while a certificate is possible"}
    )
    text = fields.String(metadata={"description": "the whole working for staff, as one paragraph"})
    family_text = fields.String(metadata={"description": "the plain-English version families see (no rule IDs)"})


class DeadlineOut(Schema):
    key = fields.String()
    rule = fields.String(allow_none=True)
    kind = fields.String()
    due_on = fields.Date()
    practical_due_on = fields.Date(allow_none=True)
    met_on = fields.Date(allow_none=True)
    status = fields.String()
    exception_applies = fields.Boolean()
    regulation = fields.String(allow_none=True)
    working = fields.Nested(WorkingOut, allow_none=True, metadata={"description": "how the date was worked out"})


class EventOut(Schema):
    id = fields.Integer()
    type = fields.String()
    occurred_on = fields.Date()
    recorded_at = fields.AwareDateTime()
    actor = fields.Nested(ActorOut)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    details = fields.Dict()


class ExceptionOut(Schema):
    id = fields.Integer()
    reason = fields.String()
    deadline_keys = fields.List(fields.String())
    note = fields.String(allow_none=True)
    recorded_by = fields.Integer(allow_none=True)
    recorded_at = fields.AwareDateTime()


class CaseOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    version = fields.Integer()
    child = fields.Nested(Ref)
    officer = fields.Nested(OfficerOut, allow_none=True)
    opened_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    request_source = fields.String(allow_none=True)
    rya = fields.Boolean(allow_none=True)
    origin_case_id = fields.Integer(
        allow_none=True, metadata={"description": "the case this one arose from (a decision appealed, a dispute)"}
    )
    origin_event_id = fields.Integer(allow_none=True, metadata={"description": "the event of that case"})
    allowed_events = fields.List(fields.String())
    deadlines = fields.List(fields.Nested(DeadlineOut))
    events = fields.List(fields.Nested(EventOut))
    advice_requests = fields.List(fields.Nested(AdviceOut))
    exceptions = fields.List(fields.Nested(ExceptionOut))
    required_advice = fields.List(
        fields.Nested(RequiredAdviceOut),
        metadata={"description": "the advice reg 6(1) requires and where each stands (empty for kinds without advice)"},
    )


class CaseSummaryOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    version = fields.Integer()
    child = fields.Nested(Ref)
    officer = fields.Nested(OfficerOut, allow_none=True)
    opened_on = fields.Date()
    closed_on = fields.Date(allow_none=True)


class CaseQuery(Query):
    child_id = QueryId()
    officer_id = QueryId()
    state = fields.String(validate=validate.Length(max=30))
    kind = fields.String(validate=validate.OneOf(tuple(KINDS)))
    open = fields.Boolean()


class QueueQuery(Query):
    officer_id = QueryId()
    focus = fields.String(
        validate=validate.OneOf(("overdue", "soon", "advice")),
        metadata={"description": "overdue: a duty or advice past its date; soon: a duty due within 7 days; "
                  "advice: advice past its date"},
    )  # fmt: skip


class NextDeadline(Schema):
    key = fields.String(allow_none=True)
    due_on = fields.Date()
    practical_due_on = fields.Date()
    days_remaining = fields.Integer()
    status = fields.String()


class UndeliveredOut(Schema):
    """A family message that did not arrive: it could not be sent, or GOV.UK Notify reported it
    was not delivered."""

    id = fields.Integer()
    event_type = fields.String(allow_none=True, metadata={"description": "the event it told the family about"})
    template = fields.String()
    channel = fields.String()
    status = fields.String()
    delivery_status = fields.String(allow_none=True)
    delivery_status_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()


class QueueItem(Schema):
    case = fields.Nested(CaseRef)
    child = fields.Nested(Ref)
    next_deadline = fields.Nested(NextDeadline, allow_none=True)
    overdue_advice = fields.Integer()
    undelivered_family_messages = fields.List(
        fields.Nested(UndeliveredOut),
        metadata={"description": "family messages of the case that did not arrive, so the officer can act"},
    )


class NotificationOut(Schema):
    id = fields.Integer()
    recipient = fields.String()
    recipient_kind = fields.String()
    channel = fields.String()
    template = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    reference = fields.String(allow_none=True, metadata={"description": "the reference the message carried"})
    notify_id = fields.String(allow_none=True, metadata={"description": "GOV.UK Notify's id for it"})
    delivery_status = fields.String(
        allow_none=True,
        metadata={
            "description": "GOV.UK Notify's final status: delivered, permanent-failure, temporary-failure, "
            "technical-failure (null until a receipt arrives, and for other channels)"
        },
    )
    delivery_status_at = fields.AwareDateTime(allow_none=True)
    undelivered = fields.Function(
        lambda row: receipts.is_undelivered(row),
        metadata={"description": "true when it could not be sent or Notify reported it was not delivered"},
    )


class CorrectionIn(Strict):
    event_id = Id(required=True, metadata={"description": "the event whose date was recorded by mistake"})
    occurred_on = fields.Date(required=True, metadata={"description": "the right date"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    version = Version()
