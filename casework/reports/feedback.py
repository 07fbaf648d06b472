"""Family feedback's figures (reporting.md measure 11 and section 4): surveys sent and returned,
satisfaction per statement (the share answering "agree" or "strongly agree" of those who answered
it, from the survey page and from calls alike), and the monthly sample's calls made and reached.

Each counts in the month it happened (a survey sent, an answer given, a call made) for the officer
holding the case then (`officer_at`), so the figures split by team and officer like the others."""

from __future__ import annotations

from sqlalchemy import select

from casework.models import CallListEntry, Case, FeedbackResponse, Survey
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import flag, month_of
from casework.workflow.feedback import AGREE_FROM, STATEMENTS

surveys_t = Survey.__table__
responses_t = FeedbackResponse.__table__
calls_t = CallListEntry.__table__
cases_t = Case.__table__


def _surveys(w: Window):
    s = surveys_t
    return (
        select(
            s.c.case_id,
            month_of(s.c.sent_on).label("month"),
            officer_for(w, s.c.case_id, s.c.sent_on, cases_t.c.officer_id).label("officer_id"),
            s.c.sent_on,
            s.c.answered_on,
            flag(s.c.answered_on.is_not(None)).label("answered"),
        )
        .join(cases_t, cases_t.c.id == s.c.case_id)
        .where(s.c.sent_on >= w.start, s.c.sent_on < w.end)
    )


SURVEYS = Series(
    key="feedback_surveys",
    title="Feedback surveys sent",
    items=_surveys,
    figures=(
        Figure("surveys_sent", "Surveys sent"),
        Figure("surveys_returned", "Surveys answered", lambda c: c.answered == 1),
    ),
    columns=(Column("sent_on", "Sent", "date"), Column("answered_on", "Answered", "date")),
)


def _responses(w: Window):
    r = responses_t
    return (
        select(
            r.c.case_id,
            month_of(r.c.responded_on).label("month"),
            officer_for(w, r.c.case_id, r.c.responded_on, cases_t.c.officer_id).label("officer_id"),
            r.c.responded_on,
            r.c.source,
            *(r.c[f"q_{key}"].label(key) for key, _, _ in STATEMENTS),
        )
        .join(cases_t, cases_t.c.id == r.c.case_id)
        .where(r.c.responded_on >= w.start, r.c.responded_on < w.end)
    )


def _answered(key: str):
    return lambda c: c[key].is_not(None)


def _agree(key: str):
    return lambda c: c[key] >= AGREE_FROM


RESPONSES = Series(
    key="feedback_responses",
    title="Families' answers",
    items=_responses,
    figures=(
        Figure("responses", "Answers received (survey or call)"),
        *(
            f
            for key, text, _ in STATEMENTS
            for f in (
                Figure(f"{key}_answered", f"Answered: {text}", _answered(key)),
                Figure(f"{key}_agree", f"Agreed: {text}", _agree(key)),
            )
        ),
    ),  # fmt: skip
    columns=(
        Column("responded_on", "Answered", "date"),
        Column("source", "How"),
        *(Column(key, text, "number") for key, text, _ in STATEMENTS),
    ),
)


def _calls(w: Window):
    c = calls_t
    return (
        select(
            c.c.case_id,
            month_of(c.c.called_on).label("month"),
            officer_for(w, c.c.case_id, c.c.called_on, cases_t.c.officer_id).label("officer_id"),
            c.c.called_on,
            c.c.outcome,
        )
        .join(cases_t, cases_t.c.id == c.c.case_id)
        .where(c.c.called_on >= w.start, c.c.called_on < w.end)
    )


CALLS = Series(
    key="feedback_calls",
    title="Feedback calls made",
    items=_calls,
    figures=(
        Figure("calls_made", "Calls made"),
        Figure("calls_reached", "Families reached", lambda c: c.outcome.in_(("reached", "feedback_given"))),
        Figure("calls_feedback", "Families who gave feedback", lambda c: c.outcome == "feedback_given"),
    ),
    columns=(Column("called_on", "Called", "date"), Column("outcome", "Outcome")),
)

SERIES = (SURVEYS, RESPONSES, CALLS)
