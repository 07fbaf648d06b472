"""The annual review of an EHC plan (statutory.md section 5, B rows).

    due --meeting_arranged--> meeting_arranged --meeting_held--> meeting_held
        --report_received--> report_received
    meeting_held | report_received --decided_to_maintain--> maintained
                                   --amendments_proposed--> amending --amended_plan_issued--> amended
                                   --decided_to_cease--> ceasing --plan_ceased--> ceased

Deadlines:
    review_meeting      B1  within the 12-month period (CFA s.44(1), Decision 4)
    meeting_notice      B3  meeting - 2 weeks (reg 20(2)-(3), reg 21(2)-(3))
    advice_circulation  B4  meeting - 2 weeks (reg 20(4), reg 21(4))
    review_report       B5  meeting + 2 weeks (reg 20(7)-(8), reg 21(7))
    review_decision     B6  meeting + 4 weeks (reg 20(10), reg 21(8)); with amendments, the notice (B7)
    representations     B8  notice served + 14 (at least 15 days, reg 22(2)(c))
    amended_plan        B9  notice sent + 8 weeks (reg 22(3))
    amended_plan_overall B11 meeting + 12 weeks (R (L) v Devon CC [2022])
    phase_transfer      B12/B13/B14 (reg 18; Decision 5)
    appeal              D1  after a decision to cease or to maintain unchanged (HESC r.20, r.12)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.machine import Definition, Step

STATES = (
    "due",
    "meeting_arranged",
    "meeting_held",
    "report_received",
    "amending",
    "ceasing",
    "maintained",
    "amended",
    "ceased",
)
CLOSED = ("maintained", "amended", "ceased")
DECIDABLE = ("meeting_held", "report_received")

LABELS = {
    "due": "review due; meeting to be arranged",
    "meeting_arranged": "review meeting arranged",
    "meeting_held": "review meeting held; report and decision to follow",
    "report_received": "review report received; decision to follow",
    "amending": "amendments proposed; the family has at least 15 days to comment",
    "ceasing": "decided to cease the plan; the plan stays in place until the appeal window closes",
    "maintained": "plan maintained unchanged",
    "amended": "amended plan issued",
    "ceased": "plan ceased",
}

VIEW_HOW = ("in_person", "in_writing", "advocate", "not_obtained")


def _view_problem(name: str, view: Any) -> str | None:
    who = "the child's or young person's" if name == "child_views" else "the parent's"
    if not isinstance(view, Mapping):
        return (
            f"Record {who} views ({name}): who gave them and how (in person, in writing, through an advocate), "
            f"or that they could not be obtained and why. Reviews must take account of them "
            f"(Children and Families Act 2014, s.19; SEND Regulations 2014, reg 20)."
        )
    how = view.get("how")
    if how not in VIEW_HOW:
        return f"{name}.how must be one of: {', '.join(VIEW_HOW)}."
    if how == "not_obtained":
        if not str(view.get("reason") or "").strip():
            return f"{name}: say why {who} views could not be obtained."
    elif not str(view.get("given_by") or "").strip():
        return f"{name}: say who gave {who} views."
    return None


def views_problems(details: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> dict[str, list[str]]:
    """The voice of the child: a review decision records the child's and the parent's views, and
    from Year 9 that preparation for adulthood was considered (B17)."""
    problems = {}
    for name in ("child_views", "parent_views"):
        problem = _view_problem(name, details.get(name))
        if problem:
            problems[name] = [problem]
    if (
        date_of_birth is not None
        and law.preparing_for_adulthood_applies(date_of_birth, on)
        and details.get("preparing_for_adulthood_considered") is not True
    ):
        problems["preparing_for_adulthood_considered"] = [
            f"From Year 9 every review must consider preparing for adulthood and independent living "
            f"({law.RULES['B17'].citation}). Confirm it was considered."
        ]
    return problems


def notice_period_kept(ctx) -> str | None:
    """B3: at least 2 weeks' notice of the meeting, unless the officer records why not."""
    meeting_on = ctx.details.get("meeting_on")
    if meeting_on is None:
        return None
    latest = law.meeting_notice(meeting_on).due_on
    if ctx.occurred_on <= latest or str(ctx.details.get("short_notice_reason") or "").strip():
        return None
    return (
        f"The meeting on {meeting_on:%-d %b %Y} needs at least 2 weeks' notice: invitations should go out by "
        f"{latest:%-d %b %Y} ({law.RULES['B3'].citation}). Choose a later date, or record why it must be sooner "
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
        f"The amended plan cannot be issued before {earliest:%-d %b %Y}: the family has at least 15 days "
        f"beginning with the day the amendment notice was served ({served:%-d %b %Y}) to comment "
        f"({law.RULES['B8'].citation}). If they have said they have no comments, record 'no_representations' first."
    )


def appeal_window_passed(ctx) -> str | None:
    """C6: the plan is maintained until the time for appealing has passed."""
    sent = ctx.fact("decision_notice_sent_on") or ctx.fact("decided_to_cease_on")
    earliest = law.earliest_cease_date(sent)
    if ctx.occurred_on >= earliest:
        return None
    return (
        f"The plan must be maintained until the time to appeal has passed: it can cease from "
        f"{earliest:%-d %b %Y} ({law.RULES['C6'].citation}; appeal by {law.appeal_deadline(sent).due_on:%-d %b %Y}, "
        f"{law.RULES['D1'].citation}). If an appeal is made, it continues until the appeal ends."
    )


def meeting_date_given(ctx) -> str | None:
    meeting_on = ctx.details.get("meeting_on")
    if meeting_on is not None and meeting_on < ctx.occurred_on:
        return "The meeting cannot be before the invitations were sent."
    return None


MACHINE = Definition(
    "review",
    STATES,
    "due",
    CLOSED,
    [
        Step(
            "meeting_arranged",
            "due",
            "meeting_arranged",
            guards=(meeting_date_given, notice_period_kept),
            requires=("meeting_on",),
        ),
        Step("advice_circulated", ("meeting_arranged", "meeting_held"), None),
        Step("meeting_held", "meeting_arranged", "meeting_held"),
        Step("report_received", "meeting_held", "report_received"),
        Step("decided_to_maintain", DECIDABLE, "maintained", when="after the review meeting"),
        Step("amendments_proposed", DECIDABLE, "amending", when="after the review meeting"),
        Step("no_representations", "amending", None),
        Step(
            "amended_plan_issued",
            "amending",
            "amended",
            guards=(representations_period_over,),
            when="after amendments have been proposed",
        ),
        Step("decided_to_cease", DECIDABLE, "ceasing", requires=("reason",), when="after the review meeting"),
        Step("plan_ceased", "ceasing", "ceased", guards=(appeal_window_passed,)),
        Step(
            "phase_transfer_recorded", tuple(s for s in STATES if s not in CLOSED), None, requires=("phase_transfer",)
        ),
        Step(
            "exception_recorded",
            tuple(s for s in STATES if s not in CLOSED),
            None,
            requires=("reason", "deadline_keys", "note"),
        ),
    ],
    labels=LABELS,
)

DECISIONS = ("decided_to_maintain", "amendments_proposed", "decided_to_cease")
# Review deadlines have no statutory exceptions (statutory.md 9.1: B rows none).
EXCEPTION_RULES: dict[str, str] = {}


def _first(*dates: dt.date | None) -> dt.date | None:
    present = [d for d in dates if d is not None]
    return min(present) if present else None


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """Every deadline of a review from its recorded dates. Pure."""
    f = facts.get
    period_start = f("period_start_on")
    held = f("meeting_held_on")
    decided = _first(*(f(f"{d}_on") for d in DECISIONS))
    ceased_or_kept = f("decided_to_cease_on") or f("decided_to_maintain_on")
    out = [spec("review_meeting", law.review_meeting(period_start), period_start, met_on=held)]
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
        out += [
            spec(
                "representations",
                law.amendment_representations(notice),
                notice,
                met_on=f("no_representations_on"),
                kind="window",
            ),
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
    if ceased_or_kept:
        sent = f("decision_notice_sent_on") or ceased_or_kept
        out.append(spec("appeal", law.appeal_deadline(sent), sent, kind="window"))
    return out
