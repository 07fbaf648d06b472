"""GOV.UK Notify's delivery receipts (its callbacks), as Notify sends them."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from casework.api.schemas.common import _no_nul

__all__ = ["NotifyReceiptIn", "NotifyReceiptOut"]


class NotifyReceiptIn(Schema):
    """The body of Notify's delivery receipt callback. Fields Notify may add later are ignored."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True, validate=validate.Length(min=1, max=36), metadata={"description": "Notify's id"})
    reference = fields.String(
        allow_none=True, validate=validate.Length(max=200), metadata={"description": "the reference we sent"}
    )
    to = fields.String(allow_none=True, validate=validate.Length(max=1000), metadata={"description": "not stored"})
    status = fields.String(required=True, validate=validate.Length(min=1, max=40))
    created_at = fields.AwareDateTime(allow_none=True)
    completed_at = fields.AwareDateTime(allow_none=True)
    sent_at = fields.AwareDateTime(allow_none=True)
    notification_type = fields.String(allow_none=True, validate=validate.Length(max=20))

    @pre_load
    def _refuse_nul(self, data, **_: object):
        from marshmallow import ValidationError

        bad = _no_nul(data)
        if bad:
            raise ValidationError(bad)
        return data


class NotifyReceiptOut(Schema):
    result = fields.String(
        metadata={"description": "recorded | unknown (no message has that reference) | superseded | older"}
    )
