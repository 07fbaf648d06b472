"""The re-assessment machine and its deadlines, without a database (statutory.md 8.3, worked example 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.workflow.context import Context
from casework.workflow.errors import GuardRefused
from casework.workflow.kinds import assessment, needs, reassessment
from casework.workflow.statutory import DEFAULT_SETTINGS

M = reassessment.MACHINE
D = dt.date


def refuse(received, last, ground="six_months", **facts):
    ctx = Context({"received_on": received, "last_assessed_on": last, **facts}, received,
                  {"refusal_ground": ground, "reason": "r"}, DEFAULT_SETTINGS)  # fmt: skip
    return M.fire("request_received", "decided_not_to_reassess", ctx)


def test_the_6_month_rule_on_both_sides_of_its_boundary():
    last = D(2025, 10, 1)  # 6 months after: Wed 1 Apr 2026
    assert refuse(D(2026, 3, 31), last) == "not_reassessed"  # the day before: less than 6 months, may refuse
    with pytest.raises(GuardRefused, match=r"reg 24.*1 Oct 2025.*before 1 Apr 2026.*1 Apr 2026"):
        refuse(D(2026, 4, 1), last)  # 6 months have passed
    assert refuse(D(2026, 4, 1), last, ground="not_necessary") == "not_reassessed"
    with pytest.raises(GuardRefused, match="not known"):
        refuse(D(2026, 3, 2), None)
    with pytest.raises(GuardRefused, match="own accord"):
        refuse(D(2026, 3, 2), last, requested_by="council")


def test_worked_example_12():
    facts = {"received_on": D(2026, 3, 3), "requested_by": "parent"}
    d = {s.key: s for s in reassessment.deadlines(facts)}
    assert (d["decision_to_reassess"].rule, d["decision_to_reassess"].due_on) == ("G1", D(2026, 3, 18))
    assert "final_plan" not in d
    facts["decided_to_reassess_on"] = D(2026, 3, 18)  # notified on the last permitted day
    d = {s.key: s for s in reassessment.deadlines(facts)}
    assert d["decision_to_reassess"].outcome == "met"
    assert (d["final_plan"].rule, d["final_plan"].due_on) == ("G3", D(2026, 6, 24))
    facts["decided_not_to_issue_on"] = D(2026, 5, 1)
    d = {s.key: s for s in reassessment.deadlines(facts)}
    assert d["final_plan"].outcome == "not_applicable" and d["appeal"].rule == "D1"


def test_on_the_councils_own_accord_there_is_no_15_day_decision():
    facts = {"received_on": D(2026, 3, 3), "requested_by": "council"}
    assert {s.key: s for s in reassessment.deadlines(facts)}["decision_to_reassess"].outcome == "not_applicable"


def test_the_needs_assessment_steps_are_shared_not_copied():
    for trigger in ("decided_to_issue", "draft_issued", "final_issued", "advice_requested", "advice_not_needed",
                    "no_representations", "exception_recorded", "exported"):  # fmt: skip
        a, r = assessment.MACHINE.step[trigger], M.step[trigger]
        assert a.guards == r.guards and a.fields == r.fields and a.label == r.label, trigger
    assert needs.advice_complete in M.step["decided_to_issue"].guards
    assert M.step["decided_not_to_issue"].label == "Decided not to amend or replace the plan"
    assert M.step["decided_not_to_issue"].tells_family == "reassessment_not_amended"
