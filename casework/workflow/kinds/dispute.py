"""A dispute about an appealable decision: mediation and an appeal to the SEND Tribunal (statutory.md 7,
D rows). It opens from the decision appealed against (its case and event: `origin_case_id`,
`origin_event_id`), and ends in the Tribunal's decision, the council not opposing the appeal, a
withdrawal, or no appeal. What the council must then do is a `tribunal_order` case opened from it. It tells
the decision's case how it moves on (`dispute_changed`, a follow-on), so a plan stays in place while an
appeal is possible or under way (C6).

    open --adviser_contacted--> mediation --certificate_issued--> certificate_issued
    open | mediation | certificate_issued --appeal_registered--> appealed (a certificate first, unless the
        appeal is only about the placement: CFA s.55, D12)
    appealed --tribunal_decided--> decided | --not_opposed--> conceded | --appeal_withdrawn--> withdrawn
    open | mediation | certificate_issued --closed_without_appeal--> closed
    in mediation: mediation_not_wanted, mediation_wanted, icb_told, mediation_cannot_be_arranged,
        mediation_held, agreed_non_appealable (D10, D11), agreed_appealable (D9: see tribunal_order),
        agreed_action_done, body_told_la; while appealed: response_date_given, response_sent,
        hearing_listed, hearing_held

Deadlines (window: the family's time; duty: the council's; external: another body's):
    mediation_contact            D3   window    2 months after the decision letter (reg 33)
    appeal                       D1/D2 window   Tribunal-adjusted; "may be extended by D2" while a
                                                certificate is possible (HESC r.20, r.12)
    certificate_no_mediation     D4   external  3 working days after the adviser is told (regs 33-34)
    health_issues_notice         D5   duty      3 working days after the council is told (regs 35-36)
    mediation                    D6   duty      30 days after the council is told (regs 35-37)
    certificate_cannot_arrange   D7   external  3 working days
    certificate_after_mediation  D8   external  3 working days after mediation ends
    agreed_action                D10  duty      2 weeks after an agreement on a non-appealable issue
    body_tells_la                D11  external  1 week, where the council was not a party (reg 42(4))
    response                     D13  duty      the registration letter's date; until entered, 30
                                                Tribunal working days after the appeal was sent
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from casework.models import Case, Event
from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec, earliest, spec
from casework.workflow.errors import Conflict, InvalidInput, NotFound
from casework.workflow.kinds.base import FollowOn, Kind, Opening, Stage
from casework.workflow.machine import Definition, Field, Step

STATES = ("open", "mediation", "certificate_issued", "appealed", "decided", "conceded", "withdrawn", "closed")
BEFORE_APPEAL = ("open", "mediation", "certificate_issued")
OPEN = (*BEFORE_APPEAL, "appealed")
SUBJECTS = (
    ("refusal_to_assess", "A decision not to carry out an EHC needs assessment"),
    ("refusal_to_issue", "A decision not to issue an EHC plan"),
    ("plan_contents", "The needs, provision or placement in the plan"),
    ("cease", "A decision to cease the plan"),
    ("refusal_to_reassess", "A decision not to re-assess"),
    ("refusal_to_amend", "A decision not to amend the plan"),
)
OUTCOMES = (("upheld", "Appeal allowed"), ("partly_upheld", "Appeal allowed in part"), ("dismissed", "Dismissed"))
CERTIFICATE = "certificate_issued_on"

cases_t, events_t = Case.__table__, Event.__table__


def certificate_first(ctx) -> str | None:
    """CFA s.55: an appeal needs a mediation certificate, unless it is only about the school, institution
    or type of school named in the plan (D12)."""
    if ctx.fact(CERTIFICATE) or ctx.details.get("placement_only"):
        return None
    return (
        "An appeal can be registered only after a mediation certificate has been issued (Children and Families "
        "Act 2014, s.55). Record the certificate first, or record that the appeal is only about the school or "
        "placement named in the plan (placement_only), which needs none (D12)."
    )


def before_the_response_deadline(ctx) -> str | None:
    """E10 (reg 45): an appeal is unopposed when the council tells the Tribunal before its response deadline."""
    due = law.appeal_response(ctx.fact("appeal_registered_on"), ctx.fact("response_due_on"))
    if ctx.occurred_on <= due.due_on:
        return None
    return (
        f"The council's response was due by {due.due_on:%-d %b %Y}; telling the Tribunal afterwards that it will "
        f"not oppose is not an unopposed appeal under {law.RULES['E10'].citation}. Record the Tribunal's decision."
    )


NOTE = Field("outcome", "textarea", "What was agreed", required=True)
MACHINE = Definition(
    "dispute",
    STATES,
    "open",
    ("decided", "conceded", "withdrawn", "closed"),
    [
        Step("adviser_contacted", "open", "mediation", label="Family contacted the mediation adviser",
             date_label="Date they contacted the adviser", silent="the family contacted the adviser themselves"),
        Step("mediation_not_wanted", "mediation", None, label="Family told the adviser they do not want mediation",
             date_label="Date the adviser was told"),
        Step("mediation_wanted", "mediation", None, label="Council told the family want mediation",
             date_label="Date the council was told", tells_family="mediation_wanted",
             fields=(Field("health_issues", "confirm", "The mediation includes health issues"),
                     Field("health_only", "confirm", "The mediation is about health issues only"))),
        Step("icb_told", "mediation", None, label="Council told the ICB what the mediation is about",
             date_label="Date the ICB was told"),
        Step("mediation_cannot_be_arranged", "mediation", None, label="Mediation cannot be arranged in time",
             date_label="Date the adviser was told"),
        Step("mediation_held", "mediation", None, label="Mediation held", date_label="Date the mediation ended"),
        Step("agreed_non_appealable", "mediation", None, label="Agreement at mediation (an issue that cannot be "
             "appealed)", date_label="Date of the agreement", tells_family="mediation_agreed",
             fields=(NOTE, Field("la_not_party", "confirm", "The council was not a party (a health or social care "
                                 "body agreed)"))),
        Step("agreed_appealable", "mediation", None, label="Agreement at mediation on an appealable issue",
             date_label="Date of the agreement", fields=(NOTE,), tells_family="mediation_agreed_appealable"),
        Step("agreed_action_done", "mediation", None, label="What was agreed has been done"),
        Step("body_told_la", "mediation", None, label="The commissioning body told the council of the agreement"),
        Step("certificate_issued", ("open", "mediation"), "certificate_issued", label="Mediation certificate issued",
             date_label="Date the certificate was issued",
             silent="the mediation adviser or mediator gives the certificate to the family"),
        Step("appeal_registered", BEFORE_APPEAL, "appealed", guards=(certificate_first,), label="Appeal registered",
             date_label="Date the Tribunal sent the appeal to the council", tells_family="appeal_registered",
             fields=(Field("appeal_against", "choice", "What the appeal is against (if not the decision itself)",
                           choices=SUBJECTS),
                     Field("placement_only", "confirm", "Only about the school or placement named (no certificate)"),
                     Field("response_due_on", "date", "Response due (the date in the registration letter)", max_years_ahead=1))),
        Step("response_date_given", "appealed", None, label="Response date from the registration letter",
             fields=(Field("response_due_on", "date", "Response due (the date in the registration letter)", max_years_ahead=1,
                           required=True),), repeatable=True),
        Step("response_sent", "appealed", None, label="Council's response sent to the Tribunal",
             tells_family="appeal_response_sent"),
        Step("not_opposed", "appealed", "conceded", guards=(before_the_response_deadline,),
             label="Council told the Tribunal it will not oppose the appeal", date_label="Date the Tribunal was told",
             tells_family="appeal_not_opposed"),
        Step("hearing_listed", "appealed", None, label="Hearing listed", repeatable=True,
             date_label="Date the hearing was listed", tells_family="hearing_listed",
             fields=(Field("hearing_on", "date", "Date of the hearing", required=True, max_years_ahead=2),)),
        Step("hearing_held", "appealed", None, label="Hearing held", date_label="Date of the hearing"),
        Step("tribunal_decided", "appealed", "decided", label="Tribunal decided", date_label="Date of the decision",
             tells_family="tribunal_decided",
             fields=(Field("tribunal_outcome", "choice", "Outcome", required=True, choices=OUTCOMES),
                     Field("decision_summary", "textarea", "What the Tribunal decided (its order is recorded as a "
                           "Tribunal order)"))),
        Step("appeal_withdrawn", "appealed", "withdrawn", label="Appeal withdrawn",
             fields=(Field("reason", "textarea", "Reason", required=True),),
             silent="the family withdrew their appeal themselves (the Tribunal tells both sides)"),
        Step("closed_without_appeal", BEFORE_APPEAL, "closed", label="Closed without an appeal",
             fields=(Field("reason", "textarea", "Reason", required=True),),
             silent="the family chose not to appeal, or the time to appeal passed: nothing new to tell them"),
    ],
    labels={"open": "appeal window open", "mediation": "considering or in mediation",
            "certificate_issued": "mediation certificate issued", "appealed": "appeal registered with the Tribunal",
            "decided": "Tribunal decided", "conceded": "council did not oppose the appeal",
            "withdrawn": "appeal withdrawn", "closed": "closed without an appeal"},
)  # fmt: skip

MAY_EXTEND = (
    "May be extended by D2: if a mediation certificate is issued, the appeal may reach the Tribunal up to 1 month "
    "after the certificate, if that is later (HESC r.20(1)(c)(ii), r.12).",
)
MAY_EXTEND_FAMILY = (
    "This date may be extended: if you get a mediation certificate, your appeal can reach the Tribunal up to "
    "1 month after the certificate's date, if that is later.",
)


def deadlines(facts: dict[str, Any], settings: law.Settings = law.DEFAULT_SETTINGS) -> list[DeadlineSpec]:
    """Every deadline of a dispute from its recorded dates. Pure."""
    f = facts.get
    notice, cert, appealed = f("notice_sent_on"), f(CERTIFICATE), f("appeal_registered_on")
    ended = f("closed_without_appeal_on")
    possible = bool(f("adviser_contacted_on")) and not cert and not appealed and not ended
    out = [
        spec("mediation_contact", law.mediation_contact(notice), notice, met_on=f("adviser_contacted_on"),
             kind="window"),
        spec("appeal", law.appeal_deadline(notice, cert), notice, met_on=appealed, kind="window",
             applicable=not (ended and not appealed), notes=MAY_EXTEND if possible else (),
             family_notes=MAY_EXTEND_FAMILY if possible else ()),
    ]  # fmt: skip
    told, wanted = f("mediation_not_wanted_on"), f("mediation_wanted_on")
    arranged = f("mediation_cannot_be_arranged_on")
    if told:
        out.append(spec("certificate_no_mediation", law.certificate_without_mediation(told), told, met_on=cert,
                        kind="external"))  # fmt: skip
    if wanted:
        held = f("mediation_held_on")
        out.append(spec("mediation", law.mediation_held(wanted, bool(f("health_only")), settings), wanted,
                        met_on=held, applicable=not (arranged and not held)))  # fmt: skip
        if f("health_issues") or f("health_only"):
            out.append(spec("health_issues_notice", law.health_issues_notice(wanted), wanted, met_on=f("icb_told_on")))
    if arranged:
        out.append(spec("certificate_cannot_arrange", law.certificate_cannot_arrange(arranged), arranged,
                        met_on=cert, kind="external"))  # fmt: skip
    if f("mediation_held_on"):
        held = f("mediation_held_on")
        out.append(spec("certificate_after_mediation", law.certificate_after_mediation(held), held, met_on=cert,
                        kind="external"))  # fmt: skip
    agreed = f("agreed_non_appealable_on")
    if agreed:
        out.append(spec("agreed_action", law.agreement_action(agreed), agreed, met_on=f("agreed_action_done_on")))
        if f("la_not_party"):
            out.append(spec("body_tells_la", law.commissioning_body_tells_la(agreed), agreed,
                            met_on=f("body_told_la_on"), kind="external"))  # fmt: skip
    if appealed:
        answered = earliest(f("response_sent_on"), f("not_opposed_on"))
        out.append(
            spec(
                "response",
                law.appeal_response(appealed, f("response_due_on")),
                appealed,
                met_on=answered,
                applicable=bool(answered) or not (f("tribunal_decided_on") or f("appeal_withdrawn_on")),
            )
        )
    return out


def record_facts(event_type: str, occurred_on: dt.date, details, facts: dict, today: dt.date) -> None:
    """What the clocks need beyond "<event>_on": health issues (D5, D6), whether the council was a party
    (D11), the registration letter's date (D13), the hearing, what the appeal is against."""
    if event_type == "mediation_wanted":
        facts.update(health_issues=bool(details.get("health_issues")), health_only=bool(details.get("health_only")))
    elif event_type == "agreed_non_appealable":
        facts["la_not_party"] = bool(details.get("la_not_party"))
    elif event_type in ("appeal_registered", "response_date_given") and details.get("response_due_on"):
        if details["response_due_on"] < occurred_on:
            raise InvalidInput({"response_due_on": ["The response cannot be due before the appeal was sent."]})
        facts["response_due_on"] = details["response_due_on"]
    elif event_type == "hearing_listed":
        facts["hearing_on"] = details["hearing_on"]
    elif event_type == "tribunal_decided":
        facts["tribunal_outcome"] = details["tribunal_outcome"]
    if event_type == "appeal_registered":
        facts["appeal_against"] = details.get("appeal_against") or facts.get("appeal_against")
        facts["placement_only"] = bool(details.get("placement_only"))


def prepare(conn, child_id: int, inputs, settings: law.Settings, today: dt.date) -> Opening:
    """A dispute opens from the decision appealed against: `case_id` and `event_id` (by default the case's
    latest appealable decision), on `opened_on` (default: the day the decision letter was sent)."""
    from casework.workflow.kinds import KINDS  # the registry holds this module

    case = conn.execute(select(cases_t.c.id, cases_t.c.kind, cases_t.c.child_id)
                        .where(cases_t.c.id == inputs["case_id"])).one_or_none()  # fmt: skip
    if case is None or case.child_id != child_id:
        raise NotFound(f"There is no case {inputs['case_id']} for child {child_id}.")
    appeals = KINDS[case.kind].appeals
    decisions = conn.execute(select(events_t.c.id, events_t.c.type, events_t.c.occurred_on, events_t.c.details)
                             .where(events_t.c.case_id == case.id, events_t.c.type.in_(list(appeals)))
                             .order_by(events_t.c.id)).all()  # fmt: skip
    wanted = inputs.get("event_id")
    chosen = [d for d in decisions if wanted in (None, d.id)]
    if not chosen:
        raise Conflict(f"Case {case.id} has no appealable decision" + (f" {wanted}." if wanted else " recorded yet."))
    decision = chosen[-1]
    notice = (decision.details or {}).get("notice_sent_on")
    notice = dt.date.fromisoformat(notice) if notice else decision.occurred_on
    opened_on = inputs.get("opened_on") or notice  # the window opens with the letter
    if not notice <= opened_on <= today:
        raise InvalidInput({"opened_on": ["Give a date from the decision letter to today."]})
    against = appeals[decision.type]
    return Opening(
        opened_on=opened_on,
        facts={"notice_sent_on": notice, "appeal_against": against},
        details={"case_id": case.id, "event_id": decision.id, "decision": decision.type, "against": against,
                 "notice_sent_on": notice.isoformat()},
        conflict=f"Decision {decision.id} already has an open dispute.",
        officer_id=inputs.get("officer_id"),
        columns={"origin_case_id": case.id, "origin_event_id": decision.id},
    )  # fmt: skip


# What the decision's own case learns of the dispute (a follow-on): C6 keeps a plan in place while an appeal
# is possible or under way, so a review's decision to cease waits for it.
TELLS_ORIGIN = ("adviser_contacted", "certificate_issued", "appeal_registered", "tribunal_decided", "not_opposed",
                "appeal_withdrawn", "closed_without_appeal")  # fmt: skip


def tell_origin(conn, case, event_type: str, occurred_on: dt.date, facts, details) -> list[FollowOn]:
    if event_type not in TELLS_ORIGIN:
        return []
    origin = conn.execute(select(cases_t.c.origin_case_id).where(cases_t.c.id == case.id)).scalar_one_or_none()
    if origin is None:
        return []
    return [FollowOn(origin, "dispute_changed", occurred_on, {"dispute_case_id": case.id, "dispute_event": event_type})]


def changed_step(states) -> Step:
    """The step a decision's case takes when its dispute moves on (recorded by the dispute)."""
    return Step("dispute_changed", tuple(states), None, label="The dispute about a decision moved on", form="none",
                repeatable=True)  # fmt: skip


def record_dispute_facts(event_type: str, occurred_on: dt.date, details, facts: dict) -> None:
    """On the decision's case: whether the family contacted the adviser, the certificate, the appeal."""
    if event_type != "dispute_changed":
        return
    what = details["dispute_event"]
    if what == "adviser_contacted":
        facts["mediation_contacted"] = True
    elif what == "certificate_issued":
        facts["certificate_issued_on"] = occurred_on
    elif what == "appeal_registered":
        facts["appeal_pending"] = True
    elif what == "closed_without_appeal":
        facts["mediation_contacted"] = False
    else:  # decided, not opposed, withdrawn: the appeal has ended
        facts.update(appeal_pending=False, appeal_ended_on=occurred_on)


def still_disputed(ctx) -> str | None:
    """C6: while an appeal is under way, or a certificate may still come, the plan is maintained."""
    if ctx.fact("appeal_ended_on"):
        return None
    if ctx.facts.get("appeal_pending"):
        return (f"An appeal against the decision is with the Tribunal: the plan is maintained until the appeal is "
                f"decided or withdrawn ({law.RULES['C6'].citation}).")  # fmt: skip
    if ctx.facts.get("mediation_contacted") and not ctx.fact("certificate_issued_on"):
        return (f"The family have contacted the mediation adviser: the plan is maintained until the certificate's "
                f"appeal window (D2) is known and has passed ({law.RULES['C6'].citation}).")  # fmt: skip
    return None


STAGES = (
    Stage("Decision letter", "The council sent its decision and told you how to appeal.", "open", STATES[1:]),
    Stage("Mediation", "Before most appeals you contact a mediation adviser. Mediation itself is your choice.",
          "mediation", ("certificate_issued", "appealed", "decided", "conceded", "withdrawn")),
    Stage("Appeal", "Your appeal must reach the SEND Tribunal by the date shown.", "certificate_issued",
          ("appealed", "decided", "conceded", "withdrawn")),
    Stage("Council's response and hearing", "The council responds by the date the Tribunal set; then the hearing.",
          "appealed", ("decided", "conceded")),
    Stage("Tribunal's decision", "If the Tribunal orders the council to act, it has weeks, not months, to do so.",
          "appealed", ("decided", "conceded")),
)  # fmt: skip

KIND = Kind(
    opening_fields=(
        Field("case_id", "number", "The case whose decision is disputed", required=True),
        Field("event_id", "number", "The decision (default: the case's latest appealable decision)"),
        Field("opened_on", "date", "Date the dispute opened (default: the day the decision letter was sent)"),
    ),
    name="dispute",
    title="Mediation and appeal",
    plural="Disputes",
    machine=MACHINE,
    deadlines=deadlines,
    state_names={"open": "Appeal window open", "mediation": "Mediation", "certificate_issued": "Certificate issued",
                 "appealed": "Appeal registered", "decided": "Tribunal decided", "conceded": "Not opposed",
                 "withdrawn": "Appeal withdrawn", "closed": "Closed without appeal"},
    deadline_labels={
        "mediation_contact": "Contact the mediation adviser (family)", "appeal": "Appeal to reach the Tribunal",
        "certificate_no_mediation": "Certificate (mediation not wanted)", "mediation": "Mediation held",
        "health_issues_notice": "Tell the ICB about health issues", "certificate_cannot_arrange":
        "Certificate (mediation cannot be arranged)", "certificate_after_mediation": "Certificate after mediation",
        "agreed_action": "Do what was agreed at mediation", "body_tells_la": "Commissioning body tells the council",
        "response": "Council's response to the appeal",
    },
    stages=STAGES,
    next_step={
        "open": "You can contact a mediation adviser and appeal to the SEND Tribunal.",
        "mediation": "Mediation, if you want it; then the adviser issues a certificate so you can appeal.",
        "certificate_issued": "You can now appeal to the SEND Tribunal.",
        "appealed": "The council responds to the appeal; then the Tribunal holds a hearing and decides.",
        "decided": "If the Tribunal ordered the council to act, it must do so within the time the law sets.",
        "conceded": "The council must do what the appeal asked within the time the law sets.",
        "withdrawn": "The appeal has ended.", "closed": "The dispute has closed.",
    },
    next_deadline={"open": "appeal", "mediation": "appeal", "certificate_issued": "appeal", "appealed": "response"},
    record_facts=record_facts,
    follow_ons=tell_origin,
    prepare=prepare,
    opening_event="dispute_opened",
    opening_label="Dispute opened (the decision may be appealed)",
    opening_update="dispute_opened",
    follow_up_form="_order_form.html",
)  # fmt: skip
