"""The child's voice (reporting.md measure 12): how the child's or young person's own views were
recorded on each decision (a review's decision, and an assessment's decision whether to issue a
plan: `view_figures`, used by both series), and whether the actions agreed at a review were
followed up at the next (`REVIEW_ACTIONS`).

An action counts in the month of the next review meeting that followed it up (workflow/voice.py
`record_actions`), for the officer holding that review then: followed up when the meeting recorded
it done, partly done or not done; `not_recorded` when the meeting said nothing about it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casework.models import Case, ReviewAction
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import month_of
from casework.workflow.voice import FOLLOW_UP_LABELS, VIEW_HOW_LABELS

actions_t = ReviewAction.__table__
cases_t = Case.__table__
OBTAINED = ("in_person", "in_writing", "advocate")


def _is(column: str, value: Any):
    return lambda c: c[column] == value


def view_figures(column: str = "child_views", not_recorded: bool = False) -> tuple[Figure, ...]:
    """The decisions by how the child's own views were recorded (the item column `column` holds the
    `how`), those with them, and (where they are optional) those without any record."""
    words = {"in_person": "given in person", "in_writing": "given in writing", "advocate": "given through an advocate",
             "not_obtained": "could not be obtained"}  # fmt: skip
    figures = [Figure(f"views_{how}", f"Child's views {words[how]}", _is(column, how)) for how in VIEW_HOW_LABELS]
    figures.append(Figure("views_obtained", "Child's own views recorded", lambda c: c[column].in_(OBTAINED)))
    if not_recorded:
        figures.append(Figure("views_not_recorded", "No record of the child's views", lambda c: c[column].is_(None)))
    return tuple(figures)


def _actions(w: Window):
    a = actions_t
    return (
        select(
            a.c.followed_up_case_id.label("case_id"),
            month_of(a.c.followed_up_on).label("month"),
            officer_for(w, a.c.followed_up_case_id, a.c.followed_up_on, cases_t.c.officer_id).label("officer_id"),
            a.c.agreed_on,
            a.c.followed_up_on,
            a.c.outcome,
        )
        .join(cases_t, cases_t.c.id == a.c.followed_up_case_id)
        .where(a.c.followed_up_on >= w.start, a.c.followed_up_on < w.end)
    )


REVIEW_ACTIONS = Series(
    key="review_actions",
    title="Actions agreed at the last review",
    items=_actions,
    figures=(
        Figure("actions_due", "Actions agreed at the last review"),
        Figure("actions_followed_up", "Followed up at this review", lambda c: c.outcome.in_(tuple(FOLLOW_UP_LABELS))),
        *(
            Figure(f"actions_{key}", f"Actions {label.lower()}", _is("outcome", key))
            for key, label in FOLLOW_UP_LABELS.items()
        ),
    ),  # fmt: skip
    columns=(
        Column("agreed_on", "Agreed at the review meeting of", "date"),
        Column("followed_up_on", "Next review meeting", "date"),
        Column("outcome", "What happened", "follow_up"),
    ),
)

SERIES = (REVIEW_ACTIONS,)
