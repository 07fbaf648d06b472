"""Small helpers for GOV.UK-style forms: dates from day/month/year fields, and error lists
in the shape the error summary and the field macros expect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from casework import words
from casework.words import has_control_characters, valid_email  # noqa: F401  (the pages' checks)


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
    """One date format everywhere (casework.words): "Monday 5 January 2026"."""
    return words.long_date(d)


weekday_date = long_date  # the same format: kept for templates that still say weekday_date


def local_time(ts: dt.datetime | None) -> str:
    """A timestamp as people in England read it: "3 March 2026, 14:05"."""
    if ts is None:
        return ""
    from casework.clock import LONDON

    local = ts.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"
