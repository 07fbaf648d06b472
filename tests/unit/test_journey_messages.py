"""Every family update of the journeys renders, email and SMS, with the values its event's message carries:
each template names only values the message has (its deadlines as they stand after that event)."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from casework.notifications import messages
from casework.notifications.templates import TEMPLATES
from casework.workflow.deadlines import status
from casework.workflow.kinds import KINDS

D = dt.date
ASSESS = {"basis": "order", "order_type": "assess", "order_made_on": D(2027, 3, 22)}
DISPUTE = {"notice_sent_on": D(2026, 10, 1), "adviser_contacted_on": D(2026, 10, 20)}
REASSESS = {"received_on": D(2026, 3, 3), "requested_by": "parent", "last_assessed_on": D(2025, 7, 31)}
TRANSFER_IN = {"transferred_on": D(2026, 4, 13), "period_start_on": D(2025, 9, 1), "plan_made_on": D(2025, 9, 1)}

# (kind, event, the state after it, the facts after it)
CASES = [
    ("reassessment", "reassessment_requested", "request_received", REASSESS),
    ("reassessment", "decided_to_reassess", "assessing", {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18)}),
    ("reassessment", "decided_not_to_reassess", "not_reassessed",
     {**REASSESS, "decided_not_to_reassess_on": D(2026, 3, 10)}),
    ("reassessment", "decided_not_to_issue", "not_amended",
     {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18), "decided_not_to_issue_on": D(2026, 5, 1)}),
    ("reassessment", "decided_to_issue", "drafting", {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18),
                                                      "decided_to_issue_on": D(2026, 5, 1)}),
    ("reassessment", "draft_issued", "draft_issued", {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18),
                                                      "draft_issued_on": D(2026, 5, 8)}),
    ("reassessment", "final_issued", "plan_issued", {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18),
                                                     "draft_issued_on": D(2026, 5, 8), "final_issued_on": D(2026, 6, 1)}),
    ("reassessment", "withdrawn", "withdrawn", {**REASSESS, "withdrawn_on": D(2026, 3, 5)}),
    ("reassessment", "exported", "exported", {**REASSESS, "exported_on": D(2026, 4, 1)}),
    ("reassessment", "exception_recorded", "assessing", {**REASSESS, "decided_to_reassess_on": D(2026, 3, 18)}),
    ("dispute", "dispute_opened", "open", {"notice_sent_on": D(2026, 10, 1)}),
    ("dispute", "mediation_wanted", "mediation", {**DISPUTE, "mediation_wanted_on": D(2026, 11, 2)}),
    ("dispute", "agreed_non_appealable", "mediation", {**DISPUTE, "mediation_wanted_on": D(2026, 11, 2),
                                                       "agreed_non_appealable_on": D(2026, 11, 20)}),
    ("dispute", "agreed_appealable", "mediation", {**DISPUTE, "agreed_appealable_on": D(2026, 11, 20)}),
    ("dispute", "appeal_registered", "appealed", {**DISPUTE, "certificate_issued_on": D(2026, 11, 1),
                                                  "appeal_registered_on": D(2026, 12, 14)}),
    ("dispute", "response_sent", "appealed", {**DISPUTE, "appeal_registered_on": D(2026, 12, 14),
                                              "response_sent_on": D(2027, 1, 20)}),
    ("dispute", "not_opposed", "conceded", {**DISPUTE, "appeal_registered_on": D(2026, 12, 14),
                                            "not_opposed_on": D(2027, 1, 20)}),
    ("dispute", "hearing_listed", "appealed", {**DISPUTE, "appeal_registered_on": D(2026, 12, 14)}),
    ("dispute", "tribunal_decided", "decided", {**DISPUTE, "appeal_registered_on": D(2026, 12, 14),
                                                "tribunal_decided_on": D(2027, 3, 22)}),
    ("tribunal_order", "order_recorded", "ordered_to_assess", ASSESS),
    ("tribunal_order", "order_recorded", "to_amend", {**ASSESS, "order_type": "amend"}),
    ("tribunal_order", "order_recorded", "drafting", {**ASSESS, "order_type": "make_plan"}),
    ("tribunal_order", "order_recorded", "to_continue", {**ASSESS, "order_type": "continue"}),
    ("tribunal_order", "order_recorded", "to_cease", {**ASSESS, "order_type": "cease"}),
    ("tribunal_order", "decided_to_assess", "assessing", {**ASSESS, "decided_to_assess_on": D(2027, 4, 1)}),
    ("tribunal_order", "decided_to_issue", "drafting", {**ASSESS, "decided_to_assess_on": D(2027, 4, 1),
                                                        "decided_to_issue_on": D(2027, 5, 1)}),
    ("tribunal_order", "decided_not_to_issue", "not_issued", {**ASSESS, "decided_not_to_issue_on": D(2027, 5, 1)}),
    ("tribunal_order", "draft_issued", "draft_issued", {**ASSESS, "order_type": "make_plan",
                                                        "draft_issued_on": D(2027, 4, 1)}),
    ("tribunal_order", "final_issued", "complied", {**ASSESS, "order_type": "make_plan", "draft_issued_on":
                                                    D(2027, 4, 1), "final_issued_on": D(2027, 5, 1)}),
    ("tribunal_order", "amended_plan_issued", "complied", {**ASSESS, "order_type": "amend",
                                                           "amended_plan_issued_on": D(2027, 4, 1)}),
    ("tribunal_order", "continued", "complied", {**ASSESS, "order_type": "continue", "continued_on": D(2027, 3, 22)}),
    ("tribunal_order", "continued", "to_amend", {**ASSESS, "order_type": "continue_and_amend",
                                                 "continued_on": D(2027, 3, 22)}),
    ("tribunal_order", "plan_ceased", "complied", {**ASSESS, "order_type": "cease", "plan_ceased_on": D(2027, 3, 22)}),
    ("tribunal_order", "period_directed", "drafting", {**ASSESS, "order_type": "make_plan",
                                                       "directed": {"final_plan": {"weeks": 8, "direction": "d"}}}),
    ("tribunal_order", "set_aside", "set_aside", {**ASSESS, "set_aside_on": D(2027, 4, 1)}),
    ("tribunal_order", "exception_recorded", "to_amend", {**ASSESS, "order_type": "amend"}),
    ("transfer_in", "family_told", "family_told", {**TRANSFER_IN, "family_told_on": D(2026, 5, 20)}),
    ("transfer_out", "plan_transferred", "transferred", {"aware_on": D(2026, 3, 20), "move_on": D(2026, 4, 1),
                                                         "has_plan": True, "to_la": "885",
                                                         "plan_transferred_on": D(2026, 4, 10)}),
]  # fmt: skip
JOURNEYS = ("reassessment", "dispute", "tribunal_order", "transfer_in", "transfer_out", "commissioning_change")
CONTACTS = [SimpleNamespace(id=1, name="Sara Khan", email="s@example.org", phone_e164="+447700900123", address=None,
                            preferred_channel="email"),
            SimpleNamespace(id=2, name="Ali Khan", email=None, phone_e164="+447700900124", address=None,
                            preferred_channel="sms")]  # fmt: skip


def _rows(kind, facts, today):
    return [{"key": s.key, "due_on": s.due_on, "status": status(s.outcome, s.kind, s.due_on, False, today)}
            for s in KINDS[kind].deadlines(facts)]  # fmt: skip


def test_every_family_update_of_the_journeys_is_covered_here():
    sent = {(kind, event) for kind, event, _, _ in CASES}
    for name in JOURNEYS:
        kind = KINDS[name]
        stems = {(name, kind.opening_event)} if kind.opening_update else set()
        stems |= {(name, s.trigger) for s in kind.machine.steps if s.tells_family}
        assert stems <= sent, stems - sent


@pytest.mark.parametrize("kind, event, state, facts", CASES, ids=[f"{k}.{e}.{s}" for k, e, s, _ in CASES])
def test_each_update_renders_with_the_values_its_message_carries(kind, event, state, facts):
    k = KINDS[kind]
    details = {"reason": "Because.", "hearing_on": "2027-03-15"} if event != "order_recorded" else {}
    msgs = messages.family_update(
        stem=k.family_update(event), next_deadline=k.next_deadline.get(state), case_id=7, event_id=9,
        occurred_on=D(2027, 1, 4), child_name="Amira", contacts=CONTACTS, officer=None,
        deadlines=_rows(kind, facts, D(2027, 1, 4)), details=details,
    )  # fmt: skip
    assert {m.channel for m in msgs} == {"email", "sms"}
    for m in msgs:
        send_time = {"portal_url": "https://x.example/portal", "team_line": "You can also contact the SEND team."}
        subject, body = TEMPLATES.render(m.template, {**m.personalisation, **send_time})
        assert "$" not in subject + body
        assert not re.search(r"\bby \.|\bby $|  ", body), (m.template, body)  # no date left empty
