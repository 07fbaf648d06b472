"""A case (an assessment or an annual review), its events (the audit trail), its deadlines
(computed by the statutory clock and stored so queues and the sweep are index lookups) and the
exceptions recorded against those deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.clock import now
from casework.db import Base


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # a key of workflow.kinds.KINDS
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    state: Mapped[str] = mapped_column(String(30))
    is_open: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    request_source: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[dt.datetime | None] = mapped_column()
    # SEN2 RYA: the request was made while the young person was in relevant youth accommodation
    rya: Mapped[bool | None] = mapped_column()
    # what this case arose from: a dispute from the decision appealed against (its case and event), a
    # Tribunal order from the dispute
    # (ids without FKs: adding one would rebuild this table on SQLite, whose rows events reference)
    origin_case_id: Mapped[int | None] = mapped_column(index=True)
    origin_event_id: Mapped[int | None] = mapped_column()  # an event of origin_case_id
    # The business dates the clocks need, keyed by fact name (e.g. "draft_served_on"). The events
    # are the record; this is their summary, kept by the engine so a transition reads one row.
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # the next pending statutory duty (kept by the engine with the deadlines): queues sort on it
    next_due_on: Mapped[dt.date | None] = mapped_column(Date)
    next_due_key: Mapped[str | None] = mapped_column(String(40))
    # the earliest due date of advice still awaited (not received, returned or excepted): kept by the
    # advice writes in their transaction, so "advice overdue" is an index lookup too
    next_advice_due_on: Mapped[dt.date | None] = mapped_column(Date)
    # the earlier of next_due_on and next_advice_due_on: what "overdue" and its counts read
    next_action_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now)

    child = relationship("Child", lazy="joined", innerjoin=True)
    officer = relationship("Staff", lazy="joined")
    events: Mapped[list[Event]] = relationship(order_by="Event.id", viewonly=True)
    deadlines: Mapped[list[Deadline]] = relationship(order_by="Deadline.due_on", viewonly=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_open_officer", "is_open", "officer_id"),
        Index(
            "ix_cases_queue",
            "officer_id",
            "next_due_on",
            "id",
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
        # the whole team's queue (managers)
        Index(
            "ix_cases_open_next_due",
            "next_due_on",
            "id",
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
        # overdue (a duty or advice) and its counts: an officer's, and the whole team's
        Index(
            "ix_cases_action",
            "officer_id",
            "next_action_on",
            "id",
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
        Index(
            "ix_cases_open_action",
            "next_action_on",
            "id",
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
        # "advice overdue": an officer's, and the whole team's
        Index(
            "ix_cases_advice_due",
            "officer_id",
            "next_advice_due_on",
            sqlite_where=text("is_open AND next_advice_due_on IS NOT NULL"),
            postgresql_where=text("is_open AND next_advice_due_on IS NOT NULL"),
        ),
        Index(
            "ix_cases_open_advice_due",
            "next_advice_due_on",
            sqlite_where=text("is_open AND next_advice_due_on IS NOT NULL"),
            postgresql_where=text("is_open AND next_advice_due_on IS NOT NULL"),
        ),
        # a child may have only one open assessment (api.md), enforced even under concurrency
        Index(
            "uq_cases_one_open_assessment",
            "child_id",
            unique=True,
            sqlite_where=text("kind = 'assessment' AND is_open"),
            postgresql_where=text("kind = 'assessment' AND is_open"),
        ),
        # ...and a plan only one open review (two sweeps at once cannot both open one)
        Index(
            "uq_cases_one_open_review",
            "plan_id",
            unique=True,
            sqlite_where=text("kind = 'review' AND is_open"),
            postgresql_where=text("kind = 'review' AND is_open"),
        ),
        # ...and a decision only one open dispute
        Index(
            "uq_cases_one_open_dispute",
            "origin_event_id",
            unique=True,
            sqlite_where=text("kind = 'dispute' AND is_open"),
            postgresql_where=text("kind = 'dispute' AND is_open"),
        ),
    )


class Event(Base):
    """What happened, on which date, recorded by whom. Never updated or deleted."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=now)
    actor_kind: Mapped[str] = mapped_column(String(20))  # staff | system | parent | provider
    actor_id: Mapped[int | None] = mapped_column()
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str | None] = mapped_column(String(30))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        # the dashboard: "events of these types in this month" (an index range scan by date)
        Index("ix_events_type_occurred_on", "type", "occurred_on"),
        # who held a case on a day (reports attribute a figure to the officer holding the case)
        Index(
            "ix_events_officer_changes",
            "case_id",
            "occurred_on",
            sqlite_where=text("type = 'officer_changed'"),
            postgresql_where=text("type = 'officer_changed'"),
        ),
    )


class Deadline(Base):
    """One computed statutory deadline of a case (one row per key, recomputed by the engine)."""

    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    key: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(10))
    regulation: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="duty")  # duty | window | target
    start_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    practical_due_on: Mapped[dt.date] = mapped_column(Date)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    # pending | met | missed | not_applicable (stored); "overdue" is pending past due_on, and
    # "exception" is shown while an exception applies and the deadline was not met on time.
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    exception_applies: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        UniqueConstraint("case_id", "key"),
        # "what falls due by date X" for queues and the sweep
        Index("ix_deadlines_pending_due", "outcome", "due_on"),
        # the dashboard: "reviews due this month" (by key and due date); "open assessments past 20
        # weeks" and "reviews overdue" now (the pending ones only: a small partial index)
        Index("ix_deadlines_key_due", "key", "due_on"),
        Index(
            "ix_deadlines_key_pending_due",
            "key",
            "due_on",
            sqlite_where=text("outcome = 'pending'"),
            postgresql_where=text("outcome = 'pending'"),
        ),
    )


class CaseNote(Base):
    """A note an officer adds to a case: a call, a meeting, an email (dated, by whom). Notes are never
    changed or deleted; adding one is audited."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # call | meeting | email | letter | other
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class CaseException(Base):
    """An exception recorded against deadlines (statutory.md Decision 8, section 9.2)."""

    __tablename__ = "case_exceptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    reason: Mapped[str] = mapped_column(String(40))
    deadline_keys: Mapped[dict[str, Any]] = mapped_column()  # {"keys": [...]}
    note: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=now)
