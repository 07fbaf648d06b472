"""Plan quality (issue 18): the plan documents, the audit framework's versions, the monthly samples,
the audits with each auditor's review, the final section grades, the themes' actions, and the
outcomes recorded at each annual review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class PlanDocument(Base):
    """The final plan or an amended plan as issued, attached when it is recorded (stored outside the
    web root under a random name). Staff open it; the family see it in the portal."""

    __tablename__ = "plan_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # final | amended
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    stored_as: Mapped[str] = mapped_column(String(100))
    uploaded_by: Mapped[int | None] = mapped_column()
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=now)


class AuditFramework(Base):
    """One version of the council's audit framework (`workflow/quality/framework.py`)."""

    __tablename__ = "audit_frameworks"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class AuditSample(Base):
    """A month's audit sample: the seed it was drawn with, so anyone can draw it again."""

    __tablename__ = "audit_samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM: the plans issued in it
    seed: Mapped[str] = mapped_column(String(64))
    percent: Mapped[int] = mapped_column()  # of each team's plans
    moderation_percent: Mapped[int] = mapped_column()
    population: Mapped[int] = mapped_column()
    framework_id: Mapped[int] = mapped_column(ForeignKey("audit_frameworks.id"))
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    drawn_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class PlanAudit(Base):
    """One plan audited in a sample, under the framework version it keeps."""

    __tablename__ = "plan_audits"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("audit_samples.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    case_id: Mapped[int | None] = mapped_column()  # the case that made the plan
    officer_id: Mapped[int | None] = mapped_column(index=True)  # who held that case when the plan was issued
    team: Mapped[str | None] = mapped_column(String(100))
    framework_id: Mapped[int] = mapped_column(ForeignKey("audit_frameworks.id"))
    how: Mapped[str] = mapped_column(String(10))  # sample | added (by a manager)
    added_by: Mapped[int | None] = mapped_column()
    moderated: Mapped[bool] = mapped_column(default=False)
    # assigned | moderation (waiting for the second auditor) | disagreement | completed
    status: Mapped[str] = mapped_column(String(20), default="assigned")
    grade: Mapped[str | None] = mapped_column(String(30))  # the final overall grade
    score: Mapped[str | None] = mapped_column(String(20))  # the weighted mean, as a fraction "a/b"
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    resolved_by: Mapped[int | None] = mapped_column()
    resolution_note: Mapped[str | None] = mapped_column(Text)
    themes: Mapped[dict[str, Any] | None] = mapped_column()  # {"themes": [...]}
    # how the plan was made (`workflow/quality/made.py`): on_time | late | missing | not_needed
    health_advice: Mapped[str | None] = mapped_column(String(12))
    social_care_advice: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (
        UniqueConstraint("sample_id", "plan_id"),
        Index("ix_plan_audits_completed_on", "completed_on"),
    )


class AuditReview(Base):
    """An auditor's assignment and what they gave: a grade per section, a comment per criterion, and
    the overall grade the framework derives. `purpose`: audit (first) | moderation (second)."""

    __tablename__ = "audit_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("plan_audits.id"), index=True)
    auditor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(12))
    agency: Mapped[str | None] = mapped_column(String(30))
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    grades: Mapped[dict[str, Any] | None] = mapped_column()  # {section: grade}
    comments: Mapped[dict[str, Any] | None] = mapped_column()  # {criterion: text}
    summary: Mapped[str | None] = mapped_column(Text)  # feedback for the officer
    grade: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (UniqueConstraint("audit_id", "purpose"),)


class AuditSectionGrade(Base):
    """The final grade of each section of a completed audit (the dashboard's figures by section)."""

    __tablename__ = "audit_section_grades"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("plan_audits.id"), index=True)
    section: Mapped[str] = mapped_column(String(10))
    grade: Mapped[str] = mapped_column(String(30))

    __table_args__ = (UniqueConstraint("audit_id", "section"),)


class AuditAction(Base):
    """An action agreed from an audit's themes (the learning loop)."""

    __tablename__ = "audit_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("plan_audits.id"), index=True)
    theme: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column()
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class PlanOutcome(Base):
    """An outcome of the plan (section E) and whether it was met at an annual review."""

    __tablename__ = "plan_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)  # the review
    outcome: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # met | partly_met | not_met
    reviewed_on: Mapped[dt.date] = mapped_column(Date)  # the review meeting
    recorded_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (Index("ix_plan_outcomes_reviewed_on", "reviewed_on"),)
