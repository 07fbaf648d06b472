"""What every schema shares: strict input (unknown fields and NUL characters refused, naming the
field), ids, and the small output shapes many responses nest."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, pre_load, validate

from casework.workflow import families

UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
CHANNELS = ("email", "sms", "letter")
MAX_ID = 2**31 - 1
# The SEND Regulations 2014 came into force on 1 September 2014: no EHC clock starts before it.
REGS_IN_FORCE = dt.date(2014, 9, 1)
Id = partial(fields.Integer, strict=True, validate=validate.Range(min=1, max=MAX_ID, error="Not a valid id."))
QueryId = partial(fields.Integer, validate=validate.Range(min=1, max=MAX_ID, error="Not a valid id."))  # from strings
Version = partial(
    fields.Integer, strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID)
)
RELATIONSHIPS = ("parent", "carer", "young_person", "social_worker", "other")
REQUEST_SOURCES = ("parent", "young_person", "school", "health", "social_care", "other")


def normalise_phone(value: str) -> str:
    """E.164 (see workflow.families.normalise_phone), as a marshmallow validation error."""
    try:
        return families.normalise_phone(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def one_line(value: str) -> None:
    """A name or a single line of text: no line breaks, tabs or other control characters (they
    would break the messages and letters that carry it)."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise ValidationError("Remove the line break or other control character.")
    if not value.strip():
        raise ValidationError("Enter some text, not only spaces.")


def nhs_number_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _no_nul(data: Any) -> dict[str, list[str]]:
    bad = {}
    if isinstance(data, Mapping):  # a JSON body, or the query string (webargs' MultiDictProxy)
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


class Query(Schema):
    """Query-string schemas: parameters they do not name are ignored (pagination's, for one); NUL
    characters are refused, naming the parameter (PostgreSQL cannot store or compare them: a 500)."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _refuse_nul(self, data: Any, **_: object) -> Any:
        bad = _no_nul(data)
        if bad:
            raise ValidationError(bad)
        return data


class Ref(Schema):
    id = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()


class CaseRef(Schema):
    id = fields.Integer()
    kind = fields.String()
    state = fields.String()


class OfficerOut(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()


class ActorOut(Schema):
    kind = fields.String()
    id = fields.Integer(allow_none=True)
