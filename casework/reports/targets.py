"""Targets and previous-year actuals set by the council, and red/amber/green against them.

A target is per indicator (so the 20-week rate can carry one target on each basis). Green: the
target is met; amber: short of it by no more than the amber margin (in the indicator's own unit:
percentage points, weeks or cases); red: further off. No target, or no figure (nothing happened
that month), gives no colour. Every change is audited (`audit_events`, action `target_set`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from casework import clock
from casework.models import ReportTarget
from casework.reports.measures import INDICATORS, Indicator
from casework.workflow.context import Actor
from casework.workflow.errors import InvalidInput
from casework.workflow.families import audit

targets_t = ReportTarget.__table__
RAG_TEXT = {"green": "On target", "amber": "Near target", "red": "Off target", None: "No target"}


@dataclass(frozen=True)
class Target:
    indicator: str
    target: float | None
    previous_year_actual: float | None
    amber_margin: float
    note: str | None = None


def targets(conn: Any) -> dict[str, Target]:
    return {
        r.indicator: Target(r.indicator, r.target, r.previous_year_actual, r.amber_margin, r.note)
        for r in conn.execute(select(targets_t))
    }


def rag(indicator: Indicator, value: float | None, target: Target | None) -> str | None:
    if value is None or target is None or target.target is None or indicator.better == "neither":
        return None
    gap = value - target.target if indicator.better == "higher" else target.target - value
    if gap >= 0:
        return "green"
    return "amber" if -gap <= target.amber_margin else "red"


def _number(name: str, value: Any, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput({name: ["Enter a number, like 60 or 62.5."]}) from None
    if not low <= number <= high:
        raise InvalidInput({name: [f"Enter a number from {low:g} to {high:g}."]})
    return number


def set_target(
    session: Any,
    indicator_key: str,
    *,
    target: Any,
    previous_year_actual: Any,
    amber_margin: Any = None,
    note: str | None = None,
    actor: Actor,
) -> Target:
    """Set (or clear, with empty values) an indicator's target and previous-year actual. Audited."""
    indicator = INDICATORS.get(indicator_key)
    if indicator is None:
        raise InvalidInput({"indicator": [f"There is no indicator '{indicator_key}'."]})
    high = 100.0 if indicator.unit == "percent" else 1_000_000.0
    values = {
        "target": _number("target", target, 0, high),
        "previous_year_actual": _number("previous_year_actual", previous_year_actual, 0, high),
        "amber_margin": _number("amber_margin", amber_margin, 0, high),
        "note": (note or "").strip()[:2000] or None,
    }
    if values["amber_margin"] is None:
        values["amber_margin"] = 5.0
    conn = session.connection()
    row = conn.execute(select(targets_t).where(targets_t.c.indicator == indicator_key)).one_or_none()
    now = clock.now()
    if row is None:
        target_id = conn.execute(
            targets_t.insert()
            .values(indicator=indicator_key, updated_by=actor.id, updated_at=now, **values)
            .returning(targets_t.c.id)
        ).scalar_one()
        before = None
    else:
        target_id = row.id
        before = {k: getattr(row, k) for k in ("target", "previous_year_actual", "amber_margin")}
        conn.execute(
            targets_t.update().where(targets_t.c.id == row.id).values(updated_by=actor.id, updated_at=now, **values)
        )
    audit(conn, actor, "target_set", "report_target", target_id, indicator=indicator_key, before=before,
          after={k: values[k] for k in ("target", "previous_year_actual", "amber_margin")})  # fmt: skip
    return Target(
        indicator_key, values["target"], values["previous_year_actual"], values["amber_margin"], values["note"]
    )
