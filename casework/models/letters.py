"""Letters: the decisions a family must receive in writing, and the updates of a family who asked for
letters. Each is kept: the data it was written from (to render it again identically) and, once it has
been produced for posting or sent through GOV.UK Notify, the PDF itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base


class Letter(Base):
    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))  # decided_not_to_assess, ..., family_update
    language: Mapped[str] = mapped_column(String(10), default="en")
    large_print: Mapped[bool] = mapped_column(default=False)
    # what the letter says about this case (names, address, decision, dates); the council's letterhead
    # and the dates counted from the letter's own date are added when it is produced
    values: Mapped[dict[str, Any]] = mapped_column()
    created_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    # waiting (to be produced) | to_print (in the print queue) | sent (posted, or accepted by Notify) |
    # cancelled
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    how: Mapped[str | None] = mapped_column(String(10))  # post | notify
    letter_date: Mapped[dt.date | None] = mapped_column(Date)  # the date printed on it
    sent_on: Mapped[dt.date | None] = mapped_column(Date)  # posted, or handed to Notify
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    outbox_id: Mapped[int | None] = mapped_column()

    __table_args__ = (Index("ix_letters_status_created", "status", "created_on"),)
