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

from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.machine import Definition, Step

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
        f"The final plan cannot be issued before {earliest:%-d %b %Y}: the family has at least 15 days "
        f"beginning with the day the draft was served ({served:%-d %b %Y}) to make representations "
        f"({law.RULES['A4'].citation}). If they have said they have no representations, record "
        f"'no_representations' first."
    )


MACHINE = Definition(
    "assessment",
    STATES,
    "request_received",
    CLOSED,
    [
        Step("decided_to_assess", "request_received", "assessing"),
        Step("decided_not_to_assess", "request_received", "not_assessed", requires=("reason",)),
        Step("decided_to_issue", "assessing", "drafting"),
        Step("decided_not_to_issue", "assessing", "not_issued", requires=("reason",)),
        Step("draft_issued", "drafting", "draft_issued"),
        Step("no_representations", "draft_issued", None),
        Step(
            "final_issued",
            "draft_issued",
            "plan_issued",
            guards=(representations_period_over,),
            when="only after the draft plan has been served (reg 13)",
        ),
        Step("withdrawn", OPEN, "withdrawn", requires=("reason",)),
        Step("exception_recorded", OPEN, None, requires=("reason", "deadline_keys", "note")),
        Step(
            "advice_requested",
            "assessing",
            None,
            when="only while assessing, after the decision to assess (reg 6: advice is sought for the assessment)",
        ),
        Step("advice_received", STATES, None),  # late advice is still recorded, for the record and the figures
        Step("advice_exception_recorded", OPEN, None),
        Step("advice_reused", "assessing", None, when="only while assessing"),
    ],
    labels=LABELS,
)

# Deadlines an exception may be recorded against, with their rule (statutory.md 9.1).
EXCEPTION_RULES = {"decision_to_assess": "A1", "decision_not_to_issue": "A3", "final_plan": "A7"}


def _first(*dates: dt.date | None) -> dt.date | None:
    present = [d for d in dates if d is not None]
    return min(present) if present else None


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
            met_on=_first(f("decided_to_assess_on"), not_assessed),
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
