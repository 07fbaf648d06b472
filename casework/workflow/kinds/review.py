"""The annual review of an EHC plan (statutory.md section 5, B rows).

    due --meeting_arranged--> meeting_arranged --meeting_held--> meeting_held --report_received--> report_received
    meeting_held | report_received --decided_to_maintain--> maintained
                                   --amendments_proposed--> amending --amended_plan_issued--> amended
                                   --decided_to_cease--> ceasing --plan_ceased--> ceased

Deadlines:
    review_meeting      B1  within the 12-month period (CFA s.44(1), Decision 4); F5 for a plan transferred in
    meeting_notice      B3  meeting - 2 weeks (reg 20(2)-(3), reg 21(2)-(3))
    advice_circulation  B4  meeting - 2 weeks (reg 20(4), reg 21(4))
    review_report       B5  meeting + 2 weeks (reg 20(7)-(8), reg 21(7))
    review_decision     B6  meeting + 4 weeks (reg 20(10), reg 21(8)); with amendments, the notice (B7)
    representations     B8  notice served + 14 (at least 15 days, reg 22(2)(c))
    amended_plan        B9  notice sent + 8 weeks (reg 22(3))
    amended_plan_overall B11 meeting + 12 weeks (R (L) v Devon CC [2022])
    phase_transfer      B12/B13/B14 (reg 18; Decision 5)
    appeal              D1  after a decision to cease, to maintain unchanged, or the amended plan (HESC r.20, r.12)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from casework.models import Case, Plan
from casework.words import case_ref, long_date
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, earliest, spec
from casework.workflow.errors import Conflict, InvalidInput
from casework.workflow.kinds import dispute, needs
from casework.workflow.kinds.base import Kind, Opening, Stage, letter_sent_step
from casework.workflow.kinds.transfer_in import review_held
from casework.workflow.machine import Definition, Field, Step
from casework.workflow.plans import update_plan
from casework.workflow.voice import ACTIONS, record_actions, review_problems

STATES = (
    "due", "meeting_arranged", "meeting_held", "report_received", "amending",
    "ceasing", "maintained", "amended", "ceased",
)  # fmt: skip
CLOSED = ("maintained", "amended", "ceased")
DECIDABLE = ("meeting_held", "report_received")

LABELS = {
    "due": "review due; meeting to be arranged", "meeting_arranged": "review meeting arranged",
    "meeting_held": "review meeting held; report and decision to follow",
    "report_received": "review report received; decision to follow",
    "amending": "amendments proposed; the family has at least 15 days to comment",
    "ceasing": "decided to cease the plan; the plan stays in place until the appeal window closes",
    "maintained": "plan maintained unchanged", "amended": "amended plan issued", "ceased": "plan ceased",
}  # fmt: skip

cases_t = Case.__table__
plans_t = Plan.__table__


def notice_period_kept(ctx) -> str | None:
    """B3: at least 2 weeks' notice of the meeting, unless the officer records why not."""
    meeting_on = ctx.details.get("meeting_on")
    if meeting_on is None:
        return None
    latest = law.meeting_notice(meeting_on).due_on
    if ctx.occurred_on <= latest or str(ctx.details.get("short_notice_reason") or "").strip():
        return None
    return (
        f"The meeting on {long_date(meeting_on)} needs at least 2 weeks' notice: invitations should go out by "
        f"{long_date(latest)} ({law.RULES['B3'].citation}). Choose a later date, or record why it must be sooner "
        f"(short_notice_reason)."
    )


def representations_period_over(ctx) -> str | None:
    """Decision 3 / reg 22(2)(c): no amended plan before the notice was served + 15 days, unless the
    family said they have no representations."""
    served = ctx.fact("amendments_proposed_on")
    earliest = law.earliest_amended_plan(served)
    none_on = ctx.fact("no_representations_on")
    if ctx.occurred_on >= earliest or (none_on is not None and none_on <= ctx.occurred_on):
        return None
    return (
        f"The amended plan cannot be issued before {long_date(earliest)}: the family has at least 15 days "
        f"beginning with the day the amendment notice was served ({long_date(served)}) to comment "
        f"({law.RULES['B8'].citation}). If they have said they have no comments, record that first (no_representations)."
    )


def appeal_window_passed(ctx) -> str | None:
    """C6: the plan is maintained until the time for appealing has passed (D2 after a certificate), or an
    appeal made has been decided or withdrawn (what the dispute tells this case: `dispute.still_disputed`)."""
    sent = ctx.fact("decision_notice_sent_on") or ctx.fact("decided_to_cease_on")
    earliest = law.earliest_cease_date(sent, ctx.fact("certificate_issued_on"))
    if ctx.occurred_on >= earliest or ctx.fact("appeal_ended_on"):
        return None
    return (
        f"The plan must be maintained until the time to appeal has passed: it can cease from "
        f"{long_date(earliest)} ({law.RULES['C6'].citation}; appeal by {long_date(law.appeal_deadline(sent).due_on)}, "
        f"{law.RULES['D1'].citation}). If an appeal is made, it continues until the appeal ends."
    )


def meeting_date_given(ctx) -> str | None:
    meeting_on = ctx.details.get("meeting_on")
    if meeting_on is not None and meeting_on < ctx.occurred_on:
        return "The meeting cannot be before the invitations were sent."
    return None


# The views are required for a decision; `check` (views_problems) says why when they are missing.
VIEWS = (
    Field("child_views", "views", "The child's or young person's views"),
    Field("parent_views", "views", "The parent's views"),
    Field("preparing_for_adulthood_considered", "confirm",
          "Preparing for adulthood was considered (required from Year 9)"),
)  # fmt: skip
NOTICE_SENT = Field("notice_sent_on", "date", "Date the decision letter was sent, if later than the decision",
                    "The appeal window runs from the letter.")  # fmt: skip
NAMED_SETTING = Field("named_setting", "text", "School or setting named in the plan (optional)", max_length=200)
_OPEN = tuple(s for s in STATES if s not in CLOSED)
AMEND_HINT = "They go to the family with the plan and the evidence (saying only that it will change is not enough: B7)."

MACHINE = Definition(
    "review",
    STATES,
    "due",
    CLOSED,
    [
        Step("meeting_arranged", "due", "meeting_arranged", guards=(meeting_date_given, notice_period_kept),
             label="Review meeting arranged", date_label="Date the invitations were sent",
             fields=(Field("meeting_on", "date", "Date of the meeting",
                           "Invitations must go out at least 2 weeks before.", required=True, max_years_ahead=2),
                     Field("short_notice_reason", "textarea", "If less than 2 weeks' notice, why (optional)")),
             tells_family="review_meeting_arranged"),
        Step("advice_circulated", ("meeting_arranged", "meeting_held"), None, label="Advice circulated to invitees",
             date_label="Date the advice was circulated"),
        Step("meeting_held", "meeting_arranged", "meeting_held", label="Review meeting held",
             date_label="Date of the meeting", fields=ACTIONS, tells_family="review_meeting_held"),
        Step("report_received", "meeting_held", "report_received", label="Review report received",
             date_label="Date the report was received", tells_family="review_report_received"),
        Step("decided_to_maintain", DECIDABLE, "maintained", label="Decided to keep the plan as it is",
             date_label="Date the family was told", fields=(*VIEWS, NOTICE_SENT), appealable=True,
             tells_family="review_maintained", letter="review_maintained", when="after the review meeting"),
        Step("amendments_proposed", DECIDABLE, "amending", label="Amendment notice served",
             date_label="Date the amendment notice was served",
             fields=(*VIEWS,
                     Field("amendments_summary", "textarea", "The proposed amendments, one on each line", AMEND_HINT,
                           required=True, max_length=5000),
                     Field("notice_sent_on", "date", "Date the notice was sent, if not the day it was served")),
             tells_family="review_amendments_proposed", letter="review_amendments_proposed", when="after the review meeting"),
        Step("no_representations", "amending", None, label="Family said they have no comments on the amendments",
             date_label="Date the family said so"),
        Step("amended_plan_issued", "amending", "amended", guards=(representations_period_over,), appealable=True,
             label="Amended plan issued", date_label="Date the amended plan was issued", fields=(NAMED_SETTING,),
             tells_family="review_amended_plan_issued", letter="review_amended_plan_issued", when="after amendments have been proposed"),
        Step("decided_to_cease", DECIDABLE, "ceasing", label="Decided to cease the plan",
             date_label="Date the family was told",
             fields=(*VIEWS, Field("reason", "textarea", "Reason", "This is sent to the family in plain English.",
                                   required=True), NOTICE_SENT),
             appealable=True, tells_family="review_decided_to_cease", letter="review_decided_to_cease",
             when="after the review meeting"),
        Step("plan_ceased", "ceasing", "ceased", guards=(dispute.still_disputed, appeal_window_passed), label="Plan ceased",
             date_label="Date the plan ended", tells_family="review_plan_ceased", letter="review_plan_ceased"),
        dispute.changed_step(_OPEN),
        Step("phase_transfer_recorded", _OPEN, None, label="Phase transfer recorded",
             fields=(Field("phase_transfer", "phase_transfer", "Expected transfer between phases", required=True),),
             form="separate", repeatable=True),
        Step("exception_recorded", _OPEN, None, label="Exception recorded",
             fields=(Field("reason", "text", "Reason", required=True, choices=needs.EXCEPTION_CHOICES),
                     Field("deadline_keys", "keys", "Deadlines it applies to", required=True),
                     Field("note", "textarea", "Why the limit could not be met", required=True, max_length=5000)),
             form="separate", repeatable=True),
        letter_sent_step(STATES),
    ],
    labels=LABELS,
)  # fmt: skip

DECISIONS = ("decided_to_maintain", "amendments_proposed", "decided_to_cease")
# Review deadlines have no statutory exceptions (statutory.md 9.1: B rows none).
EXCEPTION_RULES: dict[str, str] = {}


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """Every deadline of a review from its recorded dates. Pure."""
    f = facts.get
    period_start = f("period_start_on")
    held = f("meeting_held_on")
    decided = earliest(*(f(f"{d}_on") for d in DECISIONS))
    ceased_or_kept = f("decided_to_cease_on") or f("decided_to_maintain_on")
    transferred = f("transferred_on")  # a plan transferred in, not reviewed since: F5, the later of two dates
    due = law.transfer_review(period_start, transferred) if transferred else law.review_meeting(period_start)
    out = [spec("review_meeting", due, period_start, met_on=held)]
    planned = f("meeting_on")
    if planned is not None:
        meeting = held or planned
        out += [
            spec("meeting_notice", law.meeting_notice(meeting), meeting, met_on=f("meeting_arranged_on")),
            spec("advice_circulation", law.advice_circulation(meeting), meeting, met_on=f("advice_circulated_on")),
        ]
    if held is not None:
        out += [
            spec("review_report", law.review_report(held), held, met_on=f("report_received_on")),
            spec("review_decision", law.review_decision(held), held, met_on=decided),
        ]
        if not ceased_or_kept:
            out.append(
                spec("amended_plan_overall", law.amended_plan_overall(held), held, met_on=f("amended_plan_issued_on"))
            )
    notice = f("amendments_proposed_on")
    if notice is not None:
        sent = f("notice_sent_on") or notice
        window = law.amendment_representations(notice)
        out += [
            spec("representations", window, notice, met_on=f("no_representations_on"), kind="window"),
            spec("amended_plan", law.amended_plan(sent), sent, met_on=f("amended_plan_issued_on")),
        ]
    if f("phase_transfer_on") and facts.get("phase_transfer_kind"):
        due = law.phase_transfer(f("phase_transfer_on"), facts["phase_transfer_kind"], settings)
        # a maintained plan does not meet reg 18 (it must be amended to name the next setting)
        out.append(
            spec(
                "phase_transfer",
                due,
                f("phase_transfer_on"),
                met_on=f("amended_plan_issued_on"),
                applicable=not f("decided_to_cease_on"),
            )
        )
    if ceased_or_kept or f("amended_plan_issued_on"):  # the amended plan's contents are appealable too
        sent = f("decision_notice_sent_on") or ceased_or_kept or f("amended_plan_issued_on")
        out.append(spec("appeal", law.appeal_deadline(sent), sent, kind="window"))
    return out


def check(event_type: str, details: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> dict:
    """A review decision records the voice of the child (views_problems); a meeting, its actions."""
    return review_problems(event_type in DECISIONS, details, date_of_birth, on)


def record_facts(
    event_type: str, occurred_on: dt.date, details: Mapping[str, Any], facts: dict, today: dt.date
) -> None:
    """The dates a review's clocks need beyond "<event>_on": the planned meeting (B3, B4), the day
    the amendment notice was sent if not the day it was served (B9), and the phase transfer (B12-B14); what
    a dispute about its decision tells it (C6)."""
    dispute.record_dispute_facts(event_type, occurred_on, details, facts)
    if event_type == "meeting_arranged":
        facts["meeting_on"] = details["meeting_on"]
    elif event_type == "amendments_proposed" and details.get("notice_sent_on"):
        sent = details["notice_sent_on"]
        if not occurred_on <= sent <= today:
            raise InvalidInput(
                {"notice_sent_on": ["The notice is sent on or after it was served, and not in the future."]}
            )
        facts["notice_sent_on"] = sent
    elif event_type == "phase_transfer_recorded":
        facts["phase_transfer_on"] = details["phase_transfer"]["transfer_on"]
        facts["phase_transfer_kind"] = details["phase_transfer"]["kind"]


def effects(conn, case, event_type: str, occurred_on: dt.date, facts, details, settings) -> None:
    """What a review does to the plan: a decision to maintain or amend restarts the 12-month clock
    (B2, Decision 4, `review_clock_restarts_on`); a decision to cease marks it ceasing; the plan
    ceases only when `plan_ceased` is recorded after the appeal window (C6)."""
    plan = case.plan_id
    if event_type == "meeting_held":
        update_plan(conn, plan, last_review_meeting_on=occurred_on)
        record_actions(conn, case, occurred_on, details)  # the last review's actions followed up; this one's kept
    elif event_type in ("decided_to_maintain", "amendments_proposed"):
        start = law.next_review_period_start(facts.get("meeting_held_on"), occurred_on, settings)
        update_plan(conn, plan, review_period_start=start, next_review_due=law.review_meeting(start).due_on)
    elif event_type == "amended_plan_issued":
        values: dict[str, Any] = {"amended_on": occurred_on}
        if details.get("named_setting"):
            values["named_setting"] = details["named_setting"]
        update_plan(conn, plan, **values)
    elif event_type == "decided_to_cease":
        update_plan(conn, plan, cease_decided_on=occurred_on)
    elif event_type == "plan_ceased":
        update_plan(conn, plan, status="ceased", ceased_on=occurred_on)
    elif event_type == "phase_transfer_recorded":
        transfer = details["phase_transfer"]
        update_plan(conn, plan, phase_transfer_on=transfer["transfer_on"], phase_transfer_kind=transfer["kind"])


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """A review opens on the child's active plan (by an officer, or by the sweep), from
    `opened_on` (default today), optionally recording the plan's expected `phase_transfer`."""
    opened_on = inputs.get("opened_on") or today
    if opened_on > today:
        raise InvalidInput({"opened_on": [f"{long_date(opened_on)} is in the future (today is {long_date(today)})."]})
    plan = conn.execute(
        select(plans_t)
        .where(plans_t.c.child_id == child_id, plans_t.c.status == "active")
        .order_by(plans_t.c.id.desc())
        .limit(1)
    ).one_or_none()
    if plan is None:
        raise Conflict("This child has no active EHC plan to review.")
    existing = open_review_of(conn, plan.id)
    if existing is not None:
        raise Conflict(f"The plan already has an open review ({case_ref(existing)}).")
    if opened_on < plan.issued_on:
        raise InvalidInput({"opened_on": ["A review cannot open before the plan was issued."]})
    facts: dict[str, Any] = {"period_start_on": plan.review_period_start}
    if plan.transferred_in_on and plan.review_period_start < plan.transferred_in_on:  # F5 (reg 15(5))
        facts["transferred_on"] = plan.transferred_in_on
    transfer_on, transfer_kind = plan.phase_transfer_on, plan.phase_transfer_kind
    phase_transfer = inputs.get("phase_transfer")
    if phase_transfer:
        transfer_on, transfer_kind = phase_transfer["transfer_on"], phase_transfer["kind"]
        update_plan(conn, plan.id, phase_transfer_on=transfer_on, phase_transfer_kind=transfer_kind)
    if transfer_on and transfer_kind:
        facts.update(phase_transfer_on=transfer_on, phase_transfer_kind=transfer_kind)
    return Opening(
        opened_on=opened_on,
        facts=facts,
        details={"plan_id": plan.id, "next_review_due": plan.next_review_due.isoformat()},
        conflict="The plan already has an open review.",
        plan_id=plan.id,
    )


def open_review_of(conn, plan_id: int) -> int | None:
    """The id of the plan's open review, if it has one."""
    row = conn.execute(
        select(cases_t.c.id).where(cases_t.c.plan_id == plan_id, cases_t.c.kind == "review", cases_t.c.is_open)
    ).first()
    return row.id if row is not None else None


_ALL_AFTER_OPEN = STATES
STAGES = (
    Stage("Review opened", "The plan must be reviewed at least once a year.", "due", _ALL_AFTER_OPEN),
    Stage("Review meeting arranged", "Everyone gets at least 2 weeks' notice of the meeting.", "due",
          _ALL_AFTER_OPEN[1:], "meeting_notice"),
    Stage("Review meeting", "You, your child and the professionals talk about how things are going.",
          "meeting_arranged", _ALL_AFTER_OPEN[2:], "review_meeting"),
    Stage("Review decision", "Within 4 weeks of the meeting the council decides to keep, change or end the plan.",
          "meeting_held", ("amending", "ceasing", "maintained", "amended", "ceased"), "review_decision"),
    Stage("Amended plan",
          "If the plan changes, you have at least 15 days to comment, and the amended plan follows within 8 weeks.",
          "amending", ("amended",), "amended_plan"),
)  # fmt: skip

KIND = Kind(
    name="review",
    title="Annual review",
    plural="Reviews",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={
        "due": "Review due", "meeting_arranged": "Review meeting arranged", "meeting_held": "Review meeting held",
        "report_received": "Review report received", "amending": "Amendments proposed",
        "ceasing": "Ceasing (appeal window)", "maintained": "Plan kept as it is", "amended": "Amended plan issued",
        "ceased": "Plan ended",
    },
    deadline_labels={
        "review_meeting": "Hold the review meeting", "meeting_notice": "Send the meeting invitations",
        "advice_circulation": "Send the advice to those invited", "review_report": "Send the review report",
        "review_decision": "Tell the family the review decision",
        "amended_plan_overall": "Issue the amended plan (12 weeks from the meeting)",
        "amended_plan": "Issue the amended plan", "representations": "Family's comments on the amendments",
        "phase_transfer": "Issue the amended plan before the move to a new school or college",
        "appeal": "Family's time to appeal",
    },
    stages=STAGES,
    next_step={
        "due": "The council arranges a review meeting.",
        "meeting_arranged": "The review meeting takes place.",
        "meeting_held": "The council decides whether to keep, change or end the plan.",
        "report_received": "The council decides whether to keep, change or end the plan.",
        "amending": "You comment on the proposed changes; then the council issues the amended plan.",
        "ceasing": "The plan stays in place until the time to appeal has passed.",
        "maintained": "The plan continues. It will be reviewed again within a year.",
        "amended": "The amended plan is in place. It will be reviewed again within a year.",
        "ceased": "The plan has ended.",
    },
    next_deadline={
        "due": "review_meeting", "meeting_arranged": "review_decision", "amending": "amended_plan",
        "ceasing": "appeal", "maintained": "appeal",
    },
    exception_rules=EXCEPTION_RULES,
    appeals={"decided_to_maintain": "refusal_to_amend", "decided_to_cease": "cease",
             "amended_plan_issued": "plan_contents"},  # fmt: skip
    check=check,
    record_facts=record_facts,
    effects=effects,
    follow_ons=review_held,  # a plan transferred in is reviewed (F5)
    surveys=dict.fromkeys(("decided_to_maintain", "amended_plan_issued", "plan_ceased"), "review"),  # it ended
    prepare=prepare,
    opening_event="review_opened",
    opening_label="Review opened",
    opening_update="review_opened",
    opening_fields=(Field("opened_on", "date", "Date the review opened"),
                    Field("phase_transfer", "phase_transfer", "Expected transfer between phases")),
)  # fmt: skip
