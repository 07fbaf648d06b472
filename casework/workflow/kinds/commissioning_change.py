"""A change of the responsible commissioning body (reg 16; statutory.md 8.2, F7): when a child with a plan
moves to another commissioning body's area (e.g. another ICB), the old body tells the new one; if the new
body cannot secure the health provision in the plan, it asks the council to assess or review, and the
council must.

    awaiting_notice --new_body_notified--> notified --provision_secured--> secured
                                           notified --council_asked--> council_asked (assess or review: a new case)

Deadline:
    notify_new_body  F7  external: the old body's duty, the later of the move and the 15th working day
                         beginning with the day it became aware (reg 16)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from casework.models import Plan
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.errors import Conflict, InvalidInput
from casework.workflow.kinds.base import Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step

plans_t = Plan.__table__
STATES = ("awaiting_notice", "notified", "secured", "council_asked")
BETWEEN_BODIES = "between the health bodies (F7 is their duty): the council records it to follow it"

MACHINE = Definition(
    "change of commissioning body",
    STATES,
    "awaiting_notice",
    ("secured", "council_asked"),
    [
        Step("new_body_notified", "awaiting_notice", "notified", label="The old body told the new one",
             date_label="Date the new body was told", silent=BETWEEN_BODIES),
        Step("provision_secured", "notified", "secured", label="The new body secures the health provision",
             silent=BETWEEN_BODIES),
        Step("council_asked", "notified", "council_asked",
             label="The new body asked the council to assess or review (the council must)",
             date_label="Date the council was asked",
             fields=(Field("what", "choice", "What the council was asked to do", required=True,
                           choices=(("assess", "Assess"), ("review", "Review the plan"))),),
             silent="the assessment or review the council then opens tells the family itself"),
    ],
    labels={"awaiting_notice": "the old body is to tell the new one", "notified": "the new body has been told",
            "secured": "the new body secures the provision", "council_asked": "the council was asked to act"},
)  # fmt: skip


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    f = facts.get
    due = law.commissioning_body_transfer(f("move_on"), f("aware_on"))
    return [spec("notify_new_body", due, f("aware_on"), met_on=f("new_body_notified_on"), kind="external")]


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """Opens on the child's active plan from `move_on`, `aware_on` (the day the old body became aware),
    `old_body` and `new_body`."""
    aware = inputs["aware_on"]
    if aware > today:
        raise InvalidInput({"aware_on": [f"It cannot be in the future (today is {today.isoformat()})."]})
    plan = conn.execute(select(plans_t.c.id).where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
                        .order_by(plans_t.c.id.desc()).limit(1)).one_or_none()  # fmt: skip
    if plan is None:
        raise Conflict(f"Child {child_id} has no active EHC plan whose health provision moves.")
    return Opening(
        opened_on=aware, plan_id=plan.id, officer_id=inputs.get("officer_id"),
        facts={"move_on": inputs["move_on"], "aware_on": aware},
        details={"old_body": inputs["old_body"], "new_body": inputs["new_body"], "move_on": inputs["move_on"].isoformat()},
        conflict="This change is already recorded.",
    )  # fmt: skip


KIND = Kind(
    opening_fields=(
        Field("move_on", "date", "Date of the move", required=True),
        Field("aware_on", "date", "Date the old body became aware", required=True),
        Field("old_body", "text", "The health body that commissioned the provision", required=True, max_length=200),
        Field("new_body", "text", "The health body that commissions it now", required=True, max_length=200),
    ),
    name="commissioning_change",
    title="Change of health commissioner",
    plural="Commissioning changes",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={"awaiting_notice": "New body to be told", "notified": "New body told",
                 "secured": "Provision secured", "council_asked": "Council asked to act"},
    deadline_labels={"notify_new_body": "Old body tells the new one"},
    stages=(Stage("New health commissioner", "The health body responsible for the plan's health support changes.",
                  "awaiting_notice", ("notified", "secured", "council_asked")),),
    next_step={"awaiting_notice": "The old health commissioner tells the new one about the plan.",
               "notified": "The new health commissioner secures the health support, or asks the council to act."},
    prepare=prepare,
    opening_event="commissioning_change_recorded",
    opening_label="Change of commissioning body recorded",
)  # fmt: skip
