from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.clock import now
from casework.db import Base

ADVICE_TYPES = (
    "parent",
    "education",
    "health",
    "psychology",
    "social_care",
    "preparing_for_adulthood",
    "other",
    "parent_requested",
)


class Provider(Base):
    """An advice-giver (reg 6): a health team, the EP service, social care, a school."""

    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    advice_type: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254))
    escalation_name: Mapped[str | None] = mapped_column(String(200))
    escalation_email: Mapped[str | None] = mapped_column(String(254))
    # reg 8 binds bodies asked under CFA s.31 (health, other LAs); the LA's own services and
    # schools work to the same 6 weeks as a target (statutory.md section 4).
    statutory_basis: Mapped[bool] = mapped_column(default=True)
    # the school or setting this advice-giver is the head, principal or SEN lead of (statutory.md 9.3(4));
    # an education_settings id (no FK: adding one would rebuild this table on SQLite, whose rows others reference)
    setting_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class AdviceRequest(Base):
    __tablename__ = "advice_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    advice_type: Mapped[str] = mapped_column(String(30))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    requested_on: Mapped[dt.date] = mapped_column(Date)
    # A2 runs from the day the advice-giver received the request; for electronic requests that
    # is the day it was sent unless they show otherwise (statutory.md 2.4).
    provider_received_on: Mapped[dt.date] = mapped_column(Date)
    # no 6-week clock runs on reused advice (reg 6(4)): due dates are then empty
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    practical_due_on: Mapped[dt.date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(10), default="statutory")  # statutory | target | reused
    question: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    # the sweep's work list: the next date a reminder, chase or escalation falls due (NULL once
    # received, paused by an exception, or reused); indexed so the sweep reads only what is due
    next_chase_on: Mapped[dt.date | None] = mapped_column(Date)
    # set by the sweep once it has written a chase / an escalation for this request (the figures)
    chased: Mapped[bool] = mapped_column(default=False)
    escalated: Mapped[bool] = mapped_column(default=False)
    # reg 8(2) exception recorded against this request (pauses chasing)
    exception_reason: Mapped[str | None] = mapped_column(String(40))
    exception_note: Mapped[str | None] = mapped_column(Text)
    exception_details: Mapped[dict[str, Any] | None] = mapped_column()
    # what the advice-giver sent through the private link
    advice_text: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    reuse: Mapped[dict[str, Any] | None] = mapped_column()  # reg 6(4): the three agreements
    # the advice-giver cannot provide it ("not_known": the child is not known to them; "cannot_provide")
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_reason: Mapped[str | None] = mapped_column(String(20))
    returned_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    provider: Mapped[Provider] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        Index("ix_advice_next_chase_on", "next_chase_on"),
        # the dashboard: advice received in a month; advice outstanding past its due date
        Index("ix_advice_received_on", "received_on"),
        Index(
            "ix_advice_outstanding_due",
            "due_on",
            sqlite_where=text("received_on IS NULL"),
            postgresql_where=text("received_on IS NULL"),
        ),
    )

    def status(self, today: dt.date) -> str:
        if self.basis == "reused":
            return "received"
        if self.received_on is not None:
            return "received" if self.received_on <= self.due_on else "received_late"
        if self.returned_on is not None:
            return "returned"
        if self.exception_reason:
            return "exception"
        return "overdue" if today > self.due_on else "requested"


class AdviceDocument(Base):
    """A file an advice-giver uploaded (PDF or Word), stored outside the web root under a random name."""

    __tablename__ = "advice_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    advice_request_id: Mapped[int] = mapped_column(ForeignKey("advice_requests.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # the uploader's name for it, sanitised
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    stored_as: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=now)
