"""Closure calendars (statutory.md 9.3): schools, post-16 institutions and early years settings, and the
dates each is closed (`closed_from`, the first day closed; `reopens_on`, the first day back). Recorded one
by one or imported from CSV, validated row by row (nothing is imported while any row is wrong); the
school_closure exception is checked against them (`workflow/exceptions.py`). Changes are audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Closure, EducationSetting
from casework.models.closures import SETTING_KINDS
from casework.workflow import statutory as law
from casework.workflow.audit import audit
from casework.workflow.context import Actor
from casework.workflow.errors import Conflict, InvalidInput, NotFound

CSV_COLUMNS = ("setting", "kind", "closed_from", "reopens_on")  # required; "urn" and "note" optional
MAX_ROWS = 5000
EARLIEST, LATEST = dt.date(2014, 1, 1), dt.date(2100, 12, 31)  # closures that can matter to the SEND Regs 2014


def add_setting(session: Session, *, name: str, kind: str, urn: str | None = None, actor: Actor) -> EducationSetting:
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InvalidInput({"name": ["Enter the setting's name (up to 200 characters)."]})
    if kind not in SETTING_KINDS:
        raise InvalidInput({"kind": [f"Choose one of: {', '.join(SETTING_KINDS)}."]})
    if session.execute(select(EducationSetting.id).where(EducationSetting.name == name)).first():
        raise Conflict(f"There is already a setting called {name}.")
    setting = EducationSetting(name=name, kind=kind, urn=(urn or "").strip()[:20] or None)
    session.add(setting)
    session.flush()
    audit(session.connection(), actor, "setting_added", "education_setting", setting.id, kind=kind)
    return setting


def add_closure(
    session: Session, setting_id: int, *, closed_from: dt.date, reopens_on: dt.date, note: str | None = None,
    actor: Actor,
) -> Closure:  # fmt: skip
    setting = session.get(EducationSetting, setting_id)
    if setting is None:
        raise NotFound(f"There is no education setting {setting_id}.")
    if reopens_on <= closed_from:
        raise InvalidInput({"reopens_on": ["The first day back is after the first day closed."]})
    if not (closed_from >= EARLIEST and reopens_on <= LATEST):
        raise InvalidInput({"closed_from": [f"Give dates from {EARLIEST.year} to {LATEST.year}."]})
    clash = session.execute(
        select(Closure.id).where(Closure.setting_id == setting_id, Closure.closed_from == closed_from)
    ).first()
    if clash:
        raise Conflict(f"{setting.name} already has a closure from {closed_from:%-d %b %Y}.")
    closure = Closure(setting_id=setting_id, closed_from=closed_from, reopens_on=reopens_on,
                      note=(note or "").strip()[:200] or None)  # fmt: skip
    session.add(closure)
    session.flush()
    audit(session.connection(), actor, "closure_added", "education_setting", setting_id, closure_id=closure.id)
    return closure


def describe(closure: Any) -> dict[str, Any]:
    """A closure as people read it: whether it qualifies (9.3(2)) and its window (9.3(3))."""
    qualifies = law.closure_qualifies(closure.closed_from, closure.reopens_on)
    start, end = law.closure_window(closure.closed_from, closure.reopens_on)
    return {"id": closure.id, "closed_from": closure.closed_from, "reopens_on": closure.reopens_on,
            "note": closure.note, "days": (closure.reopens_on - closure.closed_from).days, "qualifies": qualifies,
            "window_from": start if qualifies else None, "window_to": end if qualifies else None}  # fmt: skip


@dataclass
class ImportResult:
    settings_added: int = 0
    closures_added: int = 0
    already_recorded: int = 0
    errors: list[str] = field(default_factory=list)


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if EARLIEST <= day <= LATEST else None
    return None


def import_csv(session: Session, text: str, *, actor: Actor) -> ImportResult:
    """Import closures from CSV (`setting,kind,closed_from,reopens_on[,urn,note]`; dates as YYYY-MM-DD or
    DD/MM/YYYY). Every row is checked first, each error naming its row (row 1 is the header); with any
    error nothing is imported. A closure already recorded the same is counted, not doubled."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        result.errors.append(f"row 1: the header needs the columns {', '.join(CSV_COLUMNS)} (missing: "
                             f"{', '.join(missing)})")  # fmt: skip
        return result
    reader.fieldnames = header
    settings = {s.name: s for s in session.execute(select(EducationSetting)).scalars()}
    existing = {(c.setting_id, c.closed_from): c.reopens_on for c in session.execute(select(Closure)).scalars()}
    rows: list[tuple[str, str, str | None, dt.date, dt.date, str | None]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            result.errors.append(f"row {number}: at most {MAX_ROWS} rows can be imported at once")
            break
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        name, kind = " ".join(row.get("setting", "").split()), row.get("kind", "").lower()
        start, back = _date(row.get("closed_from", "")), _date(row.get("reopens_on", ""))
        problems = []
        if not name or len(name) > 200:
            problems.append("the setting's name is missing or longer than 200 characters")
        if kind not in SETTING_KINDS:
            problems.append(f"kind '{row.get('kind', '')}' is not one of {', '.join(SETTING_KINDS)}")
        elif name in settings and settings[name].kind != kind:
            problems.append(f"{name} is recorded as {settings[name].kind}, not {kind}")
        if start is None:
            problems.append(f"closed_from '{row.get('closed_from', '')}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        if back is None:
            problems.append(f"reopens_on '{row.get('reopens_on', '')}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        if start and back and back <= start:
            problems.append(f"reopens_on {back.isoformat()} is not after closed_from {start.isoformat()}")
        if start and name:
            if (name, start) in seen:
                problems.append(f"repeats row {seen[(name, start)]} (the same setting and closed_from)")
            seen[(name, start)] = number
            known = settings.get(name)
            if back and known is not None and existing.get((known.id, start), back) != back:
                problems.append(f"{name} already has a closure from {start.isoformat()} re-opening on "
                                f"{existing[(known.id, start)].isoformat()}")  # fmt: skip
        result.errors += [f"row {number}: {p}" for p in problems]
        if not problems:
            rows.append((name, kind, row.get("urn") or None, start, back, row.get("note") or None))
    if result.errors:
        return result
    for name, kind, urn, start, back, note in rows:
        if name not in settings:
            settings[name] = add_setting(session, name=name, kind=kind, urn=urn, actor=actor)
            result.settings_added += 1
        if (settings[name].id, start) in existing:
            result.already_recorded += 1
            continue
        add_closure(session, settings[name].id, closed_from=start, reopens_on=back, note=note, actor=actor)
        existing[(settings[name].id, start)] = back
        result.closures_added += 1
    return result
