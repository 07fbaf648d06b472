"""Deadlines are rows (design.md): each case's computed deadlines stored so queues and the sweep are
index lookups. After every event the engine writes only the rows that changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from casework.models import Deadline
from casework.workflow.deadlines import DeadlineSpec

deadlines_t = Deadline.__table__

_DEADLINE_COLUMNS = ("id", "key", "rule", "regulation", "due_on", "practical_due_on", "met_on", "outcome",
                     "exception_applies", "start_on", "kind")  # fmt: skip
_DEADLINES = select(*(deadlines_t.c[n] for n in _DEADLINE_COLUMNS)).where(
    deadlines_t.c.case_id == bindparam("b_case_id")
)
# the rule too: an appeal deadline becomes D2 when a certificate gives the later date
_DEADLINE_VALUES = (
    "rule", "regulation", "due_on", "practical_due_on", "met_on", "outcome", "start_on", "kind", "exception_applies"
)  # fmt: skip
_UPDATE_DEADLINE = (
    update(deadlines_t)
    .where(deadlines_t.c.id == bindparam("b_id"))
    .values({name: bindparam(f"b_{name}", type_=deadlines_t.c[name].type) for name in _DEADLINE_VALUES})
)
_INSERT_DEADLINES = insert(deadlines_t)


def sync_deadlines(
    conn: Any, case_id: int, specs: Iterable[DeadlineSpec], new_exceptions: set[str]
) -> list[dict[str, Any]]:
    """Store the recomputed deadlines, writing only what changed; return the rows as stored."""
    existing = {r.key: r for r in conn.execute(_DEADLINES, {"b_case_id": case_id})}
    rows: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for s in specs:
        old = existing.pop(s.key, None)
        values = {
            "rule": s.rule,
            "regulation": s.regulation,
            "due_on": s.due_on,
            "practical_due_on": s.practical_due_on,
            "met_on": s.met_on,
            "outcome": s.outcome,
            "start_on": s.start_on,
            "kind": s.kind,
            "exception_applies": bool(old is not None and old.exception_applies) or s.key in new_exceptions,
        }
        rows.append({"key": s.key, **values})
        if old is None:
            inserts.append({"case_id": case_id, "key": s.key, **values})
        elif any(getattr(old, k) != v for k, v in values.items()):
            conn.execute(_UPDATE_DEADLINE, {"b_id": old.id, **{f"b_{k}": v for k, v in values.items()}})
    if inserts:
        conn.execute(_INSERT_DEADLINES, inserts)
    if existing:
        conn.execute(delete(deadlines_t).where(deadlines_t.c.id.in_([r.id for r in existing.values()])))
    return rows
