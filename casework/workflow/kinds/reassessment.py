"""A re-assessment of an EHC plan (regs 24-27; statutory.md 8.3, G rows).

    request_received --decided_to_reassess--> assessing --decided_to_issue--> drafting
        --draft_issued--> draft_issued --final_issued--> plan_issued
    request_received --decided_not_to_reassess--> not_reassessed   (appealable: s.51(2)(d))
    assessing --decided_not_to_issue--> not_amended                 (appealable: a refusal to amend)
    any open state --withdrawn--> withdrawn; --exported--> exported (F6)

From `assessing` on it is the needs assessment again (reg 26-27(1), G4): the same steps, advice and
reg 6(1) guard, shared from `kinds/needs.py`, and the same 15 days on the draft.

Deadlines:
    decision_to_reassess  G1  15 days after the request was received (regs 24-25); not for a
                              re-assessment the council decided on of its own accord (CFA s.44(3))
    final_plan            G3  14 weeks after the decision to re-assess was notified (reg 27(2))
    representations       A4  draft served + 14 (reg 13(1)(a), applied by reg 27(1))
    appeal                D1  after a refusal to re-assess, a decision not to amend, or the final plan

G2: a request may be refused because an assessment or re-assessment was completed less than 6 months
before it (reg 24); the refusal is refused (409) when the request came on or after that date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from casework.models import Case, Plan
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, earliest, facts_from_json, spec
from casework.workflow.errors import Conflict, InvalidInput
from casework.workflow.kinds import needs
from casework.workflow.kinds.base import Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step

STATES = ("request_received", "assessing", "drafting", "draft_issued", "plan_issued", "not_reassessed",
          "not_amended", "withdrawn", "exported")  # fmt: skip
OPEN = ("request_received", "assessing", "drafting", "draft_issued")
CLOSED = tuple(s for s in STATES if s not in OPEN)
REQUESTED_BY = ("parent", "young_person", "school", "commissioning_body", "council")
GROUNDS = (("six_months", "Less than 6 months since the last assessment (reg 24)"),
           ("not_necessary", "The council thinks a re-assessment is not necessary"))  # fmt: skip

cases_t = Case.__table__
plans_t = Plan.__table__


def six_month_rule_applies(ctx) -> str | None:
    """G2 (reg 24): a refusal because the last assessment was less than 6 months before the request."""
    if ctx.details.get("refusal_ground") != "six_months":
        return None
    last, received = ctx.fact("last_assessed_on"), ctx.fact("received_on")
    if last is None:
        return ("The 6-month rule (SEND Regulations 2014, reg 24) needs the date the last assessment was completed, "
                "and it is not known for this plan: refuse on another ground, or re-assess.")  # fmt: skip
    rule = law.six_month_rule(last)
    if received < rule.due_on:
        return None
    return (
        f"This request cannot be refused under the 6-month rule ({rule.citation}): the last assessment was completed "
        f"on {last:%-d %b %Y}, so the rule covers requests received before {rule.due_on:%-d %b %Y}, and this one "
        f"was received on {received:%-d %b %Y}. Re-assess, or refuse on another ground with its reason."
    )


def no_request_to_refuse(ctx) -> str | None:
    if ctx.facts.get("requested_by") == "council":
        return "The council decided of its own accord to re-assess (CFA s.44(3)): there is no request to refuse."
    return None


MACHINE = Definition(
    "reassessment",
    STATES,
    "request_received",
    CLOSED,
    [
        Step("decided_to_reassess", "request_received", "assessing", label="Decided to re-assess",
             date_label="Date the family was told (the 14 weeks run from this notification)",
             tells_family="decided_to_reassess"),
        Step("decided_not_to_reassess", "request_received", "not_reassessed",
             guards=(no_request_to_refuse, six_month_rule_applies), label="Decided not to re-assess",
             date_label="Date the family was told",
             fields=(Field("refusal_ground", "choice", "Ground for refusing", required=True, choices=GROUNDS),
                     needs.REASON, needs.NOTICE_SENT),
             appealable=True, tells_family="decided_not_to_reassess"),
        *needs.plan_steps(done="plan_issued", not_issued="not_amended",
                          stems={"decided_not_to_issue": "reassessment_not_amended"},
                          labels={"decided_not_to_issue": "Decided not to amend or replace the plan"}),
        Step("withdrawn", OPEN, "withdrawn", label="Request withdrawn",
             fields=(Field("reason", "textarea", "Reason", required=True),), tells_family="reassessment_withdrawn"),
        needs.exported_step(OPEN),
        needs.exception_step(OPEN),
        *needs.advice_steps(STATES, OPEN),
    ],
    labels={
        "request_received": "request to re-assess received; deciding whether to re-assess",
        "assessing": "re-assessing needs; gathering advice", "drafting": "writing the draft plan",
        "draft_issued": "draft plan with the family for comments", "plan_issued": "final plan issued",
        "not_reassessed": "decided not to re-assess", "not_amended": "decided not to amend or replace the plan",
        "withdrawn": "request withdrawn", "exported": "the child moved to another council (exported)",
    },
)  # fmt: skip


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """Every deadline of a re-assessment from its recorded dates. Pure."""
    f = facts.get
    received, notified = f("received_on"), f("decided_to_reassess_on")
    refused, not_amended = f("decided_not_to_reassess_on"), f("decided_not_to_issue_on")
    ended = f("withdrawn_on") or f("exported_on")
    out = []
    decided = earliest(notified, refused)  # no G1 when the council decided of its own accord (no request)
    out.append(spec("decision_to_reassess", law.reassessment_decision(received), received, met_on=decided,
                    applicable=f("requested_by") != "council" and not (ended and not decided)))  # fmt: skip
    if notified:
        final = f("final_issued_on")
        out.append(spec("final_plan", law.reassessment_plan(notified), notified, met_on=final,
                        applicable=not (not_amended or (ended and not final))))  # fmt: skip
    return out + needs.plan_deadlines(facts)


def last_assessed(conn, child_id: int, plan: Any) -> dt.date | None:
    """The date the child's last EHC needs assessment or re-assessment was completed: the plan it made
    (its issue date; a transferred plan keeps its original date, F3), or a later one that amended nothing."""
    dates = [plan.issued_on]
    for row in conn.execute(select(cases_t.c.facts).where(cases_t.c.child_id == child_id, ~cases_t.c.is_open,
                                                          cases_t.c.plan_id == plan.id)):  # fmt: skip
        facts = facts_from_json(row.facts)
        if facts.get("decided_to_reassess_on") and facts.get("decided_not_to_issue_on"):
            dates.append(facts["decided_not_to_issue_on"])
    return max(dates)


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """A re-assessment opens on the child's active plan from the date the request was received
    (`received`, Decision 2), who asked (`requested_by`: the parent, the young person, the school or
    college, the commissioning body, or the council of its own accord), and optionally the date the last
    assessment was completed when the product does not hold it (`last_assessed_on`)."""
    received = inputs["received"]
    received_at = received if isinstance(received, dt.datetime) else None
    raw = law.to_local_date(received_at) if received_at else received
    if raw > today:
        raise InvalidInput({"received_on": [f"{raw.isoformat()} is in the future (today is {today.isoformat()})."]})
    requested_by = inputs.get("requested_by") or "parent"
    if requested_by not in REQUESTED_BY:
        raise InvalidInput({"requested_by": [f"Choose one of: {', '.join(REQUESTED_BY)}."]})
    plan = conn.execute(select(plans_t).where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
                        .order_by(plans_t.c.id.desc()).limit(1)).one_or_none()  # fmt: skip
    if plan is None:
        raise Conflict(f"Child {child_id} has no active EHC plan to re-assess; a first assessment is a request.")
    busy = conn.execute(select(cases_t.c.id).where(cases_t.c.plan_id == plan.id, cases_t.c.is_open,
                                                   cases_t.c.kind == "reassessment")).first()  # fmt: skip
    if busy is not None:
        raise Conflict(f"The plan already has an open re-assessment (case {busy.id}).")
    last = inputs.get("last_assessed_on") or last_assessed(conn, child_id, plan)
    if last > raw:
        raise InvalidInput({"last_assessed_on": ["The last assessment cannot be after the request."]})
    start = law.clock_start(received_at or received, settings)
    return Opening(
        opened_on=raw,
        facts={"received_on": start, "last_assessed_on": last, "requested_by": requested_by},
        details={"requested_by": requested_by, "clock_starts_on": start.isoformat(), "plan_id": plan.id,
                 "last_assessed_on": last.isoformat()},
        conflict="The plan already has an open re-assessment.",
        plan_id=plan.id,
        officer_id=inputs.get("officer_id"),
        columns={"received_at": received_at},
    )  # fmt: skip


_DECIDED = ("assessing", "drafting", "draft_issued", "plan_issued", "not_reassessed", "not_amended")
STAGES = (
    Stage("Request to re-assess received", "The council has the request to re-assess the EHC plan.",
          "request_received", (*_DECIDED, "withdrawn")),
    Stage("Decision whether to re-assess", "The council must tell you within 15 days of the request.",
          "request_received", _DECIDED),
    Stage("Gathering advice", "The council asks for advice again, as in an assessment. Each adviser has 6 weeks.",
          "assessing", ("drafting", "draft_issued", "plan_issued", "not_amended")),
    Stage("Draft plan", "You get a draft plan and at least 15 days to comment on it.", "drafting",
          ("draft_issued", "plan_issued")),
    Stage("Final plan", "The final plan must be issued within 14 weeks of the council telling you it would "
          "re-assess.", "draft_issued", ("plan_issued",)),
)  # fmt: skip

KIND = Kind(
    opening_fields=(
        Field("received", "date", "Date the council received the request", required=True),
        Field("requested_by", "choice", "Who asked", choices=tuple((v, v.replace("_", " ").capitalize()) for v in REQUESTED_BY)),
        Field("last_assessed_on", "date", "Date the last assessment was completed, if the product does not hold it"),
    ),
    name="reassessment",
    title="Re-assessment",
    plural="Re-assessments",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={
        "request_received": "Request to re-assess received", "assessing": "Re-assessing needs",
        "drafting": "Writing the draft plan", "draft_issued": "Draft plan with the family",
        "plan_issued": "Final plan issued", "not_reassessed": "Not re-assessed",
        "not_amended": "Plan not amended", "withdrawn": "Withdrawn", "exported": "Moved away (exported)",
    },
    deadline_labels={
        "decision_to_reassess": "Decision whether to re-assess", "final_plan": "Final plan after re-assessment",
        "representations": "Family's comments on the draft", "appeal": "Appeal window",
    },
    stages=STAGES,
    next_step={
        "request_received": "The council decides whether to re-assess.",
        "assessing": "The council gathers advice and decides whether to amend or replace the plan.",
        "drafting": "The council writes the draft plan and sends it to you.",
        "draft_issued": "You comment on the draft plan; then the council issues the final plan.",
        "plan_issued": "The plan will be reviewed at least once a year.",
        "not_reassessed": "You can appeal to the SEND Tribunal; your decision letter explains how.",
        "not_amended": "You can appeal to the SEND Tribunal; your decision letter explains how.",
        "withdrawn": "The request is closed.",
        "exported": "You have moved: your new council deals with any request from now on.",
    },
    next_deadline={
        "request_received": "decision_to_reassess", "assessing": "final_plan", "drafting": "final_plan",
        "draft_issued": "representations", "plan_issued": "appeal", "not_reassessed": "appeal",
        "not_amended": "appeal",
    },
    exception_rules={"final_plan": "G3"},
    check=needs.check,
    record_facts=needs.record_advice_facts,
    effects=needs.effects,
    prepare=prepare,
    opening_event="reassessment_requested",
    opening_label="Request to re-assess received",
    opening_update="reassessment_requested",
    appeals={"decided_not_to_reassess": "refusal_to_reassess", "decided_not_to_issue": "refusal_to_amend",
             "final_issued": "plan_contents"},
    required_advice=needs.required_advice,
)  # fmt: skip
