"""The annual review's figures (reporting.md measures 6, 7 and 12): meetings held within the
12-month period, reviews due in the month and held in time, decisions notified within 4 weeks of
the meeting, amended plans within 8 weeks of the notice (and 12 of the meeting), reviews overdue
now, phase transfers by their statutory date, and how the child's own views were recorded on each
review decision.

A meeting is held in time when `meeting_held` is on or before the `review_meeting` deadline's
`due_on`; a decision (`decided_to_maintain`, `amendments_proposed`, `decided_to_cease`) is within 4
weeks when it is on or before the meeting + 28 days (api.md "Reports")."""

from __future__ import annotations

from sqlalchemy import Date, and_, literal, or_, select

from casework.models import Case, Deadline, Event
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import days_between, flag, month_of
from casework.reports.voice import view_figures
from casework.workflow.kinds.review import DECISIONS

events_t = Event.__table__
cases_t = Case.__table__
deadlines_t = Deadline.__table__
FOUR_WEEKS = 28


def _event_rows(w: Window, types: tuple[str, ...], deadline_key: str, *extra):
    e = events_t
    d = deadlines_t.alias("d")
    return (
        (
            select(
                e.c.case_id,
                month_of(e.c.occurred_on).label("month"),
                officer_for(w, e.c.case_id, e.c.occurred_on, cases_t.c.officer_id).label("officer_id"),
                e.c.occurred_on.label("happened_on"),
                *extra,
            )
            .select_from(
                e.join(cases_t, cases_t.c.id == e.c.case_id).join(
                    d, (d.c.case_id == e.c.case_id) & (d.c.key == deadline_key)
                )
            )
            .where(e.c.type.in_(types), e.c.occurred_on >= w.start, e.c.occurred_on < w.end)
        ),
        d,
        e,
    )


# --- meetings held (by the month of the meeting) --------------------------------------------------


def _meetings(w: Window):
    q, d, e = _event_rows(w, ("meeting_held",), "review_meeting")
    return q.add_columns(d.c.due_on.label("due_on"), flag(e.c.occurred_on <= d.c.due_on).label("in_time"))


REVIEW_MEETINGS = Series(
    key="review_meetings",
    title="Review meetings held",
    items=_meetings,
    figures=(
        Figure("meetings_held", "Review meetings held"),
        Figure("meetings_held_in_time", "Held within the 12-month period", lambda c: c.in_time == 1),
    ),
    columns=(
        Column("due_on", "Meeting due by", "date"),
        Column("happened_on", "Meeting held", "date"),
        Column("in_time", "In time", "flag"),
    ),
)


# --- reviews due (by the month they fall due) --------------------------------------------------------


def _reviews_due(w: Window):
    d = deadlines_t.alias("d")
    return (
        select(
            d.c.case_id,
            month_of(d.c.due_on).label("month"),
            officer_for(w, d.c.case_id, d.c.due_on, cases_t.c.officer_id).label("officer_id"),
            d.c.due_on.label("due_on"),
            d.c.met_on.label("held_on"),
            flag(and_(d.c.met_on.is_not(None), d.c.met_on <= d.c.due_on)).label("in_time"),
        )
        .select_from(d.join(cases_t, cases_t.c.id == d.c.case_id))
        .where(d.c.key == "review_meeting", d.c.due_on >= w.start, d.c.due_on < w.end)
    )


REVIEWS_DUE = Series(
    key="reviews_due",
    title="Annual reviews due",
    items=_reviews_due,
    figures=(
        Figure("reviews_due", "Reviews due"),
        Figure("reviews_due_held_in_time", "Meeting held by the due date", lambda c: c.in_time == 1),
    ),
    columns=(
        Column("due_on", "Meeting due by", "date"),
        Column("held_on", "Meeting held", "date"),
        Column("in_time", "In time", "flag"),
    ),
)


# --- reviews overdue (a snapshot) ----------------------------------------------------------------------


def _reviews_overdue(w: Window):
    d = deadlines_t.alias("d")
    at = literal(w.as_at, Date())
    q = (
        select(
            d.c.case_id,
            literal(w.month).label("month"),
            officer_for(w, d.c.case_id, at, cases_t.c.officer_id).label("officer_id"),
            d.c.due_on.label("due_on"),
            days_between(at, d.c.due_on).label("days_overdue"),
        )
        .select_from(d.join(cases_t, cases_t.c.id == d.c.case_id))
        .where(d.c.key == "review_meeting", d.c.due_on < w.as_at, cases_t.c.opened_on <= w.as_at)
    )
    if w.as_at >= w.today:
        return q.where(d.c.outcome == "pending")
    return q.where(
        or_(d.c.met_on.is_(None), d.c.met_on > w.as_at),
        or_(cases_t.c.closed_on.is_(None), cases_t.c.closed_on > w.as_at),
    )


REVIEWS_OVERDUE = Series(
    key="reviews_overdue",
    title="Reviews overdue",
    stock=True,
    items=_reviews_overdue,
    figures=(Figure("reviews_overdue", "Review meetings overdue"),),
    columns=(Column("due_on", "Meeting due by", "date"), Column("days_overdue", "Days overdue", "number")),
)


# --- decisions after the meeting, and the child's voice on them ----------------------------------------


def _decisions(w: Window):
    e = events_t
    how = e.c.details[("child_views", "how")].as_string()
    q, d, e = _event_rows(
        w,
        DECISIONS,
        "review_decision",
        e.c.type.label("decision"),
        how.label("child_views"),
    )
    days = days_between(e.c.occurred_on, d.c.start_on)
    return q.add_columns(d.c.start_on.label("meeting_on"), days.label("days"), flag(days <= FOUR_WEEKS).label("within"))


REVIEW_DECISIONS = Series(
    key="review_decisions",
    title="Review decisions",
    items=_decisions,
    figures=(
        Figure("decisions", "Review decisions"),
        Figure("decisions_within_4_weeks", "Notified within 4 weeks of the meeting", lambda c: c.within == 1),
        *view_figures(),
    ),
    columns=(
        Column("meeting_on", "Meeting held", "date"),
        Column("happened_on", "Decision", "date"),
        Column("decision", "Decision made", "event"),
        Column("days", "Days after the meeting", "number"),
        Column("within", "Within 4 weeks", "flag"),
        Column("child_views", "Child's views", "views"),
    ),
)


# --- amended plans ------------------------------------------------------------------------------------


def _amended(w: Window):
    q, d8, e = _event_rows(w, ("amended_plan_issued",), "amended_plan")
    d12 = deadlines_t.alias("d12")
    return q.add_columns(
        d8.c.start_on.label("notice_on"),
        d8.c.due_on.label("due_on"),
        flag(e.c.occurred_on <= d8.c.due_on).label("within_8"),
        flag(and_(d12.c.due_on.is_not(None), e.c.occurred_on <= d12.c.due_on)).label("within_12"),
    ).outerjoin(d12, (d12.c.case_id == e.c.case_id) & (d12.c.key == "amended_plan_overall"))


AMENDED_PLANS = Series(
    key="amended_plans",
    title="Amended plans issued",
    items=_amended,
    figures=(
        Figure("amended_plans", "Amended plans issued"),
        Figure("amended_within_8_weeks", "Within 8 weeks of the amendment notice", lambda c: c.within_8 == 1),
        Figure("amended_within_12_weeks", "Within 12 weeks of the meeting", lambda c: c.within_12 == 1),
    ),
    columns=(
        Column("notice_on", "Amendment notice sent", "date"),
        Column("due_on", "Amended plan due", "date"),
        Column("happened_on", "Amended plan issued", "date"),
        Column("within_8", "Within 8 weeks", "flag"),
        Column("within_12", "Within 12 weeks of the meeting", "flag"),
    ),
)


# --- phase transfers (by the month of the statutory date) -----------------------------------------------


def _phase_transfers(w: Window):
    d = deadlines_t.alias("d")
    return (
        select(
            d.c.case_id,
            month_of(d.c.due_on).label("month"),
            officer_for(w, d.c.case_id, d.c.due_on, cases_t.c.officer_id).label("officer_id"),
            d.c.start_on.label("transfer_on"),
            d.c.due_on.label("due_on"),
            d.c.met_on.label("issued_on"),
            flag(and_(d.c.met_on.is_not(None), d.c.met_on <= d.c.due_on)).label("in_time"),
        )
        .select_from(d.join(cases_t, cases_t.c.id == d.c.case_id))
        .where(
            d.c.key == "phase_transfer",
            d.c.outcome != "not_applicable",
            cases_t.c.opened_on <= d.c.due_on,  # reviews opened after the date cannot meet it
            d.c.due_on >= w.start,
            d.c.due_on < w.end,
        )
    )


PHASE_TRANSFERS = Series(
    key="phase_transfers",
    title="Phase transfers",
    items=_phase_transfers,
    figures=(
        Figure("transfers_due", "Amended plans due for a phase transfer"),
        Figure("transfers_by_due", "Issued by the statutory date", lambda c: c.in_time == 1),
    ),
    columns=(
        Column("transfer_on", "Transfer", "date"),
        Column("due_on", "Amended plan due by", "date"),
        Column("issued_on", "Amended plan issued", "date"),
        Column("in_time", "By the statutory date", "flag"),
    ),
)

SERIES = (REVIEW_MEETINGS, REVIEWS_DUE, REVIEWS_OVERDUE, REVIEW_DECISIONS, AMENDED_PLANS, PHASE_TRANSFERS)
