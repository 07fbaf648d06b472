"""A plan transferred in from another council (reg 15; statutory.md 8.2, F rows). Opening it makes the
child's plan here: it keeps its original date (F3), so the review clock carries over, and its next review
is due by F5. The family is told within 6 weeks (F4); the case ends when the plan has been reviewed, which
the review of that plan records here (a follow-on of its `meeting_held`).

    received --family_told--> family_told --review_held--> reviewed
    (a review held before the family was told is recorded, and the case ends when they are)

Deadlines:
    tell_family  F4  6 weeks after the transfer (reg 15(4)): that the plan has transferred, whether the
                     council will assess, and when it will review the plan
    review       F5  the later of the end of the current 12-month period and the end of the 3 months
                     beginning with the transfer (reg 15(5)); the review case's own meeting deadline is the same
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select

from casework import clock
from casework.models import Case, Plan
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.errors import Conflict, InvalidInput
from casework.workflow.kinds.base import FollowOn, Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step

cases_t, plans_t = Case.__table__, Plan.__table__
STATES = ("received", "family_told", "reviewed")


def reviewed(ctx) -> str | None:
    return None if ctx.fact("reviewed_on") else "The plan has not been reviewed yet."


def not_reviewed(ctx) -> str | None:
    return "The plan has already been reviewed." if ctx.fact("reviewed_on") else None


TOLD = {"label": "Family told the plan has transferred (and whether the council will assess, and when it will "
            "review the plan)", "date_label": "Date the family was told", "tells_family": "transfer_in_family_told",
            "fields": (Field("will_assess", "confirm", "The council will carry out an EHC needs assessment"),)}  # fmt: skip
HELD = {"label": "Plan reviewed (the review meeting was held)", "date_label": "Date of the review meeting",
            "form": "none", "repeatable": True, "silent": "recorded by the review meeting, which tells the family"}  # fmt: skip
MACHINE = Definition(
    "plan transferred in",
    STATES,
    "received",
    ("reviewed",),
    [
        Step("family_told", "received", "reviewed", guards=(reviewed,), **TOLD),
        Step("family_told", "received", "family_told", guards=(not_reviewed,), **TOLD),
        Step("review_held", "family_told", "reviewed", **HELD),
        Step("review_held", "received", None, **HELD),
    ],
    labels={"received": "plan received; the family is to be told", "family_told": "family told; review to come",
            "reviewed": "plan reviewed here"},
)  # fmt: skip


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """F4 and F5 from the transfer and the plan's current review period. Pure."""
    f = facts.get
    transferred, period = f("transferred_on"), f("period_start_on")
    return [
        spec("tell_family", law.new_la_informs(transferred), transferred, met_on=f("family_told_on")),
        spec("review", law.transfer_review(period, transferred), transferred, met_on=f("reviewed_on")),
    ]


def record_facts(event_type: str, occurred_on: dt.date, details, facts: dict, today: dt.date) -> None:
    if event_type == "review_held":
        facts["reviewed_on"] = occurred_on


def review_held(conn, case, event_type: str, occurred_on: dt.date, facts, details) -> list[FollowOn]:
    """A review's meeting reviews a plan transferred in: its transfer case records it (F5 met)."""
    if event_type != "meeting_held" or case.plan_id is None:
        return []
    rows = conn.execute(select(cases_t.c.id).where(cases_t.c.plan_id == case.plan_id, cases_t.c.is_open,
                                                   cases_t.c.kind == "transfer_in")).all()  # fmt: skip
    return [FollowOn(r.id, "review_held", occurred_on, {"review_case_id": case.id}) for r in rows]


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """Opens from `transferred_on` (the day the plan transferred), `plan_made_on` (its original date, F3),
    `period_start_on` (the start of its current 12-month review period: the last review meeting, or the
    plan's date), `from_la`, and optionally `named_setting` and `last_review_meeting_on`. Makes the plan."""
    transferred, made = inputs["transferred_on"], inputs["plan_made_on"]
    period = inputs.get("period_start_on") or inputs.get("last_review_meeting_on") or made
    if transferred > today:
        raise InvalidInput({"transferred_on": [f"It cannot be in the future (today is {today.isoformat()})."]})
    if not made <= period <= transferred:
        raise InvalidInput({"period_start_on": ["The review period starts on or after the plan's date, and before "
                                                "the transfer."]})  # fmt: skip
    if conn.execute(select(plans_t.c.id).where(plans_t.c.child_id == child_id, plans_t.c.status == "active")).first():
        raise Conflict(f"Child {child_id} already has an active EHC plan here.")
    due = law.transfer_review(period, transferred)
    plan_id = conn.execute(insert(plans_t).values(
        child_id=child_id, issued_on=made, named_setting=inputs.get("named_setting"), review_period_start=period,
        next_review_due=due.due_on, status="active", last_review_meeting_on=inputs.get("last_review_meeting_on"),
        transferred_in_on=transferred, transferred_from=inputs["from_la"], created_at=clock.now(),
    ).returning(plans_t.c.id)).scalar_one()  # fmt: skip
    return Opening(
        opened_on=transferred,
        facts={"transferred_on": transferred, "plan_made_on": made, "period_start_on": period},
        details={"from_la": inputs["from_la"], "plan_made_on": made.isoformat(), "period_start_on": period.isoformat(),
                 "plan_id": plan_id},
        conflict="This plan is already recorded.", plan_id=plan_id, officer_id=inputs.get("officer_id"),
    )  # fmt: skip


KIND = Kind(
    opening_fields=(
        Field("transferred_on", "date", "Date the plan transferred", required=True),
        Field("plan_made_on", "date", "Date the plan was originally made", required=True),
        Field("period_start_on", "date", "Start of its current 12-month review period"),
        Field("from_la", "text", "The council it came from", required=True, max_length=100),
        Field("named_setting", "text", "School or setting named in the plan", max_length=200),
        Field("last_review_meeting_on", "date", "Date of its last review meeting"),
    ),
    name="transfer_in",
    title="Plan transferred in",
    plural="Transfers in",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={"received": "Plan received", "family_told": "Family told", "reviewed": "Reviewed here"},
    deadline_labels={"tell_family": "Tell the family the plan has transferred", "review": "Review the plan"},
    stages=(
        Stage("Plan received", "Your plan has moved to your new council and stays in force.", "received", STATES[1:]),
        Stage("You are told", "Within 6 weeks your new council tells you whether it will assess and when it will "
              "review the plan.", "received", STATES[1:]),
        Stage("Review", "The plan is reviewed by the date shown.", "family_told", ("reviewed",)),
    ),
    next_step={"received": "Your new council tells you what happens next.",
               "family_told": "Your new council reviews the plan.", "reviewed": "The plan has been reviewed."},
    next_deadline={"received": "tell_family", "family_told": "review"},
    record_facts=record_facts,
    prepare=prepare,
    opening_event="plan_transferred_in",
    opening_label="Plan transferred in from another council",
)  # fmt: skip
