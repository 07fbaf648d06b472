"""A child moving to another council (reg 15; statutory.md 8.2, F rows). The plan, if there is one, is
transferred to the new council (F1/F2); a request or assessment in progress does not transfer (F6): the
move ends it here, marked exported (SEN2 `Exported`), as a follow-on on each such open case.

    awaiting_move --child_moved--> moved --plan_transferred--> transferred
    awaiting_move --child_moved--> closed                   (no plan to transfer)
    awaiting_move | moved --move_cancelled--> cancelled

Deadline:
    transfer_plan  F1/F2  the later of the move date (F1: when the council knew at least 15 working days
                          before) and the 15th working day beginning with the day it became aware (F2)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from casework.models import Case, Plan
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.errors import InvalidInput
from casework.workflow.kinds.base import FollowOn, Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step
from casework.workflow.plans import update_plan

cases_t, plans_t = Case.__table__, Plan.__table__
STATES = ("awaiting_move", "moved", "transferred", "closed", "cancelled")


def has_plan(ctx) -> str | None:
    return None if ctx.facts.get("has_plan") else "There is no plan to transfer."


def has_no_plan(ctx) -> str | None:
    return "The plan is still to be transferred." if ctx.facts.get("has_plan") else None


MOVED = {
    "label": "Child moved to the new council",
    "date_label": "Date of the move",
    "silent": "the family told the council of the move; they are told when the plan is transferred",
}
MACHINE = Definition(
    "move to another council",
    STATES,
    "awaiting_move",
    ("transferred", "closed", "cancelled"),
    [
        Step("child_moved", "awaiting_move", "moved", guards=(has_plan,), **MOVED),
        Step("child_moved", "awaiting_move", "closed", guards=(has_no_plan,), **MOVED),
        Step("plan_transferred", "moved", "transferred", label="Plan transferred to the new council",
             date_label="Date the plan was transferred", tells_family="transfer_out_plan_transferred"),
        Step("move_cancelled", ("awaiting_move", "moved"), "cancelled", label="The move is not going ahead",
             fields=(Field("reason", "textarea", "Reason", required=True),),
             silent="the family told the council the move is not going ahead"),
    ],
    labels={"awaiting_move": "the child is to move", "moved": "moved; the plan is to be transferred",
            "transferred": "plan transferred", "closed": "moved (no plan to transfer)", "cancelled": "not moving"},
)  # fmt: skip


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """F1/F2 while there is a plan. Pure."""
    f = facts.get
    if not f("has_plan"):
        return []
    move, aware = f("move_on"), f("aware_on")
    due = law.transfer_between_las(f("child_moved_on") or move, aware)
    return [spec("transfer_plan", due, aware, met_on=f("plan_transferred_on"), applicable=not f("move_cancelled_on"))]


def record_facts(event_type: str, occurred_on: dt.date, details, facts: dict, today: dt.date) -> None:
    if event_type == "child_moved":
        facts["move_on"] = occurred_on


def effects(conn, case, event_type: str, occurred_on: dt.date, facts, details, settings) -> None:
    """The plan goes to the new council (SEN2 CeaseDate: the transfer; CeaseReason 5 or 7)."""
    if event_type == "plan_transferred" and case.plan_id:
        update_plan(conn, case.plan_id, status="transferred", transferred_out_on=occurred_on,
                    transferred_to=facts.get("to_la"), ceased_on=occurred_on)  # fmt: skip


def follow_ons(conn, case, event_type: str, occurred_on: dt.date, facts, details) -> list[FollowOn]:
    """F6: the move ends every request or assessment in progress here (each kind that can be exported)."""
    if event_type != "child_moved":
        return []
    rows = conn.execute(select(cases_t.c.id).where(cases_t.c.child_id == case.child_id, cases_t.c.is_open,
                                                   cases_t.c.id != case.id).order_by(cases_t.c.id)).all()  # fmt: skip
    to = {"to_la": facts.get("to_la")}
    return [FollowOn(r.id, "exported", occurred_on, to) for r in rows]  # only where `exported` is allowed


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """Opens from `aware_on` (the day the council became aware of the move), `move_on` (the move date, which
    may be to come) and `to_la` (the council they move to: its name or 3-digit LA code)."""
    aware, move = inputs["aware_on"], inputs["move_on"]
    if aware > today:
        raise InvalidInput({"aware_on": [f"It cannot be in the future (today is {today.isoformat()})."]})
    plan = conn.execute(select(plans_t.c.id).where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
                        .order_by(plans_t.c.id.desc()).limit(1)).one_or_none()  # fmt: skip
    facts = {"aware_on": aware, "move_on": move, "to_la": inputs["to_la"], "has_plan": plan is not None}
    return Opening(
        opened_on=aware, facts=facts, plan_id=plan.id if plan else None, officer_id=inputs.get("officer_id"),
        details={"to_la": inputs["to_la"], "move_on": move.isoformat(), "plan_id": plan.id if plan else None},
        conflict="This move is already recorded.",
    )  # fmt: skip


KIND = Kind(
    opening_fields=(
        Field("aware_on", "date", "Date the council became aware of the move", required=True),
        Field("move_on", "date", "Date of the move", required=True),
        Field("to_la", "text", "The council they move to", required=True, max_length=100),
    ),
    name="transfer_out",
    title="Moving to another council",
    plural="Transfers out",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={"awaiting_move": "Moving soon", "moved": "Moved", "transferred": "Plan transferred",
                 "closed": "Moved (no plan)", "cancelled": "Not moving"},
    deadline_labels={"transfer_plan": "Transfer the plan to the new council"},
    stages=(
        Stage("Move", "When you move, any request in progress here ends: ask your new council.", "awaiting_move",
              ("moved", "transferred", "closed")),
        Stage("Plan transferred", "Your plan goes to your new council, which must keep it in place.", "moved",
              ("transferred",)),
    ),
    next_step={"awaiting_move": "We transfer the plan to your new council when you move.",
               "moved": "We transfer the plan to your new council.",
               "transferred": "Your new council now maintains the plan.", "closed": "Your new council can help.",
               "cancelled": "Nothing changes."},
    next_deadline={"awaiting_move": "transfer_plan", "moved": "transfer_plan"},
    record_facts=record_facts,
    effects=effects,
    follow_ons=follow_ons,
    prepare=prepare,
    opening_event="move_recorded",
    opening_label="Move to another council recorded",
)  # fmt: skip
