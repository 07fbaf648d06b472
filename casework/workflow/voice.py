"""The voice of the child: a decision about a child's plan records the child's (or young person's)
own views and the parent's, who gave them and how, or why they could not be obtained (CFA s.19;
SEND Regulations 2014, reg 20), and from Year 9 that preparing for adulthood was considered (B17)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from casework.workflow import statutory as law

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
