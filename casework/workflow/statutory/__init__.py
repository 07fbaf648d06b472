"""Statutory time limits for EHC casework in England: the index.

This package is the single place where the product computes a deadline. It is
the code form of ``docs/statutory.md`` (the specification): every deadline
function implements one row of that document and cites it. Import it as one
module, ``from casework.workflow import statutory as law``; every name below is
re-exported here.

Index: every rule, by ID
------------------------
Each row gives the rule ID, its title (``RULES[ID].title``) and the
``module.function`` that computes it. Each deadline function's docstring starts
with ``[ID] <title> -- <citation>``; ``RULES[ID]`` holds the same title and
citation as data (used by audit events, notifications and reports).

A rows: needs assessment and advice (spec sections 3-4), ``assessment.py``
    A1   Decision whether to assess                                       assessment.decision_to_assess
    A2   Advice from a body asked to co-operate                           assessment.advice_due
    A3   Decision not to issue a plan                                     assessment.no_plan_decision
    A4   Last day for representations on the draft plan                   assessment.representations
    A4   ...and the earliest date the final plan may be issued            assessment.earliest_final_plan
    A5   Draft plan planning target (no statutory deadline)               assessment.draft_plan_target
    A6   School or institution replies to consultation                    assessment.school_consultation_reply
    A7   Final plan issued                                                assessment.final_plan
    A8   Appeal and mediation notice with the final plan                  assessment.appeal_notice_with_plan

B rows: annual review, amendment and phase transfer (spec section 5), ``review.py``
    B1   Annual review meeting held                                       review.review_meeting
    B2   What restarts the B1 clock (Decision 4 setting)                  review.next_review_period_start
    B3   Notice of the review meeting                                     review.meeting_notice
    B4   Advice circulated before the review meeting                      review.advice_circulation
    B5   Review meeting report sent                                       review.review_report
    B6   Review decision notified                                         review.review_decision
    B7   Decision to amend includes the proposed amendments               review.proposed_amendments
    B8   Last day for representations on proposed amendments              review.amendment_representations
    B8   ...and the earliest date the amended plan may be issued          review.earliest_amended_plan
    B9   Amended final plan issued                                        review.amended_plan
    B10  Decision not to amend after representations                      review.decision_not_to_amend
    B11  Amended final plan within 12 weeks of the review meeting         review.amended_plan_overall
    B12  Phase transfer: amended plan (school phases)                     review.phase_transfer
    B13  Phase transfer: amended plan (secondary to post-16)              review.phase_transfer
    B14  Post-16 transfer: amended plan 5 months before                   review.phase_transfer
    B15  List of reviews due sent to settings before term                 review.review_list_to_settings
    B16  Early years review reminder                                      review.early_years_reminders
    B17  Preparation for adulthood considered (from Year 9)               review.preparing_for_adulthood_applies

  Phase transfer planning aids (not statutory deadlines), all from review.phase_transfer_planning_aids:
    B12-meeting    Phase transfer planning aid: latest review meeting (due date - 12 weeks)
    B12-notice     Phase transfer planning aid: notice of that meeting (meeting - 2 weeks)
    B12-amendment  Phase transfer planning aid: amendment notice (meeting + 4 weeks)
    B13-meeting    Phase transfer planning aid: latest review meeting (due date - 12 weeks)
    B13-notice     Phase transfer planning aid: notice of that meeting (meeting - 2 weeks)
    B13-amendment  Phase transfer planning aid: amendment notice (meeting + 4 weeks)
    B14-meeting    Phase transfer planning aid: latest review meeting (due date - 12 weeks)
    B14-notice     Phase transfer planning aid: notice of that meeting (meeting - 2 weeks)
    B14-amendment  Phase transfer planning aid: amendment notice (meeting + 4 weeks)

C rows: ceasing a plan (spec section 6), ``review.py``
    C6   Earliest date a plan may cease                                   review.earliest_cease_date
    C6   ...the same date as a Due, with its working                      review.earliest_cease

D rows: mediation and appeal (spec section 7), ``disputes.py``
    D1   Appeal reaches the Tribunal (from the decision notice)           disputes.appeal_deadline
    D2   Appeal reaches the Tribunal (from the mediation certificate)     disputes.appeal_deadline
    D3   Parent/YP contacts the mediation adviser                         disputes.mediation_contact
    D4   Certificate when mediation is not wanted                         disputes.certificate_without_mediation
    D5   LA tells the ICB about health issues in mediation                disputes.health_issues_notice
    D6   Mediation takes place                                            disputes.mediation_held
    D7   Certificate when mediation cannot be arranged                    disputes.certificate_cannot_arrange
    D8   Certificate after mediation                                      disputes.certificate_after_mediation
    D9   Mediation agreement on an appealable issue                       disputes.mediation_agreement_appealable
    D10  Action agreed at mediation (non-appealable issue)                disputes.agreement_action
    D11  Commissioning body tells the LA about the agreement              disputes.commissioning_body_tells_la
    D13  LA response to an appeal (prompt until the registration letter)  disputes.appeal_response_prompt
    D13  ...or the date in the registration letter once entered           disputes.appeal_response

E rows: Tribunal orders and unopposed appeals (spec section 8.1), ``orders.py``
    E1   Cease the plan after a dismissed appeal                          orders.tribunal_order
    E1   ...any E row in a period the Tribunal directed instead           orders.directed_order
    E2   Order to assess: tell the parent/YP                              orders.tribunal_order
    E2a  Order to assess: decision not to issue a plan                    orders.tribunal_order
    E2b  Order to assess: final plan                                      orders.tribunal_order
    E3   Order to make a plan: draft plan                                 orders.tribunal_order
    E3a  Order to make a plan: final plan                                 orders.tribunal_order
    E4   Order to amend needs or provision: amended plan                  orders.tribunal_order
    E5   Order changes the named school: amend section I                  orders.tribunal_order
    E6   Order to continue to maintain the plan                           orders.tribunal_order
    E7   Order to continue and amend: amended plan                        orders.tribunal_order
    E9   Start of a Tribunal order clock (setting)                        orders.order_clock_start
    E10  Unopposed appeal                                                 orders.unopposed_appeal
    E11  Response to a Tribunal recommendation                            orders.recommendation_response

F rows: transfers between LAs and commissioning bodies (spec section 8.2), ``transfers.py``
    F1   Transfer the plan on the day of the move                         transfers.transfer_between_las
    F2   Transfer the plan within 15 working days of awareness            transfers.transfer_between_las
    F4   New LA informs the parent/YP                                     transfers.new_la_informs
    F5   New LA reviews a transferred plan                                transfers.transfer_review
    F7   Old commissioning body notifies the new one                      transfers.commissioning_body_transfer

G rows: re-assessment and other clocks (spec section 8.3), ``reassessment.py``
    G1   Decision whether to re-assess                                    reassessment.reassessment_decision
    G2   Re-assessment may be refused within 6 months of the last assessment reassessment.six_month_rule
    G3   Final plan after re-assessment                                   reassessment.reassessment_plan
    G6   First review of direct payments                                  reassessment.direct_payments_review
    G7   Detained person: decision whether to assess                      reassessment.detained_person_decision

Everything else
---------------
* ``settings.py``: ``Settings``, ``DEFAULT_SETTINGS`` (spec section 1, Decisions and other settings).
* ``rules.py``: ``RULES``, ``Rule``, ``Due`` (the result of every deadline function).
* ``calendar.py``: working days and bank holidays (Decision 6), timestamps (Decision 2, section 2.1).
* ``periods.py``: the period types of section 2.2 (``weeks_after``, ``months_beginning``, ``tribunal_adjust`` ...).
* ``exceptions.py``: lawful exception reasons and closures (section 9; Decision 8).
* ``compliance.py``: ``outcome`` (section 2.3).
* ``working.py``: ``working_for(due)``, a ``Working``: how a deadline was calculated, which holidays were
  taken into account and why, for staff and in plainer words for families (section 2.3). ``words.py``
  holds its wording: what each start date is (``STARTS``) and what each rule asks, for families.

Showing the working
-------------------
Each period type is counted once, in ``periods.py``, by a function that returns a ``Count``: the date
and the record of how it was counted (start, N, non-working days passed over, a short month, the Tribunal
adjustment). Every ``Due`` keeps that record (``Due.counted``, with ``start_on`` and ``start``; none of
them takes part in equality), and ``working_for`` explains the ``Due`` from it alone::

    law.working_for(law.final_plan(date(2026, 1, 5))).arithmetic
    # '20 weeks after Monday 5 January 2026 (the day it started is not counted) is Monday 25 May 2026.'

Conventions that hold for the whole package
-------------------------------------------
* **Pure.** Every module imports only the standard library, ``holidays`` and
  its sibling modules. No I/O, no database, and the clock is never read:
  "today" is always passed in by the caller.
* **Dates, not times.** Every function takes ``datetime.date``. Passing a
  ``datetime`` raises ``TypeError``: convert timestamps first with
  :func:`to_local_date` or :func:`clock_start` (Europe/London, section 2.1).
* **Decision 1: due dates never move.** ``Due.due_on`` is the latest lawful
  date. ``Due.practical_on`` is the last working day on or before it, shown to
  staff but never used to judge compliance (section 2.3). The only deadlines
  that move are the Tribunal appeal deadlines D1/D2 (Decision 6).
* **Decision 3: "at least 15 days beginning with" service** includes the day
  of service: last day for representations = S + 14, next step from S + 15.
* **Decision 6: working days** are Monday to Friday excluding England & Wales
  bank holidays from ``holidays.country_holidays("GB", subdiv="ENG")``.
"""

from __future__ import annotations

from .assessment import (
    advice_due,
    appeal_notice_with_plan,
    decision_to_assess,
    draft_plan_target,
    earliest_final_plan,
    final_plan,
    no_plan_decision,
    representations,
    school_consultation_reply,
)
from .calendar import (
    bank_holiday_name,
    clock_start,
    is_working_day,
    last_working_day,
    next_working_day,
    practical_date,
    to_local_date,
)
from .compliance import outcome
from .disputes import (
    agreement_action,
    appeal_deadline,
    appeal_response,
    appeal_response_prompt,
    certificate_after_mediation,
    certificate_cannot_arrange,
    certificate_without_mediation,
    commissioning_body_tells_la,
    health_issues_notice,
    mediation_agreement_appealable,
    mediation_contact,
    mediation_held,
)
from .exceptions import (
    EXCEPTION_REASONS,
    closure_exception_available,
    closure_qualifies,
    closure_window,
    exception_allowed,
)
from .orders import directed_order, order_clock_start, recommendation_response, tribunal_order, unopposed_appeal
from .periods import (
    Count,
    add_months,
    days_after,
    days_beginning,
    months_after,
    months_before,
    months_beginning,
    tribunal_adjust,
    tribunal_working_days,
    weeks_after,
    weeks_before,
    working_days_after,
    working_days_beginning,
)
from .reassessment import (
    detained_person_decision,
    direct_payments_review,
    reassessment_decision,
    reassessment_plan,
    six_month_rule,
)
from .review import (
    advice_circulation,
    amended_plan,
    amended_plan_overall,
    amendment_representations,
    decision_not_to_amend,
    earliest_amended_plan,
    earliest_cease,
    earliest_cease_date,
    early_years_reminders,
    meeting_notice,
    next_review_period_start,
    phase_transfer,
    phase_transfer_planning_aids,
    preparing_for_adulthood_applies,
    proposed_amendments,
    review_decision,
    review_list_to_settings,
    review_meeting,
    review_report,
    school_year,
)
from .rules import RULES, Due, Rule
from .settings import DEFAULT_SETTINGS, Settings
from .transfers import commissioning_body_transfer, new_la_informs, transfer_between_las, transfer_review
from .working import Working, working_for

__all__ = [
    # settings.py
    "Settings",
    "DEFAULT_SETTINGS",
    # rules.py
    "Rule",
    "RULES",
    "Due",
    # calendar.py
    "is_working_day",
    "practical_date",
    "next_working_day",
    "to_local_date",
    "clock_start",
    "bank_holiday_name",
    "last_working_day",
    # periods.py
    "Count",
    "add_months",
    "weeks_after",
    "weeks_before",
    "days_beginning",
    "days_after",
    "months_after",
    "months_before",
    "months_beginning",
    "working_days_beginning",
    "working_days_after",
    "tribunal_working_days",
    "tribunal_adjust",
    # assessment.py
    "decision_to_assess",
    "advice_due",
    "no_plan_decision",
    "representations",
    "earliest_final_plan",
    "draft_plan_target",
    "school_consultation_reply",
    "final_plan",
    "appeal_notice_with_plan",
    # review.py
    "review_meeting",
    "next_review_period_start",
    "meeting_notice",
    "advice_circulation",
    "review_report",
    "review_decision",
    "proposed_amendments",
    "amendment_representations",
    "earliest_amended_plan",
    "amended_plan",
    "decision_not_to_amend",
    "amended_plan_overall",
    "phase_transfer",
    "phase_transfer_planning_aids",
    "school_year",
    "preparing_for_adulthood_applies",
    "review_list_to_settings",
    "early_years_reminders",
    "earliest_cease_date",
    "earliest_cease",
    # disputes.py
    "appeal_deadline",
    "mediation_contact",
    "certificate_without_mediation",
    "health_issues_notice",
    "mediation_held",
    "certificate_cannot_arrange",
    "certificate_after_mediation",
    "mediation_agreement_appealable",
    "agreement_action",
    "commissioning_body_tells_la",
    "appeal_response_prompt",
    "appeal_response",
    # orders.py
    "order_clock_start",
    "tribunal_order",
    "directed_order",
    "unopposed_appeal",
    "recommendation_response",
    # transfers.py
    "transfer_between_las",
    "new_la_informs",
    "transfer_review",
    "commissioning_body_transfer",
    # reassessment.py
    "reassessment_decision",
    "reassessment_plan",
    "six_month_rule",
    "direct_payments_review",
    "detained_person_decision",
    # exceptions.py
    "EXCEPTION_REASONS",
    "exception_allowed",
    "closure_qualifies",
    "closure_window",
    "closure_exception_available",
    # compliance.py
    "outcome",
    # working.py
    "Working",
    "working_for",
]
