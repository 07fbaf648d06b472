"""The SEN2 pre-submission checks (casework.reports.sen2.checks; spec: reporting.md section 3).

A clean person gives no finding; each planted mistake gives exactly its finding, word for word.
Reference date 15 January 2026; Amira Khan (key "child-1") is 10 then.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.reports.sen2 import checks
from casework.reports.sen2.checks import ERROR, QUERY, Checker, Finding
from casework.reports.sen2.records import (
    Assessment,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Request,
    SENNeed,
)
from tests.unit.sen2_samples import (
    AMIRA_UPN,
    REFERENCE_DATE,
    amira,
    amira_active_plan,
    amira_assessment,
    amira_plan,
    amira_request,
)

D = dt.date
REQ = "the request received 3 February 2025"
ACTIVE = f"the plan active at the reference date ({REQ})"


def _one_request(**changes) -> Person:
    return amira(requests=(amira_request(**changes),))


def _active(**changes) -> Person:
    return _one_request(active_plan=amira_active_plan(**changes))


def _plan(**changes) -> Person:
    return _one_request(assessment=amira_assessment(named_plan=amira_plan(**changes)))


def _ceased_plan(**changes) -> Person:
    """Amira's plan ended in the year: not active at the reference date."""
    return _one_request(active_plan=None, assessment=amira_assessment(named_plan=amira_plan(**changes)))


def error(element: str, check: str, message: str) -> Finding:
    return Finding(ERROR, "child-1", element, f"Amira Khan{message}", check)


CASES = {
    "request-outcome-date-missing": (
        _one_request(request_outcome_date=None),
        [
            error(
                "RequestOutcomeDate",
                "request-outcome-date-missing",
                f": {REQ} has outcome Y but no RequestOutcomeDate. Record the date the family was told the "
                "decision whether to assess.",
            )
        ],
    ),
    "request-outcome-date-not-blank": (
        _one_request(request_outcome="A", assessment=None, active_plan=None),
        [
            error(
                "RequestOutcomeDate",
                "request-outcome-date-not-blank",
                f": {REQ} has outcome A (Decision not yet made) but a RequestOutcomeDate of 10 March 2025. Leave "
                "the date blank for outcomes W, A and H, or correct the outcome if a decision was made in the year.",
            )
        ],
    ),
    "assessment-outcome-date-missing (N)": (
        _one_request(active_plan=None, assessment=Assessment(assessment_outcome="N", assessment_outcome_date=None)),
        [
            error(
                "AssessmentOutcomeDate",
                "assessment-outcome-date-missing",
                f": the assessment after {REQ} has outcome N but no AssessmentOutcomeDate. Record the date the "
                "family was told of the decision not to issue a plan.",
            )
        ],
    ),
    "assessment-outcome-date-missing (Y, plan issued)": (
        _one_request(assessment=amira_assessment(assessment_outcome_date=None)),
        [
            error(
                "AssessmentOutcomeDate",
                "assessment-outcome-date-missing",
                f": the plan after {REQ} started on 16 June 2025 but the assessment has no AssessmentOutcomeDate. "
                "Record the date the final plan was issued.",
            )
        ],
    ),
    "assessment-outcome-date-not-blank": (
        _one_request(
            active_plan=None,
            assessment=Assessment(assessment_outcome="W", assessment_outcome_date=D(2025, 5, 1)),
        ),
        [
            error(
                "AssessmentOutcomeDate",
                "assessment-outcome-date-not-blank",
                f": the assessment after {REQ} has outcome W (Withdrawn or ended before a decision) but an "
                "AssessmentOutcomeDate of 1 May 2025. Leave the date blank until the decision is made, or "
                "correct the outcome.",
            )
        ],
    ),
    "received-after-request-outcome": (
        _one_request(received_date=D(2025, 3, 11)),
        [
            error(
                "RequestOutcomeDate",
                "received-after-request-outcome",
                ": the request received 11 March 2025 has a RequestOutcomeDate of 10 March 2025, before it was "
                "received. Check both dates.",
            )
        ],
    ),
    "request-outcome-after-assessment-outcome": (
        _one_request(assessment=amira_assessment(assessment_outcome_date=D(2025, 3, 1))),
        [
            error(
                "AssessmentOutcomeDate",
                "request-outcome-after-assessment-outcome",
                f": for {REQ}, the AssessmentOutcomeDate 1 March 2025 is before the RequestOutcomeDate "
                "10 March 2025; the decision whether to issue a plan cannot come before the decision to assess. "
                "Check both dates.",
            )
        ],
    ),
    "date-after-reference-date": (
        _active(last_review=D(2026, 1, 20), phase_transfer_due_date=D(2026, 3, 31)),
        [
            error(
                "LastReview",
                "date-after-reference-date",
                ": LastReview is 20 January 2026, after the reference date 15 January 2026. Nothing after the "
                "reference date belongs in this return: correct the date, or leave the event out until next "
                "year's return.",
            )
        ],
    ),
    "cease-reason-missing": (
        _ceased_plan(cease_date=D(2025, 7, 18)),
        [
            error(
                "CeaseReason",
                "cease-reason-missing",
                ": the plan has a CeaseDate (18 July 2025) but no CeaseReason. Record why the plan ended.",
            )
        ],
    ),
    "cease-date-missing": (
        _ceased_plan(cease_reason="2"),
        [
            error(
                "CeaseDate",
                "cease-date-missing",
                ": the plan has CeaseReason 2 (Needs met without a plan) but no CeaseDate. Record the date the "
                "plan ended (not the date of the decision to cease), or remove the reason if it has not ended.",
            )
        ],
    ),
    "primary-need-missing": (
        _active(sen_needs=(SENNeed(sen_type="ASD", sen_type_rank=2),)),
        [
            error(
                "SENtypeRank",
                "primary-need-missing",
                f": {ACTIVE} has no primary need (no SENneed with SENtypeRank 1). Record the primary need.",
            )
        ],
    ),
    "primary-need-repeated": (
        _active(sen_needs=(SENNeed(sen_type="ASD", sen_type_rank=1), SENNeed(sen_type="SLCN", sen_type_rank=1))),
        [
            error(
                "SENtypeRank",
                "primary-need-repeated",
                f": {ACTIVE} has 2 needs ranked 1 (ASD, SLCN). Rank only the primary need 1 and the others 2.",
            )
        ],
    ),
    "placement-rank-1-missing (plan detail)": (
        _plan(plan_details=(PlanDetail(urn="123456", placement_rank=2),)),
        [
            error(
                "PlacementRank",
                "placement-rank-1-missing",
                f": the settings named in the plan for {REQ} have no PlacementRank 1. Mark the main one as rank 1.",
            )
        ],
    ),
    "placement-rank-1-missing (placement detail)": (
        _active(placement_details=(PlacementDetail(urn="123456"), PlacementDetail(sen_setting="OLA"))),
        [
            error(
                "PlacementRank",
                "placement-rank-1-missing",
                f": the placements for {REQ} have no PlacementRank 1. Mark the main one as rank 1.",
            )
        ],
    ),
    "setting-repeated": (
        _plan(plan_details=(PlanDetail(urn="123456", ukprn="10001234", placement_rank=1),)),
        [
            error(
                "PlanDetail",
                "setting-repeated",
                f": row 1 of the settings named in the plan for {REQ} gives URN and UKPRN. Give only one: the URN "
                "of a school, the UKPRN of a college or other provider, or a SENSetting code when there is neither.",
            )
        ],
    ),
    "setting-missing": (
        _active(
            placement_details=(
                PlacementDetail(urn="123456", placement_rank=1),
                PlacementDetail(placement_rank=2, entry_date=D(2025, 9, 3)),
            )
        ),
        [
            error(
                "PlacementDetail",
                "setting-missing",
                f": row 2 of the placements for {REQ} names no setting. Give its URN or UKPRN, or a SENSetting "
                "code when there is neither.",
            )
        ],
    ),
    "sen-setting-other-without-oth": (
        _active(placement_details=(PlacementDetail(sen_setting="OLA", sen_setting_other="Tuition", placement_rank=1),)),
        [
            error(
                "SENSettingOther",
                "sen-setting-other-without-oth",
                f': row 1 of the placements for {REQ} describes the setting as "Tuition" but its SENSetting is OLA. '
                "SENSettingOther is only for SENSetting OTH: set OTH or remove the description.",
            )
        ],
    ),
    "upn-invalid": (
        amira(upn="A" + AMIRA_UPN[1:]),
        [
            error(
                "UPN",
                "upn-invalid",
                ": UPN A201000025001 is not valid: the check letter is A but the other 12 characters give X, so a "
                "character has probably been mistyped. Check it against the school's records and correct it.",
            )
        ],
    ),
    "uln-invalid": (
        amira(unique_learner_number="9276308687"),
        [
            error(
                "UniqueLearnerNumber",
                "uln-invalid",
                ": ULN 9276308687 is not valid: the last digit is not the right check digit, so a digit has "
                "probably been mistyped. Check it against the college's or the Learning Records Service's records "
                "and correct it.",
            )
        ],
    ),
    "upn-unknown-missing": (
        amira(upn=None),
        [
            error(
                "UPNunknown",
                "upn-unknown-missing",
                " is 10 at the reference date and has no UPN, no ULN and no UPNunknown reason. Record the UPN or "
                "ULN, or the reason there is neither.",
            )
        ],
    ),
    "age-25": (
        amira(person_birth_date=D(2000, 6, 1)),
        [
            Finding(
                QUERY,
                "child-1",
                "PersonBirthDate",
                "Amira Khan is 25 at the reference date (born 1 June 2000). A plan can last only to the end of the "
                "academic year in which the young person turns 25: confirm the date of birth and that the plan is "
                "still maintained.",
                "age-25",
            )
        ],
    ),
    "age-over-25": (
        amira(person_birth_date=D(2000, 1, 15)),
        [
            error(
                "PersonBirthDate",
                "age-over-25",
                " is 26 at the reference date (born 15 January 2000), older than anyone with a plan can be. Check "
                "the date of birth, and whether the plan should have ceased.",
            )
        ],
    ),
    "sex-missing": (
        amira(sex=""),
        [error("Sex", "sex-missing", ": no Sex is recorded. Record the child's sex (M or F).")],
    ),
    "active-plan-no-start-date": (
        _plan(start_date=None),
        [
            error(
                "StartDate",
                "active-plan-no-start-date",
                f": {ACTIVE} has no StartDate. Record the date of the current plan.",
            )
        ],
    ),
    "active-plan-no-setting": (
        _plan(plan_details=()),
        [
            error(
                "PlanDetail",
                "active-plan-no-setting",
                f": {ACTIVE} names no setting. Record the setting named in section I (its URN or UKPRN), or a "
                "SENSetting code.",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_planted_mistake_gives_exactly_its_finding(case):
    person, expected = CASES[case]
    checker = Checker(REFERENCE_DATE)
    assert checker.check(person) == expected
    assert checker.finish() == []


def test_every_check_in_the_module_docstring_has_a_planted_case():
    documented = set(re.findall(r"``([a-z0-9]+(?:-[a-z0-9]+)+)``", checks.__doc__))
    planted = {finding.check for _, expected in CASES.values() for finding in expected}
    assert documented - planted == {"duplicate-upn", "cease-reason-other-overused"}  # the finish() checks below
    assert planted <= documented


@pytest.mark.parametrize(
    "person",
    [
        amira(),
        # decided to issue a plan, not yet issued: AssessmentOutcomeDate rightly blank
        _one_request(active_plan=None, assessment=amira_assessment(assessment_outcome_date=None, named_plan=None)),
        # under 6 with no identifier; or 6+ with a reason; or a ULN only
        amira(upn=None, person_birth_date=D(2020, 1, 16)),
        amira(upn=None, upn_unknown="UN2"),
        amira(upn=None, unique_learner_number="9276308686"),
        # OTH with its description; a phase transfer due after the reference date; age 24
        _active(
            placement_details=(PlacementDetail(sen_setting="OTH", sen_setting_other="Farm school", placement_rank=1),),
            phase_transfer_due_date=D(2026, 3, 31),
        ),
        amira(person_birth_date=D(2001, 1, 16)),
        # a plan that ended with its date and reason; a historical request with no dates at all
        _ceased_plan(cease_date=D(2025, 7, 18), cease_reason="5"),
        amira(requests=(Request(request_outcome="H", assessment=Assessment(assessment_outcome="H")),)),
    ],
    ids=["amira", "y-not-issued", "under-6", "upn-unknown", "uln", "oth", "age-24", "ceased", "historical"],
)
def test_clean_people_give_no_findings(person):
    checker = Checker(REFERENCE_DATE)
    assert checker.check(person) == []
    assert checker.finish() == []


def test_an_active_plan_with_no_assessment_lacks_both_start_date_and_setting():
    person = _one_request(assessment=None)
    assert Checker(REFERENCE_DATE).check(person) == [
        error(
            "StartDate",
            "active-plan-no-start-date",
            f": {ACTIVE} has no StartDate. Record the date of the current plan.",
        ),
        error(
            "PlanDetail",
            "active-plan-no-setting",
            f": {ACTIVE} names no setting. Record the setting named in section I (its URN or UKPRN), or a "
            "SENSetting code.",
        ),
    ]


def test_the_same_upn_twice_is_an_error_for_each_person():
    checker = Checker(REFERENCE_DATE)
    ben = amira(key="child-9", forename="Ben", surname="Okafor")
    assert checker.check(amira()) == []
    assert checker.check(ben) == []
    assert checker.check(amira(key="child-3", forename="Chloe", upn=None, upn_unknown="UN8")) == []
    assert checker.finish() == [
        Finding(
            ERROR,
            "child-1",
            "UPN",
            f"Amira Khan: UPN {AMIRA_UPN} is also given for Ben Okafor. A UPN belongs to one child: find which "
            "record is wrong and correct it.",
            "duplicate-upn",
        ),
        Finding(
            ERROR,
            "child-9",
            "UPN",
            f"Ben Okafor: UPN {AMIRA_UPN} is also given for Amira Khan. A UPN belongs to one child: find which "
            "record is wrong and correct it.",
            "duplicate-upn",
        ),
    ]


def _ceased(number: int, reason: str) -> Person:
    plan = NamedPlan(
        start_date=D(2020, 1, 6),
        cease_date=D(2025, 7, 18),
        cease_reason=reason,
        plan_details=(PlanDetail(urn="123456", placement_rank=1),),
    )
    return Person(
        key=number,
        surname="Young",
        forename=f"Person{number}",
        person_birth_date=D(2005, 3, 3),
        sex="M",
        ethnicity="WBRI",
        upn=None,
        upn_unknown="UN9",
        requests=(Request(request_outcome="H", assessment=Assessment(assessment_outcome="H", named_plan=plan)),),
    )


def _overuse(other: int, total: int, **settings) -> list[Finding]:
    checker = Checker(REFERENCE_DATE, **settings)
    for number in range(total):
        assert checker.check(_ceased(number, "9" if number < other else "2")) == []
    return checker.finish()


def test_cease_reason_9_for_many_plans_is_a_query():
    assert _overuse(5, 20) == [
        Finding(
            QUERY,
            None,
            "CeaseReason",
            "CeaseReason 9 (other) is given for 5 of the 20 plans that ended (25%). Check whether one of reasons "
            "1 to 8 fits each of them, and be ready to explain the rest.",
            "cease-reason-other-overused",
        )
    ]


@pytest.mark.parametrize(
    ("other", "total"),
    [(4, 4), (5, 25), (0, 0)],
    ids=["fewer-than-5", "exactly-20-percent", "none-ceased"],
)
def test_cease_reason_9_within_the_limits_is_not_queried(other, total):
    assert _overuse(other, total) == []


def test_cease_reason_9_limits_are_settings():
    [finding] = _overuse(1, 10, other_cease_share=0.05, other_cease_min=1)
    assert finding.message.startswith("CeaseReason 9 (other) is given for 1 of the 10 plans that ended (10%).")
