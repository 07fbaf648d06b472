"""Managers' changes to a staff member: capacity, availability, team and direct phone line. Checked
here for the pages and the API alike, and audited (ids and the changes, no contact details)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from casework.models import Staff
from casework.workflow.errors import InvalidInput, NotFound
from casework.workflow.families import audit, normalise_phone

MIN_CAPACITY, MAX_CAPACITY = 1, 1000


def update_staff(session: Session, staff_id: int, changes: dict[str, Any], *, actor: Any) -> Staff:
    member = session.get(Staff, staff_id)
    if member is None:
        raise NotFound("There is no such staff member.")
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if "capacity" in changes:
        value = changes["capacity"]
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_CAPACITY <= value <= MAX_CAPACITY:
            errors["capacity"] = [f"Enter the number of cases they can hold, from {MIN_CAPACITY} to {MAX_CAPACITY:,}"]
        else:
            clean["capacity"] = value
    if "available" in changes:
        clean["available"] = bool(changes["available"])
    if "team" in changes:
        team = " ".join(str(changes["team"] or "").split())
        if len(team) > 100:
            errors["team"] = ["Enter the team in 100 characters or fewer"]
        clean["team"] = team or None
    if "phone" in changes:
        phone = str(changes["phone"] or "").strip()
        if len(phone) > 32:
            errors["phone"] = ["Enter a phone number, like 01905 765432"]
        elif phone:
            try:
                normalise_phone(phone)
            except ValueError:
                errors["phone"] = ["Enter a phone number, like 01905 765432"]
        clean["phone"] = phone or None
    if errors:
        raise InvalidInput(errors)
    changed = {k: v for k, v in clean.items() if getattr(member, k) != v}
    for key, value in changed.items():
        setattr(member, key, value)
    session.flush()
    if changed:
        shown = {k: v for k, v in changed.items() if k != "phone"} | (
            {"phone": "changed"} if "phone" in changed else {}
        )
        audit(session.connection(), actor, "staff_updated", "staff", staff_id, **shown)
    return member
