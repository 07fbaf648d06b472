"""Complying with a Tribunal order (reg 44), an unopposed appeal (reg 45) or a mediation agreement on an
appealable issue (reg 42(2)) (statutory.md 8.1, E rows; D9). The case is the council's compliance with
it, and carries the work out itself: an order to assess or to make a plan is done through the shared
needs-assessment steps (`kinds/needs.py`) recorded on this case, so the order's compliance dates are the
dates of those events (decided_to_assess meets E2, draft_issued E3, final_issued E2b/E3a). It opens from
the dispute it ended (`origin_case_id`), or on its own for an order made before the dispute was recorded.

    ordered_to_assess --decided_to_assess--> assessing --> drafting --> draft_issued --final_issued--> complied
    assessing --decided_not_to_issue--> not_issued          (an order to make a plan opens in drafting)
    to_amend --amended_plan_issued--> complied; to_continue --continued--> complied
    to_cease --plan_ceased--> complied; any open state --set_aside--> set_aside
    any open state: period_directed (the Tribunal directed another period: recorded with the direction),
        exception_recorded (reg 44(3), E8)

Deadlines, all WEEKS_AFTER the clock start: the order (made or sent: `tribunal_order_clock_starts_on`,
E9), the day the council told the Tribunal it would not oppose (E10), or the agreement (D9):
    assess, reassess    tell_will_assess E2 2 | no_plan_decision E2a 10 | final_plan E2b 14   (E10/D9 alike)
    make_plan           draft_plan E3 5 | final_plan E3a 11
    amend               amended_plan E4 5  (E10/D9: 5)
    named_school        amended_plan E5 2  (named_school_and_content: 5; E10/D9: 5)
    continue            continue E6 immediately;  continue_and_amend: continue E6, amended_plan E7 5
    cease               cease E1 immediately
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from casework.models import Case, Plan
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, facts_from_json, spec
from casework.workflow.errors import Conflict, InvalidInput, NotFound
from casework.workflow.kinds import needs
from casework.workflow.kinds.base import Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step
from casework.workflow.plans import update_plan

ASSESS = (("tell_will_assess", "E2", "assess"), ("no_plan_decision", "E2a", "no_plan"),
          ("final_plan", "E2b", "final_plan"))  # fmt: skip
AMEND = (("amended_plan", "E4", "amended_plan"),)
# order type -> (state it opens in, its requirements: (deadline key, E kind, E10/D9 kind or None))
TYPES: dict[str, tuple[str, tuple[tuple[str, str, str | None], ...]]] = {
    "assess": ("ordered_to_assess", ASSESS),
    "reassess": ("ordered_to_assess", ASSESS),
    "make_plan": ("drafting", (("draft_plan", "E3", None), ("final_plan", "E3a", None))),
    "amend": ("to_amend", AMEND),
    "named_school": ("to_amend", (("amended_plan", "E5", "amended_plan"),)),
    "named_school_and_content": ("to_amend", (("amended_plan", "E5_with_content", "amended_plan"),)),
    "continue": ("to_continue", (("continue", "E6", None),)),
    "continue_and_amend": ("to_amend", (("continue", "E6", None), ("amended_plan", "E7", None))),
    "cease": ("to_cease", (("cease", "E1", None),)),
}
TYPE_WORDS = {
    "assess": "Assess (or re-assess): tell the family within 2 weeks", "reassess": "Re-assess",
    "make_plan": "Make and maintain a plan: draft in 5 weeks, final in 11",
    "amend": "Amend the plan's needs or provision: 5 weeks", "named_school": "Change the school named: 2 weeks",
    "named_school_and_content": "Change the school and the content: 5 weeks",
    "continue": "Continue to maintain the plan: immediately",
    "continue_and_amend": "Continue and amend: amended plan in 5 weeks",
    "cease": "Cease the plan (appeal dismissed): immediately",
}  # fmt: skip
BASES = {"order": "order_made_on", "unopposed": "told_tribunal_on", "agreement": "agreed_on"}
MET_BY = {"tell_will_assess": "decided_to_assess_on", "no_plan_decision": "decided_not_to_issue_on",
          "final_plan": "final_issued_on", "draft_plan": "draft_issued_on",
          "amended_plan": "amended_plan_issued_on", "continue": "continued_on", "cease": "plan_ceased_on"}  # fmt: skip

STATES = ("ordered_to_assess", "assessing", "drafting", "draft_issued", "to_amend", "to_continue", "to_cease",
          "complied", "not_issued", "set_aside")  # fmt: skip
CLOSED = ("complied", "not_issued", "set_aside")
OPEN = tuple(s for s in STATES if s not in CLOSED)

cases_t, plans_t = Case.__table__, Plan.__table__


def clock_start(facts: dict[str, Any], settings: law.Settings) -> dt.date:
    """E9 for an order (made, or sent: the setting); E10 the day the Tribunal was told; D9 the agreement."""
    basis = facts.get("basis", "order")
    if basis != "order":
        return facts[BASES[basis]]
    try:
        return law.order_clock_start(facts.get("order_made_on"), facts.get("order_sent_on"), settings)
    except ValueError:  # recorded without the date sent before the setting changed: reg 44's own reading
        return facts["order_made_on"]


def requirement_due(facts: dict[str, Any], key: str, e_kind: str, agreed_kind: str | None, start: dt.date):
    directed = (facts.get("directed") or {}).get(key)
    if directed:
        return law.directed_order(e_kind, start, int(directed["weeks"]))
    basis = facts.get("basis", "order")
    if basis == "unopposed":
        return law.unopposed_appeal(agreed_kind, start)
    if basis == "agreement":
        return law.mediation_agreement_appealable(agreed_kind, start)
    return law.tribunal_order(e_kind, start)


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """The order's requirements, each with its clock (or the period the Tribunal directed). Pure."""
    f = facts.get
    start = clock_start(facts, settings)
    set_aside, to_issue, not_issued = f("set_aside_on"), f("decided_to_issue_on"), f("decided_not_to_issue_on")
    out = []
    for key, e_kind, agreed_kind in TYPES[f("order_type")][1]:
        met = f(MET_BY[key])
        applicable = not (set_aside and not met)
        if key == "no_plan_decision":
            applicable = applicable and not to_issue
        elif key == "final_plan":
            applicable = applicable and not not_issued
        directed = (f("directed") or {}).get(key)
        notes = (
            (f"The Tribunal directed a period of {directed['weeks']} weeks: {directed['direction']}",)
            if directed
            else ()
        )
        out.append(spec(key, requirement_due(facts, key, e_kind, agreed_kind, start), start, met_on=met,
                        applicable=applicable, notes=notes))  # fmt: skip
    out += needs.plan_deadlines(facts)
    amended = f("amended_plan_issued_on")
    if amended:  # the amended plan's contents may be appealed (CFA s.51(2)(c))
        sent = f("decision_notice_sent_on") or amended
        out.append(spec("appeal", law.appeal_deadline(sent), sent, kind="window"))
    return out


def check(event_type: str, details, date_of_birth, on: dt.date) -> dict:
    if event_type == "period_directed" and not 1 <= (details.get("directed_weeks") or 0) <= 104:
        return {"directed_weeks": ["Give the period the Tribunal directed, in weeks (1 to 104)."]}
    return needs.check(event_type, details, date_of_birth, on)


def record_facts(event_type: str, occurred_on: dt.date, details, facts: dict, today: dt.date) -> None:
    if event_type == "period_directed":
        requirements = [key for key, _, _ in TYPES[facts["order_type"]][1]]
        unknown = [k for k in details["deadline_keys"] if k not in requirements]
        if unknown or facts.get("basis", "order") != "order":
            raise InvalidInput({"deadline_keys": [f"The Tribunal's order sets: {', '.join(requirements)}."]})
        directed = dict(facts.get("directed") or {})
        for key in details["deadline_keys"]:
            directed[key] = {"weeks": details["directed_weeks"], "direction": details["direction"].strip()}
        facts["directed"] = directed
    else:
        needs.record_advice_facts(event_type, occurred_on, details, facts, today)


def effects(conn, case, event_type: str, occurred_on: dt.date, facts, details, settings) -> None:
    """An order to make a plan (or to assess) makes the plan; an order to amend amends it; E1 ceases it."""
    if event_type == "final_issued":
        needs.effects(conn, case, event_type, occurred_on, facts, details, settings)
    elif event_type == "amended_plan_issued" and case.plan_id:
        values: dict[str, Any] = {"amended_on": occurred_on}
        if details.get("named_setting"):
            values["named_setting"] = details["named_setting"]
        update_plan(conn, case.plan_id, **values)
    elif event_type == "plan_ceased" and case.plan_id:
        update_plan(conn, case.plan_id, status="ceased", ceased_on=occurred_on)


DIRECTED = (
    Field("deadline_keys", "keys", "Requirements it applies to", required=True),
    Field("directed_weeks", "number", "The period the Tribunal directed, in weeks", required=True),
    Field("direction", "textarea", "The Tribunal's direction, as worded", required=True),
)
MACHINE = Definition(
    "tribunal order",
    STATES,
    "ordered_to_assess",
    CLOSED,
    [
        Step("decided_to_assess", "ordered_to_assess", "assessing", label="Told the family the council will assess",
             date_label="Date the family was told", tells_family="order_decided_to_assess"),
        *needs.plan_steps(done="complied", not_issued="not_issued"),
        Step("amended_plan_issued", "to_amend", "complied", label="Amended plan issued", appealable=True,
             date_label="Date the amended plan was issued", fields=(needs.NAMED_SETTING, needs.NOTICE_SENT),
             tells_family="order_amended_plan_issued"),
        Step("continued", "to_continue", "complied", label="Council continues to maintain the plan",
             tells_family="order_continued"),
        Step("continued", "to_amend", None, label="Council continues to maintain the plan",
             tells_family="order_continued"),
        Step("plan_ceased", "to_cease", "complied", label="Plan ceased", date_label="Date the plan ended",
             tells_family="order_plan_ceased"),
        Step("period_directed", OPEN, None, label="The Tribunal directed a different period", fields=DIRECTED,
             date_label="Date of the direction", repeatable=True, tells_family="order_period_directed"),
        Step("set_aside", OPEN, "set_aside", label="Order set aside or replaced",
             fields=(Field("reason", "textarea", "Reason", required=True),), tells_family="order_set_aside"),
        needs.exception_step(OPEN),
        *needs.advice_steps(STATES, OPEN),
    ],
    labels={"ordered_to_assess": "ordered to assess; the family is to be told", "assessing": "assessing needs",
            "drafting": "writing the draft plan", "draft_issued": "draft plan with the family",
            "to_amend": "the plan is to be amended", "to_continue": "the plan is to be continued",
            "to_cease": "the plan is to cease", "complied": "the order has been carried out",
            "not_issued": "decided not to issue a plan", "set_aside": "set aside"},
)  # fmt: skip


def _date(inputs, name: str) -> dt.date | None:
    return inputs.get(name)


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """An order opens with its `basis` (order | unopposed | agreement), `order_type` (a key of TYPES) and
    its dates: `made_on` and `sent_on` (an order; both stored, E9), `told_tribunal_on` (E10) or `agreed_on`
    (D9); optionally from the dispute it ended (`dispute_id`)."""
    basis, order_type = inputs.get("basis") or "order", inputs["order_type"]
    if order_type not in TYPES:
        raise InvalidInput({"order_type": [f"Choose one of: {', '.join(TYPES)}."]})
    if basis != "order" and not all(agreed for _, _, agreed in TYPES[order_type][1]):
        raise InvalidInput({"order_type": ["An unopposed appeal (reg 45) or a mediation agreement (reg 42(2)) "
                                           "covers an assessment, a re-assessment or an amended plan."]})  # fmt: skip
    facts: dict[str, Any] = {"basis": basis, "order_type": order_type}
    if basis == "order":
        facts.update(order_made_on=_date(inputs, "made_on"), order_sent_on=_date(inputs, "sent_on"))
        if facts["order_made_on"] is None:
            raise InvalidInput({"made_on": ["Give the date the Tribunal made the order."]})
        if facts["order_sent_on"] is not None and facts["order_sent_on"] < facts["order_made_on"]:
            raise InvalidInput({"sent_on": ["An order is sent on or after the day it was made."]})
        try:
            law.order_clock_start(facts["order_made_on"], facts["order_sent_on"], settings)
        except ValueError:
            raise InvalidInput(
                {"sent_on": ["Give the date the Tribunal sent the order (the clock runs from it)."]}
            ) from None
    elif basis in BASES:
        name = "told_tribunal_on" if basis == "unopposed" else "agreed_on"
        if _date(inputs, name) is None:
            raise InvalidInput({name: ["Give the date the clock runs from."]})
        facts[BASES[basis]] = inputs[name]
    else:
        raise InvalidInput({"basis": [f"Choose one of: {', '.join(BASES)}."]})
    starts = [d for k, d in facts.items() if k.endswith("_on") and d is not None]
    if max(starts) > today:
        raise InvalidInput({"made_on": [f"These dates cannot be in the future (today is {today.isoformat()})."]})
    origin = None
    if inputs.get("dispute_id") is not None:
        origin = conn.execute(select(cases_t.c.id, cases_t.c.child_id, cases_t.c.kind, cases_t.c.origin_case_id)
                              .where(cases_t.c.id == inputs["dispute_id"])).one_or_none()  # fmt: skip
        if origin is None or origin.child_id != child_id or origin.kind != "dispute":
            raise NotFound(f"There is no dispute {inputs['dispute_id']} for child {child_id}.")
        facts.update(_advice_of(conn, origin.origin_case_id))
    plan = conn.execute(select(plans_t.c.id).where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
                        .order_by(plans_t.c.id.desc()).limit(1)).one_or_none()  # fmt: skip
    state = TYPES[order_type][0]
    if state in ("to_amend", "to_continue", "to_cease") and plan is None:
        raise Conflict(f"Child {child_id} has no active EHC plan for this order to act on.")
    return Opening(
        opened_on=min(starts), facts=facts, state=state, plan_id=plan.id if plan else None,
        details={"basis": basis, "order_type": order_type, "dispute_id": origin.id if origin else None,
                 **{k: v.isoformat() for k, v in facts.items() if isinstance(v, dt.date)}},
        conflict="This order is already recorded.", officer_id=inputs.get("officer_id"),
        columns={"origin_case_id": origin.id if origin else None},
    )  # fmt: skip


def _advice_of(conn, case_id: int | None) -> dict[str, Any]:
    """The advice already gathered by the assessment whose decision was appealed: an order to make a plan
    is drafted from it (the reg 6(1) guard counts it; what is missing is still sought or recorded)."""
    row = conn.execute(select(cases_t.c.facts).where(cases_t.c.id == case_id)).one_or_none() if case_id else None
    facts = facts_from_json(row.facts) if row else {}
    return {k: facts[k] for k in ("advice", "advice_not_needed") if facts.get(k)}


_DONE = ("complied", "not_issued")
STAGES = (
    Stage("Order received", "The Tribunal's order (or the council's agreement) says what the council must do.",
          "ordered_to_assess", (*STATES[1:7], *_DONE)),
    Stage("Carrying it out", "The council has weeks, not months: each step has its own time limit.",
          "assessing", _DONE),
    Stage("Done", "The council has done what it was ordered to do.", "draft_issued", ("complied",)),
)  # fmt: skip

KIND = Kind(
    opening_fields=(
        Field("basis", "choice", "What the clock runs from", choices=(("order", "An order of the Tribunal"),
              ("unopposed", "An appeal the council did not oppose"), ("agreement", "A mediation agreement"))),
        Field("order_type", "choice", "What was ordered", required=True,
              choices=tuple((k, k.replace("_", " ").capitalize()) for k in TYPES)),
        Field("made_on", "date", "Date the order was made"),
        Field("sent_on", "date", "Date the order was sent"),
        Field("told_tribunal_on", "date", "Date the council told the Tribunal it would not oppose"),
        Field("agreed_on", "date", "Date of the mediation agreement"),
        Field("dispute_id", "number", "The dispute it ended"),
    ),
    name="tribunal_order",
    title="Tribunal order",
    plural="Tribunal orders",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={"ordered_to_assess": "Ordered to assess", "assessing": "Assessing needs",
                 "drafting": "Writing the draft plan", "draft_issued": "Draft plan with the family",
                 "to_amend": "Amending the plan", "to_continue": "Continuing the plan", "to_cease": "Ceasing the plan",
                 "complied": "Order carried out", "not_issued": "No plan to be issued", "set_aside": "Set aside"},
    deadline_labels={"tell_will_assess": "Tell the family the council will assess",
                     "no_plan_decision": "Decision not to issue a plan", "final_plan": "Final plan",
                     "draft_plan": "Draft plan", "amended_plan": "Amended plan", "continue": "Continue the plan",
                     "cease": "Cease the plan", "representations": "Family's comments on the draft",
                     "appeal": "Appeal window"},
    stages=STAGES,
    next_step={"ordered_to_assess": "The council tells you it will carry out the assessment the Tribunal ordered.",
               "assessing": "The council gathers advice and decides whether to issue a plan.",
               "drafting": "The council writes the draft plan and sends it to you.",
               "draft_issued": "You comment on the draft plan; then the council issues the final plan.",
               "to_amend": "The council amends the plan as ordered.", "to_continue": "The plan continues.",
               "to_cease": "The plan ceases.", "complied": "The order has been carried out.",
               "not_issued": "You can appeal to the SEND Tribunal; your decision letter explains how.",
               "set_aside": "The order no longer applies."},
    next_deadline={"ordered_to_assess": "tell_will_assess", "assessing": "final_plan", "drafting": "draft_plan",
                   "draft_issued": "final_plan", "to_amend": "amended_plan", "to_continue": "continue",
                   "to_cease": "cease", "complied": "appeal", "not_issued": "appeal"},
    exception_rules={"tell_will_assess": "E2", "no_plan_decision": "E2a", "final_plan": "E2b", "draft_plan": "E3",
                     "amended_plan": "E4", "continue": "E6", "cease": "E1"},
    check=check,
    record_facts=record_facts,
    effects=effects,
    prepare=prepare,
    opening_event="order_recorded",
    opening_label="Tribunal order recorded",
    opening_update="order_recorded",
    appeals={"decided_not_to_issue": "refusal_to_issue", "final_issued": "plan_contents",
             "amended_plan_issued": "plan_contents"},
    required_advice=lambda facts, dob, on: (
        needs.required_advice(facts, dob, on) if TYPES[facts["order_type"]][0] in ("ordered_to_assess", "drafting")
        else None),
)  # fmt: skip
