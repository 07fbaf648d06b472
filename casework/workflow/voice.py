"""The voice of the child: a decision about a child's plan records the child's (or young person's)
own views and the parent's, who gave them and how, or why they could not be obtained (CFA s.19;
SEND Regulations 2014, reg 20), and from Year 9 that preparing for adulthood was considered (B17)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from casework.models import ReviewAction
from casework.workflow import statutory as law
from casework.workflow.errors import InvalidInput
from casework.workflow.machine import Field

VIEW_HOW_LABELS = {
    "in_person": "In person",
    "in_writing": "In writing",
    "advocate": "Through an advocate",
    "not_obtained": "Could not be obtained",
}
VIEW_HOW = tuple(VIEW_HOW_LABELS)


def _view_problem(name: str, view: Any) -> str | None:
    who = "the child's or young person's" if name == "child_views" else "the parent's"
    if not isinstance(view, Mapping):
        return (
            f"Record {who} views ({name}): who gave them and how (in person, in writing, through an advocate), "
            f"or that they could not be obtained and why. Reviews must take account of them "
            f"(Children and Families Act 2014, s.19; SEND Regulations 2014, reg 20)."
        )
    how = view.get("how")
    if how not in VIEW_HOW:
        return f"{name}.how must be one of: {', '.join(VIEW_HOW)}."
    if how == "not_obtained":
        if not str(view.get("reason") or "").strip():
            return f"{name}: say why {who} views could not be obtained."
    elif not str(view.get("given_by") or "").strip():
        return f"{name}: say who gave {who} views."
    return None


def views_problems(details: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> dict[str, list[str]]:
    """The voice of the child: a review decision records the child's and the parent's views, and
    from Year 9 that preparation for adulthood was considered (B17)."""
    problems = {}
    for name in ("child_views", "parent_views"):
        problem = _view_problem(name, details.get(name))
        if problem:
            problems[name] = [problem]
    if (
        date_of_birth is not None
        and law.preparing_for_adulthood_applies(date_of_birth, on)
        and details.get("preparing_for_adulthood_considered") is not True
    ):
        problems["preparing_for_adulthood_considered"] = [
            f"From Year 9 every review must consider preparing for adulthood and independent living "
            f"({law.RULES['B17'].citation}). Confirm it was considered."
        ]
    return problems


def child_view_problems(details: Mapping[str, Any]) -> dict[str, list[str]]:
    """An assessment's decision whether to issue a plan may record how the child's own views were
    gathered (SEND Regulations 2014, reg 7); when given, they are checked like a review's. A decision
    without them counts as "not recorded" on the dashboard (measure 12)."""
    if details.get("child_views") is None:
        return {}
    problem = _view_problem("child_views", details["child_views"])
    return {"child_views": [problem]} if problem else {}


ASSESSMENT_VIEWS = Field(
    "child_views", "views", "How the child's or young person's own views were gathered",
    "Who gave them and how, or why they could not be obtained (SEND Regulations 2014, reg 7). Counted on the "
    "dashboard: a decision without them shows as not recorded.",
)  # fmt: skip


# --- the actions agreed at a review, and what happened to them at the next ----------------------------

FOLLOW_UP_LABELS = {"done": "Done", "partly": "Partly done", "not_done": "Not done"}
NOT_RECORDED = "not_recorded"  # the next review's meeting said nothing about the action
MAX_ACTIONS, ACTION_LENGTH = 30, 500
ACTIONS = (
    Field("actions_agreed", "lines", "Actions agreed at the meeting, one on each line (optional)",
          "Each is followed up at the next review.", max_length=MAX_ACTIONS * (ACTION_LENGTH + 1)),
    Field("actions_followed_up", "followups", "What happened to the actions agreed at the last review"),
)  # fmt: skip


def actions_problems(details: Mapping[str, Any]) -> dict[str, list[str]]:
    """The shape of a meeting's actions (the next review's follow-ups are checked against the last
    review's actions when they are recorded: `record_actions`)."""
    problems: dict[str, list[str]] = {}
    agreed = details.get("actions_agreed")
    if agreed is not None and (
        not isinstance(agreed, list)
        or len(agreed) > MAX_ACTIONS
        or not all(isinstance(a, str) and 0 < len(a.strip()) <= ACTION_LENGTH for a in agreed)
    ):
        problems["actions_agreed"] = [
            f"Give up to {MAX_ACTIONS} actions, each in words of at most {ACTION_LENGTH} characters."
        ]
    followed = details.get("actions_followed_up")
    if followed is not None:
        ok = isinstance(followed, list) and all(
            isinstance(f, Mapping) and isinstance(f.get("action"), int) and f.get("outcome") in FOLLOW_UP_LABELS
            for f in followed
        )
        if not ok or len({f["action"] for f in followed}) != len(followed):
            problems["actions_followed_up"] = [
                f"For each action agreed at the last review, give its number (action) and what happened "
                f"(outcome: {', '.join(FOLLOW_UP_LABELS)}), once each."
            ]
    return problems


def review_problems(decision: bool, details: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> dict:
    """A review's event: a decision's views (`views_problems`), a meeting's actions (`actions_problems`)."""
    return {**actions_problems(details), **(views_problems(details, date_of_birth, on) if decision else {})}


def open_actions(conn, child_id: int, before: dt.date | None = None) -> list[Any]:
    """The actions agreed at the child's earlier reviews that no review meeting has followed up yet
    (position, text, agreed_on), in order."""
    a = ReviewAction.__table__
    q = select(a.c.id, a.c.position, a.c.text, a.c.agreed_on).where(
        a.c.child_id == child_id, a.c.followed_up_on.is_(None)
    )
    if before is not None:
        q = q.where(a.c.agreed_on < before)
    return list(conn.execute(q.order_by(a.c.agreed_on, a.c.position)))


def record_actions(conn, case, occurred_on: dt.date, details: Mapping[str, Any]) -> None:
    """A review meeting held: the actions agreed at the last review are followed up (each done, partly
    or not done as recorded; `not_recorded` when the meeting said nothing about one), then the actions
    this meeting agreed are kept for the next. In the event's transaction: a follow-up of an action
    that does not exist refuses the whole event."""
    a = ReviewAction.__table__
    earlier = open_actions(conn, case.child_id, before=occurred_on)
    given = {f["action"]: f["outcome"] for f in details.get("actions_followed_up") or ()}
    unknown = sorted(set(given) - {row.position for row in earlier})
    if unknown:
        raise InvalidInput(
            {"actions_followed_up": [
                f"The last review agreed no action numbered {', '.join(map(str, unknown))}: "
                f"{len(earlier)} action(s) are waiting to be followed up."
            ]}
        )  # fmt: skip
    for row in earlier:
        conn.execute(
            a.update()
            .where(a.c.id == row.id)
            .values(followed_up_case_id=case.id, followed_up_on=occurred_on,
                    outcome=given.get(row.position, NOT_RECORDED))
        )  # fmt: skip
    agreed = [text.strip() for text in details.get("actions_agreed") or () if text.strip()]
    if agreed:
        conn.execute(
            a.insert(),
            [{"child_id": case.child_id, "agreed_case_id": case.id, "position": n,
              "text": text, "agreed_on": occurred_on} for n, text in enumerate(agreed, start=1)],
        )  # fmt: skip
