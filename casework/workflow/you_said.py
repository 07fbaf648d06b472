""" "You said, we did" (issue 16, reporting.md section 4): a manager tags a family's answers (from the
survey page or a call) with themes from the council's list (`Config.feedback_themes`, by default
`THEMES`) and records the action taken; each quarter's report (reports/you_said.py) gives the themes
with their counts, the families' own words only where they agreed to be quoted, and the actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update

from casework.models import FeedbackResponse
from casework.workflow.audit import audit
from casework.workflow.errors import InvalidInput, NotFound

responses_t = FeedbackResponse.__table__
THEMES = (
    "Communication and keeping families informed", "Timeliness", "Listening to the child and family",
    "Quality of the plan", "Access to the officer", "Letters and paperwork", "Support and provision",
)  # fmt: skip
ACTION_LIMIT = 2000


def tag(conn: Any, response_id: int, themes: Sequence[str], action: str, *, allowed: Sequence[str], actor: Any,
        today: dt.date) -> None:  # fmt: skip
    """Set an answer's themes (from `allowed`) and the action taken (optional), audited."""
    row = conn.execute(select(responses_t.c.id).where(responses_t.c.id == response_id)).first()
    if row is None:
        raise NotFound("There is no such answer.")
    problems: dict[str, list[str]] = {}
    unknown = [t for t in themes if t not in allowed]
    if unknown or not themes:
        problems["themes"] = ["Choose at least one theme from the list"]
    action = (action or "").strip()
    if len(action) > ACTION_LIMIT:
        problems["action"] = [f"The action taken must be {ACTION_LIMIT} characters or fewer"]
    if problems:
        raise InvalidInput(problems)
    conn.execute(
        update(responses_t).where(responses_t.c.id == response_id).values(
            themes=list(dict.fromkeys(themes)), action=action or None, action_on=today if action else None,
            action_by=actor.id if action else None)
    )  # fmt: skip
    audit(
        conn, actor, "feedback_tagged", "feedback_response", response_id, themes=list(themes), with_action=bool(action)
    )
