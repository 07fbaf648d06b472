"""Every deadline shows its working (statutory.md 2.3): casework.workflow.statutory.working.

The worked examples of statutory.md section 14 are asserted whole, sentence by sentence. The property tests
check, for random start dates and every deadline function, that the working states the computed due and
practical dates and that every day it names as a non-working day is one (against the holidays package
directly, not the product's calendar).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import holidays
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from casework.workflow import statutory as law

D = dt.date
DECISION_1 = "that is the practical date, and the due date does not move (Decision 1)."


def assert_working(due, arithmetic, moved, family, *, start_on, what, practical=None, start_what=None):
    """The whole working of ``due``: every field, every sentence."""
    w = law.working_for(due, start_what=start_what)
    assert w.rule == due.rule
    assert (w.title, w.citation) == (law.RULES[due.rule].title, law.RULES[due.rule].citation)
    assert (w.start_on, w.start_what) == (start_on, what)
    assert (w.due_on, w.practical_on) == (due.due_on, practical or due.due_on)
    assert w.arithmetic == arithmetic
    assert list(w.moved) == moved
    assert w.family_text == family
    return w


# ---------------------------------------------------------------------------
# Section 14 worked examples, whole sentences
# ---------------------------------------------------------------------------


def test_example_01_request_5_jan_2026_A1_A3_A7():
    received = D(2026, 1, 5)
    request = {"start_on": received, "what": "the request was received"}
    assert_working(
        law.decision_to_assess(received),
        "6 weeks after Monday 5 January 2026 (the day it started is not counted) is Monday 16 February 2026.",
        [],
        "The council must tell you whether it will carry out an EHC needs assessment by Monday 16 February 2026: "
        "6 weeks after it received your request on Monday 5 January 2026.",
        **request,
    )
    assert_working(
        law.no_plan_decision(received),
        "16 weeks after Monday 5 January 2026 (the day it started is not counted) is Monday 27 April 2026.",
        [],
        "If the council decides not to issue an EHC plan, it must tell you by Monday 27 April 2026: "
        "16 weeks after it received your request on Monday 5 January 2026.",
        **request,
    )
    w = assert_working(
        law.final_plan(received),
        "20 weeks after Monday 5 January 2026 (the day it started is not counted) is Monday 25 May 2026.",
        [
            "Monday 25 May 2026 is a bank holiday (Spring Bank Holiday) and Saturday 23 and Sunday 24 May 2026 "
            f"are a weekend, so the last working day before the due date is Friday 22 May 2026: {DECISION_1}"
        ],
        "The council must send you the final EHC plan by Monday 25 May 2026: 20 weeks after it received your "
        "request on Monday 5 January 2026. Monday 25 May 2026 is a bank holiday (Spring Bank Holiday), so the "
        "last working day before it is Friday 22 May 2026.",
        practical=D(2026, 5, 22),
        **request,
    )
    assert w.text == (
        "A7 Final plan issued (SEND Regulations 2014, reg 13(2)). Started Monday 5 January 2026: the request was "
        f"received. {w.arithmetic} {w.moved[0]}"
    )
    assert w.to_dict() == {
        "rule": "A7",
        "title": "Final plan issued",
        "citation": "SEND Regulations 2014, reg 13(2)",
        "start_on": "2026-01-05",
        "start_what": "the request was received",
        "due_on": "2026-05-25",
        "practical_on": "2026-05-22",
        "period": "20 weeks after",
        "arithmetic": w.arithmetic,
        "moved": list(w.moved),
        "family_text": w.family_text,
    }
    json.dumps(w.to_dict())


def test_example_04_request_30_jan_2026_A1_A3_A7():
    received = D(2026, 1, 30)
    request = {"start_on": received, "what": "the request was received"}
    for due, weeks, on, family in (
        (
            law.decision_to_assess(received),
            6,
            "Friday 13 March 2026",
            "The council must tell you whether it will carry out an EHC needs assessment by Friday 13 March 2026",
        ),
        (
            law.no_plan_decision(received),
            16,
            "Friday 22 May 2026",
            "If the council decides not to issue an EHC plan, it must tell you by Friday 22 May 2026",
        ),
        (
            law.final_plan(received),
            20,
            "Friday 19 June 2026",
            "The council must send you the final EHC plan by Friday 19 June 2026",
        ),
    ):
        assert_working(
            due,
            f"{weeks} weeks after Friday 30 January 2026 (the day it started is not counted) is {on}.",
            [],
            f"{family}: {weeks} weeks after it received your request on Friday 30 January 2026.",
            **request,
        )


def test_example_06_plan_made_31_jan_2026_B1():
    due = law.review_meeting(D(2026, 1, 31))
    assert_working(
        due,
        "The 12-month period beginning with Saturday 31 January 2026 ends the day before its anniversary, "
        "Sunday 31 January 2027, so its last day is Saturday 30 January 2027.",
        [
            "Saturday 30 January 2027 is a weekend day, so the last working day before the due date is "
            f"Friday 29 January 2027: {DECISION_1}"
        ],
        "The annual review meeting must be held by Saturday 30 January 2027: the last day of the 12 months "
        "starting on the day the plan was made, Saturday 31 January 2026. Saturday 30 January 2027 is a weekend "
        "day, so the last working day before it is Friday 29 January 2027.",
        start_on=D(2026, 1, 31),
        what="the plan was made",
        practical=D(2027, 1, 29),
        start_what="plan_made",
    )
    # Without a more exact start the generic one is said; free text replaces the staff wording only.
    generic = law.working_for(due)
    assert generic.start_what == "the current 12-month review period began"
    assert "starting on the day the current review year began, Saturday 31 January 2026." in generic.family_text
    free = law.working_for(due, start_what="the final plan was issued on a Saturday")
    assert free.start_what == "the final plan was issued on a Saturday"
    assert (free.arithmetic, free.moved, free.family_text) == (generic.arithmetic, generic.moved, generic.family_text)


def test_example_07_review_13_jan_2027_B3_to_B11_and_B1():
    meeting, notice = D(2027, 1, 13), D(2027, 2, 10)
    before = {"start_on": meeting, "what": "the review meeting is held"}
    after = {"start_on": meeting, "what": "the review meeting was held"}
    sent = {"start_on": notice, "what": "the copy plan and amendment notice were sent"}
    two_weeks_before = (
        "2 weeks before Wednesday 13 January 2027 is Wednesday 30 December 2026, the latest date that leaves at "
        "least 2 weeks."
    )
    assert_working(
        law.meeting_notice(meeting),
        two_weeks_before,
        [],
        "You must be told the date of the review meeting by Wednesday 30 December 2026: 2 weeks before the review "
        "meeting is held on Wednesday 13 January 2027.",
        **before,
    )
    assert_working(
        law.advice_circulation(meeting),
        two_weeks_before,
        [],
        "The advice and information for the review meeting must be sent to you by Wednesday 30 December 2026: "
        "2 weeks before the review meeting is held on Wednesday 13 January 2027.",
        **before,
    )
    assert_working(
        law.review_report(meeting),
        "2 weeks after Wednesday 13 January 2027 (the day it started is not counted) is Wednesday 27 January 2027.",
        [],
        "The report of the review meeting must be sent to you by Wednesday 27 January 2027: 2 weeks after the "
        "review meeting was held on Wednesday 13 January 2027.",
        **after,
    )
    four_weeks = (
        "4 weeks after Wednesday 13 January 2027 (the day it started is not counted) is Wednesday 10 February 2027."
    )
    assert_working(
        law.review_decision(meeting),
        four_weeks,
        [],
        "The council must tell you whether it will keep, change or end the plan by Wednesday 10 February 2027: "
        "4 weeks after the review meeting was held on Wednesday 13 January 2027.",
        **after,
    )
    assert_working(
        law.proposed_amendments(meeting),
        four_weeks,
        [],
        "If the council decides to change the plan, it must send you the proposed changes by Wednesday 10 February "
        "2027: 4 weeks after the review meeting was held on Wednesday 13 January 2027.",
        **after,
    )
    assert_working(
        law.amendment_representations(notice),
        "At least 15 days beginning with Wednesday 10 February 2027 (that day counts as day 1), so the next step "
        "is allowed from Thursday 25 February 2027: day 15, the last day, is Wednesday 24 February 2027.",
        [],
        "You have until Wednesday 24 February 2027 to comment on the proposed changes, ask for a particular school "
        "or college, or ask to meet the council: 15 days, counting the day the council gave you the proposed "
        "changes to the plan, Wednesday 10 February 2027, as day 1.",
        start_on=notice,
        what="the amendment notice was served",
    )
    eight_weeks = (
        "8 weeks after Wednesday 10 February 2027 (the day it started is not counted) is Wednesday 7 April 2027."
    )
    assert_working(
        law.amended_plan(notice),
        eight_weeks,
        [],
        "The council must send you the final amended plan by Wednesday 7 April 2027: 8 weeks after it sent you "
        "the proposed changes to the plan on Wednesday 10 February 2027.",
        **sent,
    )
    assert_working(
        law.decision_not_to_amend(notice),
        eight_weeks,
        [],
        "If the council decides not to change the plan after all, it must tell you by Wednesday 7 April 2027: "
        "8 weeks after it sent you the proposed changes to the plan on Wednesday 10 February 2027.",
        **sent,
    )
    assert_working(
        law.amended_plan_overall(meeting),
        "12 weeks after Wednesday 13 January 2027 (the day it started is not counted) is Wednesday 7 April 2027.",
        [],
        "The council must send you the final amended plan by Wednesday 7 April 2027: 12 weeks after the review "
        "meeting was held on Wednesday 13 January 2027.",
        **after,
    )
    by_meeting = law.review_meeting(law.next_review_period_start(meeting, notice))
    assert_working(
        by_meeting,
        "The 12-month period beginning with Wednesday 13 January 2027 ends the day before its anniversary, "
        "Thursday 13 January 2028, so its last day is Wednesday 12 January 2028.",
        [],
        "The annual review meeting must be held by Wednesday 12 January 2028: the last day of the 12 months "
        "starting on the day the last review meeting was held, Wednesday 13 January 2027.",
        start_on=meeting,
        what="the previous review meeting was held",
        start_what="last_review_meeting",
    )
    decision = law.Settings(review_clock_restarts_on="decision")
    assert_working(
        law.review_meeting(law.next_review_period_start(meeting, notice, decision)),
        "The 12-month period beginning with Wednesday 10 February 2027 ends the day before its anniversary, "
        "Thursday 10 February 2028, so its last day is Wednesday 9 February 2028.",
        [],
        "The annual review meeting must be held by Wednesday 9 February 2028: the last day of the 12 months "
        "starting on the day the council told you its last review decision, Wednesday 10 February 2027.",
        start_on=notice,
        what="the previous review decision was notified",
        start_what="last_review_decision",
    )


def _weekend(sat: str, sun_date: str, friday: str) -> list[str]:
    return [
        f"Saturday {sat} and Sunday {sun_date} are a weekend, so the last working day before the due date is "
        f"{friday}: {DECISION_1}"
    ]


def test_example_08_phase_transfer_september_2027_B12_before_and_by():
    transfer = D(2027, 9, 1)
    b12 = law.phase_transfer(transfer, "school")
    phase = {"start_on": transfer, "what": "the transfer between school phases takes place"}
    assert_working(
        b12,
        "The transfer is on Wednesday 1 September 2027, so the calendar year of the transfer is 2027. The law says "
        'before 15 February in that year; with phase_transfer_deadline = "before" (Decision 5) the last day is '
        "the day before, Sunday 14 February 2027.",
        _weekend("13", "14 February 2027", "Friday 12 February 2027"),
        "The council must send you the amended plan naming your child's next school by Sunday 14 February 2027: "
        "before 15 February in the year your child moves school (2027). Sunday 14 February 2027 is a weekend day, "
        "so the last working day before it is Friday 12 February 2027.",
        practical=D(2027, 2, 12),
        **phase,
    )
    aids = law.phase_transfer_planning_aids(b12)
    assert_working(
        aids["latest_review_meeting"],
        "12 weeks before Sunday 14 February 2027 is Sunday 22 November 2026, the latest date that leaves at least "
        "12 weeks.",
        _weekend("21", "22 November 2026", "Friday 20 November 2026"),
        "The council plans to hold the review meeting by Sunday 22 November 2026: 12 weeks before the amended plan "
        "is due on Sunday 14 February 2027. Sunday 22 November 2026 is a weekend day, so the last working day "
        "before it is Friday 20 November 2026.",
        start_on=D(2027, 2, 14),
        what="the phase transfer deadline falls",
        practical=D(2026, 11, 20),
    )
    latest = {"start_on": D(2026, 11, 22), "what": "the latest date for the review meeting falls"}
    assert_working(
        aids["meeting_notice"],
        "2 weeks before Sunday 22 November 2026 is Sunday 8 November 2026, the latest date that leaves at least "
        "2 weeks.",
        _weekend("7", "8 November 2026", "Friday 6 November 2026"),
        "The council plans to tell you the date of the review meeting by Sunday 8 November 2026: 2 weeks before "
        "the review meeting is held at the latest on Sunday 22 November 2026. Sunday 8 November 2026 is a weekend "
        "day, so the last working day before it is Friday 6 November 2026.",
        practical=D(2026, 11, 6),
        **latest,
    )
    assert_working(
        aids["amendment_notice"],
        "4 weeks after Sunday 22 November 2026 (the day it started is not counted) is Sunday 20 December 2026.",
        _weekend("19", "20 December 2026", "Friday 18 December 2026"),
        "The council plans to send you the proposed changes by Sunday 20 December 2026: 4 weeks after the review "
        "meeting is held at the latest on Sunday 22 November 2026. Sunday 20 December 2026 is a weekend day, so "
        "the last working day before it is Friday 18 December 2026.",
        practical=D(2026, 12, 18),
        **latest,
    )
    by = law.phase_transfer(transfer, "school", law.Settings(phase_transfer_deadline="by"))
    assert_working(
        by,
        "The transfer is on Wednesday 1 September 2027, so the calendar year of the transfer is 2027. The law says "
        'before 15 February in that year; with phase_transfer_deadline = "by" (Decision 5) the last day is '
        "15 February itself, Monday 15 February 2027.",
        [],
        "The council must send you the amended plan naming your child's next school by Monday 15 February 2027: "
        "by 15 February in the year your child moves school (2027).",
        **phase,
    )
    by_aids = law.phase_transfer_planning_aids(by)
    assert [law.working_for(a).arithmetic for a in by_aids.values()] == [
        "12 weeks before Monday 15 February 2027 is Monday 23 November 2026, the latest date that leaves at least "
        "12 weeks.",
        "2 weeks before Monday 23 November 2026 is Monday 9 November 2026, the latest date that leaves at least "
        "2 weeks.",
        "4 weeks after Monday 23 November 2026 (the day it started is not counted) is Monday 21 December 2026.",
    ]
    assert all(law.working_for(a).moved == () for a in by_aids.values())


def test_example_09_post16_transfer_1_jan_2027_B14():
    assert_working(
        law.phase_transfer(D(2027, 1, 1), "post16_other"),
        "5 months before Friday 1 January 2027 is Saturday 1 August 2026.",
        [
            "Saturday 1 August 2026 is a weekend day, so the last working day before the due date is "
            f"Friday 31 July 2026: {DECISION_1}"
        ],
        "The council must send you the amended plan by Saturday 1 August 2026: 5 months before the young person "
        "moves to the new college on Friday 1 January 2027. Saturday 1 August 2026 is a weekend day, so the last "
        "working day before it is Friday 31 July 2026.",
        start_on=D(2027, 1, 1),
        what="the transfer between post-16 institutions takes place",
        practical=D(2026, 7, 31),
    )


def test_example_10_letter_1_oct_certificate_29_nov_2026_D1_D2():
    assert_working(
        law.appeal_deadline(D(2026, 10, 1), D(2026, 11, 29)),
        "D1: 2 months after Thursday 1 October 2026 (when the decision notice was sent) is Tuesday 1 December 2026. "
        "D2: 1 month after Sunday 29 November 2026 (when the mediation certificate was issued) is Tuesday "
        "29 December 2026. The later of the two is D2: Tuesday 29 December 2026.",
        [
            "Tuesday 29 December 2026 falls between 25 December and 1 January, so the Tribunal's rules (HESC r.12, "
            "Decision 6) move it to the first working day after 1 January, Monday 4 January 2027: Friday 1 January "
            "2027 is a bank holiday (New Year's Day) and Saturday 2 and Sunday 3 January 2027 are a weekend."
        ],
        "Your appeal must reach the Tribunal by Monday 4 January 2027: 1 month after your mediation certificate was "
        "issued on Sunday 29 November 2026 gives Tuesday 29 December 2026, later than 2 months after the council "
        "sent its decision letter on Thursday 1 October 2026 (Tuesday 1 December 2026); the Tribunal's deadlines do "
        "not fall between 25 December and 1 January, so it moves to the first working day after 1 January.",
        start_on=D(2026, 11, 29),
        what="the mediation certificate was issued",
    )
    # Before the certificate: D1 alone, and no adjustment applies (1 December 2026 is a working day).
    assert_working(
        law.appeal_deadline(D(2026, 10, 1)),
        "D1: 2 months after Thursday 1 October 2026 (when the decision notice was sent) is Tuesday 1 December 2026. "
        "Tuesday 1 December 2026 is a working day outside 25 December to 1 January and outside August, so the "
        "Tribunal's rules (HESC r.12, Decision 6) do not move it.",
        [],
        "Your appeal must reach the Tribunal by Tuesday 1 December 2026: 2 months after the council sent its "
        "decision letter on Thursday 1 October 2026.",
        start_on=D(2026, 10, 1),
        what="the decision notice was sent",
    )
    # C6: the plan may cease from the day after; an earliest date has no practical date.
    assert_working(
        law.earliest_cease(D(2026, 10, 1), D(2026, 11, 29)),
        "D1: 2 months after Thursday 1 October 2026 (when the decision notice was sent) is Tuesday 1 December 2026. "
        "D2: 1 month after Sunday 29 November 2026 (when the mediation certificate was issued) is Tuesday "
        "29 December 2026. The later of the two is D2: Tuesday 29 December 2026. The plan may cease from the day "
        "after the appeal deadline: Tuesday 5 January 2027.",
        list(law.working_for(law.appeal_deadline(D(2026, 10, 1), D(2026, 11, 29))).moved),
        "The council cannot stop maintaining the plan before Tuesday 5 January 2027: the day after the last day "
        "for an appeal to reach the Tribunal, Monday 4 January 2027.",
        start_on=D(2026, 11, 29),
        what="the mediation certificate was issued",
    )
    assert law.earliest_cease_date(D(2026, 10, 1), D(2026, 11, 29)) == D(2027, 1, 5)


def test_decision_6_non_working_and_august_adjustments():
    saturday = law.working_for(law.appeal_deadline(D(2027, 5, 31)))  # raw Saturday 31 July 2027
    assert saturday.moved == (
        "Saturday 31 July 2027 is not a working day, so the Tribunal's rules (HESC r.12, Decision 6) move it to "
        "the next working day, Monday 2 August 2027: Saturday 31 July and Sunday 1 August 2027 are a weekend. "
        "The checks are made once, against the date before it moved, so it does not move again.",
    )
    assert saturday.family_text == (
        "Your appeal must reach the Tribunal by Monday 2 August 2027: 2 months after the council sent its decision "
        "letter on Monday 31 May 2027 gives Saturday 31 July 2027; that is a weekend day, so it moves to the next "
        "working day."
    )
    august = law.working_for(law.appeal_deadline(D(2026, 6, 15)))  # raw Saturday 15 August 2026
    assert august.moved == (
        "Saturday 15 August 2026 falls in August, so the Tribunal's rules (HESC r.12, Decision 6) move it to the "
        "first working day in September, Tuesday 1 September 2026.",
    )
    assert august.family_text == (
        "Your appeal must reach the Tribunal by Tuesday 1 September 2026: 2 months after the council sent its "
        "decision letter on Monday 15 June 2026 gives Saturday 15 August 2026; the Tribunal's deadlines do not fall "
        "in August, so it moves to the first working day in September."
    )


def test_example_11_transfer_aware_20_mar_2026_F2_F4_F5():
    assert_working(
        law.transfer_between_las(D(2026, 4, 1), D(2026, 3, 20)),
        "F1: On the day itself (when the move takes place): Wednesday 1 April 2026. F2: 15 working days beginning "
        "with Friday 20 March 2026 (when the old LA became aware of the move; that day counts as day 1), not "
        "counting weekends or the bank holidays Good Friday 3 April and Easter Monday 6 April 2026: day 15 is "
        "Monday 13 April 2026. The later of the two is F2: Monday 13 April 2026.",
        [],
        "Your old council must transfer the plan to your new council by Monday 13 April 2026: the later of "
        "Wednesday 1 April 2026 (on the day you move) and Monday 13 April 2026 (15 working days, not counting "
        "weekends or bank holidays, starting with the day it found out about the move, Friday 20 March 2026).",
        start_on=D(2026, 3, 20),
        what="the old LA became aware of the move",
    )
    may_bank_holiday = (
        "Monday 25 May 2026 is a bank holiday (Spring Bank Holiday) and Saturday 23 and Sunday 24 May 2026 are a "
        f"weekend, so the last working day before the due date is Friday 22 May 2026: {DECISION_1}"
    )
    assert_working(
        law.new_la_informs(D(2026, 4, 13)),
        "6 weeks after Monday 13 April 2026 (the day it started is not counted) is Monday 25 May 2026.",
        [may_bank_holiday],
        "Your new council must tell you that the plan has transferred, whether it will assess, and when it will "
        "review the plan, by Monday 25 May 2026: 6 weeks after your plan was transferred to your new council on "
        "Monday 13 April 2026. Monday 25 May 2026 is a bank holiday (Spring Bank Holiday), so the last working day "
        "before it is Friday 22 May 2026.",
        start_on=D(2026, 4, 13),
        what="the plan was transferred",
        practical=D(2026, 5, 22),
    )
    assert_working(
        law.transfer_review(D(2025, 9, 1), D(2026, 4, 13)),
        "(a) The 12-month period beginning with Monday 1 September 2025 (when the plan was made) ends the day "
        "before its anniversary, Tuesday 1 September 2026, so its last day is Monday 31 August 2026. (b) The "
        "3-month period beginning with Monday 13 April 2026 (when the plan was transferred) ends the day before "
        "the same date 3 months later, Monday 13 July 2026, so its last day is Sunday 12 July 2026. The later of "
        "the two is (a): Monday 31 August 2026.",
        [
            "Monday 31 August 2026 is a bank holiday (Late Summer Bank Holiday) and Saturday 29 and Sunday 30 August "
            f"2026 are a weekend, so the last working day before the due date is Friday 28 August 2026: {DECISION_1}"
        ],
        "Your new council must review the plan by Monday 31 August 2026: the later of Monday 31 August 2026 (the "
        "last day of the 12 months starting on the day the plan was made, Monday 1 September 2025) and Sunday "
        "12 July 2026 (the last day of the 3 months starting on the day your plan was transferred to your new "
        "council, Monday 13 April 2026). Monday 31 August 2026 is a bank holiday (Late Summer Bank Holiday), so "
        "the last working day before it is Friday 28 August 2026.",
        start_on=D(2025, 9, 1),
        what="the plan was made",
        practical=D(2026, 8, 28),
        start_what="plan_made",
    )


def test_example_12_reassessment_3_mar_2026_G1_G3():
    assert_working(
        law.reassessment_decision(D(2026, 3, 3)),
        "15 days after Tuesday 3 March 2026 (the day it started is not counted) is Wednesday 18 March 2026.",
        [],
        "The council must tell you whether it will carry out a re-assessment by Wednesday 18 March 2026: 15 days "
        "after it received the request for a re-assessment on Tuesday 3 March 2026.",
        start_on=D(2026, 3, 3),
        what="the request for a re-assessment was received",
    )
    assert_working(
        law.reassessment_plan(D(2026, 3, 18)),
        "14 weeks after Wednesday 18 March 2026 (the day it started is not counted) is Wednesday 24 June 2026.",
        [],
        "The council must send you the final plan after the re-assessment by Wednesday 24 June 2026: 14 weeks "
        "after it told you it would carry out a re-assessment on Wednesday 18 March 2026.",
        start_on=D(2026, 3, 18),
        what="the decision to re-assess was notified",
    )


def test_example_14_no_mediation_2_nov_2026_D4_D6():
    assert_working(
        law.certificate_without_mediation(D(2026, 11, 2)),
        "3 working days after Monday 2 November 2026, counting from the next day and not counting weekends: "
        "day 3 is Thursday 5 November 2026.",
        [],
        "The mediation adviser must send you a mediation certificate by Thursday 5 November 2026: 3 working days, "
        "not counting weekends or bank holidays, after you told the mediation adviser you did not want mediation "
        "on Monday 2 November 2026.",
        start_on=D(2026, 11, 2),
        what="the mediation adviser was told mediation is not wanted",
    )
    assert_working(
        law.mediation_held(D(2026, 11, 2)),
        "30 days after Monday 2 November 2026 (the day it started is not counted) is Wednesday 2 December 2026.",
        [],
        "The mediation must take place by Wednesday 2 December 2026: 30 days after the council (or, for health "
        "issues only, the health commissioner) was told you want mediation on Monday 2 November 2026.",
        start_on=D(2026, 11, 2),
        what="the LA (for health-only issues, the ICB) was told mediation is wanted",
    )


def test_example_05_draft_served_13_apr_2026_A4():
    assert_working(
        law.representations(D(2026, 4, 13)),
        "At least 15 days beginning with Monday 13 April 2026 (that day counts as day 1), so the next step is "
        "allowed from Tuesday 28 April 2026: day 15, the last day, is Monday 27 April 2026.",
        [],
        "You have until Monday 27 April 2026 to comment on the draft plan, ask for a particular school or college, "
        "or ask to meet the council: 15 days, counting the day the council gave you the draft plan, Monday "
        "13 April 2026, as day 1.",
        start_on=D(2026, 4, 13),
        what="the draft plan was served",
    )


def test_working_days_over_christmas_name_each_bank_holiday():
    w = law.working_for(law.mediation_held(D(2026, 12, 20), True, law.Settings(health_mediation_day_type="working")))
    assert w.arithmetic == (
        "30 working days after Sunday 20 December 2026, counting from the next day and not counting weekends or the "
        "bank holidays Christmas Day 25 December, substitute day for Boxing Day 28 December 2026 and New Year's Day "
        "1 January 2027: day 30 is Wednesday 3 February 2027."
    )
    d13 = law.working_for(law.appeal_response_prompt(D(2026, 7, 20)))
    assert d13.arithmetic == (
        "30 working days after Monday 20 July 2026, counting from the next day and not counting weekends or any day "
        "in August (HESC r.12): day 30 is Tuesday 29 September 2026."
    )


# ---------------------------------------------------------------------------
# The working cannot disagree with the computation
# ---------------------------------------------------------------------------


def test_due_equality_hash_and_repr_are_unchanged():
    due = law.final_plan(D(2026, 1, 5))
    plain = law.Due(rule="A7", due_on=D(2026, 5, 25), practical_on=D(2026, 5, 22))
    assert due == plain and hash(due) == hash(plain)
    assert repr(due) == "Due(rule='A7', due_on=datetime.date(2026, 5, 25), practical_on=datetime.date(2026, 5, 22))"
    assert (due.start_on, due.start, due.counted.on) == (D(2026, 1, 5), "request", due.due_on)


def test_working_refuses_a_due_without_a_record_or_with_a_wrong_date():
    with pytest.raises(ValueError, match="no working"):
        law.working_for(law.Due(rule="A7", due_on=D(2026, 5, 25), practical_on=D(2026, 5, 22)))
    due = law.final_plan(D(2026, 1, 5))
    with pytest.raises(ValueError, match="not the due date"):
        law.working_for(law.Due("A7", D(2026, 5, 26), D(2026, 5, 26), due.start_on, due.start, due.counted))
    with pytest.raises(ValueError, match="practical date"):
        law.working_for(law.Due("A7", due.due_on, due.due_on, due.start_on, due.start, due.counted))


# Every deadline function the product uses, as (name, function of one start date and an offset in days).
SETTINGS_BY = law.Settings(phase_transfer_deadline="by")
HEALTH_WORKING = law.Settings(health_mediation_day_type="working")


def _all_deadlines(x: dt.date, k: int):
    y = x + dt.timedelta(days=k)
    simple = [
        law.decision_to_assess, law.advice_due, law.no_plan_decision, law.representations, law.draft_plan_target,
        law.school_consultation_reply, law.final_plan, law.appeal_notice_with_plan, law.review_meeting,
        law.meeting_notice, law.advice_circulation, law.review_report, law.review_decision, law.proposed_amendments,
        law.amendment_representations, law.amended_plan, law.decision_not_to_amend, law.amended_plan_overall,
        law.review_list_to_settings, law.mediation_contact, law.certificate_without_mediation,
        law.health_issues_notice, law.mediation_held, law.certificate_cannot_arrange, law.certificate_after_mediation,
        law.agreement_action, law.commissioning_body_tells_la, law.appeal_response_prompt, law.recommendation_response,
        law.new_la_informs, law.reassessment_decision, law.reassessment_plan, law.direct_payments_review,
        law.detained_person_decision, law.appeal_deadline, law.earliest_cease,
    ]  # fmt: skip
    out = [f(x) for f in simple]
    out += [law.mediation_held(x, True, HEALTH_WORKING), law.appeal_deadline(x, y), law.earliest_cease(x, y)]
    out += [law.tribunal_order(kind, x) for kind in ("E1", "E2", "E2a", "E2b", "E3", "E3a", "E4", "E5", "E6", "E7")]
    out += [law.unopposed_appeal(kind, x) for kind in ("assess", "no_plan", "final_plan", "amended_plan")]
    out += [law.mediation_agreement_appealable("final_plan", x)]
    out += [law.transfer_between_las(y, x), law.commissioning_body_transfer(y, x), law.transfer_review(x, y)]
    for kind in ("school", "post16", "post16_other"):
        for s in (law.DEFAULT_SETTINGS, SETTINGS_BY):
            due = law.phase_transfer(x, kind, s)
            out += [due, *law.phase_transfer_planning_aids(due).values()]
    return out


_ENG = holidays.country_holidays("GB", subdiv="ENG", years=range(2013, 2046))
_MONTHS = ["January", "February", "March", "April", "May", "June"]
_MONTHS += ["July", "August", "September", "October", "November", "December"]
_ADJUSTED = "(?:first working day after 1 January|first working day in September|next working day)"
_DAYNAME = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_FULL = rf"{_DAYNAME} \d{{1,2}} (?:{'|'.join(_MONTHS)}) \d{{4}}"


def _date(text: str) -> dt.date:
    _, d, month, year = text.split()
    return D(int(year), _MONTHS.index(month) + 1, int(d))


def day_words(d: dt.date) -> str:
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{names[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def _oracle_working(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in _ENG


def named_non_working_days(text: str) -> list[dt.date]:
    """Every date the text names as a non-working day, by the sentence patterns of working.py."""
    found = [_date(m) for m in re.findall(rf"({_FULL}) is a (?:bank holiday|weekend day)\b", text)]
    found += [_date(m) for m in re.findall(rf"({_FULL})(?: \([^)]*\))?,? (?:which )?is not a working day", text)]
    pair = rf"({_DAYNAME}) (\d{{1,2}})(?: ({'|'.join(_MONTHS)}))?(?: (\d{{4}}))? and ({_FULL}) are a weekend"
    for _, d1, month, year, second in re.findall(pair, text):
        last = _date(second)
        found += [D(int(year or last.year), _MONTHS.index(month) + 1 if month else last.month, int(d1)), last]
    for listed in re.findall(r"the bank holidays? (.*?)(?::|, 25 December to| or 25 December to| or any day in)", text):
        items = re.findall(rf"(\d{{1,2}}) ({'|'.join(_MONTHS)})(?: (\d{{4}}))?", listed)
        year = None
        for d1, month, y in reversed(items):  # a year is said once, after the last day of that year
            year = int(y) if y else year
            found.append(D(year, _MONTHS.index(month) + 1, int(d1)))
    return found


def named_working_days(text: str) -> list[dt.date]:
    """Dates the text gives as working days: a count's last day, day 1, a practical date, an adjusted date."""
    patterns = [
        rf"day \d+ is ({_FULL})",
        rf"so day 1 is ({_FULL})",
        rf"the last working day before (?:the due date|it) is ({_FULL})",
        rf"move it to the {_ADJUSTED}, ({_FULL})",
    ]
    return [_date(m) for p in patterns for m in re.findall(p, text)]


def test_the_property_test_reads_the_days_the_working_names():
    ex10 = law.working_for(law.appeal_deadline(D(2026, 10, 1), D(2026, 11, 29)))
    assert named_non_working_days(ex10.moved[0]) == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]
    assert named_working_days(ex10.moved[0]) == [D(2027, 1, 4)]
    ex11 = law.working_for(law.transfer_between_las(D(2026, 4, 1), D(2026, 3, 20)))
    assert sorted(named_non_working_days(ex11.arithmetic)) == [D(2026, 4, 3), D(2026, 4, 6)]
    ex1 = law.working_for(law.final_plan(D(2026, 1, 5)))
    assert sorted(named_non_working_days(ex1.moved[0])) == [D(2026, 5, 23), D(2026, 5, 24), D(2026, 5, 25)]
    assert named_working_days(ex1.moved[0] + " " + ex1.family_text) == [D(2026, 5, 22), D(2026, 5, 22)]
    christmas = law.working_for(law.final_plan(D(2026, 8, 10))).moved[0]  # due Monday 28 December 2026
    assert sorted(named_non_working_days(christmas)) == [D(2026, 12, d) for d in (25, 26, 27, 28)]
    over_new_year = law.working_for(law.mediation_held(D(2026, 12, 20), True, HEALTH_WORKING)).arithmetic
    assert named_non_working_days(over_new_year) == [D(2027, 1, 1), D(2026, 12, 28), D(2026, 12, 25)]
    assert day_words(D(2026, 5, 25)) == "Monday 25 May 2026"


@hsettings(max_examples=150, deadline=None, database=None)
@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31)), st.integers(min_value=-40, max_value=400))
def test_prop_working_states_the_computed_dates_and_names_only_non_working_days(x, k):
    for due in _all_deadlines(x, k):
        w = law.working_for(due)
        assert (w.rule, w.due_on, w.practical_on, w.start_on) == (due.rule, due.due_on, due.practical_on, due.start_on)
        staff = " ".join([w.arithmetic, *w.moved])
        for text in (staff, w.family_text):
            assert all(not _oracle_working(d) for d in named_non_working_days(text)), (w.rule, text)
            assert all(_oracle_working(d) for d in named_working_days(text)), (w.rule, text)
            assert "D1" not in w.family_text and due.rule not in w.family_text.split()
        # the due date the working states is the computed one
        first_in_family = re.search(_FULL, w.family_text)
        assert _date(first_in_family.group()) == due.due_on, w.family_text
        adjusted = re.search(rf"move it to the {_ADJUSTED}, ({_FULL})", staff)
        stated = adjusted.group(1) if adjusted else re.findall(_FULL, w.arithmetic)[-1]
        appeal_on = due.counted.parts[0].on if due.rule == "C6" else due.due_on  # C6: the day after the appeal date
        assert _date(stated) == (appeal_on if adjusted else due.due_on), staff
        assert day_words(w.start_on) in w.arithmetic
        # the practical date it states is the computed one, and is said only when it differs
        practical = re.findall(rf"the last working day before the due date is ({_FULL})", staff)
        in_family = re.findall(rf"so the last working day before it is ({_FULL})\.$", w.family_text)
        if due.practical_on == due.due_on:
            assert practical == [] and in_family == []
        else:
            assert [_date(p) for p in practical] == [due.practical_on] == [_date(p) for p in in_family]


def test_count_as_part_keeps_every_field():
    c = law.Count(
        "LATER_OF", D(2026, 1, 1), 3, D(2026, 2, 1), "request", "(a)", (D(2026, 1, 3),), True, "august",
        D(2026, 2, 15), False, (law.periods.count_same_day(D(2026, 1, 1)),), 1,
    )  # fmt: skip
    assert {f.name for f in dataclasses.fields(c)} >= {"what", "label", "skipped", "parts", "chosen"}
    assert c.as_part("move", "(b)") == dataclasses.replace(c, what="move", label="(b)")


def test_period_words_say_the_rule_in_a_few_words():
    cases = [
        (law.decision_to_assess(D(2026, 1, 5)), "6 weeks after"),
        (law.representations(D(2026, 4, 13)), "at least 15 days beginning with"),
        (law.review_meeting(D(2026, 1, 31)), "the 12-month period beginning with"),
        (law.transfer_between_las(D(2026, 4, 1), D(2026, 3, 20)), "the later of on the day (F1) and "
         "15 working days beginning with (F2)"),
        (law.appeal_deadline(D(2026, 10, 1)), "2 months after, then the Tribunal's adjustment (HESC r.12)"),
        (law.appeal_response_prompt(D(2026, 3, 2)), "30 Tribunal working days after"),
        (law.tribunal_order("E1", D(2026, 3, 2)), "immediately"),
    ]  # fmt: skip
    for due, words in cases:
        assert law.working_for(due).period == words


def test_a_date_given_by_the_registration_letter_is_explained_as_given():
    due = law.appeal_response(D(2026, 3, 2), D(2026, 4, 20))
    assert (due.rule, due.due_on) == ("D13", D(2026, 4, 20))
    w = law.working_for(due)
    assert w.arithmetic == (
        "Not counted: the Tribunal's registration letter gives the date, Monday 20 April 2026 "
        "(the period started on Monday 2 March 2026)."
    )
    assert w.period == "the date in the Tribunal's registration letter"
    assert law.appeal_response(D(2026, 3, 2)) == law.appeal_response_prompt(D(2026, 3, 2))


def test_g2_six_month_rule_both_sides_and_a_directed_period():
    due = law.six_month_rule(D(2026, 1, 31))
    assert (due.rule, due.due_on) == ("G2", D(2026, 7, 31))
    assert law.six_month_rule(D(2025, 8, 31)).due_on == D(2026, 2, 28)  # a shorter month: its last day
    directed = law.directed_order("E3a", D(2026, 3, 2), 8)
    assert (directed.rule, directed.due_on) == ("E3a", D(2026, 4, 27))
    assert law.working_for(directed).family_text.startswith("The council must send you the final plan by Monday 27")
