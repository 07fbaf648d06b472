"""The assessment machine and its deadlines, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.workflow.deadlines import status
from casework.workflow.engine import Context
from casework.workflow.errors import GuardRefused, WrongState
from casework.workflow.kinds import assessment
from casework.workflow.statutory import DEFAULT_SETTINGS

M = assessment.MACHINE
D = dt.date


def ctx(on, dob=None, **facts):
    return Context(facts, on, {}, DEFAULT_SETTINGS, dob)


SOUGHT = {"parent": "received", "education": "reused", "health": "requested", "psychology": "received"}
ALL_SOUGHT = {"advice": {**SOUGHT, "social_care": "requested"}}


def test_happy_path_states():
    state = M.initial
    for trigger, expected in [
        ("decided_to_assess", "assessing"),
        ("decided_to_issue", "drafting"),
        ("draft_issued", "draft_issued"),
    ]:
        state = M.fire(state, trigger, ctx(D(2026, 3, 1), **ALL_SOUGHT))
        assert state == expected
    assert M.fire(state, "final_issued", ctx(D(2026, 4, 28), draft_issued_on=D(2026, 4, 13))) == "plan_issued"
    assert M.is_closed("plan_issued") and not M.is_closed("drafting")


def test_no_shortcuts_exist():
    assert not any(t.startswith("to_") for t in M.machine.events)  # auto_transitions=False
    with pytest.raises(WrongState, match="final_issued"):
        M.fire("request_received", "final_issued", ctx(D(2026, 1, 6)))
    assert M.allowed("plan_issued") == {"advice_received", "decision_letter_sent"}  # the letter leaves later
    assert "withdrawn" in M.allowed("drafting") and "withdrawn" not in M.allowed("withdrawn")


def test_final_plan_guard_worked_example_5():
    served = D(2026, 4, 13)
    with pytest.raises(GuardRefused, match=r"reg 13\(1\)\(a\)"):
        M.fire("draft_issued", "final_issued", ctx(D(2026, 4, 27), draft_issued_on=served))
    assert M.fire("draft_issued", "final_issued", ctx(D(2026, 4, 28), draft_issued_on=served)) == "plan_issued"
    early = ctx(D(2026, 4, 17), draft_issued_on=served, no_representations_on=D(2026, 4, 17))
    assert M.fire("draft_issued", "final_issued", early) == "plan_issued"


def test_a_plan_needs_the_advice_reg_6_1_requires():
    # nothing sought: each required type is named, with the regulation
    with pytest.raises(GuardRefused) as refused:
        M.fire("assessing", "decided_to_issue", ctx(D(2026, 3, 1)))
    message = str(refused.value)
    assert "reg 6(1)" in message
    for advice_type in ("parent", "education", "health", "psychology", "social_care"):
        assert advice_type in message
    assert "preparing_for_adulthood" not in message  # no date of birth: not known to be Year 9
    # requested, received and reused all count; one missing is still refused, and named alone
    with pytest.raises(GuardRefused, match=r"missing: social_care \(social care advice, reg 6\(1\)\(e\)\)\."):
        M.fire("assessing", "decided_to_issue", ctx(D(2026, 3, 1), advice=SOUGHT))
    not_needed = {"advice": SOUGHT, "advice_not_needed": {"social_care": "Not known to social care; family agree."}}
    assert M.fire("assessing", "decided_to_issue", ctx(D(2026, 3, 1), **not_needed)) == "drafting"
    # the draft is guarded too
    with pytest.raises(GuardRefused, match="social_care"):
        M.fire("drafting", "draft_issued", ctx(D(2026, 3, 1), advice=SOUGHT))
    assert M.fire("drafting", "draft_issued", ctx(D(2026, 3, 1), **not_needed)) == "draft_issued"


def test_from_year_9_preparing_for_adulthood_advice_is_required():
    dob = D(2012, 3, 1)  # Year 8 in 2024/25, Year 9 from 1 Sep 2025
    assert M.fire("assessing", "decided_to_issue", ctx(D(2025, 8, 31), dob, **ALL_SOUGHT)) == "drafting"
    with pytest.raises(GuardRefused, match=r"preparing_for_adulthood .*reg 6\(1\)\(g\)"):
        M.fire("assessing", "decided_to_issue", ctx(D(2025, 9, 1), dob, **ALL_SOUGHT))
    year_9 = {"advice": {**ALL_SOUGHT["advice"], "preparing_for_adulthood": "requested"}}
    assert M.fire("assessing", "decided_to_issue", ctx(D(2025, 9, 1), dob, **year_9)) == "drafting"


def test_required_advice_lists_each_status():
    facts = {"advice": SOUGHT, "advice_not_needed": {"social_care": "Not known to social care."}}
    assert assessment.KIND.required_advice(facts, None, D(2026, 3, 1)) == [
        {"advice_type": "parent", "status": "received", "reason": None},
        {"advice_type": "education", "status": "reused", "reason": None},
        {"advice_type": "health", "status": "requested", "reason": None},
        {"advice_type": "psychology", "status": "received", "reason": None},
        {"advice_type": "social_care", "status": "not_needed", "reason": "Not known to social care."},
    ]


def test_advice_events_keep_the_summary_received_beats_requested():
    from casework.workflow.kinds import needs

    facts: dict = {}
    for event, advice_type in [("advice_requested", "health"), ("advice_received", "health"),
                               ("advice_requested", "health"), ("advice_reused", "education")]:  # fmt: skip
        needs.record_advice_facts(event, D(2026, 3, 1), {"advice_type": advice_type}, facts, D(2026, 3, 1))
    assert facts["advice"] == {"health": "received", "education": "reused"}
    needs.record_advice_facts("advice_not_needed", D(2026, 3, 1), {"advice_type": "social_care", "reason": "R"},
                              facts, D(2026, 3, 1))  # fmt: skip
    assert facts["advice_not_needed"] == {"social_care": "R"}
    assert needs.check("advice_not_needed", {"advice_type": "other", "reason": "R"}, None, D(2026, 3, 1))
    assert needs.check("advice_not_needed", {"advice_type": "health", "reason": " "}, None, D(2026, 3, 1))
    assert needs.check("advice_not_needed", {"advice_type": "health", "reason": "R"}, None, D(2026, 3, 1)) == {}


def test_guard_failure_leaves_no_trace_on_the_shared_machine():
    with pytest.raises(GuardRefused):
        M.fire("draft_issued", "final_issued", ctx(D(2026, 4, 14), draft_issued_on=D(2026, 4, 13)))
    assert M.fire("request_received", "decided_to_assess", ctx(D(2026, 1, 6))) == "assessing"


def specs(**facts):
    return {s.key: s for s in assessment.deadlines(facts)}


def test_deadlines_worked_example_1_and_4():
    d = specs(received_on=D(2026, 1, 5))
    assert (d["decision_to_assess"].due_on, d["decision_not_to_issue"].due_on, d["final_plan"].due_on) == (
        D(2026, 2, 16),
        D(2026, 4, 27),
        D(2026, 5, 25),
    )
    assert d["final_plan"].practical_due_on == D(2026, 5, 22)
    assert d["final_plan"].regulation == "SEND Regulations 2014, reg 13(2)"
    d = specs(received_on=D(2026, 1, 30))
    assert (d["decision_to_assess"].due_on, d["decision_not_to_issue"].due_on, d["final_plan"].due_on) == (
        D(2026, 3, 13),
        D(2026, 5, 22),
        D(2026, 6, 19),
    )


def test_outcomes_follow_the_decisions():
    d = specs(received_on=D(2026, 1, 5), decided_to_assess_on=D(2026, 2, 17), decided_to_issue_on=D(2026, 4, 1))
    assert d["decision_to_assess"].outcome == "missed"
    assert d["decision_not_to_issue"].outcome == "not_applicable"
    assert d["final_plan"].outcome == "pending"
    d = specs(received_on=D(2026, 1, 5), decided_to_assess_on=D(2026, 2, 1), decided_not_to_issue_on=D(2026, 4, 27))
    assert d["decision_not_to_issue"].outcome == "met" and d["final_plan"].outcome == "not_applicable"
    assert d["appeal"].due_on == D(2026, 6, 29)  # 27 Apr + 2 months = Sat 27 Jun -> Mon 29 Jun (r.12)


@pytest.mark.parametrize(
    "outcome, kind, due, exc, today, expected",
    [
        ("pending", "duty", D(2026, 2, 16), False, D(2026, 2, 16), "pending"),
        ("pending", "duty", D(2026, 2, 16), False, D(2026, 2, 17), "overdue"),
        ("pending", "duty", D(2026, 2, 16), True, D(2026, 2, 17), "exception"),
        ("missed", "duty", D(2026, 2, 16), True, D(2026, 3, 1), "exception"),
        ("met", "duty", D(2026, 2, 16), True, D(2026, 3, 1), "met"),
        ("missed", "duty", D(2026, 2, 16), False, D(2026, 3, 1), "missed"),
        ("not_applicable", "duty", D(2026, 2, 16), False, D(2026, 3, 1), "not_applicable"),
        ("pending", "window", D(2026, 2, 16), False, D(2026, 2, 16), "pending"),
        ("pending", "window", D(2026, 2, 16), False, D(2026, 2, 17), "met"),
    ],
)
def test_status_on_a_day(outcome, kind, due, exc, today, expected):
    assert status(outcome, kind, due, exc, today) == expected


def test_diagram_is_current():
    from casework.workflow.diagrams import DOC, render

    assert DOC.read_text(encoding="utf-8") == render(), "docs/machines.md is stale: run `casework diagrams`"
