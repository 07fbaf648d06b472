"""Unit tests for casework.workflow.statutory (spec: docs/statutory.md).

Section 14 worked examples are exact to the day; each test is named after its
example number and rule IDs. Property tests (hypothesis) follow.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from casework.workflow import statutory as s

D = dt.date
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

_ENG = holidays.country_holidays("GB", subdiv="ENG", years=range(2014, 2043))


def _oracle_working(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in _ENG


def assert_due(
    due: s.Due,
    rule: str,
    on: dt.date,
    weekday: int,
    practical: dt.date | None = None,
    practical_weekday: int | None = None,
) -> None:
    assert due.rule == rule
    assert due.due_on == on
    assert on.weekday() == weekday
    assert due.practical_on == (on if practical is None else practical)
    if practical_weekday is not None:
        assert due.practical_on.weekday() == practical_weekday


# ---------------------------------------------------------------------------
# Section 14 worked examples
# ---------------------------------------------------------------------------


def test_example_01_request_5_jan_2026_A1_A3_A7():
    received = D(2026, 1, 5)
    assert received.weekday() == MON
    assert_due(s.decision_to_assess(received), "A1", D(2026, 2, 16), MON)
    assert_due(s.no_plan_decision(received), "A3", D(2026, 4, 27), MON)
    # Spring Bank Holiday: the due date stays, practical is the Friday before.
    assert_due(s.final_plan(received), "A7", D(2026, 5, 25), MON, D(2026, 5, 22), FRI)
    assert not s.is_working_day(D(2026, 5, 25))


def test_example_02_advice_received_19_jan_2026_A2():
    assert_due(s.advice_due(D(2026, 1, 19)), "A2", D(2026, 3, 2), MON)


def test_example_03_health_advice_16_feb_2026_A2():
    assert_due(s.advice_due(D(2026, 2, 16)), "A2", D(2026, 3, 30), MON)


def test_example_04_request_30_jan_2026_A1_A3_A7():
    received = D(2026, 1, 30)
    assert_due(s.decision_to_assess(received), "A1", D(2026, 3, 13), FRI)
    assert_due(s.no_plan_decision(received), "A3", D(2026, 5, 22), FRI)
    assert_due(s.final_plan(received), "A7", D(2026, 6, 19), FRI)


def test_example_05_draft_served_13_apr_2026_A4_A6_decision_3():
    served = D(2026, 4, 13)
    assert_due(s.representations(served), "A4", D(2026, 4, 27), MON)
    earliest = s.earliest_final_plan(served)
    assert earliest == D(2026, 4, 28) and earliest.weekday() == TUE
    # no_representations recorded on Fri 17 Apr 2026: may finalise from that day.
    assert s.earliest_final_plan(served, no_representations_on=D(2026, 4, 17)) == D(2026, 4, 17)
    reply = s.school_consultation_reply(D(2026, 4, 28))
    assert_due(reply, "A6", D(2026, 5, 13), WED)
    assert reply.statutory is False


def test_example_06_plan_made_31_jan_2026_B1_decision_4():
    due = s.review_meeting(D(2026, 1, 31))
    assert_due(due, "B1", D(2027, 1, 30), SAT, D(2027, 1, 29), FRI)
    # The anniversary itself (Sun 31 Jan 2027) is one day late.
    assert s.outcome(due.due_on, D(2027, 1, 31), today=D(2027, 2, 1)) == "missed"
    assert s.outcome(due.due_on, D(2027, 1, 30), today=D(2027, 2, 1)) == "met"


def _example_07_common():
    meeting, notice = D(2027, 1, 13), D(2027, 2, 10)
    assert meeting.weekday() == WED
    assert_due(s.meeting_notice(meeting), "B3", D(2026, 12, 30), WED)
    assert_due(s.advice_circulation(meeting), "B4", D(2026, 12, 30), WED)
    assert_due(s.review_report(meeting), "B5", D(2027, 1, 27), WED)
    decision = s.review_decision(meeting)
    assert_due(decision, "B6", D(2027, 2, 10), WED)
    assert s.outcome(decision.due_on, notice, today=D(2027, 3, 1)) == "met"
    assert_due(s.amendment_representations(notice), "B8", D(2027, 2, 24), WED)
    earliest = s.earliest_amended_plan(notice)
    assert earliest == D(2027, 2, 25) and earliest.weekday() == THU
    assert_due(s.amended_plan(notice), "B9", D(2027, 4, 7), WED)
    assert_due(s.decision_not_to_amend(notice), "B10", D(2027, 4, 7), WED)
    assert_due(s.amended_plan_overall(meeting), "B11", D(2027, 4, 7), WED)
    return meeting, notice


def test_example_07_review_13_jan_2027_B3_to_B11_B1_meeting_setting():
    meeting, notice = _example_07_common()
    start = s.next_review_period_start(meeting, notice)  # default: "meeting"
    assert start == meeting
    assert_due(s.review_meeting(start), "B1", D(2028, 1, 12), WED)


def test_example_07_review_13_jan_2027_B3_to_B11_B1_decision_setting():
    meeting, notice = _example_07_common()
    cfg = s.Settings(review_clock_restarts_on="decision")
    start = s.next_review_period_start(meeting, notice, cfg)
    assert start == notice
    assert_due(s.review_meeting(start), "B1", D(2028, 2, 9), WED)
    # Decision not yet notified: no restart date yet.
    assert s.next_review_period_start(meeting, None, cfg) is None


def test_example_08_phase_transfer_sep_2027_B12_before():
    due = s.phase_transfer(D(2027, 9, 1), "school")
    assert_due(due, "B12", D(2027, 2, 14), SUN, D(2027, 2, 12), FRI)
    aids = s.phase_transfer_planning_aids(due)
    assert set(aids) == {"latest_review_meeting", "meeting_notice", "amendment_notice"}
    assert (aids["latest_review_meeting"].due_on, aids["latest_review_meeting"].practical_on) == (
        D(2026, 11, 22),
        D(2026, 11, 20),
    )
    assert (aids["meeting_notice"].due_on, aids["meeting_notice"].practical_on) == (D(2026, 11, 8), D(2026, 11, 6))
    assert (aids["amendment_notice"].due_on, aids["amendment_notice"].practical_on) == (
        D(2026, 12, 20),
        D(2026, 12, 18),
    )
    assert D(2026, 11, 22).weekday() == SUN and D(2026, 11, 20).weekday() == FRI
    assert all(a.statutory is False for a in aids.values())


def test_example_08_phase_transfer_sep_2027_B12_by():
    due = s.phase_transfer(D(2027, 9, 1), "school", s.Settings(phase_transfer_deadline="by"))
    assert_due(due, "B12", D(2027, 2, 15), MON)
    aids = s.phase_transfer_planning_aids(due)
    assert aids["latest_review_meeting"].due_on == D(2026, 11, 23)
    assert aids["meeting_notice"].due_on == D(2026, 11, 9)
    assert aids["amendment_notice"].due_on == D(2026, 12, 21)
    for a in aids.values():
        assert a.due_on.weekday() == MON and a.practical_on == a.due_on


def test_example_09_post16_transfer_1_jan_2027_B14():
    due = s.phase_transfer(D(2027, 1, 1), "post16_other")
    assert_due(due, "B14", D(2026, 8, 1), SAT, D(2026, 7, 31), FRI)
    # B14 is not affected by the phase_transfer_deadline setting.
    assert s.phase_transfer(D(2027, 1, 1), "post16_other", s.Settings(phase_transfer_deadline="by")) == due


def test_example_10_letter_1_oct_certificate_29_nov_2026_D1_D2_decision_6():
    assert s.months_after(D(2026, 10, 1), 2) == D(2026, 12, 1)
    assert s.months_after(D(2026, 11, 29), 1) == D(2026, 12, 29)
    due = s.appeal_deadline(D(2026, 10, 1), D(2026, 11, 29))
    assert_due(due, "D2", D(2027, 1, 4), MON)
    assert due.citation == "Tribunal Procedure (HESC) Rules 2008, r.20(1)(c)(ii) and r.12"
    # Without the certificate: D1, Tue 1 Dec 2026, a working day.
    assert_due(s.appeal_deadline(D(2026, 10, 1)), "D1", D(2026, 12, 1), TUE)
    # C6: the plan may cease from the day after the appeal deadline.
    assert s.earliest_cease_date(D(2026, 10, 1), D(2026, 11, 29)) == D(2027, 1, 5)


def test_example_11_transfer_aware_20_mar_2026_F2_F4_F5():
    aware = D(2026, 3, 20)
    assert aware.weekday() == FRI
    transfer = s.transfer_between_las(D(2026, 3, 30), aware)  # move < 15 working days away
    assert_due(transfer, "F2", D(2026, 4, 13), MON)
    assert s.working_days_beginning(aware, 15) == D(2026, 4, 13)
    assert_due(s.new_la_informs(transfer.due_on), "F4", D(2026, 5, 25), MON, D(2026, 5, 22), FRI)
    assert s.months_beginning(D(2025, 9, 1), 12) == D(2026, 8, 31)
    assert s.months_beginning(D(2026, 4, 13), 3) == D(2026, 7, 12)
    assert D(2026, 7, 12).weekday() == SUN
    assert_due(s.transfer_review(D(2025, 9, 1), transfer.due_on), "F5", D(2026, 8, 31), MON, D(2026, 8, 28), FRI)


def test_example_12_reassessment_3_mar_2026_G1_G3():
    decision = s.reassessment_decision(D(2026, 3, 3))
    assert_due(decision, "G1", D(2026, 3, 18), WED)
    assert_due(s.reassessment_plan(decision.due_on), "G3", D(2026, 6, 24), WED)


def test_example_13_closure_23_jul_2026_A7_section_9():
    due = s.final_plan(D(2026, 7, 1))
    assert_due(due, "A7", D(2026, 11, 18), WED)
    closed, reopens = D(2026, 7, 23), D(2026, 9, 3)
    assert (reopens - closed).days == 42
    assert s.closure_qualifies(closed, reopens)
    assert s.closure_window(closed, reopens) == (D(2026, 7, 16), D(2026, 8, 27))
    assert s.closure_exception_available(D(2026, 7, 20), closed, reopens)
    assert not s.closure_exception_available(D(2026, 7, 10), closed, reopens)
    # Both ends of the window are inclusive.
    assert s.closure_exception_available(D(2026, 7, 16), closed, reopens)
    assert s.closure_exception_available(D(2026, 8, 27), closed, reopens)
    assert not s.closure_exception_available(D(2026, 7, 15), closed, reopens)
    assert not s.closure_exception_available(D(2026, 8, 28), closed, reopens)
    assert "school_closure" in s.EXCEPTION_REASONS["A7"]
    # Decision 8: recording the exception never moves the due date.
    assert s.final_plan(D(2026, 7, 1)).due_on == D(2026, 11, 18)


def test_example_14_no_mediation_2_nov_2026_D4_D6():
    assert_due(s.certificate_without_mediation(D(2026, 11, 2)), "D4", D(2026, 11, 5), THU)
    assert_due(s.mediation_held(D(2026, 11, 2)), "D6", D(2026, 12, 2), WED)


def test_example_15_agreement_14_jan_2027_D10_D11():
    agreed = D(2027, 1, 14)
    assert_due(s.commissioning_body_tells_la(agreed), "D11", D(2027, 1, 21), THU)
    assert_due(s.agreement_action(agreed), "D10", D(2027, 1, 28), THU)


# ---------------------------------------------------------------------------
# Decisions and section 2 examples
# ---------------------------------------------------------------------------


def test_decision_4_29_feb_start_and_1_mar_2027_B1():
    assert s.review_meeting(D(2028, 2, 29)).due_on == D(2029, 2, 28)
    assert s.review_meeting(D(2027, 3, 1)).due_on == D(2028, 2, 29)
    # The forbidden formula gives one day early:
    assert s.add_months(D(2027, 3, 1) - dt.timedelta(days=1), 12) == D(2028, 2, 28)
    assert s.review_meeting(D(2024, 2, 29)).due_on == D(2025, 2, 28)
    assert s.review_meeting(D(2027, 2, 28)).due_on == D(2028, 2, 27)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 10, 1), 3, D(2026, 12, 31)),
        (D(2026, 1, 31), 12, D(2027, 1, 30)),
        (D(2027, 3, 1), 12, D(2028, 2, 29)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no 30 Feb: end of February
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
    ],
)
def test_section_2_2_months_beginning(start, n, expected):
    assert s.months_beginning(start, n) == expected


def test_section_2_2_months_before_and_after_clamp():
    assert s.months_before(D(2026, 7, 31), 5) == D(2026, 2, 28)
    assert s.months_before(D(2028, 7, 31), 5) == D(2028, 2, 29)
    assert s.months_after(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert s.months_after(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert s.add_months(D(2026, 1, 31), -2) == D(2025, 11, 30)
    assert s.add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert s.add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)


def test_section_2_2_simple_period_types():
    x = D(2026, 4, 13)
    assert s.weeks_after(x, 6) == D(2026, 5, 25)
    assert s.weeks_before(x, 2) == D(2026, 3, 30)
    assert s.days_beginning(x, 15) == D(2026, 4, 27)
    assert s.days_after(x, 15) == D(2026, 4, 28)
    # WORKING_DAYS_AFTER starts the day after X; WORKING_DAYS_BEGINNING counts X.
    assert s.working_days_after(D(2026, 4, 2), 1) == D(2026, 4, 7)  # skips Good Friday, Easter Monday
    assert s.working_days_beginning(D(2026, 4, 2), 1) == D(2026, 4, 2)
    assert s.working_days_beginning(D(2026, 4, 4), 1) == D(2026, 4, 7)  # Saturday: day 1 is Tue
    with pytest.raises(ValueError):
        s.days_beginning(x, 0)
    with pytest.raises(ValueError):
        s.weeks_after(x, -1)


def test_decision_6_sat_31_jul_moves_to_mon_2_aug_not_september():
    assert D(2027, 7, 31).weekday() == SAT
    assert s.tribunal_adjust(D(2027, 7, 31)) == D(2027, 8, 2)


def test_decision_6_steps_2_and_3():
    assert s.tribunal_adjust(D(2026, 8, 3)) == D(2026, 9, 1)  # August -> first working day in Sept
    assert s.tribunal_adjust(D(2027, 8, 15)) == D(2027, 9, 1)
    assert s.tribunal_adjust(D(2025, 8, 31)) == D(2025, 9, 1)
    assert s.tribunal_adjust(D(2027, 12, 25)) == D(2028, 1, 4)  # 27-28 Dec subs; 1 Jan Sat; 3 Jan sub
    assert s.tribunal_adjust(D(2026, 1, 1)) == D(2026, 1, 2)
    assert s.tribunal_adjust(D(2026, 12, 24)) == D(2026, 12, 24)  # Thursday, working day
    assert s.tribunal_adjust(D(2026, 5, 25)) == D(2026, 5, 26)  # bank holiday -> next working day
    # D1 from a notice sent 15 June 2026 lands in August -> 1 Sep 2026.
    assert s.appeal_deadline(D(2026, 6, 15)).due_on == D(2026, 9, 1)


def test_decision_2_saturday_receipt_both_settings():
    sat = D(2026, 1, 10)
    assert sat.weekday() == SAT
    assert s.clock_start(sat) == sat
    nwd = s.Settings(receipt_on_non_working_day="next_working_day")
    assert s.clock_start(sat, nwd) == D(2026, 1, 12)
    assert s.clock_start(D(2026, 5, 25), nwd) == D(2026, 5, 26)  # bank holiday
    assert s.clock_start(D(2026, 1, 12), nwd) == D(2026, 1, 12)  # working day unchanged
    ts = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    assert s.clock_start(ts) == sat
    assert s.clock_start(ts, nwd) == D(2026, 1, 12)
    assert s.decision_to_assess(s.clock_start(sat)).due_on == D(2026, 2, 21)
    assert s.decision_to_assess(s.clock_start(sat, nwd)).due_on == D(2026, 2, 23)


def test_section_2_1_2330_utc_sunday_in_bst_is_monday():
    ts = dt.datetime(2026, 6, 7, 23, 30, tzinfo=dt.UTC)
    assert ts.date().weekday() == SUN
    assert s.to_local_date(ts) == D(2026, 6, 8)
    assert s.clock_start(ts) == D(2026, 6, 8)
    # In winter (GMT) the same time is still Sunday.
    assert s.to_local_date(dt.datetime(2026, 1, 11, 23, 30, tzinfo=dt.UTC)) == D(2026, 1, 11)
    with pytest.raises(ValueError):
        s.to_local_date(dt.datetime(2026, 6, 7, 23, 30))


def test_datetimes_are_refused_where_dates_are_needed():
    with pytest.raises(TypeError):
        s.final_plan(dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC))
    with pytest.raises(TypeError):
        s.is_working_day(dt.datetime(2026, 5, 25))


def test_calendar_helpers():
    assert s.practical_date(D(2026, 5, 25)) == D(2026, 5, 22)
    assert s.practical_date(D(2026, 5, 22)) == D(2026, 5, 22)
    assert s.next_working_day(D(2026, 5, 22)) == D(2026, 5, 26)
    assert s.next_working_day(D(2026, 12, 24)) == D(2026, 12, 29)
    assert not s.is_working_day(D(2022, 9, 19))  # one-off: State Funeral
    assert not s.is_working_day(D(2023, 5, 8))  # one-off: Coronation


# ---------------------------------------------------------------------------
# Other rows
# ---------------------------------------------------------------------------


def test_B13_post16_both_settings():
    assert_due(s.phase_transfer(D(2027, 9, 1), "post16"), "B13", D(2027, 3, 30), TUE)
    by = s.phase_transfer(D(2027, 9, 1), "post16", s.Settings(phase_transfer_deadline="by"))
    assert_due(by, "B13", D(2027, 3, 31), WED)
    with pytest.raises(ValueError):
        s.phase_transfer(D(2027, 9, 1), "college")


def test_D3_D5_D6_D7_D8_D13_mediation_and_response():
    assert_due(s.mediation_contact(D(2026, 6, 15)), "D3", D(2026, 8, 15), SAT, D(2026, 8, 14), FRI)
    assert s.health_issues_notice(D(2026, 12, 23)).due_on == D(2026, 12, 30)
    assert s.certificate_cannot_arrange(D(2026, 4, 2)).due_on == D(2026, 4, 9)
    assert s.certificate_after_mediation(D(2026, 11, 2)).due_on == D(2026, 11, 5)
    working = s.Settings(health_mediation_day_type="working")
    assert s.mediation_held(D(2026, 11, 2), health_only=True).due_on == D(2026, 12, 2)
    assert s.mediation_held(D(2026, 11, 2), health_only=False, settings=working).due_on == D(2026, 12, 2)
    assert s.mediation_held(D(2026, 11, 2), health_only=True, settings=working).due_on == D(2026, 12, 14)
    # 30 tribunal working days from Mon 20 Jul 2026: 9 in July (21-31), none in August,
    # then 21 from Tue 1 Sep (31 Aug is a bank holiday anyway): 29 Sep.
    assert s.appeal_response_prompt(D(2026, 7, 20)).due_on == D(2026, 9, 29)
    # Christmas period is skipped: Tue 22 Dec 2026 + 3 -> 23, 24, then 4 Jan 2027.
    assert s.tribunal_working_days(D(2026, 12, 22), 3) == D(2027, 1, 4)


def test_E_rows_orders_and_clock_start():
    made, sent = D(2026, 3, 2), D(2026, 3, 9)
    assert s.order_clock_start(made, sent) == made
    assert s.order_clock_start(made, sent, s.Settings(tribunal_order_clock_starts_on="sent")) == sent
    with pytest.raises(ValueError):
        s.order_clock_start(made, None, s.Settings(tribunal_order_clock_starts_on="sent"))
    expected = {
        "E1": ("E1", 0),
        "E2": ("E2", 2),
        "E2a": ("E2a", 10),
        "E2b": ("E2b", 14),
        "E3": ("E3", 5),
        "E3a": ("E3a", 11),
        "E4": ("E4", 5),
        "E5": ("E5", 2),
        "E5_with_content": ("E5", 5),
        "E6": ("E6", 0),
        "E7": ("E7", 5),
    }
    for kind, (rule, weeks) in expected.items():
        due = s.tribunal_order(kind, made)
        assert due.rule == rule and due.due_on == made + dt.timedelta(weeks=weeks)
    with pytest.raises(ValueError):
        s.tribunal_order("E9", made)
    assert s.unopposed_appeal("final_plan", made).due_on == D(2026, 6, 8)
    assert s.mediation_agreement_appealable("amended_plan", made).due_on == D(2026, 4, 6)
    assert s.recommendation_response(made).due_on == D(2026, 4, 6)
    assert s.recommendation_response(made, s.Settings(recommendation_response_weeks=6)).due_on == D(2026, 4, 13)


def test_F1_move_date_later_than_15_working_days():
    due = s.transfer_between_las(D(2026, 6, 1), D(2026, 3, 20))
    assert due.rule == "F1" and due.due_on == D(2026, 6, 1)
    assert s.commissioning_body_transfer(D(2026, 3, 30), D(2026, 3, 20)).due_on == D(2026, 4, 13)


def test_G6_G7_and_A5_A8():
    assert s.direct_payments_review(D(2026, 11, 30)).due_on == D(2027, 2, 28)
    assert s.detained_person_decision(D(2026, 1, 5)).due_on == D(2026, 2, 16)
    target = s.draft_plan_target(D(2026, 1, 5))
    assert target.due_on == D(2026, 4, 13) and target.statutory is False
    assert s.appeal_notice_with_plan(D(2026, 5, 22)).due_on == D(2026, 5, 22)


def test_B16_early_years_reminders_decision_7():
    dob = D(2022, 3, 1)
    plan = D(2024, 8, 31)
    # From the plan date: 28 Feb 2025 (clamped), 31 Aug 2025 (k*6 months, no drift),
    # ... up to 28 Feb 2027, the day before the 5th birthday.
    assert s.early_years_reminders(plan, dob) == [
        D(2025, 2, 28),
        D(2025, 8, 31),
        D(2026, 2, 28),
        D(2026, 8, 31),
        D(2027, 2, 28),
    ]
    # A meeting on 1 May 2025 restarts the count.
    assert s.early_years_reminders(plan, dob, [D(2025, 5, 1)]) == [
        D(2025, 2, 28),
        D(2025, 11, 1),
        D(2026, 5, 1),
        D(2026, 11, 1),
    ]
    # 5th birthday 1 Mar 2027: a reminder on that day is not raised.
    assert s.early_years_reminders(D(2026, 9, 1), dob) == []
    assert s.early_years_reminders(D(2026, 3, 1), dob) == [D(2026, 9, 1)]
    assert s.early_years_reminders(D(2027, 3, 1), dob) == []  # aged 5 on the plan date
    assert s.early_years_reminders(plan, dob, until=D(2025, 8, 31)) == [D(2025, 2, 28), D(2025, 8, 31)]
    assert s.early_years_reminders(
        plan, dob, settings=s.Settings(early_years_review_months=3), until=D(2025, 6, 1)
    ) == [D(2024, 11, 30), D(2025, 2, 28), D(2025, 5, 31)]
    assert s.RULES["B16"].statutory is False


def test_outcomes_section_2_3():
    due = D(2026, 5, 25)
    assert s.outcome(due, None, D(2026, 5, 1), applicable=False) == "not_applicable"
    assert s.outcome(due, D(2026, 5, 25), D(2026, 6, 1)) == "met"
    assert s.outcome(due, D(2026, 5, 26), D(2026, 6, 1)) == "missed"
    assert s.outcome(due, None, D(2026, 5, 26)) == "overdue"
    assert s.outcome(due, None, D(2026, 5, 25)) == "pending"


def test_exception_reasons_section_9_1():
    a1 = {"school_closure", "exceptional_personal_circumstances", "absent_from_area"}
    for rule in ("A1", "A3", "A7", "G3"):
        assert s.EXCEPTION_REASONS[rule] == a1
    assert s.EXCEPTION_REASONS["A2"] == {"exceptional_circumstances", "absent_from_area", "missed_appointment"}
    for rule in ("E2", "E3a", "E7", "E10"):
        assert s.EXCEPTION_REASONS[rule] == {
            "exceptional_personal_circumstances",
            "absent_from_area",
            "school_closure",
            "late_representations",
        }
    for rule in ("B1", "B6", "B9", "C6", "D1", "D2", "F2", "F5"):
        assert s.EXCEPTION_REASONS[rule] == set()
    assert not any("coronavirus_2020" in v for v in s.EXCEPTION_REASONS.values())
    assert s.exception_allowed("A2", "missed_appointment") and not s.exception_allowed("A1", "missed_appointment")


def test_closures_short_closure_never_qualifies():
    assert not s.closure_qualifies(D(2026, 12, 21), D(2027, 1, 4))
    assert s.closure_qualifies(D(2026, 7, 23), D(2026, 8, 20))  # exactly 28 days
    assert not s.closure_exception_available(D(2026, 12, 20), D(2026, 12, 21), D(2027, 1, 4))
    with pytest.raises(ValueError):
        s.closure_window(D(2026, 7, 23), D(2026, 7, 23))


def test_rules_table_and_due_citations():
    required = (
        ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1"]
        + [f"B{i}" for i in range(3, 15)]
        + ["B16", "C6"]
        + [f"D{i}" for i in range(1, 12) if i != 9]
        + ["D13", "E2", "E3", "E4", "E5", "E6", "E7", "E10", "E11", "F2", "F4", "F5", "F7", "G1", "G3", "G6", "G7"]
    )
    for rule in required:
        assert rule in s.RULES and s.RULES[rule].id == rule and s.RULES[rule].citation
    assert s.RULES["A1"].citation == "SEND Regulations 2014, reg 5(1)"
    assert s.RULES["B1"].citation == "Children and Families Act 2014, s.44(1)"
    assert s.RULES["A6"].citation == "SEND Code of Practice 2015, para 9.83"
    assert s.RULES["D1"].citation == "Tribunal Procedure (HESC) Rules 2008, r.20(1)(c)(i) and r.12"
    assert {r for r, v in s.RULES.items() if not v.statutory and "-" not in r} == {"A5", "A6", "B15", "B16"}
    due = s.final_plan(D(2026, 1, 5))
    assert due.citation == "SEND Regulations 2014, reg 13(2)" and due.statutory is True


def test_settings_validation_and_from_mapping():
    assert s.Settings() == s.DEFAULT_SETTINGS
    with pytest.raises(ValueError, match="review_clock_restarts_on.*'meeting'.*'decision'"):
        s.Settings(review_clock_restarts_on="hearing")
    with pytest.raises(ValueError, match="early_years_review_months"):
        s.Settings(early_years_review_months=0)
    with pytest.raises(ValueError, match="recommendation_response_weeks"):
        s.Settings(recommendation_response_weeks=True)
    env = {
        "CASEWORK_PHASE_TRANSFER_DEADLINE": "by",
        "CASEWORK_EARLY_YEARS_REVIEW_MONTHS": " 3 ",
        "health_mediation_day_type": "working",
        "PATH": "/usr/bin",
        "CASEWORK_OTHER": "x",
    }
    cfg = s.Settings.from_mapping(env)
    assert cfg == s.Settings(
        phase_transfer_deadline="by", early_years_review_months=3, health_mediation_day_type="working"
    )
    with pytest.raises(ValueError, match="early_years_review_months"):
        s.Settings.from_mapping({"CASEWORK_EARLY_YEARS_REVIEW_MONTHS": "six"})
    with pytest.raises(ValueError):
        s.Settings.from_mapping({"CASEWORK_RECEIPT_ON_NON_WORKING_DAY": "monday"})
    with pytest.raises(ValueError):
        s.Settings.from_mapping({"phase_transfer_deadline": "by", "CASEWORK_PHASE_TRANSFER_DEADLINE": "before"})


def test_frozen_clock_does_not_change_results():
    from freezegun import freeze_time

    expected = s.final_plan(D(2026, 1, 5))
    with freeze_time("2030-06-01"):
        assert s.final_plan(dt.date(2026, 1, 5)) == expected
        assert s.is_working_day(dt.date(2026, 5, 25)) is False


# ---------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31))
PROPS = hsettings(max_examples=150, deadline=None, database=None)


@PROPS
@given(dates)
def test_prop_A1_A3_A7_fixed_offsets(received):
    a1, a3, a7 = (s.decision_to_assess(received), s.no_plan_decision(received), s.final_plan(received))
    assert a1.due_on < a3.due_on < a7.due_on
    assert [(x.due_on - received).days for x in (a1, a3, a7)] == [42, 112, 140]
    assert {x.due_on.weekday() for x in (a1, a3, a7)} == {received.weekday()}


@PROPS
@given(dates)
def test_prop_practical_date(d):
    p = s.practical_date(d)
    assert s.is_working_day(p) and _oracle_working(p)
    assert p <= d and (d - p).days <= 7
    if _oracle_working(d):
        assert p == d
    else:
        assert all(not _oracle_working(p + dt.timedelta(days=k)) for k in range(1, (d - p).days + 1))
    due = s.final_plan(d)
    assert due.practical_on == s.practical_date(due.due_on)


@PROPS
@given(dates)
def test_prop_review_meeting_is_day_before_anniversary(start):
    due = s.review_meeting(start).due_on
    if (start.month, start.day) == (2, 29):
        y = start.year + 1
        assert due == D(y, 2, 28)  # anniversary taken as 1 March
    else:
        anniversary = start.replace(year=start.year + 1)
        assert due == anniversary - dt.timedelta(days=1)
        assert due == s.add_months(start, 12) - dt.timedelta(days=1)


def _oracle_tribunal_adjust(d):
    def first_working_from(x):
        while not _oracle_working(x):
            x += dt.timedelta(days=1)
        return x

    if (d.month, d.day) >= (12, 25) or (d.month, d.day) == (1, 1):
        return first_working_from(D(d.year + (d.month == 12), 1, 2))
    if d.month == 8:
        return first_working_from(D(d.year, 9, 1))
    return first_working_from(d)


def _in_windows(d):
    return d.month == 8 or (d.month, d.day) >= (12, 25) or (d.month, d.day) == (1, 1)


@PROPS
@given(dates)
def test_prop_tribunal_adjust(d):
    r = s.tribunal_adjust(d)
    assert r == _oracle_tribunal_adjust(d)
    assert _oracle_working(r) and r >= d
    if _in_windows(d):
        assert not _in_windows(r)  # Christmas / August always moved out
    elif _in_windows(r):
        # Only step 4 can land in a window (e.g. Sat 31 Jul -> Mon 2 Aug): checked once.
        assert not _oracle_working(d) and r == s.next_working_day(d)
    else:
        assert (r - d).days <= 7


@PROPS
@given(dates, st.one_of(st.none(), dates))
def test_prop_appeal_deadline_is_later_adjusted(notice, cert):
    due = s.appeal_deadline(notice, cert)
    raw1 = s.add_months(notice, 2)
    raw = raw1 if cert is None else max(raw1, s.add_months(cert, 1))
    assert due.due_on == s.tribunal_adjust(raw) == due.practical_on
    assert due.rule == ("D2" if cert is not None and s.add_months(cert, 1) > raw1 else "D1")
    assert s.earliest_cease_date(notice, cert) == due.due_on + dt.timedelta(days=1)


@PROPS
@given(dates)
def test_prop_days_beginning(x):
    assert s.days_beginning(x, 15) == x + dt.timedelta(days=14)
    assert s.representations(x).due_on == x + dt.timedelta(days=14)
    assert s.earliest_final_plan(x) == x + dt.timedelta(days=15)


@PROPS
@given(dates, st.integers(min_value=1, max_value=40))
def test_prop_working_days_counting(x, n):
    r = s.working_days_beginning(x, n)
    assert s.is_working_day(r)
    span = [x + dt.timedelta(days=k) for k in range((r - x).days + 1)]
    assert sum(map(_oracle_working, span)) == n
    a = s.working_days_after(x, n)
    span = [x + dt.timedelta(days=k) for k in range(1, (a - x).days + 1)]
    assert _oracle_working(a) and sum(map(_oracle_working, span)) == n


@PROPS
@given(dates, st.integers(min_value=1, max_value=30))
def test_prop_tribunal_working_days(x, n):
    r = s.tribunal_working_days(x, n)
    span = [x + dt.timedelta(days=k) for k in range(1, (r - x).days + 1)]
    counted = [d for d in span if _oracle_working(d) and not _in_windows(d)]
    assert counted[-1] == r and len(counted) == n


@PROPS
@given(dates, st.integers(min_value=0, max_value=36))
def test_prop_months_round_trip_bounds(x, n):
    after = s.months_after(x, n)
    assert (after.year * 12 + after.month) - (x.year * 12 + x.month) == n
    assert after.day == x.day or (after.day < x.day and (after + dt.timedelta(days=1)).day == 1)
    back = s.months_before(after, n)
    assert back <= x and (x - back).days <= 3
    before = s.months_before(x, n)
    assert s.months_after(before, n) <= x and (x - s.months_after(before, n)).days <= 3
    if n:
        mb = s.months_beginning(x, n)
        assert mb < s.add_months(x, n) or x.day > after.day
        assert mb >= after - dt.timedelta(days=1)


bad_text = st.text(max_size=12).filter(
    lambda t: (
        t not in {"calendar", "next_working_day", "meeting", "decision", "before", "by", "made", "sent", "working"}
    )
)


@PROPS
@given(
    st.sampled_from(
        [
            "receipt_on_non_working_day",
            "review_clock_restarts_on",
            "phase_transfer_deadline",
            "tribunal_order_clock_starts_on",
            "health_mediation_day_type",
        ]
    ),
    bad_text,
)
def test_prop_settings_reject_bad_choices(name, value):
    with pytest.raises(ValueError, match=name):
        s.Settings(**{name: value})


@PROPS
@given(
    st.sampled_from(["early_years_review_months", "recommendation_response_weeks"]),
    st.one_of(st.integers(max_value=0), st.text(max_size=3), st.floats(), st.booleans()),
)
def test_prop_settings_reject_bad_ints(name, value):
    with pytest.raises(ValueError, match=name):
        s.Settings(**{name: value})
