from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class Plan(Base):
    """An EHC plan, made when the final plan is issued (statutory.md 3, "The plan date")."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    case_id: Mapped[int | None] = mapped_column()  # the assessment that made it
    issued_on: Mapped[dt.date] = mapped_column(Date)
    named_setting: Mapped[str | None] = mapped_column(String(200))
    review_period_start: Mapped[dt.date] = mapped_column(Date)
    next_review_due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | ceased | replaced | transferred
    # a decision to cease: the plan stays active (maintained) until the appeal window has passed (C6)
    cease_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    ceased_on: Mapped[dt.date | None] = mapped_column(Date)
    last_review_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    amended_on: Mapped[dt.date | None] = mapped_column(Date)
    # expected transfer between phases of education (reg 18): school | post16 | post16_other
    phase_transfer_on: Mapped[dt.date | None] = mapped_column(Date)
    phase_transfer_kind: Mapped[str | None] = mapped_column(String(20))
    # transfers between councils (reg 15): a plan transferred in keeps its original date (F3)
    transferred_in_on: Mapped[dt.date | None] = mapped_column(Date)
    transferred_from: Mapped[str | None] = mapped_column(String(100))  # the old council (name or LA code)
    transferred_out_on: Mapped[dt.date | None] = mapped_column(Date)
    transferred_to: Mapped[str | None] = mapped_column(String(100))
    # what the SEN2 return needs about the plan (codes of workflow/sen2/codes.py)
    plan_res: Mapped[str | None] = mapped_column(String(1))  # residential: A 38-51 weeks, B 52 weeks
    plan_wbp: Mapped[str | None] = mapped_column(String(1))  # work-based learning: A, T, S
    personal_budget: Mapped[bool | None] = mapped_column()
    organised_arrangements: Mapped[bool | None] = mapped_column()
    direct_payments: Mapped[bool | None] = mapped_column()
    cease_reason: Mapped[str | None] = mapped_column(String(2))  # SEN2 CeaseReason 1-9
    transfer_la: Mapped[str | None] = mapped_column(String(3))  # the LA code of the council it came from
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    # the sweep: "active plans whose review falls due within the lead time"
    __table_args__ = (Index("ix_plans_status_next_review_due", "status", "next_review_due"),)


class PlanSetting(Base):
    """A setting named in section I of the plan (SEN2 PlanDetail): URN, UKPRN or a SENSetting code."""

    __tablename__ = "plan_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    urn: Mapped[str | None] = mapped_column(String(6))
    ukprn: Mapped[str | None] = mapped_column(String(8))
    sen_setting: Mapped[str | None] = mapped_column(String(4))
    sen_setting_other: Mapped[str | None] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(default=1)
    sen_unit: Mapped[bool] = mapped_column(default=False)
    resourced_provision: Mapped[bool] = mapped_column(default=False)
