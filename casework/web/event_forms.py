"""The case page's forms for recording events, derived from each event's `Step` (its date label,
fields and who may record it): no second catalogue of events lives in the views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from casework.web.forms import FormErrors, read_date
from casework.workflow.machine import Field, Step
from casework.workflow.voice import VIEW_HOW_LABELS

VIEW_HOW = tuple(VIEW_HOW_LABELS.items())


def inline_steps(steps: list[Step]) -> list[Step]:
    """The events recorded with the case page's generic form."""
    return [s for s in steps if s.form == "inline"]


def read_event(form: Mapping[str, str], step: Step, errors: FormErrors) -> tuple[dt.date | None, dict[str, Any]]:
    """The date it happened and the step's fields, from `<event>-<field>` inputs."""
    ev = step.trigger
    occurred_on = read_date(form, f"{ev}-occurred_on", step.date_label.lower(), errors)
    details: dict[str, Any] = {}
    for f in step.fields:
        value = _read_field(form, ev, f, errors)
        if value is not None:
            details[f.name] = value
    return occurred_on, details


def _read_field(form: Mapping[str, str], ev: str, f: Field, errors: FormErrors) -> Any:
    fid = f"{ev}-{f.name}"
    if f.kind == "date":
        return read_date(form, fid, f.label.lower(), errors, required=f.required)
    if f.kind in ("text", "textarea"):
        text = form.get(fid, "").strip()
        if f.required and not text:
            errors.add(fid, f"Enter the {f.label.lower()}")
        return text[: f.max_length] or None
    if f.kind == "confirm":
        return True if form.get(fid) == "yes" else None
    if f.kind == "choice":
        value = form.get(fid, "")
        if value not in {v for v, _ in f.choices}:
            if f.required or value:
                errors.add(fid, f"Choose the {f.label.lower()}")
            return None
        return value
    if f.kind == "number":
        text = form.get(fid, "").strip()
        if not text.isdigit() or not 0 < int(text) < 2_000_000_000:
            if f.required or text:
                errors.add(fid, f"Enter the {f.label.lower()} as a whole number")
            return None
        return int(text)
    if f.kind == "views":
        how = form.get(f"{fid}-how", "")
        if not how:
            return None
        view = {"how": how}
        for part in ("given_by", "reason"):
            text = form.get(f"{fid}-{part}", "").strip()
            if text:
                view[part] = text[:2000]
        return view
    if f.kind == "lines":  # one item on each line
        lines = [line.strip() for line in form.get(fid, "").splitlines() if line.strip()]
        return lines or None
    if f.kind == "followups":  # `<fid>-<n>`: what happened to the last review's action n
        prefix = f"{fid}-"
        chosen = [
            {"action": int(key[len(prefix) :]), "outcome": value}
            for key, value in form.items()
            if key.startswith(prefix) and key[len(prefix) :].isdigit() and value
        ]
        return sorted(chosen, key=lambda c: c["action"]) or None
    return None  # keys, phase_transfer: recorded through their own forms


def error_field(ev: str, name: str, step: Step | None) -> str:
    """The input an engine error about `name` belongs to (dates point at their day box)."""
    if name == "occurred_on":
        return f"{ev}-occurred_on-day"
    kind = next((f.kind for f in (step.fields if step else ()) if f.name == name), None)
    if kind == "date":
        return f"{ev}-{name}-day"
    if kind == "views":
        return f"{ev}-{name}-how"
    return f"{ev}-{name}"
