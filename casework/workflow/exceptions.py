"""Exceptions recorded against a case's deadlines (statutory.md Decision 8, section 9.2): the
reasons the law allows for each rule are checked, and so are the facts the product can check (an
absence long enough and within the period; an advice request to a closed setting's head inside its
closure window, 9.3); the exception never moves a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, select

from casework import clock
from casework.models import AdviceRequest, CaseException, Closure, EducationSetting, Provider
from casework.workflow import statutory as law
from casework.workflow.context import Actor, jsonable
from casework.workflow.errors import Conflict, InvalidInput

EXCEPTION_REASONS = (
    "school_closure",
    "exceptional_personal_circumstances",
    "absent_from_area",
    "missed_appointment",
    "exceptional_circumstances",
    "late_representations",
)
# reg 44(3): an absence of at least 2 weeks excuses a Tribunal order's limit; elsewhere 4 weeks (9.1)
_ORDER_RULES = frozenset(("E1", "E2", "E2a", "E2b", "E3", "E3a", "E4", "E5", "E6", "E7", "E10"))


def record_exception(
    conn: Any,
    row: Any,
    allowed: Mapping[str, str],
    event_id: int,
    details: Mapping[str, Any],
    actor: Actor,
    specs: Iterable[Any] = (),
) -> set[str]:
    """Decision 8: an exception marks deadlines 'exception applies' and never moves a date. `allowed`
    is the kind's deadlines an exception may be recorded against, with their rule; `specs` the case's
    deadlines as now computed (their periods). Returns the keys."""
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
    periods = {s.key: s for s in specs}
    if reason == "absent_from_area":
        _check_absence(extra, [(k, allowed[k], periods.get(k)) for k in keys])
    elif reason == "school_closure":
        extra.update(_check_closure(conn, row.id, extra.get("advice_request_id")))
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


def _check_absence(details: Mapping[str, Any], deadlines: list[tuple[str, str, Any]]) -> None:
    """9.1(d), reg 44(3): absent from the area for a continuous period of at least 4 weeks (2 weeks for a
    Tribunal order) during the period of the time limit."""
    start, until = details.get("absent_from"), details.get("absent_until")
    if not isinstance(start, dt.date) or not isinstance(until, dt.date):
        raise InvalidInput({"absent_from": ["Give the dates of the absence (absent_from and absent_until)."]})
    if until < start:
        raise InvalidInput({"absent_until": ["The absence cannot end before it starts."]})
    for key, rule, period in deadlines:
        if period is None:
            continue
        need = 14 if rule in _ORDER_RULES else 28
        within = (min(until, period.due_on) - max(start, period.start_on)).days + 1
        if within < need:
            raise Conflict(
                f"For {key} ({law.RULES[rule].citation}) the absence from the area must be a continuous period of "
                f"at least {need // 7} weeks during the period of the time limit ({period.start_on:%-d %b %Y} to "
                f"{period.due_on:%-d %b %Y}); this absence is {max(within, 0)} days within it."
            )


def _check_closure(conn: Any, case_id: int, advice_request_id: Any) -> dict[str, Any]:
    """9.3(4): the exception is available only when the council's advice request to that setting's head,
    principal or provider was made inside a qualifying closure's window. Returns what was checked."""
    if isinstance(advice_request_id, bool) or not isinstance(advice_request_id, int):
        raise InvalidInput(
            {"advice_request_id": ["Give the advice request to the head of the setting that was closed."]}
        )
    advice = conn.execute(
        select(AdviceRequest.case_id, AdviceRequest.requested_on, Provider.name, Provider.setting_id)
        .join(Provider, Provider.id == AdviceRequest.provider_id)
        .where(AdviceRequest.id == advice_request_id)
    ).one_or_none()
    if advice is None or advice.case_id != case_id:
        raise InvalidInput({"advice_request_id": [f"There is no advice request {advice_request_id} on this case."]})
    if advice.setting_id is None:
        raise Conflict(
            f"The school closure exception needs the advice request to have gone to the head of a school, post-16 "
            f"institution or early years setting with a closure calendar; {advice.name} is not linked to one."
        )
    setting = conn.execute(select(EducationSetting.name, EducationSetting.kind).where(
        EducationSetting.id == advice.setting_id)).one()  # fmt: skip
    closures = conn.execute(
        select(Closure.id, Closure.closed_from, Closure.reopens_on)
        .where(Closure.setting_id == advice.setting_id)
        .order_by(Closure.closed_from)
    ).all()
    asked = advice.requested_on
    for c in closures:
        if law.closure_exception_available(asked, c.closed_from, c.reopens_on):
            return {"setting_id": advice.setting_id, "setting_kind": setting.kind, "closure_id": c.id,
                    "advice_requested_on": asked}  # fmt: skip
    why = [_why_not(c, asked) for c in closures] or [f"no closures are recorded for {setting.name}"]
    raise Conflict(
        f"The school closure exception is not available: the advice request to {setting.name} was made on "
        f"{asked:%-d %b %Y}, which is not inside a qualifying closure window (statutory.md 9.3; SEND Regulations "
        f"2014, reg 5(4)(a)-(b), 10(4)(a)-(b)): " + "; ".join(why) + "."
    )


def _why_not(closure: Any, asked: dt.date) -> str:
    closed, back = closure.closed_from, closure.reopens_on
    if not law.closure_qualifies(closed, back):
        return (
            f"the closure from {closed:%-d %b %Y} (re-opening {back:%-d %b %Y}) lasts {(back - closed).days} days, "
            f"less than 4 weeks"
        )
    first, last = law.closure_window(closed, back)
    return (
        f"the closure from {closed:%-d %b %Y} has a window from {first:%-d %b %Y} to {last:%-d %b %Y}, "
        f"and the request was {'before' if asked < first else 'after'} it"
    )
