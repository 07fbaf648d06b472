from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base

ROLES = ("officer", "manager", "admin", "auditor")
# an auditor (issue 18) audits the plans assigned to them and sees nothing else; their agency:
AGENCIES = ("education", "health", "social_care", "parent_carer_forum")


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    team: Mapped[str | None] = mapped_column(String(100), index=True)
    agency: Mapped[str | None] = mapped_column(String(30))  # an auditor's agency (AGENCIES)
    capacity: Mapped[int] = mapped_column(default=40)
    available: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[str | None] = mapped_column(String(32))  # a direct line families and advice-givers can call
    # who overdue advice on this officer's cases is escalated to (statutory.md 11); if unset, the
    # managers of the officer's team
    manager_id: Mapped[int | None] = mapped_column()
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2; None: single sign-on only
    # a leaver, or an account a manager has disabled: no sign-in, no API access, sessions ended
    disabled_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def is_auditor(self) -> bool:
        return self.role == "auditor"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class ApiToken(Base):
    """A staff member's API token: only its sha256 is stored (the token is shown once); it can be
    named, given an expiry, listed and revoked."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="API token")
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    expires_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    last_used_on: Mapped[dt.date | None] = mapped_column()


class UserSession(Base):
    """A signed-in session, kept on the server so that it can be ended: the cookie holds only a
    random token whose hash is stored here. Staff sessions (`staff_id`) and parent portal sessions
    (`subject`: the normalised email address the parent signed in with)."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # staff | parent
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    subject: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=now)
    expires_at: Mapped[dt.datetime] = mapped_column()  # the absolute limit
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    ended_why: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        Index("ix_user_sessions_staff_open", "staff_id", "ended_at"),
        Index("ix_user_sessions_subject", "subject"),
    )
