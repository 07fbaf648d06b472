"""The quarter's "you said, we did" report (issue 16): the themes managers tagged the families'
answers with (workflow/you_said.py), with how many answers carry each; the families' own words only
where they agreed to be quoted; and the actions taken.

Consent is the rule of the report: an answer whose family did not agree to be quoted (`may_quote`)
counts towards its themes but its words never appear, on the page or in the export."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from casework.models import FeedbackResponse
from casework.reports import months as mo

responses_t = FeedbackResponse.__table__


def quarter_window(month: str) -> tuple[dt.date, dt.date, str]:
    """[first day, day after) of the quarter `month` is in, and its words ('October to December 2026')."""
    first = mo.quarter_start(month)
    return mo.first_day(first), mo.after(mo.shift(first, 2)), mo.quarter_label(month)


def answers(conn: Any, month: str) -> list[Any]:
    """The quarter's answers, oldest first, for the manager to tag (their words shown to managers only)."""
    start, end, _ = quarter_window(month)
    r = responses_t
    return list(
        conn.execute(
            select(r).where(r.c.responded_on >= start, r.c.responded_on < end).order_by(r.c.responded_on, r.c.id)
        )
    )


def report(conn: Any, month: str) -> dict[str, Any]:
    """The quarter's themes (answers tagged with each), quotes (only with consent) and actions."""
    start, end, label = quarter_window(month)
    rows = answers(conn, month)
    counts: Counter[str] = Counter(t for r in rows for t in (r.themes or ()))
    quotes = [
        {"themes": list(r.themes or ()), "said": words, "text": text, "on": r.responded_on}
        for r in rows
        if r.may_quote
        for words, text in (("What went well", r.went_well), ("What could be better", r.could_be_better))
        if text
    ]
    actions = [{"themes": list(r.themes or ()), "action": r.action, "on": r.action_on} for r in rows if r.action]
    return {
        "label": label, "start": start, "end": end, "answers": len(rows),
        "tagged": sum(1 for r in rows if r.themes), "themes": counts.most_common(), "quotes": quotes,
        "actions": actions,
    }  # fmt: skip


def csv_rows(data: dict[str, Any]) -> Iterator[list[str]]:
    """The report as rows: section, theme(s), count or date, text."""
    yield ["section", "themes", "value", "text"]
    for theme, n in data["themes"]:
        yield ["theme", theme, str(n), ""]
    for q in data["quotes"]:
        yield ["you said", "; ".join(q["themes"]), q["on"].isoformat(), f"{q['said']}: {q['text']}"]
    for a in data["actions"]:
        yield ["we did", "; ".join(a["themes"]), a["on"].isoformat() if a["on"] else "", a["action"]]
