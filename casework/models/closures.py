"""Schools, post-16 institutions and early years settings, and the dates each is closed
(statutory.md 9.3): the closure calendar the school_closure exception is checked against."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.clock import now
from casework.db import Base

SETTING_KINDS = ("school", "post16", "early_years")


class EducationSetting(Base):
    """A school, post-16 institution or early years provider whose head, principal or SEN lead the
    council asks for advice (reg 6(1)(b)); a provider (an advice-giver) may be linked to it."""

    __tablename__ = "education_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # school | post16 | early_years
    urn: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    closures: Mapped[list[Closure]] = relationship(order_by="Closure.closed_from", viewonly=True)


class Closure(Base):
    """One closure: `closed_from` is the first day closed, `reopens_on` the first day back (9.3(1))."""

    __tablename__ = "setting_closures"
    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("education_settings.id"), index=True)
    closed_from: Mapped[dt.date] = mapped_column(Date)
    reopens_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (UniqueConstraint("setting_id", "closed_from"),)
