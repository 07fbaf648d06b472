"""Every deadline shows its working (statutory.md 2.3; api.md `working`): how its date was worked out,
for staff and, in plainer words, for families. Computed on read from the case's facts by its kind's
`deadlines()` (pure and cheap), so the engine's write path stores nothing more; the working is
attached only where it gives the date stored for the deadline, so it cannot disagree with it. A kind's
notes on a deadline (`DeadlineSpec.notes`: "may be extended by D2", a period the Tribunal directed) are
added to the staff text, and their plainer versions without rule IDs (`family_notes`) to the family's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from casework.words import long_date
from casework.workflow import statutory as law
from casework.workflow.deadlines import facts_from_json
from casework.workflow.kinds import KINDS

REASON_WORDS = {
    "school_closure": "school or setting closure",
    "exceptional_personal_circumstances": "exceptional personal circumstances",
    "exceptional_circumstances": "exceptional circumstances",
    "absent_from_area": "absence from the area",
    "missed_appointment": "a missed appointment",
    "late_representations": "the family's representations after the normal period",
}


def workings(
    kind: str, facts: Mapping[str, Any] | None, settings: law.Settings, exceptions: Iterable[Any] = ()
) -> dict[str, dict[str, Any]]:
    """deadline key -> its working. `exceptions`: the case's recorded exceptions (rows or dicts with
    reason, deadline_keys and recorded_at)."""
    specs = KINDS[kind].deadlines(facts_from_json(dict(facts or {})), settings)
    recorded = [_exception(x) for x in exceptions]
    out: dict[str, dict[str, Any]] = {}
    for s in specs:
        if s.due is None:
            continue
        w = law.working_for(s.due, start_what=s.start_what)
        mine = [text for keys, text in recorded if s.key in keys]
        out[s.key] = {
            "start_on": w.start_on,
            "starts_with": w.start_what,
            "rule": w.period,
            "regulation": w.citation,
            "adjustments": list(w.moved),
            "exceptions": mine,
            "rule_id": w.rule,
            "title": w.title,
            "due_on": w.due_on,
            "practical_due_on": w.practical_on,
            "arithmetic": w.arithmetic,
            "notes": list(s.notes),
            "text": " ".join([w.text, *s.notes, *mine]),
            "family_text": " ".join([w.family_text, *s.family_notes]),
        }
    return out


def _exception(x: Any) -> tuple[list[str], str]:
    get = x.get if isinstance(x, Mapping) else lambda name: getattr(x, name)
    keys = get("deadline_keys")
    keys = keys.get("keys", []) if isinstance(keys, Mapping) else list(keys or [])
    reason = REASON_WORDS.get(get("reason"), str(get("reason")).replace("_", " "))
    on = get("recorded_at")
    when = f" on {long_date(on)}" if on is not None else ""
    return keys, (
        f"An exception was recorded{when}: {reason}. The due date does not move; the deadline is marked "
        f"'exception applies' (Decision 8)."
    )


def required_advice(
    kind: str, facts: Mapping[str, Any] | None, date_of_birth: dt.date | None, on: dt.date
) -> list[dict[str, Any]]:
    """The advice reg 6(1) requires for a case and where each stands ([] for kinds that gather none)."""
    hook = KINDS[kind].required_advice
    return (hook(facts_from_json(dict(facts or {})), date_of_birth, on) or []) if hook else []
