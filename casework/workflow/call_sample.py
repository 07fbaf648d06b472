"""The monthly call sample (reporting.md section 4): a reproducible random sample of families whose
final plan was issued, or whose annual review ended, in the month; each assigned to an officer who is
not the family's own, to phone for their feedback.

- **Who is eligible.** One entry per family (its earliest such event in the month), left out when
  anyone in the family opted out of feedback, when the family was on a call list in the 6 months
  before, or when nobody in the family can be phoned. The exclusions are counted and kept.
- **Reproducible.** The eligible families are ordered by their event's id; `random.Random(seed)`
  samples them and chooses where the rotation of callers starts. The seed is recorded with the
  sample, so `plan(conn, month, size, seed)` gives the same list again.
- **The call.** Reached, declined, no answer, or feedback given (the survey's questions, recorded as
  a response with `source = "call"`)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, insert, or_, select, update

from casework.models import CallListEntry, CallSample, Case, Child, Contact, Event, FeedbackResponse, Staff
from casework.workflow import feedback
from casework.workflow.audit import audit
from casework.workflow.context import Actor
from casework.workflow.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.workflow.kinds import KINDS

samples_t = CallSample.__table__
entries_t = CallListEntry.__table__
events_t = Event.__table__
cases_t = Case.__table__
children_t = Child.__table__
contacts_t = Contact.__table__
staff_t = Staff.__table__
responses_t = FeedbackResponse.__table__

OUTCOMES = {
    "feedback_given": "Reached: feedback given",
    "reached": "Reached: no feedback given",
    "declined": "Declined to give feedback",
    "no_answer": "No answer",
}
EXCLUSIONS = {
    "opted_out": "Asked not to be surveyed or called",
    "called_recently": "On a call list in the 6 months before",
    "no_phone": "No phone number",
    "same_family": "Another plan or review in the same family this month (counted once)",
}


@dataclass
class Draw:
    month: str
    seed: int
    size: int
    eligible: list[Any] = field(default_factory=list)  # rows: event_id, case_id, child_id, family_id, officer_id
    exclusions: dict[str, int] = field(default_factory=dict)
    chosen: list[tuple[Any, int | None]] = field(default_factory=list)  # (row, caller id)


def _month_range(month: str) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(f"{month}-01")
    end = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def _month_shift(month: str, n: int) -> str:
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y:04d}-{m + 1:02d}"


def _events_condition():
    """(kind, event) pairs after which a family is asked for feedback (as the survey: feedback.py)."""
    terms = []
    for name, kind in KINDS.items():
        types = set(kind.surveys) | (feedback.FINAL_PLAN_EVENTS & set(kind.machine.event_types))
        if types:
            terms.append(and_(cases_t.c.kind == name, events_t.c.type.in_(sorted(types))))
    return or_(*terms)


def plan(conn: Any, month: str, size: int, seed: int) -> Draw:
    """Who is eligible, who is left out and why, and the sample `seed` draws (nothing written)."""
    start, end = _month_range(month)
    rows = conn.execute(
        select(events_t.c.id.label("event_id"), events_t.c.case_id, cases_t.c.child_id, children_t.c.family_id,
               cases_t.c.officer_id.label("officer_id"))
        .join(cases_t, cases_t.c.id == events_t.c.case_id).join(children_t, children_t.c.id == cases_t.c.child_id)
        .where(events_t.c.occurred_on >= start, events_t.c.occurred_on < end, _events_condition())
        .order_by(events_t.c.id)
    ).all()  # fmt: skip
    draw = Draw(month, seed, size, exclusions=dict.fromkeys(EXCLUSIONS, 0))
    families = sorted({r.family_id for r in rows})
    in_family = select(children_t.c.family_id, contacts_t.c.surveys_opted_out_on, contacts_t.c.phone_e164).join(
        contacts_t, contacts_t.c.child_id == children_t.c.id).where(children_t.c.family_id.in_(families))  # fmt: skip
    opted, phoned = set(), set()
    for r in conn.execute(in_family):
        if r.surveys_opted_out_on is not None:
            opted.add(r.family_id)
        if r.phone_e164:
            phoned.add(r.family_id)
    recent = {r.family_id for r in conn.execute(
        select(children_t.c.family_id).join(entries_t, entries_t.c.child_id == children_t.c.id)
        .join(samples_t, samples_t.c.id == entries_t.c.sample_id)
        .where(samples_t.c.month >= _month_shift(month, -6), samples_t.c.month < month,
               children_t.c.family_id.in_(families)))}  # fmt: skip
    seen: set[int] = set()
    for r in rows:
        reason = ("same_family" if r.family_id in seen else "opted_out" if r.family_id in opted
                  else "called_recently" if r.family_id in recent else "no_phone" if r.family_id not in phoned
                  else None)  # fmt: skip
        seen.add(r.family_id)
        if reason:
            draw.exclusions[reason] += 1
        else:
            draw.eligible.append(r)
    rng = random.Random(seed)
    chosen = rng.sample(draw.eligible, min(size, len(draw.eligible)))
    callers = conn.execute(select(staff_t.c.id).where(staff_t.c.role == "officer", staff_t.c.disabled_at.is_(None))
                           .order_by(staff_t.c.id)).scalars().all()  # fmt: skip
    turn = rng.randrange(len(callers)) if callers else 0
    for row in chosen:
        caller = None
        for _ in range(len(callers)):  # the next officer in the rotation who is not the family's own
            candidate = callers[turn % len(callers)]
            turn += 1
            if candidate != row.officer_id:
                caller = candidate
                break
        draw.chosen.append((row, caller))
    return draw


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


def draw(conn: Any, month: str, size: int, *, actor: Actor, today: dt.date, seed: int | None = None) -> int:
    """Draw and keep the month's sample (once a month): its seed, counts and call list."""
    if not (len(month) == 7 and month[4] == "-" and month[:4].isdigit() and month[5:].isdigit()
            and 1 <= int(month[5:]) <= 12):  # fmt: skip
        raise InvalidInput({"month": ["Enter the month as YYYY-MM."]})
    if _month_range(month)[0] > today:
        raise InvalidInput({"month": ["The month has not started yet."]})
    if not 1 <= size <= 500:
        raise InvalidInput({"size": ["Enter a sample size from 1 to 500."]})
    if conn.execute(select(samples_t.c.id).where(samples_t.c.month == month)).first() is not None:
        raise Conflict(f"The sample for {month} has already been drawn.")
    d = plan(conn, month, size, seed or new_seed())
    sample_id = conn.execute(insert(samples_t).values(
        month=month, seed=d.seed, size=size, eligible=len(d.eligible), exclusions=d.exclusions, drawn_on=today,
        drawn_by=actor.id if actor.kind == "staff" else None,
    ).returning(samples_t.c.id)).scalar_one()  # fmt: skip
    if d.chosen:
        conn.execute(insert(entries_t), [
            {"sample_id": sample_id, "case_id": r.case_id, "event_id": r.event_id, "child_id": r.child_id,
             "family_id": r.family_id, "own_officer_id": r.officer_id, "caller_id": caller}
            for r, caller in d.chosen])  # fmt: skip
    audit(conn, actor, "call_sample_drawn", "call_sample", sample_id, month=month, seed=d.seed, size=size,
          drawn=len(d.chosen))  # fmt: skip
    return sample_id


def record_call(conn: Any, entry_id: int, outcome: str, form: Mapping[str, Any], *, actor: Actor,
                today: dt.date) -> None:  # fmt: skip
    """The outcome of a call (the caller, or a manager); with feedback, the answers as a response."""
    entry = conn.execute(select(entries_t).where(entries_t.c.id == entry_id)).one_or_none()
    if entry is None:
        raise NotFound("There is no such call.")
    if actor.role not in ("manager", "admin") and entry.caller_id != actor.id:
        raise Forbidden("This call is on another officer's list.")
    if entry.outcome == "feedback_given":
        raise Conflict("The feedback from this call has already been recorded.")
    if outcome not in OUTCOMES:
        raise InvalidInput({"outcome": ["Choose what happened when you called."]})
    if outcome == "feedback_given":
        values, problems = feedback.check_answers(form)
        if problems:
            raise InvalidInput({k: [v] for k, v in problems.items()})
        conn.execute(insert(responses_t).values(source="call", call_id=entry_id, case_id=entry.case_id,
                                                responded_on=today, young_person=False, themes=[], **values))  # fmt: skip
    conn.execute(update(entries_t).where(entries_t.c.id == entry_id).values(
        outcome=outcome, called_on=today, recorded_by=actor.id))  # fmt: skip
