from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base

ROLES = ("officer", "manager", "admin")


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    team: Mapped[str | None] = mapped_column(String(100), index=True)
    capacity: Mapped[int] = mapped_column(default=40)
    available: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[str | None] = mapped_column(String(32))  # a direct line families and advice-givers can call
    # who overdue advice on this officer's cases is escalated to (statutory.md 11); if unset, the
    # managers of the officer's team
    manager_id: Mapped[int | None] = mapped_column()
    # sha256 of the API token; the token itself is shown once, when created.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2; None: single sign-on only
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")
