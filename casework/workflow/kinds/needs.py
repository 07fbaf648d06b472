"""The needs-assessment steps (regs 6-14), shared by every kind that assesses a child's needs and
makes a plan: the EHC needs assessment, the re-assessment (reg 26: the same rules) and a Tribunal
order to assess or to make a plan (reg 44). One definition of each step, guard and fact; each kind
builds its machine from these with its own states for before and after.

    assessing --decided_to_issue--> drafting --draft_issued--> draft_issued --final_issued--> <done>
    assessing --decided_not_to_issue--> <not issued>
    assessing: advice_requested, advice_reused, advice_not_needed, advice_exception_recorded
    any state: advice_received (late advice is still recorded)

Advice completeness (reg 6(1)): each required advice (the parent's, educational, medical,
psychological, social care, and from Year 9 preparing for adulthood) is requested, received, reused
(reg 6(4)) or recorded as not needed with the reason; `decided_to_issue` and `draft_issued` are refused
while any is missing. The case's facts keep the summary the guard reads (`advice`: type -> requested |
received | reused; `advice_not_needed`: type -> reason), written by the advice events themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from casework.words import long_date
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, spec
from casework.workflow.exceptions import EXCEPTION_REASONS
from casework.workflow.machine import Field, Step
from casework.workflow.plans import make_plan
from casework.workflow.voice import ASSESSMENT_VIEWS, child_view_problems

# reg 6(1): type -> (limb, what it is)
REQUIRED = {
    "parent": ("(a)", "the views of the parent or young person"),
    "education": ("(b)", "educational advice"),
    "health": ("(c)", "medical advice"),
    "psychology": ("(d)", "psychological advice"),
    "social_care": ("(e)", "social care advice"),
    "preparing_for_adulthood": ("(g)", "advice on preparing for adulthood and independent living (from Year 9)"),
}
_RANK = {"requested": 1, "reused": 2, "received": 3}
_ADVICE_EVENTS = {"advice_requested": "requested", "advice_reused": "reused", "advice_received": "received"}


def required_types(date_of_birth: dt.date | None, on: dt.date) -> tuple[str, ...]:
    """The advice reg 6(1) requires for a child born on `date_of_birth`, on `on`."""
    pfa = date_of_birth is not None and law.preparing_for_adulthood_applies(date_of_birth, on)
    return tuple(t for t in REQUIRED if t != "preparing_for_adulthood" or pfa)


def required_advice(facts: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> list[dict[str, Any]]:
    """Each required advice and where it stands: requested | received | reused | not_needed | missing."""
    sought = facts.get("advice") or {}
    not_needed = facts.get("advice_not_needed") or {}
    out = []
    for advice_type in required_types(date_of_birth, on):
        status = sought.get(advice_type) or ("not_needed" if advice_type in not_needed else "missing")
        out.append({"advice_type": advice_type, "status": status, "reason": not_needed.get(advice_type)})
    return out


def missing_advice(facts: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> list[str]:
    return [a["advice_type"] for a in required_advice(facts, date_of_birth, on) if a["status"] == "missing"]


def advice_complete(ctx) -> str | None:
    """Reg 6(1): the council seeks each required advice (or records why it is not needed) before it
    decides to issue a plan or serves the draft."""
    missing = missing_advice(ctx.facts, ctx.date_of_birth, ctx.occurred_on)
    if not missing:
        return None
    named = "; ".join(f"{t} ({REQUIRED[t][1]}, reg 6(1){REQUIRED[t][0]})" for t in missing)
    return (
        f"Required advice is missing: {named}. SEND Regulations 2014, reg 6(1) requires the council to seek "
        f"this advice for the assessment. Request it, record reused advice (reg 6(4)), or record why it is not "
        f"needed (advice_not_needed, with the reason)."
    )


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


def record_advice_facts(event_type: str, occurred_on: dt.date, details: Mapping[str, Any], facts: dict, today) -> None:
    """The advice summary the reg 6(1) guard reads, kept by the advice events."""
    status = _ADVICE_EVENTS.get(event_type)
    advice_type = details.get("advice_type")
    if status and advice_type:
        advice = dict(facts.get("advice") or {})
        if _RANK[status] > _RANK.get(advice.get(advice_type, ""), 0):
            advice[advice_type] = status
        facts["advice"] = advice
    elif event_type == "advice_not_needed":
        facts["advice_not_needed"] = {**(facts.get("advice_not_needed") or {}), advice_type: details["reason"]}


def check(event_type: str, details: Mapping[str, Any], date_of_birth: dt.date | None, on: dt.date) -> dict:
    """Only a required advice can be recorded as not needed, and only with its reason."""
    if event_type in ("decided_to_issue", "decided_not_to_issue"):
        return child_view_problems(details)
    if event_type != "advice_not_needed":
        return {}
    if details.get("advice_type") not in REQUIRED:
        return {"advice_type": [f"Choose one of the advice reg 6(1) requires: {', '.join(REQUIRED)}."]}
    if not str(details.get("reason") or "").strip():
        return {"reason": ["Say why this advice is not needed (for example, the family agree ...)."]}
    return {}


REASON = Field("reason", "textarea", "Reason", "This is sent to the family in plain English.", required=True)
NOTICE_SENT = Field(
    "notice_sent_on",
    "date",
    "Date the decision letter was sent, if later than the decision",
    "The appeal window runs from the letter.",
)
NAMED_SETTING = Field("named_setting", "text", "School or setting named in the plan (optional)", max_length=200)
EXCEPTION_CHOICES = tuple((r, r.replace("_", " ").capitalize()) for r in EXCEPTION_REASONS)
EXCEPTION_FIELDS = (
    Field("reason", "text", "Reason", required=True, choices=EXCEPTION_CHOICES),
    Field("deadline_keys", "keys", "Deadlines it applies to", required=True),
    Field(
        "note", "textarea", "Why the time limit could not be met because of this reason", required=True, max_length=5000
    ),
    Field("absent_from", "date", "Absent from the area from (absent_from_area)"),
    Field("absent_until", "date", "Absent from the area until, inclusive (absent_from_area)"),
    Field("advice_request_id", "number", "The advice request to the head of the closed setting (school_closure)"),
)


def advice_steps(
    states: Sequence[str], open_states: Sequence[str], gathering: Sequence[str] = ("assessing",)
) -> list[Step]:
    """Requesting, receiving, reusing and not needing advice (reg 6, reg 8)."""
    only = "only while assessing, after the decision to assess (reg 6: advice is sought for the assessment)"
    return [
        # recorded only through workflow/advice.py (they write the advice request too): form "none"
        Step("advice_requested", tuple(gathering), None, label="Advice requested", form="none", repeatable=True,
             when=only),
        Step("advice_received", tuple(states), None, label="Advice received", form="none", repeatable=True),
        Step("advice_exception_recorded", tuple(open_states), None, label="Advice exception recorded",
             form="none", repeatable=True),
        Step("advice_returned", tuple(open_states), None, label="Advice request returned", form="none",
             repeatable=True),
        Step("advice_reused", tuple(gathering), None, label="Existing advice reused", form="none",
             repeatable=True, when="only while assessing"),
        Step("advice_not_needed", (*gathering, "drafting"), None, label="Required advice not needed",
             date_label="Date it was decided", form="separate", repeatable=True,
             fields=(Field("advice_type", "text", "Which advice", required=True, max_length=30,
                           choices=tuple((t, what) for t, (_limb, what) in REQUIRED.items())),
                     Field("reason", "textarea", "Why it is not needed", required=True)),
             when="only while assessing or writing the draft plan"),
    ]  # fmt: skip


def plan_steps(done: str, not_issued: str | None, stems: Mapping[str, str | None] | None = None,
               labels: Mapping[str, str] | None = None, letters: Mapping[str, str] | None = None) -> list[Step]:  # fmt: skip
    """Deciding to issue (or not), the draft and its 15 days, the final plan; `letters`: the statutory
    letter (notifications/letters) a step sends, by trigger."""
    letter = dict(letters or {})
    stem = {"decided_to_issue": "decided_to_issue", "decided_not_to_issue": "decided_not_to_issue",
            "draft_issued": "draft_issued", "final_issued": "final_issued", **(stems or {})}  # fmt: skip
    label = {"decided_to_issue": "Decided to issue a plan", "decided_not_to_issue": "Decided not to issue a plan",
             **(labels or {})}  # fmt: skip
    steps = [
        Step("decided_to_issue", "assessing", "drafting", guards=(advice_complete,), label=label["decided_to_issue"],
             fields=(ASSESSMENT_VIEWS,), tells_family=stem["decided_to_issue"],
             when="only while assessing, after the decision to assess"),
        Step("draft_issued", "drafting", "draft_issued", guards=(advice_complete,), label="Draft plan served",
             date_label="Date the draft was served", tells_family=stem["draft_issued"],
             letter=letter.get("draft_issued")),
        Step("no_representations", "draft_issued", None, label="Family said they have no comments on the draft",
             date_label="Date the family said so"),
        Step("final_issued", "draft_issued", done, guards=(representations_period_over,), label="Final plan issued",
             date_label="Date the final plan was issued", fields=(NAMED_SETTING, NOTICE_SENT), appealable=True,
             tells_family=stem["final_issued"], letter=letter.get("final_issued"),
             when="only after the draft plan has been served (reg 13)"),
    ]  # fmt: skip
    if not_issued is not None:
        steps.insert(1, Step("decided_not_to_issue", "assessing", not_issued, label=label["decided_not_to_issue"],
                             date_label="Date the family was told", fields=(ASSESSMENT_VIEWS, REASON, NOTICE_SENT),
                             appealable=True, tells_family=stem["decided_not_to_issue"],
                             letter=letter.get("decided_not_to_issue")))  # fmt: skip
    return steps


def exception_step(open_states: Sequence[str]) -> Step:
    return Step("exception_recorded", tuple(open_states), None, label="Exception recorded", fields=EXCEPTION_FIELDS,
                form="separate", repeatable=True, tells_family="exception_recorded")  # fmt: skip


def plan_deadlines(facts: Mapping[str, Any]) -> list[DeadlineSpec]:
    """The family's 15 days on the draft (A4) and, after a decision letter, the appeal window (D1)."""
    f = facts.get
    out = []
    served = f("draft_issued_on")
    if served:
        out.append(
            spec(
                "representations", law.representations(served), served, met_on=f("no_representations_on"), kind="window"
            )  # fmt: skip
        )
    decision = f("decided_not_to_assess_on") or f("decided_not_to_issue_on") or f("final_issued_on")
    decision = decision or f("decided_not_to_reassess_on")
    if decision:
        sent = f("decision_notice_sent_on") or decision
        out.append(spec("appeal", law.appeal_deadline(sent), sent, kind="window"))
    return out


def effects(conn, case, event_type: str, occurred_on: dt.date, facts, details, settings) -> None:
    """The final plan makes the child's EHC plan (replacing any earlier one); its date starts the
    review clock (B1)."""
    if event_type == "final_issued":
        make_plan(conn, child_id=case.child_id, case_id=case.id, issued_on=occurred_on,
                  named_setting=details.get("named_setting"))  # fmt: skip


def exported_step(open_states: Sequence[str]) -> Step:
    """F6: a request or assessment in progress does not transfer when the child moves to another council;
    it ends here, marked exported (SEN2 `Exported`). Recorded by the move itself (a follow-on)."""
    return Step("exported", tuple(open_states), "exported", label="Child moved away: request ended (exported)",
                date_label="Date of the move", fields=(Field("to_la", "text", "The council they moved to",
                                                             max_length=100),), form="none", tells_family="exported")  # fmt: skip
