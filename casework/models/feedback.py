"""Family feedback (reporting.md section 4): the survey sent after a final plan or the end of an
annual review, the answers (from the survey page or from a call), the monthly call sample and its
call list, and the themes and actions of "you said, we did"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.clock import now
from casework.db import Base, JSONType


class Survey(Base):
    """One survey, sent for one event (a final plan issued, a review ended) about one child, to the
    family's contacts by their channels. The link in the message is signed for this survey only."""

    __tablename__ = "surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    family_id: Mapped[int] = mapped_column(index=True)  # the child's family when it was sent
    trigger: Mapped[str] = mapped_column(String(20))  # final_plan | review
    young_person: Mapped[bool] = mapped_column(default=False)  # the young person's own wording (16-25)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (Index("ix_surveys_sent_on", "sent_on"),)


class CallSample(Base):
    """The month's call sample: drawn once, reproducibly, from the recorded seed; what was eligible
    and what was left out is kept with it."""

    __tablename__ = "call_samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM of the plans and reviews
    seed: Mapped[int] = mapped_column()
    size: Mapped[int] = mapped_column()  # the size asked for
    eligible: Mapped[int] = mapped_column()  # families eligible before the draw
    exclusions: Mapped[dict[str, Any]] = mapped_column()  # {reason: count}
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    drawn_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class CallListEntry(Base):
    """A family on the month's call list: the event that put them there, the officer who calls
    (never the family's own) and the outcome of the call."""

    __tablename__ = "call_list"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("call_samples.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    family_id: Mapped[int] = mapped_column(index=True)
    own_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))  # reached | declined | no_answer | feedback_given
    called_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    __table_args__ = (UniqueConstraint("sample_id", "family_id"), Index("ix_call_list_called_on", "called_on"))


class FeedbackResponse(Base):
    """A family's answers: the statements on a 5-point scale (None: not answered), what went well
    and what could be better, whether they may be quoted; from the survey page or a call. Managers
    tag it with themes and record the action taken ("you said, we did")."""

    __tablename__ = "feedback_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # survey | call
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"), unique=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call_list.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    responded_on: Mapped[dt.date] = mapped_column(Date)
    young_person: Mapped[bool] = mapped_column(default=False)
    q_informed: Mapped[int | None] = mapped_column()
    q_contact: Mapped[int | None] = mapped_column()
    q_listened: Mapped[int | None] = mapped_column()
    q_needs: Mapped[int | None] = mapped_column()
    q_difference: Mapped[int | None] = mapped_column()
    q_time: Mapped[int | None] = mapped_column()
    went_well: Mapped[str | None] = mapped_column(Text)
    could_be_better: Mapped[str | None] = mapped_column(Text)
    may_quote: Mapped[bool] = mapped_column(default=False)
    themes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    action: Mapped[str | None] = mapped_column(Text)
    action_on: Mapped[dt.date | None] = mapped_column(Date)
    action_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (Index("ix_feedback_responses_responded_on", "responded_on"),)


class ReviewAction(Base):
    """An action agreed at an annual review meeting (workflow/voice.py), and what the child's next
    review meeting recorded about it: done, partly, not done, or nothing (not_recorded)."""

    __tablename__ = "review_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    agreed_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    position: Mapped[int]  # its number in the meeting's list, from 1
    text: Mapped[str] = mapped_column(String(500))
    agreed_on: Mapped[dt.date] = mapped_column(Date)
    followed_up_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    followed_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))  # done | partly | not_done | not_recorded

    __table_args__ = (UniqueConstraint("agreed_case_id", "position"),)
