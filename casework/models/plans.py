from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
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
    next_review_due: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | ceasing | ceased
    ceased_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
