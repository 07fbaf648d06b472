"""Words for people: stage names, events, deadlines and what each stage means (plain English)."""

from __future__ import annotations

STATE_LABELS = {
    "request_received": "Request received",
    "assessing": "Assessing needs",
    "drafting": "Writing the draft plan",
    "draft_issued": "Draft plan with the family",
    "plan_issued": "Final plan issued",
    "not_assessed": "Not assessed",
    "not_issued": "No plan to be issued",
    "withdrawn": "Withdrawn",
    "due": "Review due",
    "meeting_arranged": "Review meeting arranged",
    "meeting_held": "Review meeting held",
    "report_received": "Review report received",
    "amending": "Amendments proposed",
    "ceasing": "Ceasing (appeal window)",
    "maintained": "Plan kept as it is",
    "amended": "Amended plan issued",
    "ceased": "Plan ended",
}

EVENT_LABELS = {
    "request_received": "Request received",
    "decided_to_assess": "Decided to assess",
    "decided_not_to_assess": "Decided not to assess",
    "decided_to_issue": "Decided to issue a plan",
    "decided_not_to_issue": "Decided not to issue a plan",
    "draft_issued": "Draft plan served",
    "no_representations": "Family said they have no comments on the draft",
    "final_issued": "Final plan issued",
    "withdrawn": "Request withdrawn",
    "exception_recorded": "Exception recorded",
    "advice_requested": "Advice requested",
    "advice_received": "Advice received",
    "advice_exception_recorded": "Advice exception recorded",
    "advice_reused": "Existing advice reused",
    "officer_changed": "Case officer changed",
    "review_opened": "Review opened",
    "meeting_arranged": "Review meeting arranged",
    "advice_circulated": "Advice circulated to invitees",
    "meeting_held": "Review meeting held",
    "report_received": "Review report received",
    "decided_to_maintain": "Decided to keep the plan as it is",
    "amendments_proposed": "Amendment notice served",
    "amended_plan_issued": "Amended plan issued",
    "decided_to_cease": "Decided to cease the plan",
    "plan_ceased": "Plan ceased",
    "phase_transfer_recorded": "Phase transfer recorded",
}

DEADLINE_LABELS = {
    "decision_to_assess": "Decision whether to assess",
    "decision_not_to_issue": "Decision not to issue a plan",
    "draft_plan_target": "Draft plan (planning target)",
    "final_plan": "Final plan",
    "representations": "Family's comments on the draft",
    "appeal": "Appeal window",
    "review_meeting": "Review meeting",
    "meeting_notice": "Notice of the meeting",
    "advice_circulation": "Advice circulated",
    "review_report": "Review report",
    "review_decision": "Review decision",
    "amended_plan_overall": "Amended plan (12 weeks from the meeting)",
    "amended_plan": "Amended plan",
    "phase_transfer": "Phase transfer: amended plan",
}

ADVICE_LABELS = {
    "parent": "Parent or young person",
    "education": "Education",
    "health": "Health",
    "psychology": "Educational psychology",
    "social_care": "Social care",
    "preparing_for_adulthood": "Preparing for adulthood",
    "other": "Other",
    "parent_requested": "Requested by the family",
}

# The journeys, stage by stage: (stage, what it means for a family, the states that mean it is done)
ASSESSMENT_STAGES = [
    (
        "Request received",
        "The council has your request for an EHC needs assessment.",
        "request_received",
        ("request_received", "assessing", "drafting", "draft_issued", "plan_issued", "not_assessed", "not_issued"),
    ),
    (
        "Decision whether to assess",
        "The council decides whether to assess your child's needs. It must tell you within 6 weeks of the request.",
        "request_received",
        ("assessing", "drafting", "draft_issued", "plan_issued", "not_assessed", "not_issued"),
    ),
    (
        "Gathering advice",
        "The council asks you, the school, health, an educational psychologist and social care for advice. Each has 6 weeks.",
        "assessing",
        ("drafting", "draft_issued", "plan_issued", "not_issued"),
    ),
    (
        "Decision whether to issue a plan",
        "The council decides whether your child needs an EHC plan. If not, it must tell you within 16 weeks of the request.",
        "assessing",
        ("drafting", "draft_issued", "plan_issued", "not_issued"),
    ),
    (
        "Draft plan",
        "You get a draft plan and at least 15 days to comment and say which school or college you would like.",
        "drafting",
        ("draft_issued", "plan_issued"),
    ),
    ("Final plan", "The final plan must be issued within 20 weeks of the request.", "draft_issued", ("plan_issued",)),
]

REVIEW_STAGES = [
    (
        "Review opened",
        "The plan must be reviewed at least once a year.",
        "due",
        (
            "due",
            "meeting_arranged",
            "meeting_held",
            "report_received",
            "amending",
            "ceasing",
            "maintained",
            "amended",
            "ceased",
        ),
    ),
    (
        "Review meeting arranged",
        "Everyone gets at least 2 weeks' notice of the meeting.",
        "due",
        (
            "meeting_arranged",
            "meeting_held",
            "report_received",
            "amending",
            "ceasing",
            "maintained",
            "amended",
            "ceased",
        ),
    ),
    (
        "Review meeting",
        "You, your child and the professionals talk about how things are going.",
        "meeting_arranged",
        ("meeting_held", "report_received", "amending", "ceasing", "maintained", "amended", "ceased"),
    ),
    (
        "Review decision",
        "Within 4 weeks of the meeting the council decides to keep, change or end the plan.",
        "meeting_held",
        ("amending", "ceasing", "maintained", "amended", "ceased"),
    ),
    (
        "Amended plan",
        "If the plan changes, you have at least 15 days to comment, and the amended plan follows within 8 weeks.",
        "amending",
        ("amended",),
    ),
]

NEXT_STEP = {
    "request_received": "The council decides whether to carry out an assessment.",
    "assessing": "The council gathers advice and decides whether to issue an EHC plan.",
    "drafting": "The council writes the draft plan and sends it to you.",
    "draft_issued": "You comment on the draft plan; then the council issues the final plan.",
    "plan_issued": "The plan will be reviewed at least once a year.",
    "not_assessed": "You can appeal to the SEND Tribunal; your decision letter explains how.",
    "not_issued": "You can appeal to the SEND Tribunal; your decision letter explains how.",
    "withdrawn": "The request is closed.",
    "due": "The council arranges a review meeting.",
    "meeting_arranged": "The review meeting takes place.",
    "meeting_held": "The council decides whether to keep, change or end the plan.",
    "report_received": "The council decides whether to keep, change or end the plan.",
    "amending": "You comment on the proposed changes; then the council issues the amended plan.",
    "ceasing": "The plan stays in place until the time to appeal has passed.",
    "maintained": "The plan continues. It will be reviewed again within a year.",
    "amended": "The amended plan is in place. It will be reviewed again within a year.",
    "ceased": "The plan has ended.",
}
