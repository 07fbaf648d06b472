"""Small helpers for GOV.UK-style forms: dates from day/month/year fields, and error lists
in the shape the error summary and the field macros expect."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any


class FormErrors:
    def __init__(self) -> None:
        self.by_field: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def summary(self) -> list[dict[str, str]]:
        return [{"text": m, "href": f"#{f}"} for f, m in self.by_field.items()]

    def message(self, field: str) -> dict[str, str] | None:
        return {"text": self.by_field[field]} if field in self.by_field else None


def read_date(
    form: Mapping[str, str], name: str, label: str, errors: FormErrors, *, required: bool = True
) -> dt.date | None:
    """A date from GOV.UK date input fields <name>-day, <name>-month, <name>-year."""
    parts = [form.get(f"{name}-{p}", "").strip() for p in ("day", "month", "year")]
    if not any(parts):
        if required:
            errors.add(f"{name}-day", f"Enter {label}")
        return None
    if not all(parts):
        missing = [p for p, v in zip(("day", "month", "year"), parts, strict=True) if not v]
        errors.add(f"{name}-{missing[0]}", f"{label[0].upper() + label[1:]} must include a {missing[0]}")
        return None
    try:
        day, month, year = (int(p) for p in parts)
        if year < 1000:
            raise ValueError
        return dt.date(year, month, day)
    except ValueError:
        errors.add(f"{name}-day", f"{label[0].upper() + label[1:]} must be a real date")
        return None


_EMAIL = re.compile(r"^[^@\s,;<>()\[\]\\\"]+@[^@\s,;<>()\[\]\\\"]+\.[^@\s,;<>()\[\]\\\".]{2,}$")


def valid_email(value: str) -> bool:
    """One plain email address (not a list, not a name with an address, no spaces or line breaks)."""
    return len(value) <= 254 and bool(_EMAIL.fullmatch(value))


def has_control_characters(value: str) -> bool:
    """Line breaks, tabs, NUL and other control characters: never right in a name or a single line."""
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value)


def date_items(
    value: dt.date | None, name: str, has_error: bool, raw: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """The day, month and year inputs of a date field. After an error the form shows exactly what
    was typed (`raw`: the submitted form), never a date put in its place."""
    cls = " govuk-input--error" if has_error else ""
    if raw is not None:
        parts = {p: raw.get(f"{name}-{p}", "") for p in ("day", "month", "year")}
    else:
        parts = {
            "day": value.day if value else "",
            "month": value.month if value else "",
            "year": value.year if value else "",
        }
    return [
        {"name": "day", "classes": "govuk-input--width-2" + cls, "value": parts["day"]},
        {"name": "month", "classes": "govuk-input--width-2" + cls, "value": parts["month"]},
        {"name": "year", "classes": "govuk-input--width-4" + cls, "value": parts["year"]},
    ]


def long_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day} {d:%B %Y}"


def weekday_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d:%A} {d.day} {d:%B %Y}"


def local_time(ts: dt.datetime | None) -> str:
    """A timestamp as people in England read it: "3 March 2026, 14:05"."""
    if ts is None:
        return ""
    from casework.clock import LONDON

    local = ts.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"
