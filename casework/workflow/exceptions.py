"""Exceptions recorded against a case's deadlines (statutory.md Decision 8, section 9.2): the
reasons the law allows for each rule are checked; the exception never moves a date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert

from casework import clock
from casework.models import CaseException
from casework.workflow import statutory as law
from casework.workflow.context import Actor, jsonable
from casework.workflow.errors import Conflict, InvalidInput

EXCEPTION_REASONS = (
    "school_closure",
    "exceptional_personal_circumstances",
    "absent_from_area",
    "missed_appointment",
    "exceptional_circumstances",
)


def record_exception(
    conn: Any, row: Any, allowed: Mapping[str, str], event_id: int, details: Mapping[str, Any], actor: Actor
) -> set[str]:
    """Decision 8: an exception marks deadlines 'exception applies' and never moves a date. `allowed`
    is the kind's deadlines an exception may be recorded against, with their rule. Returns the keys."""
    reason = details.get("reason")
    keys = details.get("deadline_keys")
    if reason not in EXCEPTION_REASONS:
        raise InvalidInput({"reason": [f"Choose one of: {', '.join(EXCEPTION_REASONS)}."]})
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise InvalidInput({"deadline_keys": ['Give the deadlines the exception applies to, e.g. ["final_plan"].']})
    if not str(details.get("note") or "").strip():
        raise InvalidInput({"note": ["Say why the time limit could not be met because of this reason."]})
    for key in keys:
        rule = allowed.get(key)
        if rule is None:
            raise InvalidInput(
                {
                    "deadline_keys": [
                        f"No exception can be recorded against '{key}'. Exceptions apply to: {', '.join(allowed)}."
                    ]
                }
            )
        if reason not in law.EXCEPTION_REASONS.get(rule, set()):
            lawful = ", ".join(sorted(law.EXCEPTION_REASONS.get(rule, set()))) or "none"
            raise Conflict(
                f"'{reason}' is not an exception the law allows for {key} "
                f"({law.RULES[rule].citation}). Allowed: {lawful}."
            )
    extra = {k: v for k, v in details.items() if k not in ("reason", "deadline_keys", "note")}
    conn.execute(
        insert(CaseException.__table__).values(
            case_id=row.id,
            event_id=event_id,
            reason=reason,
            deadline_keys={"keys": keys},
            note=str(details["note"]),
            details=jsonable(extra),
            recorded_by=actor.id if actor.kind == "staff" else None,
            recorded_at=clock.now(),
        )
    )
    return set(keys)
