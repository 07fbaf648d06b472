"""What officers keep on a case besides its events: notes of calls, meetings and letters (dated, by
whom; never changed or deleted), and the child's school and unique pupil number. Each write is
audited (ids and what changed, never the content)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, CaseNote, Child
from casework.words import long_date
from casework.workflow import sen2_data
from casework.workflow.errors import InvalidInput, NotFound
from casework.workflow.families import audit

NOTE_KINDS = ("call", "meeting", "email", "letter", "other")
MAX_NOTE = 10_000


def add_note(
    session: Session,
    case_id: int,
    *,
    kind: str,
    occurred_on: dt.date,
    text: str,
    actor: Any,
    today: dt.date | None = None,
) -> CaseNote:
    today = today or clock.today()
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("There is no such case.")
    errors: dict[str, list[str]] = {}
    if kind not in NOTE_KINDS:
        errors["kind"] = ["Choose what the note is about: a call, a meeting, an email, a letter or something else"]
    if occurred_on > today:
        errors["occurred_on"] = [f"{long_date(occurred_on)} is in the future (today is {long_date(today)})"]
    if not text.strip():
        errors["text"] = ["Write the note"]
    elif len(text) > MAX_NOTE:
        errors["text"] = [f"Write the note in {MAX_NOTE:,} characters or fewer"]
    if errors:
        raise InvalidInput(errors)
    note = CaseNote(case_id=case_id, kind=kind, occurred_on=occurred_on, text=text.strip(), staff_id=actor.id)
    session.add(note)
    session.flush()
    audit(session.connection(), actor, "case_note_added", "case", case_id, note_id=note.id)
    return note


def update_child(
    session: Session, child_id: int, *, school: str, upn: str, actor: Any, sen2: Mapping[str, Any] | None = None
) -> Child:
    """The child's school or setting and UPN (13 characters: the check letter, 11 digits, a digit or
    letter; the check letter is checked), and with ``sen2`` what the SEN2 return needs
    (``sen2_data.update_child``): every field's error at once, nothing written while any is wrong."""
    child = session.get(Child, child_id)
    if child is None:
        raise NotFound("There is no such child.")
    school = " ".join(school.split())
    errors: dict[str, list[str]] = {}
    if len(school) > 200:
        errors["school"] = ["Enter the school or setting in 200 characters or fewer"]
    if sen2 is None:
        checked_upn, problem = sen2_data.check_upn(upn)
        if problem:
            errors["upn"] = [problem]
    else:
        try:
            checked_upn = sen2_data.check_child({**sen2, "upn": upn})["upn"]
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors)
    upn = checked_upn or ""
    if sen2 is not None:
        sen2_data.update_child(session, child_id, {**sen2, "upn": upn}, actor=actor)
    changed = [k for k, v in (("school", school or None), ("upn", upn or None)) if getattr(child, k) != v]
    child.school, child.upn = school or None, upn or None
    session.flush()
    if changed:
        audit(session.connection(), actor, "child_changed", "child", child_id, changed=changed)
    return child
