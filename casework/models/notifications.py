from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class OutboxMessage(Base):
    """A message to send, written in the same transaction as the event that caused it.
    The unique dedupe key means no message is ever written twice."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    recipient_kind: Mapped[str] = mapped_column(String(20))  # contact | provider | staff
    channel: Mapped[str] = mapped_column(String(10))  # email | sms | letter
    template: Mapped[str] = mapped_column(String(60))
    personalisation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    claimed_at: Mapped[dt.datetime | None] = mapped_column()
    # after a temporary failure: not before this time (backoff); the relay respects it
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column()
    sent_at: Mapped[dt.datetime | None] = mapped_column()

    __table_args__ = (Index("ix_outbox_status_created", "status", "created_at"),)
