"""The audit trail outside a case's own events: who did what to whom, and who looked at what.
Ids and codes only; never names, dates of birth or contact details."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from casework import clock
from casework.models import AuditEvent

audit_t = AuditEvent.__table__


def audit(conn: Any, actor: Any, action: str, subject_type: str, subject_id: int, **details: Any) -> None:
    """Record that `actor` did `action` to a subject (e.g. "child", 12), in the caller's transaction."""
    conn.execute(
        insert(audit_t).values(
            at=clock.now(),
            actor_kind=actor.kind,
            actor_id=actor.id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            details=details,
        )
    )


def history(conn: Any, subject_type: str, subject_id: int, limit: int = 500) -> list[Any]:
    """The audit entries about one subject, newest first."""
    return list(
        conn.execute(
            select(audit_t)
            .where(audit_t.c.subject_type == subject_type, audit_t.c.subject_id == subject_id)
            .order_by(audit_t.c.id.desc())
            .limit(limit)
        )
    )
