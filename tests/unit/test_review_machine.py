"""The annual-review machine and its deadlines, without a database (statutory.md B rows)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.workflow import statutory as law
from casework.workflow import voice
from casework.workflow.engine import Context
from casework.workflow.errors import GuardRefused, WrongState
from casework.workflow.kinds import review

D = dt.date
M = review.MACHINE
BY = law.Settings(phase_transfer_deadline="by")


def keyed(facts, settings=law.DEFAULT_SETTINGS):
    return {s.key: s for s in review.deadlines(facts, settings)}


def test_worked_example_7_through_the_review_deadlines():
    facts = {
        "period_start_on": D(2026, 1, 30),
        "meeting_on": D(2027, 1, 13),
        "meeting_arranged_on": D(2026, 12, 30),
        "meeting_held_on": D(2027, 1, 13),
        "amendments_proposed_on": D(2027, 2, 10),
    }
    d = keyed(facts)
    assert d["meeting_notice"].due_on == D(2026, 12, 30) and d["advice_circulation"].due_on == D(2026, 12, 30)
    assert d["review_report"].due_on == D(2027, 1, 27)
    assert d["review_decision"].due_on == D(2027, 2, 10) and d["review_decision"].outcome == "met"
    assert d["representations"].due_on == D(2027, 2, 24)
    assert law.earliest_amended_plan(D(2027, 2, 10)) == D(2027, 2, 25)
    assert d["amended_plan"].due_on == D(2027, 4, 7) and d["amended_plan_overall"].due_on == D(2027, 4, 7)
    assert law.review_meeting(law.next_review_period_start(D(2027, 1, 13), D(2027, 2, 10))).due_on == D(2028, 1, 12)
    by_decision = law.Settings(review_clock_restarts_on="decision")
    start = law.next_review_period_start(D(2027, 1, 13), D(2027, 2, 10), by_decision)
    assert law.review_meeting(start).due_on == D(2028, 2, 9)


def test_worked_example_6_review_meeting_due_and_practical():
    d = keyed({"period_start_on": D(2026, 1, 31)})
    assert d["review_meeting"].due_on == D(2027, 1, 30) and d["review_meeting"].practical_due_on == D(2027, 1, 29)


@pytest.mark.parametrize(
    "settings, due, practical",
    [
        (law.DEFAULT_SETTINGS, D(2027, 2, 14), D(2027, 2, 12)),  # worked example 8, "before"
        (BY, D(2027, 2, 15), D(2027, 2, 15)),  # worked example 8, "by"
    ],
)
def test_phase_transfer_year_6_to_7(settings, due, practical):
    d = keyed(
        {"period_start_on": D(2026, 3, 1), "phase_transfer_on": D(2027, 9, 1), "phase_transfer_kind": "school"},
        settings,
    )
    assert (d["phase_transfer"].due_on, d["phase_transfer"].practical_due_on, d["phase_transfer"].rule) == (
        due,
        practical,
        "B12",
    )


@pytest.mark.parametrize("settings, due", [(law.DEFAULT_SETTINGS, D(2027, 3, 30)), (BY, D(2027, 3, 31))])
def test_phase_transfer_to_post16_march(settings, due):
    d = keyed(
        {"period_start_on": D(2026, 3, 1), "phase_transfer_on": D(2027, 9, 1), "phase_transfer_kind": "post16"},
        settings,
    )
    assert d["phase_transfer"].due_on == due and d["phase_transfer"].rule == "B13"


def test_post16_to_post16_worked_example_9():
    d = keyed(
        {"period_start_on": D(2026, 3, 1), "phase_transfer_on": D(2027, 1, 1), "phase_transfer_kind": "post16_other"}
    )
    assert (d["phase_transfer"].due_on, d["phase_transfer"].practical_due_on) == (D(2026, 8, 1), D(2026, 7, 31))


def ctx(on, details=None, **facts):
    return Context(facts, on, details or {}, law.DEFAULT_SETTINGS)


def test_meeting_notice_guard():
    with pytest.raises(GuardRefused, match="2 weeks"):
        M.fire("due", "meeting_arranged", ctx(D(2026, 12, 31), {"meeting_on": D(2027, 1, 13)}))
    assert M.fire("due", "meeting_arranged", ctx(D(2026, 12, 30), {"meeting_on": D(2027, 1, 13)})) == "meeting_arranged"
    short = {"meeting_on": D(2027, 1, 1), "short_notice_reason": "urgent placement breakdown"}
    assert M.fire("due", "meeting_arranged", ctx(D(2026, 12, 31), short)) == "meeting_arranged"
    with pytest.raises(GuardRefused, match="before the invitations"):
        M.fire(
            "due", "meeting_arranged", ctx(D(2026, 12, 31), {"meeting_on": D(2026, 12, 1), "short_notice_reason": "x"})
        )


def test_decisions_only_after_the_meeting_and_cease_after_the_appeal_window():
    with pytest.raises(WrongState, match="after the review meeting"):
        M.fire("due", "decided_to_maintain", ctx(D(2027, 1, 1)))
    with pytest.raises(GuardRefused, match="C6|s.45"):
        M.fire("ceasing", "plan_ceased", ctx(D(2028, 1, 24), decided_to_cease_on=D(2027, 11, 24)))
    assert M.fire("ceasing", "plan_ceased", ctx(D(2028, 1, 25), decided_to_cease_on=D(2027, 11, 24))) == "ceased"


@pytest.mark.parametrize(
    "views, problem_fields",
    [
        ({}, {"child_views", "parent_views"}),
        (
            {"child_views": {"how": "in_person"}, "parent_views": {"how": "in_writing", "given_by": "Mum"}},
            {"child_views"},
        ),
        (
            {"child_views": {"how": "not_obtained"}, "parent_views": {"how": "advocate", "given_by": "IASS"}},
            {"child_views"},
        ),
        (
            {
                "child_views": {"how": "not_obtained", "reason": "non-verbal; observed in class instead"},
                "parent_views": {"how": "advocate", "given_by": "IASS"},
            },
            set(),
        ),
    ],
)
def test_views_of_the_child_and_parent(views, problem_fields):
    assert set(voice.views_problems(views, D(2016, 4, 2), D(2027, 2, 10))) == problem_fields


def test_preparing_for_adulthood_from_year_9():
    views = {
        "child_views": {"how": "in_person", "given_by": "Y"},
        "parent_views": {"how": "in_person", "given_by": "P"},
    }
    assert law.school_year(D(2013, 3, 1), D(2026, 8, 31)) == 8
    assert law.school_year(D(2013, 3, 1), D(2026, 9, 1)) == 9
    assert law.school_year(D(2013, 9, 1), D(2026, 9, 1)) == 8  # born 1 September: oldest in the cohort a year behind
    assert "preparing_for_adulthood_considered" in voice.views_problems(views, D(2013, 3, 1), D(2026, 9, 1))
    assert voice.views_problems(views, D(2013, 3, 1), D(2026, 8, 31)) == {}
    ok = {**views, "preparing_for_adulthood_considered": True}
    assert voice.views_problems(ok, D(2013, 3, 1), D(2026, 9, 1)) == {}


@pytest.mark.parametrize(
    ("details", "problem_fields"),
    [
        ({"actions_agreed": ["Weekly speech therapy", "Visit the college"]}, set()),
        ({"actions_agreed": ["  "]}, {"actions_agreed"}),
        ({"actions_agreed": ["x" * 501]}, {"actions_agreed"}),
        ({"actions_agreed": ["a"] * 31}, {"actions_agreed"}),
        ({"actions_followed_up": [{"action": 1, "outcome": "partly"}, {"action": 2, "outcome": "not_done"}]}, set()),
        ({"actions_followed_up": [{"action": 1, "outcome": "finished"}]}, {"actions_followed_up"}),
        ({"actions_followed_up": [{"action": 1, "outcome": "done"}, {"action": 1, "outcome": "partly"}]},
         {"actions_followed_up"}),
    ],
)  # fmt: skip
def test_a_meetings_actions_and_their_follow_up_are_checked(details, problem_fields):
    assert set(review.check("meeting_held", details, D(2016, 4, 2), D(2027, 2, 10))) == problem_fields


def test_an_assessments_views_are_optional_but_checked_when_given():
    from casework.workflow.kinds import needs

    assert needs.check("decided_to_issue", {}, None, D(2027, 2, 10)) == {}
    assert needs.check("decided_to_issue", {"child_views": {"how": "advocate", "given_by": "IASS"}}, None,
                       D(2027, 2, 10)) == {}  # fmt: skip
    assert set(needs.check("decided_not_to_issue", {"child_views": {"how": "not_obtained"}}, None, D(2027, 2, 10))) == {
        "child_views"
    }
