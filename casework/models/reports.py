"""What the managers' dashboard keeps: each closed month's figures (a fact row per measure and
dimension, never overwritten: a later correction is a new revision, shown as a restatement), the
months the nightly job has closed, and the targets and previous-year actuals the council sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class ReportMonth(Base):
    """A month whose figures the nightly job has stored (its first day)."""

    __tablename__ = "report_months"
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    closed_on: Mapped[dt.date] = mapped_column(Date)  # the product's today when it was closed
    closed_at: Mapped[dt.datetime] = mapped_column(default=now)


class ReportFact(Base):
    """One measure's figures for a month and a dimension: `council` (key ''), or `grain` (key
    '<officer id or ->|<extra>', the finest grouping, from which teams, officers, providers and
    sources are summed). Revision 0 is the month as closed; 1, 2, ... are restatements."""

    __tablename__ = "report_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(160), default="")
    revision: Mapped[int] = mapped_column(default=0)
    figures: Mapped[dict[str, Any]] = mapped_column()
    stored_on: Mapped[dt.date] = mapped_column(Date)
    stored_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (
        UniqueConstraint("measure", "dimension", "month", "key", "revision"),
        Index("ix_report_facts_measure_month", "measure", "dimension", "month"),
    )


class ReportTarget(Base):
    """A target and the previous year's actual for one indicator, set by the council (every change
    is in audit_events)."""

    __tablename__ = "report_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60), unique=True)
    target: Mapped[float | None] = mapped_column(Float)
    previous_year_actual: Mapped[float | None] = mapped_column(Float)
    amber_margin: Mapped[float] = mapped_column(Float, default=5.0)  # points short of the target still amber
    note: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(default=now)


class ReportDocument(Base):
    """A rendered board report PDF, kept by the SHA-256 of the HTML it was made from: the same
    figures, wording and date give the same document, so it is laid out once (WeasyPrint takes
    seconds for its 50 pages) and served from here after; the nightly job makes the last closed
    month's. Kept 40 days."""

    __tablename__ = "report_documents"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=now, index=True)
