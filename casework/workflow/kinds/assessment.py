"""The EHC needs assessment: 20 weeks from request to final plan (statutory.md section 3).

    request_received --decided_to_assess--> assessing --decided_to_issue--> drafting
        --draft_issued--> draft_issued --final_issued--> plan_issued
    request_received --decided_not_to_assess--> not_assessed
    assessing --decided_not_to_issue--> not_issued
    any open state --withdrawn--> withdrawn
    any open state --exported--> exported (the child moved to another council: F6, recorded by the move)

The steps from `assessing` on, and the advice steps, are the shared needs-assessment steps
(`kinds/needs.py`): `decided_to_issue` and `draft_issued` need every advice reg 6(1) requires to be
sought, reused or recorded as not needed with the reason.

Deadlines (all from the date the request was received, Decision 2; none restarts):
    decision_to_assess  A1  6 weeks    reg 5(1)
    decision_not_to_issue A3 16 weeks  reg 10(1)   not applicable once the LA decides to issue
    draft_plan_target   A5  14 weeks   planning target only, never a breach
    final_plan          A7  20 weeks   reg 13(2)   not applicable if no plan is to be issued
    representations     A4  served + 14 (at least 15 days beginning with service), reg 13(1)(a)
    appeal              D1  2 months after the decision letter, Tribunal-adjusted (HESC r.20, r.12)
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from casework.models import Case
from casework.words import case_ref, long_date
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, earliest, spec
from casework.workflow.errors import Conflict, InvalidInput
from casework.workflow.kinds import needs
from casework.workflow.kinds.base import Kind, Opening, Stage, letter_sent_step
from casework.workflow.machine import Definition, Field, Step

STATES = (
    "request_received",
    "assessing",
    "drafting",
    "draft_issued",
    "plan_issued",
    "not_assessed",
    "not_issued",
    "withdrawn",
    "exported",
)
OPEN = ("request_received", "assessing", "drafting", "draft_issued")
CLOSED = ("plan_issued", "not_assessed", "not_issued", "withdrawn", "exported")

LABELS = {
    "request_received": "request received; deciding whether to assess",
    "assessing": "assessing needs; gathering advice",
    "drafting": "decided to issue a plan; writing the draft",
    "draft_issued": "draft plan with the family for comments",
    "plan_issued": "final plan issued",
    "not_assessed": "decided not to assess",
    "not_issued": "decided not to issue a plan",
    "withdrawn": "request withdrawn",
    "exported": "the child moved to another council; the request ended there (exported)",
}


cases_t = Case.__table__
# the statutory letter each decision sends (notifications/letters), besides the family's update
LETTERS = {
    "decided_not_to_issue": "decided_not_to_issue",
    "draft_issued": "draft_issued",
    "final_issued": "final_issued",
}

MACHINE = Definition(
    "assessment",
    STATES,
    "request_received",
    CLOSED,
    [
        Step(
            "decided_to_assess",
            "request_received",
            "assessing",
            label="Decided to assess",
            date_label="Date the family was told",
            tells_family="decided_to_assess",
            letter="decided_to_assess",
        ),
        Step(
            "decided_not_to_assess",
            "request_received",
            "not_assessed",
            label="Decided not to assess",
            date_label="Date the family was told",
            fields=(needs.REASON, needs.NOTICE_SENT),
            appealable=True,
            tells_family="decided_not_to_assess",
            letter="decided_not_to_assess",
        ),
        *needs.plan_steps(done="plan_issued", not_issued="not_issued", letters=LETTERS),
        Step(
            "withdrawn",
            OPEN,
            "withdrawn",
            label="Request withdrawn",
            fields=(Field("reason", "textarea", "Reason", required=True),),
            tells_family="withdrawn",
        ),
        needs.exported_step(OPEN),
        needs.exception_step(OPEN),
        *needs.advice_steps(STATES, OPEN),
        letter_sent_step(STATES),
    ],
    labels=LABELS,
)

# Deadlines an exception may be recorded against, with their rule (statutory.md 9.1).
EXCEPTION_RULES = {"decision_to_assess": "A1", "decision_not_to_issue": "A3", "final_plan": "A7"}


def deadlines(facts: dict[str, dt.date], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """Every deadline of an assessment from its recorded dates. Pure."""
    f = facts.get
    received = f("received_on")
    not_assessed = f("decided_not_to_assess_on")
    to_issue = f("decided_to_issue_on")
    not_issued = f("decided_not_to_issue_on")
    withdrawn = f("withdrawn_on") or f("exported_on")
    final = f("final_issued_on")
    no_plan = not_assessed or not_issued

    out = [
        spec(
            "decision_to_assess",
            law.decision_to_assess(received),
            received,
            met_on=earliest(f("decided_to_assess_on"), not_assessed),
            applicable=not (withdrawn and not (f("decided_to_assess_on") or not_assessed)),
        ),
        spec(
            "decision_not_to_issue",
            law.no_plan_decision(received),
            received,
            met_on=not_issued,
            applicable=not (to_issue or not_assessed or (withdrawn and not not_issued)),
        ),
        spec(
            "draft_plan_target",
            law.draft_plan_target(received),
            received,
            met_on=f("draft_issued_on"),
            applicable=not (no_plan or withdrawn),
            kind="target",
        ),
        spec(
            "final_plan",
            law.final_plan(received),
            received,
            met_on=final,
            applicable=not (no_plan or (withdrawn and not final)),
        ),
    ]
    return out + needs.plan_deadlines(facts)


def correct_opening(facts: dict, received: dt.date, settings: law.Settings) -> None:
    """The request's received date was wrong: the clock starts from the right one (Decision 2)."""
    facts["received_on"] = law.clock_start(received, settings)


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """An assessment opens from the date the LA received the request (Decision 2): `received` (a
    date, or the raw timestamp with its offset), `request_source`, and optionally `officer_id`."""
    received = inputs["received"]
    received_at = received if isinstance(received, dt.datetime) else None
    if received_at is not None and received_at.tzinfo is None:
        raise InvalidInput({"received_at": ["Give the time with its offset, e.g. 2026-01-05T09:30:00+00:00."]})
    raw_date = law.to_local_date(received_at) if received_at else received
    if raw_date > today:
        raise InvalidInput({"received_on": [f"{long_date(raw_date)} is in the future (today is {long_date(today)})."]})
    start = law.clock_start(received_at or received, settings)
    open_case = conn.execute(
        select(cases_t.c.id).where(cases_t.c.child_id == child_id, cases_t.c.kind == "assessment", cases_t.c.is_open)
    ).first()
    if open_case is not None:
        raise Conflict(
            f"This child already has an open assessment ({case_ref(open_case.id)}). "
            f"Record what happens on that case, or withdraw it first."
        )
    source = inputs.get("request_source") or "parent"
    return Opening(
        opened_on=raw_date,
        facts={"received_on": start},
        details={"request_source": source, "clock_starts_on": start.isoformat()},
        conflict="This child already has an open assessment.",
        officer_id=inputs.get("officer_id"),
        columns={"request_source": source, "received_at": received_at},
    )


_AFTER_REQUEST = (
    "request_received",
    "assessing",
    "drafting",
    "draft_issued",
    "plan_issued",
    "not_assessed",
    "not_issued",
)
STAGES = (
    Stage("Request received", "The council has your request for an EHC needs assessment.", "request_received",
          _AFTER_REQUEST),
    Stage("Decision whether to assess",
          "The council decides whether to assess your child's needs. It must tell you within 6 weeks of the request.",
          "request_received", _AFTER_REQUEST[1:], "decision_to_assess"),
    Stage("Gathering advice",
          "The council asks you, the school, health, an educational psychologist and social care for advice. "
          "Each has 6 weeks.", "assessing", ("drafting", "draft_issued", "plan_issued", "not_issued")),
    Stage("Decision whether to issue a plan",
          "The council decides whether your child needs an EHC plan. If not, it must tell you within 16 weeks of "
          "the request.", "assessing", ("drafting", "draft_issued", "plan_issued", "not_issued"),
          "decision_not_to_issue"),
    Stage("Draft plan",
          "You get a draft plan and at least 15 days to comment and say which school or college you would like.",
          "drafting", ("draft_issued", "plan_issued"), "representations"),
    Stage("Final plan", "The final plan must be issued within 20 weeks of the request.", "draft_issued",
          ("plan_issued",), "final_plan"),
)  # fmt: skip

KIND = Kind(
    name="assessment",
    title="EHC needs assessment",
    plural="Assessments",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={
        "request_received": "Request received", "assessing": "Assessing needs",
        "drafting": "Writing the draft plan", "draft_issued": "Draft plan with the family",
        "plan_issued": "Final plan issued", "not_assessed": "Not assessed", "not_issued": "No plan to be issued",
        "withdrawn": "Withdrawn", "exported": "Moved away (exported)",
    },
    deadline_labels={
        "decision_to_assess": "Decide whether to assess",
        "decision_not_to_issue": "Tell the family if there will be no plan",
        "draft_plan_target": "Send the draft plan (a target, not a legal deadline)", "final_plan": "Issue the final plan",
        "representations": "Family's comments on the draft", "appeal": "Family's time to appeal",
    },
    stages=STAGES,
    next_step={
        "request_received": "The council decides whether to carry out an assessment.",
        "assessing": "The council gathers advice and decides whether to issue an EHC plan.",
        "drafting": "The council writes the draft plan and sends it to you.",
        "draft_issued": "You comment on the draft plan; then the council issues the final plan.",
        "plan_issued": "The plan will be reviewed at least once a year.",
        "not_assessed": "You can appeal to the SEND Tribunal; your decision letter explains how.",
        "not_issued": "You can appeal to the SEND Tribunal; your decision letter explains how.",
        "withdrawn": "The request is closed.",
        "exported": "You have moved: your new council deals with any request from now on.",
    },
    next_deadline={
        "request_received": "decision_to_assess", "assessing": "final_plan", "drafting": "final_plan",
        "draft_issued": "representations", "plan_issued": "appeal", "not_assessed": "appeal", "not_issued": "appeal",
    },
    exception_rules=EXCEPTION_RULES,
    check=needs.check,
    record_facts=needs.record_advice_facts,
    effects=needs.effects,
    prepare=prepare,
    appeals={"decided_not_to_assess": "refusal_to_assess", "decided_not_to_issue": "refusal_to_issue",
             "final_issued": "plan_contents"},
    required_advice=needs.required_advice,
    opening_event="request_received",
    opening_label="Request received",
    opening_update="request_received",
    opening_fact="received_on",
    correct_opening=correct_opening,
    opening_fields=(
        Field("received", "date", "Date the council received the request", required=True),
        Field("request_source", "text", "Who made the request", choices=tuple((v, v.replace("_", " ").capitalize())
              for v in ("parent", "young_person", "school", "health", "social_care", "other"))),
    ),
)  # fmt: skip
