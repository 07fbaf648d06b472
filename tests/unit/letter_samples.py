"""Complete sample values for every letter kind, with the dates computed by the statutory clock.

The letter is sent on Wednesday 28 October 2026, so the appeal deadline (D1: + 2 months = Monday 28
December, in the Christmas period) moves to Monday 4 January 2027 (Decision 6)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from casework.workflow import statutory

RECEIVED_ON = dt.date(2026, 9, 16)  # the request (A1, A3, A7 count from it)
DECIDED_ON = dt.date(2026, 10, 27)
LETTER_DATE = dt.date(2026, 10, 28)
MEETING_ON = dt.date(2026, 10, 7)  # the annual review meeting

COMMON: dict[str, Any] = {
    "council": {
        "name": "Anytown Council",
        "address_lines": ["SEND Team", "Civic Centre", "1 High Street", "Anytown", "AT1 1AA"],
        "phone": "01234 567890",
        "email": "send@anytown.gov.uk",
        "website": "www.anytown.gov.uk/send",
    },
    "recipient": {
        "name": "Ms Zoë Ó'Brien-Łukasik",
        "address_lines": ["Flat 2", "12 Station Road", "Anytown", "AT2 3BB"],
    },
    "child": {"given_name": "Zoë", "family_name": "Ó'Brien-Łukasik", "date_of_birth": dt.date(2015, 3, 9)},
    "case_ref": "EHC-12",
    "letter_date": LETTER_DATE,
    "decision_on": DECIDED_ON,
    "officer": {"name": "Sam Patel", "phone": "01234 567891", "email": "sam.patel@anytown.gov.uk"},
    "advice_services": {
        "sendiass_name": "Anytown SENDIASS",
        "sendiass_phone": "01234 567000",
        "sendiass_website": "www.anytownsendiass.org.uk",
        "ipsea_website": "www.ipsea.org.uk",
    },
}
APPEAL: dict[str, Any] = {
    "appeal_by": statutory.appeal_deadline(LETTER_DATE).due_on,  # D1: Monday 4 January 2027
    "mediation_contact_by": statutory.mediation_contact(LETTER_DATE).due_on,  # D3: Monday 28 December 2026
    "mediation": {"name": "Anytown Mediation", "phone": "01234 567555"},
}

PER_KIND: dict[str, dict[str, Any]] = {
    "decided_not_to_assess": {
        **APPEAL,
        "reason": "Zoë's school can meet her needs with the help it already gives.",
    },
    "decided_to_assess": {"final_plan_due": statutory.final_plan(RECEIVED_ON).due_on},
    "decided_not_to_issue": {
        **APPEAL,
        "reason": "The assessment shows that Zoë's school can meet her needs from its own resources.",
    },
    "draft_issued": {
        "decision_on": LETTER_DATE,  # the draft is served with the letter
        "representations_until": statutory.representations(LETTER_DATE).due_on,
        "earliest_final_on": statutory.earliest_final_plan(LETTER_DATE),
        "final_plan_due": statutory.final_plan(RECEIVED_ON).due_on,
    },
    "final_issued": {
        **APPEAL,
        "decision_on": LETTER_DATE,
        "named_setting": "Anytown Primary School",
        "next_review_due": statutory.review_meeting(LETTER_DATE).due_on,
    },
    "review_maintained": {
        **APPEAL,
        "meeting_on": MEETING_ON,
        "next_review_due": statutory.review_meeting(MEETING_ON).due_on,
    },
    "review_amendments_proposed": {
        "decision_on": LETTER_DATE,
        "meeting_on": MEETING_ON,
        "amendments_summary": [
            "Section F: 10 hours a week of help from a teaching assistant, not 5.",
            "Section I: Anytown Academy from September 2027.",
        ],
        "representations_until": statutory.amendment_representations(LETTER_DATE).due_on,
        "earliest_final_on": statutory.earliest_amended_plan(LETTER_DATE),
        "amended_plan_due": statutory.amended_plan(LETTER_DATE).due_on,
    },
    "review_decided_to_cease": {
        **APPEAL,
        "meeting_on": MEETING_ON,
        "reason": "Zoë has met the outcomes in her plan. Her school can now meet her needs without it.",
        "earliest_cease_on": statutory.earliest_cease_date(LETTER_DATE),  # C6: the day after D1
    },
    "review_plan_ceased": {
        "decision_on": LETTER_DATE,
        "letter_date": statutory.earliest_cease_date(LETTER_DATE),
        "ceased_on": statutory.earliest_cease_date(LETTER_DATE),
    },
    "review_amended_plan_issued": {
        **APPEAL,
        "decision_on": LETTER_DATE,
        "named_setting": "Anytown Academy",
        "next_review_due": statutory.review_meeting(MEETING_ON).due_on,
    },
    "officer_changed": {
        "decision_on": LETTER_DATE,
        "new_officer": {"name": "Alex Morgan", "phone": "01234 567892", "email": "alex.morgan@anytown.gov.uk"},
    },
    "family_update": {
        "decision_on": LETTER_DATE,
        "subject": "Zoë's review meeting is arranged",
        "paragraphs": [
            "Zoë's annual review meeting will be on Wednesday 7 October 2026.",
            "We will write to you within 4 weeks of the meeting to say what we have decided.",
        ],
    },
}
KINDS = sorted(PER_KIND)


def sample_values(kind: str) -> dict[str, Any]:
    """A fresh, complete set of values for `kind` (safe to change)."""
    return copy.deepcopy({**COMMON, **PER_KIND[kind]})
