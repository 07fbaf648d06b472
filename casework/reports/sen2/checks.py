"""Pre-submission checks for the SEN2 return (reporting.md section 3, "Pre-submission checks").

The DfE publishes its own validation rules as a spreadsheet that is not available offline; these are
the product's checks. Each finding is an **error** (blocks submission) or a **query** (needs an
explanation), names the person (their ``key``) and the element, and says in plain English what to
record or correct.

Streaming, like the writer: ``Checker.check(person)`` per person as they are produced, then
``Checker.finish()`` for the checks across persons (the same UPN twice; CeaseReason 9 used for many
plans). Between persons only each UPN seen (with its holder's key and name) and two counters are kept.

Checks (level, the ``check`` id of the finding):

- error ``request-outcome-date-missing`` / ``request-outcome-date-not-blank``: RequestOutcomeDate is
  present for RequestOutcome Y or N, blank for W, A or H;
- error ``assessment-outcome-date-missing``: AssessmentOutcomeDate present for N, and for Y once the
  plan is issued (the named plan has a StartDate; blank is right while a decided plan is not yet
  issued); error ``assessment-outcome-date-not-blank``: blank for A and W (no decision yet);
- error ``received-after-request-outcome`` / ``request-outcome-after-assessment-outcome``:
  ReceivedDate <= RequestOutcomeDate <= AssessmentOutcomeDate;
- error ``date-after-reference-date``: no date after the ReferenceDate (PhaseTransferDueDate is a due
  date and may be later, so it is left out);
- error ``cease-reason-missing`` / ``cease-date-missing``: CeaseDate and CeaseReason together;
- query ``cease-reason-other-overused`` (finish): CeaseReason 9 for more than ``other_cease_share``
  (default 20%) of the plans that ended, and for at least ``other_cease_min`` (default 5) plans;
- error ``primary-need-missing`` / ``primary-need-repeated``: exactly one SENtypeRank 1 per active plan;
- error ``placement-rank-1-missing``: a PlacementRank 1 among the plan detail rows, and among the
  placement detail rows, whenever there are any;
- error ``setting-repeated`` / ``setting-missing``: exactly one of URN, UKPRN, SENSetting per row;
- error ``sen-setting-other-without-oth``: SENSettingOther only with SENSetting OTH;
- error ``sex-missing``; ``upn-invalid`` (the school census check letter), ``uln-invalid`` (ULN check digit);
- error ``upn-unknown-missing``: aged 6 or over at the reference date with no UPN and no ULN needs
  UPNunknown;
- error ``duplicate-upn`` (finish): the same UPN for two or more persons;
- query ``age-25``, error ``age-over-25``: age at the reference date;
- error ``active-plan-no-start-date`` / ``active-plan-no-setting``: every active plan (a request with
  ActivePlans) has a StartDate and names a setting (a plan detail row with a URN, UKPRN or SENSetting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from casework.reports.sen2.records import ActivePlan, NamedPlan, Person, PlacementDetail, PlanDetail, Request
from casework.workflow.sen2 import codes
from casework.workflow.sen2.identifiers import uln_problem, upn_problem

ERROR: Literal["error"] = "error"
QUERY: Literal["query"] = "query"
# Dates allowed after the reference date: a phase transfer due date can be 15 February or 31 March.
_FUTURE_ALLOWED = frozenset({"PhaseTransferDueDate"})
Row = PlanDetail | PlacementDetail


@dataclass(frozen=True, slots=True)
class Finding:
    level: Literal["error", "query"]
    key: str | int | None  # the person's key; None for a finding about the whole return
    element: str
    message: str
    check: str


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _dates(record: object) -> Iterator[tuple[str, dt.date]]:
    """Every (element, date) in a record and the records inside it."""
    for tag, attribute in record.ELEMENTS:  # type: ignore[attr-defined]
        value = getattr(record, attribute)
        if isinstance(value, tuple):
            for item in value:
                yield from _dates(item)
        elif hasattr(value, "ELEMENTS"):
            yield from _dates(value)
        elif isinstance(value, dt.date):
            yield tag, value


@dataclass
class _Person:
    """Findings for one person as they are found; messages start with the person's name."""

    person: Person
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: Literal["error", "query"], element: str, check: str, message: str) -> None:
        self.findings.append(Finding(level, self.person.key, element, f"{self.person.name}{message}", check))


def _request_name(request: Request) -> str:
    if request.received_date is None:
        return "the request with no ReceivedDate"
    return f"the request received {_day(request.received_date)}"


class Checker:
    """Run the pre-submission checks person by person, then ``finish()`` for the whole return."""

    def __init__(self, reference_date: dt.date, *, other_cease_share: float = 0.20, other_cease_min: int = 5) -> None:
        self.reference_date = reference_date
        self.other_cease_share = other_cease_share
        self.other_cease_min = other_cease_min
        self._upns: dict[str, list[tuple[str | int, str]]] = {}
        self._ceased = 0
        self._ceased_other = 0

    def check(self, person: Person) -> list[Finding]:
        found = _Person(person)
        self._identity(found)
        self._age(found)
        for request in person.requests:
            self._outcome_dates(found, request)
            self._date_order(found, request)
            assessment = request.assessment
            plan = assessment.named_plan if assessment else None
            if plan is not None:
                self._cessation(found, plan)
                self._rows(found, request, plan.plan_details, "PlanDetail", "settings named in the plan")
            if request.active_plan is not None:
                self._active_plan(found, request, plan, request.active_plan)
        for element, date in _dates(person):
            if date > self.reference_date and element not in _FUTURE_ALLOWED:
                found.add(
                    ERROR,
                    element,
                    "date-after-reference-date",
                    f": {element} is {_day(date)}, after the reference date {_day(self.reference_date)}. "
                    "Nothing after the reference date belongs in this return: correct the date, or leave the "
                    "event out until next year's return.",
                )
        if person.upn:
            self._upns.setdefault(person.upn, []).append((person.key, person.name))
        return found.findings

    def finish(self) -> list[Finding]:
        findings = []
        for upn, holders in self._upns.items():
            if len(holders) < 2:
                continue
            for index, (key, name) in enumerate(holders):
                others = ", ".join(other for position, (_, other) in enumerate(holders) if position != index)
                findings.append(
                    Finding(
                        ERROR,
                        key,
                        "UPN",
                        f"{name}: UPN {upn} is also given for {others}. A UPN belongs to one child: find which "
                        "record is wrong and correct it.",
                        "duplicate-upn",
                    )
                )
        other = self._ceased_other
        if other >= self.other_cease_min and other > self.other_cease_share * self._ceased:
            findings.append(
                Finding(
                    QUERY,
                    None,
                    "CeaseReason",
                    f"CeaseReason 9 (other) is given for {other} of the {self._ceased} plans that ended "
                    f"({round(100 * other / self._ceased)}%). Check whether one of reasons 1 to 8 fits each of "
                    "them, and be ready to explain the rest.",
                    "cease-reason-other-overused",
                )
            )
        return findings

    # Person

    def _identity(self, found: _Person) -> None:
        person = found.person
        if not person.sex:
            found.add(ERROR, "Sex", "sex-missing", ": no Sex is recorded. Record the child's sex (M or F).")
        if person.upn is not None and (problem := upn_problem(person.upn)):
            found.add(
                ERROR,
                "UPN",
                "upn-invalid",
                f": UPN {person.upn} is not valid: {problem}. Check it against the school's records and correct it.",
            )
        uln = person.unique_learner_number
        if uln is not None and (problem := uln_problem(uln)):
            found.add(
                ERROR,
                "UniqueLearnerNumber",
                "uln-invalid",
                f": ULN {uln} is not valid: {problem}. Check it against the college's or the Learning Records "
                "Service's records and correct it.",
            )
        age = _age(person.person_birth_date, self.reference_date)
        if age >= 6 and not person.upn and not uln and not person.upn_unknown:
            found.add(
                ERROR,
                "UPNunknown",
                "upn-unknown-missing",
                f" is {age} at the reference date and has no UPN, no ULN and no UPNunknown reason. Record the "
                "UPN or ULN, or the reason there is neither.",
            )

    def _age(self, found: _Person) -> None:
        born = found.person.person_birth_date
        age = _age(born, self.reference_date)
        if age == 25:
            found.add(
                QUERY,
                "PersonBirthDate",
                "age-25",
                f" is 25 at the reference date (born {_day(born)}). A plan can last only to the end of the "
                "academic year in which the young person turns 25: confirm the date of birth and that the plan "
                "is still maintained.",
            )
        elif age > 25:
            found.add(
                ERROR,
                "PersonBirthDate",
                "age-over-25",
                f" is {age} at the reference date (born {_day(born)}), older than anyone with a plan can be. "
                "Check the date of birth, and whether the plan should have ceased.",
            )

    # Requests and assessments

    def _outcome_dates(self, found: _Person, request: Request) -> None:
        name, outcome, date = _request_name(request), request.request_outcome, request.request_outcome_date
        if outcome in ("Y", "N") and date is None:
            found.add(
                ERROR,
                "RequestOutcomeDate",
                "request-outcome-date-missing",
                f": {name} has outcome {outcome} but no RequestOutcomeDate. Record the date the family was "
                "told the decision whether to assess.",
            )
        elif outcome in ("W", "A", "H") and date is not None:
            found.add(
                ERROR,
                "RequestOutcomeDate",
                "request-outcome-date-not-blank",
                f": {name} has outcome {outcome} ({codes.REQUEST_OUTCOME.label(outcome)}) but a "
                f"RequestOutcomeDate of {_day(date)}. Leave the date blank for outcomes W, A and H, or correct "
                "the outcome if a decision was made in the year.",
            )
        assessment = request.assessment
        if assessment is None:
            return
        outcome, date = assessment.assessment_outcome, assessment.assessment_outcome_date
        plan = assessment.named_plan
        if date is None and outcome == "N":
            found.add(
                ERROR,
                "AssessmentOutcomeDate",
                "assessment-outcome-date-missing",
                f": the assessment after {name} has outcome N but no AssessmentOutcomeDate. Record the date "
                "the family was told of the decision not to issue a plan.",
            )
        elif date is None and outcome == "Y" and plan is not None and plan.start_date is not None:
            found.add(
                ERROR,
                "AssessmentOutcomeDate",
                "assessment-outcome-date-missing",
                f": the plan after {name} started on {_day(plan.start_date)} but the assessment has no "
                "AssessmentOutcomeDate. Record the date the final plan was issued.",
            )
        elif date is not None and outcome in ("A", "W"):
            found.add(
                ERROR,
                "AssessmentOutcomeDate",
                "assessment-outcome-date-not-blank",
                f": the assessment after {name} has outcome {outcome} "
                f"({codes.ASSESSMENT_OUTCOME.label(outcome)}) but an AssessmentOutcomeDate of {_day(date)}. "
                "Leave the date blank until the decision is made, or correct the outcome.",
            )

    def _date_order(self, found: _Person, request: Request) -> None:
        name = _request_name(request)
        received, decided = request.received_date, request.request_outcome_date
        if received and decided and decided < received:
            found.add(
                ERROR,
                "RequestOutcomeDate",
                "received-after-request-outcome",
                f": {name} has a RequestOutcomeDate of {_day(decided)}, before it was received. Check both dates.",
            )
        assessed = request.assessment.assessment_outcome_date if request.assessment else None
        if decided and assessed and assessed < decided:
            found.add(
                ERROR,
                "AssessmentOutcomeDate",
                "request-outcome-after-assessment-outcome",
                f": for {name}, the AssessmentOutcomeDate {_day(assessed)} is before the RequestOutcomeDate "
                f"{_day(decided)}; the decision whether to issue a plan cannot come before the decision to "
                "assess. Check both dates.",
            )

    # Plans

    def _cessation(self, found: _Person, plan: NamedPlan) -> None:
        if plan.cease_date is None and plan.cease_reason is None:
            return
        self._ceased += 1
        if plan.cease_reason == codes.CEASE_REASON_OTHER:
            self._ceased_other += 1
        if plan.cease_reason is None:
            found.add(
                ERROR,
                "CeaseReason",
                "cease-reason-missing",
                f": the plan has a CeaseDate ({_day(plan.cease_date)}) but no CeaseReason. Record why the plan ended.",
            )
        elif plan.cease_date is None:
            label = codes.CEASE_REASON.labels.get(plan.cease_reason, "not a known reason")
            found.add(
                ERROR,
                "CeaseDate",
                "cease-date-missing",
                f": the plan has CeaseReason {plan.cease_reason} ({label}) but no CeaseDate. Record the date the "
                "plan ended (not the date of the decision to cease), or remove the reason if it has not ended.",
            )

    def _rows(self, found: _Person, request: Request, rows: tuple[Row, ...], element: str, what: str) -> None:
        """Plan detail or placement detail rows: one setting per row, SENSettingOther, rank 1."""
        where = f"for {_request_name(request)}"
        for number, row in enumerate(rows, start=1):
            given = [
                tag for tag, value in (("URN", row.urn), ("UKPRN", row.ukprn), ("SENSetting", row.sen_setting)) if value
            ]
            if len(given) > 1:
                found.add(
                    ERROR,
                    element,
                    "setting-repeated",
                    f": row {number} of the {what} {where} gives {' and '.join(given)}. Give only one: the URN of "
                    "a school, the UKPRN of a college or other provider, or a SENSetting code when there is neither.",
                )
            elif not given:
                found.add(
                    ERROR,
                    element,
                    "setting-missing",
                    f": row {number} of the {what} {where} names no setting. Give its URN or UKPRN, or a "
                    "SENSetting code when there is neither.",
                )
            if row.sen_setting_other and row.sen_setting != codes.SEN_SETTING_OTHER:
                found.add(
                    ERROR,
                    "SENSettingOther",
                    "sen-setting-other-without-oth",
                    f': row {number} of the {what} {where} describes the setting as "{row.sen_setting_other}" '
                    f"but its SENSetting is {row.sen_setting or 'blank'}. SENSettingOther is only for "
                    "SENSetting OTH: set OTH or remove the description.",
                )
        if rows and not any(row.placement_rank == 1 for row in rows):
            found.add(
                ERROR,
                "PlacementRank",
                "placement-rank-1-missing",
                f": the {what} {where} have no PlacementRank 1. Mark the main one as rank 1.",
            )

    def _active_plan(self, found: _Person, request: Request, plan: NamedPlan | None, active: ActivePlan) -> None:
        where = f"the plan active at the reference date ({_request_name(request)})"
        if plan is None or plan.start_date is None:
            found.add(
                ERROR,
                "StartDate",
                "active-plan-no-start-date",
                f": {where} has no StartDate. Record the date of the current plan.",
            )
        if plan is None or not any(row.urn or row.ukprn or row.sen_setting for row in plan.plan_details):
            found.add(
                ERROR,
                "PlanDetail",
                "active-plan-no-setting",
                f": {where} names no setting. Record the setting named in section I (its URN or UKPRN), or a "
                "SENSetting code.",
            )
        self._rows(found, request, active.placement_details, "PlacementDetail", "placements")
        primary = [need.sen_type for need in active.sen_needs if need.sen_type_rank == 1]
        if not primary:
            found.add(
                ERROR,
                "SENtypeRank",
                "primary-need-missing",
                f": {where} has no primary need (no SENneed with SENtypeRank 1). Record the primary need.",
            )
        elif len(primary) > 1:
            found.add(
                ERROR,
                "SENtypeRank",
                "primary-need-repeated",
                f": {where} has {len(primary)} needs ranked 1 ({', '.join(primary)}). Rank only the primary "
                "need 1 and the others 2.",
            )
