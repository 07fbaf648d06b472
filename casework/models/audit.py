from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class AuditEvent(Base):
    """Who did what outside a case's own event trail: children added, families linked or unlinked,
    staff changed. Ids only; no names or contact details."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=now)
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column()
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (Index("ix_audit_subject", "subject_type", "subject_id"),)
