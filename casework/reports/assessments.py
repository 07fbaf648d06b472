"""The needs assessment's figures (reporting.md section 2, measures 1-4 and 9): final plans issued
within 20 weeks (both DfE bases, the 20-52 and over-52-week bands, mean weeks), open assessments
past 20 weeks, decisions whether to assess within 6 weeks, decisions not to issue within 16 weeks,
and requests by source with the share going on to assessment and to a plan.

Each clock runs from the request's clock start, stored as the deadline row's `start_on` (the
`received_on` fact: statutory.md Decision 2). "Within 20 weeks" is on or before the clock start +
140 days (api.md "Reports"); 20 to 52 weeks is after that and on or before + 364 days. The
excluding-exceptions basis leaves out the cases whose deadline has an exception recorded, from the
count and from the within-time count (statutory.md 9.4)."""

from __future__ import annotations

from sqlalchemy import Date, literal, or_, select

from casework.models import Case, Deadline, Event
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import days_between, flag, month_of
from casework.reports.voice import view_figures

events_t = Event.__table__
cases_t = Case.__table__
deadlines_t = Deadline.__table__

WEEKS_20, WEEKS_30, WEEKS_52 = 140, 210, 364
SIX_WEEKS, SIXTEEN_WEEKS = 42, 112


def _events_with_deadline(w: Window, types: tuple[str, ...], deadline_key: str):
    """(event, deadline, days from the clock start) for events of `types` on days [start, end)."""
    e = events_t
    d = deadlines_t.alias("d")
    days = days_between(e.c.occurred_on, d.c.start_on)
    base = e.join(cases_t, cases_t.c.id == e.c.case_id).join(
        d, (d.c.case_id == e.c.case_id) & (d.c.key == deadline_key)
    )
    where = (e.c.type.in_(types), e.c.occurred_on >= w.start, e.c.occurred_on < w.end)
    common = (
        e.c.case_id,
        month_of(e.c.occurred_on).label("month"),
        officer_for(w, e.c.case_id, e.c.occurred_on, cases_t.c.officer_id).label("officer_id"),
        d.c.start_on.label("clock_start"),
        e.c.occurred_on.label("decided_on"),
        days.label("days"),
        flag(d.c.exception_applies).label("exception"),
    )
    return base, where, common, days, e


# --- 1. final plans issued within 20 weeks ----------------------------------------------------


def _plans_issued(w: Window):
    base, where, common, days, _e = _events_with_deadline(w, ("final_issued",), "final_plan")
    return (
        select(
            *common,
            flag(days <= WEEKS_20).label("within"),
            flag((days > WEEKS_20) & (days <= WEEKS_52)).label("weeks_20_52"),
            flag(days > WEEKS_52).label("over_52"),
        )
        .select_from(base)
        .where(*where)
    )


def _ex(c):
    return c.exception == 0


PLANS_ISSUED = Series(
    key="plans_issued",
    title="Final plans issued",
    items=_plans_issued,
    figures=(
        Figure("plans_issued", "Final plans issued"),
        Figure("plans_issued_within_20_weeks", "Issued within 20 weeks", lambda c: c.within == 1),
        Figure("plans_issued_ex", "Final plans issued (excluding exceptions)", _ex),
        Figure(
            "plans_issued_within_20_weeks_ex",
            "Issued within 20 weeks (excluding exceptions)",
            lambda c: (c.within == 1) & (c.exception == 0),
        ),
        Figure("plans_issued_20_to_52_weeks", "Issued in 20 to 52 weeks", lambda c: c.weeks_20_52 == 1),
        Figure("plans_issued_over_52_weeks", "Issued after 52 weeks", lambda c: c.over_52 == 1),
        Figure("plans_with_exception", "Plans with an exception recorded", lambda c: c.exception == 1),
        Figure("days_to_issue", "Days from request to issue (total)", total="days"),
        Figure("days_to_issue_ex", "Days from request to issue (total, excluding exceptions)", _ex, total="days"),
    ),
    columns=(
        Column("clock_start", "Request received (clock start)", "date"),
        Column("decided_on", "Final plan issued", "date"),
        Column("days", "Weeks", "weeks"),
        Column("within", "Within 20 weeks", "flag"),
        Column("exception", "Exception recorded", "flag"),
    ),
)


# --- 2. open assessments past 20 weeks (a snapshot) --------------------------------------------


def _open_past_20_weeks(w: Window):
    d = deadlines_t.alias("d")
    at = literal(w.as_at, Date())
    days = days_between(at, d.c.start_on)
    q = (
        select(
            d.c.case_id,
            literal(w.month).label("month"),
            officer_for(w, d.c.case_id, at, cases_t.c.officer_id).label("officer_id"),
            d.c.start_on.label("clock_start"),
            d.c.due_on.label("due_on"),
            days.label("days"),
            flag(days <= WEEKS_30).label("weeks_20_30"),
            flag((days > WEEKS_30) & (days <= WEEKS_52)).label("weeks_30_52"),
            flag(days > WEEKS_52).label("over_52"),
            flag(d.c.exception_applies).label("exception"),
        )
        .select_from(d.join(cases_t, cases_t.c.id == d.c.case_id))
        .where(d.c.key == "final_plan", d.c.due_on < w.as_at, cases_t.c.opened_on <= w.as_at)
    )
    if w.as_at >= w.today:  # now: the pending deadlines (an index range); the same cases as below
        return q.where(d.c.outcome == "pending")
    return q.where(
        or_(d.c.met_on.is_(None), d.c.met_on > w.as_at),
        or_(cases_t.c.closed_on.is_(None), cases_t.c.closed_on > w.as_at),
    )


OPEN_PAST_20_WEEKS = Series(
    key="open_past_20_weeks",
    title="Open assessments past 20 weeks",
    stock=True,
    items=_open_past_20_weeks,
    figures=(
        Figure("open_past_20_weeks", "Open past 20 weeks"),
        Figure("open_past_20_weeks_ex", "Open past 20 weeks (excluding exceptions)", _ex),
        Figure("open_20_to_30_weeks", "20 to 30 weeks", lambda c: c.weeks_20_30 == 1),
        Figure("open_30_to_52_weeks", "30 to 52 weeks", lambda c: c.weeks_30_52 == 1),
        Figure("open_over_52_weeks", "Over 52 weeks", lambda c: c.over_52 == 1),
    ),
    columns=(
        Column("clock_start", "Request received (clock start)", "date"),
        Column("due_on", "Final plan was due", "date"),
        Column("days", "Weeks open", "weeks"),
        Column("exception", "Exception recorded", "flag"),
    ),
)


# --- 3. decisions whether to assess within 6 weeks ----------------------------------------------


def _decisions_to_assess(w: Window):
    base, where, common, days, e = _events_with_deadline(
        w, ("decided_to_assess", "decided_not_to_assess"), "decision_to_assess"
    )
    return (
        select(
            *common, flag(days <= SIX_WEEKS).label("within"), flag(e.c.type == "decided_to_assess").label("to_assess")
        )
        .select_from(base)
        .where(*where)
    )


DECISIONS_TO_ASSESS = Series(
    key="decisions_to_assess",
    title="Decisions whether to assess",
    items=_decisions_to_assess,
    figures=(
        Figure("decisions_to_assess", "Decisions whether to assess"),
        Figure("decisions_to_assess_within_6_weeks", "Made within 6 weeks", lambda c: c.within == 1),
        Figure("decisions_to_assess_ex", "Decisions (excluding exceptions)", _ex),
        Figure(
            "decisions_to_assess_within_6_weeks_ex",
            "Made within 6 weeks (excluding exceptions)",
            lambda c: (c.within == 1) & (c.exception == 0),
        ),
        Figure("decided_to_assess", "Decided to assess", lambda c: c.to_assess == 1),
    ),
    columns=(
        Column("clock_start", "Request received (clock start)", "date"),
        Column("decided_on", "Decision", "date"),
        Column("days", "Weeks", "weeks"),
        Column("within", "Within 6 weeks", "flag"),
        Column("to_assess", "Decided to assess", "flag"),
        Column("exception", "Exception recorded", "flag"),
    ),
)


# --- 4. decisions not to issue within 16 weeks ---------------------------------------------------


def _decisions_not_to_issue(w: Window):
    base, where, common, days, _e = _events_with_deadline(w, ("decided_not_to_issue",), "decision_not_to_issue")
    return select(*common, flag(days <= SIXTEEN_WEEKS).label("within")).select_from(base).where(*where)


DECISIONS_NOT_TO_ISSUE = Series(
    key="decisions_not_to_issue",
    title="Decisions not to issue a plan",
    items=_decisions_not_to_issue,
    figures=(
        Figure("decisions_not_to_issue", "Decisions not to issue"),
        Figure("decisions_not_to_issue_within_16_weeks", "Made within 16 weeks", lambda c: c.within == 1),
        Figure("decisions_not_to_issue_ex", "Decisions not to issue (excluding exceptions)", _ex),
        Figure(
            "decisions_not_to_issue_within_16_weeks_ex",
            "Made within 16 weeks (excluding exceptions)",
            lambda c: (c.within == 1) & (c.exception == 0),
        ),
    ),
    columns=(
        Column("clock_start", "Request received (clock start)", "date"),
        Column("decided_on", "Decision", "date"),
        Column("days", "Weeks", "weeks"),
        Column("within", "Within 16 weeks", "flag"),
        Column("exception", "Exception recorded", "flag"),
    ),
)


# --- 9. requests by source, and where they led -----------------------------------------------------


def _requests(w: Window):
    e = events_t
    return (
        select(
            e.c.case_id,
            month_of(e.c.occurred_on).label("month"),
            officer_for(w, e.c.case_id, e.c.occurred_on, cases_t.c.officer_id).label("officer_id"),
            cases_t.c.request_source.label("source"),
            e.c.occurred_on.label("received_on"),
        )
        .select_from(e.join(cases_t, cases_t.c.id == e.c.case_id))
        .where(e.c.type == "request_received", e.c.occurred_on >= w.start, e.c.occurred_on < w.end)
    )


REQUESTS = Series(
    key="requests",
    title="Requests for an assessment",
    items=_requests,
    extra="source",
    extra_label="Source",
    figures=(Figure("requests", "Requests received"),),
    columns=(Column("received_on", "Request received", "date"), Column("source", "Source")),
)


def _issue_decisions(w: Window):
    e = events_t
    return (
        select(
            e.c.case_id,
            month_of(e.c.occurred_on).label("month"),
            officer_for(w, e.c.case_id, e.c.occurred_on, cases_t.c.officer_id).label("officer_id"),
            e.c.occurred_on.label("decided_on"),
            flag(e.c.type == "decided_to_issue").label("to_issue"),
            e.c.details[("child_views", "how")].as_string().label("child_views"),
        )
        .select_from(e.join(cases_t, cases_t.c.id == e.c.case_id))
        .where(
            e.c.type.in_(("decided_to_issue", "decided_not_to_issue")),
            e.c.occurred_on >= w.start,
            e.c.occurred_on < w.end,
        )
    )


ISSUE_DECISIONS = Series(
    key="issue_decisions",
    title="Decisions whether to issue a plan",
    items=_issue_decisions,
    figures=(
        Figure("issue_decisions", "Decisions whether to issue a plan"),
        Figure("decided_to_issue", "Decided to issue a plan", lambda c: c.to_issue == 1),
        *view_figures(not_recorded=True),  # the child's voice in the assessment (measure 12)
    ),
    columns=(
        Column("decided_on", "Decision", "date"),
        Column("to_issue", "Decided to issue", "flag"),
        Column("child_views", "Child's views", "views"),
    ),
)

SERIES = (PLANS_ISSUED, OPEN_PAST_20_WEEKS, DECISIONS_TO_ASSESS, DECISIONS_NOT_TO_ISSUE, REQUESTS, ISSUE_DECISIONS)
