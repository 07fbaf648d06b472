"""The EHC needs assessment: 20 weeks from request to final plan (statutory.md section 3).

    request_received --decided_to_assess--> assessing --decided_to_issue--> drafting
        --draft_issued--> draft_issued --final_issued--> plan_issued
    request_received --decided_not_to_assess--> not_assessed
    assessing --decided_not_to_issue--> not_issued
    any open state --withdrawn--> withdrawn

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
from casework.workflow.exceptions import EXCEPTION_REASONS
from casework.workflow.kinds.base import Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step
from casework.workflow.plans import make_plan

STATES = (
    "request_received",
    "assessing",
    "drafting",
    "draft_issued",
    "plan_issued",
    "not_assessed",
    "not_issued",
    "withdrawn",
)
OPEN = ("request_received", "assessing", "drafting", "draft_issued")
CLOSED = ("plan_issued", "not_assessed", "not_issued", "withdrawn")

LABELS = {
    "request_received": "request received; deciding whether to assess",
    "assessing": "assessing needs; gathering advice",
    "drafting": "decided to issue a plan; writing the draft",
    "draft_issued": "draft plan with the family for comments",
    "plan_issued": "final plan issued",
    "not_assessed": "decided not to assess",
    "not_issued": "decided not to issue a plan",
    "withdrawn": "request withdrawn",
}


def representations_period_over(ctx) -> str | None:
    """Decision 3: no final plan before served + 15 days, unless the family said they have no
    representations (recorded as `no_representations`)."""
    served = ctx.fact("draft_issued_on")
    earliest = law.earliest_final_plan(served)
    if ctx.occurred_on >= earliest:
        return None
    none_on = ctx.fact("no_representations_on")
    if none_on is not None and none_on <= ctx.occurred_on:
        return None
    return (
        f"The final plan cannot be issued before {long_date(earliest)}: the family has at least 15 days "
        f"beginning with the day the draft was served ({long_date(served)}) to make representations "
        f"({law.RULES['A4'].citation}). If they have said they have no comments, record that first "
        f"(no_representations)."
    )


cases_t = Case.__table__

REASON = Field("reason", "textarea", "Reason", "This is sent to the family in plain English.", required=True)
NOTICE_SENT = Field(
    "notice_sent_on",
    "date",
    "Date the decision letter was sent, if later than the decision",
    "The appeal window runs from the letter.",
)
NAMED_SETTING = Field("named_setting", "text", "School or setting named in the plan (optional)", max_length=200)
EXCEPTION_FIELDS = (
    Field("reason", "text", "Reason", required=True, choices=EXCEPTION_REASONS),
    Field("deadline_keys", "keys", "Deadlines it applies to", required=True),
    Field(
        "note", "textarea", "Why the time limit could not be met because of this reason", required=True, max_length=5000
    ),
)

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
        ),
        Step(
            "decided_not_to_assess",
            "request_received",
            "not_assessed",
            label="Decided not to assess",
            date_label="Date the family was told",
            fields=(REASON, NOTICE_SENT),
            appealable=True,
            tells_family="decided_not_to_assess",
        ),
        Step(
            "decided_to_issue",
            "assessing",
            "drafting",
            label="Decided to issue a plan",
            tells_family="decided_to_issue",
        ),
        Step(
            "decided_not_to_issue",
            "assessing",
            "not_issued",
            label="Decided not to issue a plan",
            date_label="Date the family was told",
            fields=(REASON, NOTICE_SENT),
            appealable=True,
            tells_family="decided_not_to_issue",
        ),
        Step(
            "draft_issued",
            "drafting",
            "draft_issued",
            label="Draft plan served",
            date_label="Date the draft was served",
            tells_family="draft_issued",
        ),
        Step(
            "no_representations",
            "draft_issued",
            None,
            label="Family said they have no comments on the draft",
            date_label="Date the family said so",
        ),
        Step(
            "final_issued",
            "draft_issued",
            "plan_issued",
            guards=(representations_period_over,),
            label="Final plan issued",
            date_label="Date the final plan was issued",
            fields=(NAMED_SETTING, NOTICE_SENT),
            appealable=True,
            tells_family="final_issued",
            when="only after the draft plan has been served (reg 13)",
        ),
        Step(
            "withdrawn",
            OPEN,
            "withdrawn",
            label="Request withdrawn",
            fields=(Field("reason", "textarea", "Reason", required=True),),
            tells_family="withdrawn",
        ),
        Step(
            "exception_recorded",
            OPEN,
            None,
            label="Exception recorded",
            fields=EXCEPTION_FIELDS,
            form="separate",
            repeatable=True,
            tells_family="exception_recorded",
        ),
        Step(
            "advice_requested",
            "assessing",
            None,
            label="Advice requested",
            form="separate",
            repeatable=True,
            when="only while assessing, after the decision to assess (reg 6: advice is sought for the assessment)",
        ),
        # late advice is still recorded, for the record and the figures
        Step("advice_received", STATES, None, label="Advice received", form="separate", repeatable=True),
        Step(
            "advice_exception_recorded", OPEN, None, label="Advice exception recorded", form="separate", repeatable=True
        ),
        Step("advice_returned", OPEN, None, label="Advice request returned", form="separate", repeatable=True),
        Step(
            "advice_reused",
            "assessing",
            None,
            label="Existing advice reused",
            form="separate",
            repeatable=True,
            when="only while assessing",
        ),
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
    withdrawn = f("withdrawn_on")
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
    served = f("draft_issued_on")
    if served:
        out.append(
            spec(
                "representations", law.representations(served), served, met_on=f("no_representations_on"), kind="window"
            )
        )
    decision_letter = not_assessed or not_issued or final
    if decision_letter:
        sent = f("decision_notice_sent_on") or decision_letter
        out.append(spec("appeal", law.appeal_deadline(sent), sent, kind="window"))
    return out


def effects(conn, case, event_type: str, occurred_on: dt.date, facts, details, settings) -> None:
    """The final plan makes the child's EHC plan; its date starts the review clock (B1)."""
    if event_type == "final_issued":
        make_plan(conn, child_id=case.child_id, case_id=case.id, issued_on=occurred_on,
                  named_setting=details.get("named_setting"))  # fmt: skip


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
        "withdrawn": "Withdrawn",
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
    },
    next_deadline={
        "request_received": "decision_to_assess", "assessing": "final_plan", "drafting": "final_plan",
        "draft_issued": "representations", "plan_issued": "appeal", "not_assessed": "appeal", "not_issued": "appeal",
    },
    exception_rules=EXCEPTION_RULES,
    effects=effects,
    prepare=prepare,
    opening_event="request_received",
    opening_label="Request received",
    opening_update="request_received",
    opening_fact="received_on",
    correct_opening=correct_opening,
    opening_fields=(
        Field("received", "date", "Date the council received the request", required=True),
        Field("request_source", "text", "Who made the request", choices=("parent", "young_person", "school",
              "health", "social_care", "other")),
    ),
)  # fmt: skip
