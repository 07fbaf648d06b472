"""The records of the SEN2 return, one frozen dataclass per module, in the element order of
reporting.md section 3.

Each class lists its elements in ``ELEMENTS`` as ``(element name, attribute)`` pairs, in file
order; the writer walks them, so the order is stated once. An attribute is None when the element is
absent (the writer then omits it). Codes are strings from ``codes`` (RequestSource ``"1"``,
CeaseReason ``"9"``), flags are bools, ranks are ints. Repeated modules are tuples.

Which elements may be None follows the XSD: the ones it requires are typed without None. Some
elements every active plan needs (StartDate, PlacementRank) are still optional here, so that the
pre-submission checks (``checks``) can name the child and say what to record, rather than the file
simply failing the schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

Elements = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """CollectionDetails (Collection, Year, ReferenceDate) and Source (SourceLevel ... DSCO)."""

    collection: str = "SEN2"
    year: int
    reference_date: dt.date
    source_level: str = "L"
    lea: str
    software_code: str
    release: str
    serial_no: int
    date_time: dt.datetime
    dmo: str
    dco: str
    dsco: str

    COLLECTION_DETAILS: ClassVar[Elements] = (
        ("Collection", "collection"),
        ("Year", "year"),
        ("ReferenceDate", "reference_date"),
    )
    SOURCE: ClassVar[Elements] = (
        ("SourceLevel", "source_level"),
        ("LEA", "lea"),
        ("SoftwareCode", "software_code"),
        ("Release", "release"),
        ("SerialNo", "serial_no"),
        ("DateTime", "date_time"),
        ("DMO", "dmo"),
        ("DCO", "dco"),
        ("DSCO", "dsco"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SENNeed:
    sen_type: str
    sen_type_rank: int

    ELEMENTS: ClassVar[Elements] = (("SENtype", "sen_type"), ("SENtypeRank", "sen_type_rank"))


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementDetail:
    """Where the child or young person actually attends (5b)."""

    urn: str | None = None
    ukprn: str | None = None
    sen_setting: str | None = None
    sen_setting_other: str | None = None
    placement_rank: int | None = None
    entry_date: dt.date | None = None
    leaving_date: dt.date | None = None
    sen_unit_indicator: bool | None = None
    resourced_provision_indicator: bool | None = None

    ELEMENTS: ClassVar[Elements] = (
        ("URN", "urn"),
        ("UKPRN", "ukprn"),
        ("SENSetting", "sen_setting"),
        ("SENSettingOther", "sen_setting_other"),
        ("PlacementRank", "placement_rank"),
        ("EntryDate", "entry_date"),
        ("LeavingDate", "leaving_date"),
        ("SENUnitIndicator", "sen_unit_indicator"),
        ("ResourcedProvisionIndicator", "resourced_provision_indicator"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivePlan:
    """The ActivePlans module (5a): a plan active at the reference date, with its placements and needs."""

    transfer_la: str | None = None
    res: str | None = None
    wbp: str | None = None
    review_meeting: dt.date | None = None
    review_outcome: str | None = None
    last_review: dt.date | None = None
    review_draft: dt.date | None = None
    phase_transfer_due_date: dt.date | None = None
    phase_transfer_final_date: dt.date | None = None
    placement_details: tuple[PlacementDetail, ...] = ()
    sen_needs: tuple[SENNeed, ...] = ()

    ELEMENTS: ClassVar[Elements] = (
        ("TransferLA", "transfer_la"),
        ("RES", "res"),
        ("WBP", "wbp"),
        ("ReviewMeeting", "review_meeting"),
        ("ReviewOutcome", "review_outcome"),
        ("LastReview", "last_review"),
        ("ReviewDraft", "review_draft"),
        ("PhaseTransferDueDate", "phase_transfer_due_date"),
        ("PhaseTransferFinalDate", "phase_transfer_final_date"),
        ("PlacementDetail", "placement_details"),
        ("SENneed", "sen_needs"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanDetail:
    """The institution (or type of setting) named in section I of the plan (4b)."""

    urn: str | None = None
    ukprn: str | None = None
    sen_setting: str | None = None
    sen_setting_other: str | None = None
    placement_rank: int | None = None
    sen_unit_indicator: bool | None = None
    resourced_provision_indicator: bool | None = None

    ELEMENTS: ClassVar[Elements] = (
        ("URN", "urn"),
        ("UKPRN", "ukprn"),
        ("SENSetting", "sen_setting"),
        ("SENSettingOther", "sen_setting_other"),
        ("PlacementRank", "placement_rank"),
        ("SENUnitIndicator", "sen_unit_indicator"),
        ("ResourcedProvisionIndicator", "resourced_provision_indicator"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedPlan:
    """The plan (4a): its date, attributes, cessation and the settings it names."""

    start_date: dt.date | None = None
    plan_res: str | None = None
    plan_wbp: str | None = None
    pb: bool | None = None
    oa: bool | None = None
    dp: bool | None = None
    cease_date: dt.date | None = None
    cease_reason: str | None = None
    plan_details: tuple[PlanDetail, ...] = ()

    ELEMENTS: ClassVar[Elements] = (
        ("StartDate", "start_date"),
        ("PlanRes", "plan_res"),
        ("PlanWBP", "plan_wbp"),
        ("PB", "pb"),
        ("OA", "oa"),
        ("DP", "dp"),
        ("CeaseDate", "cease_date"),
        ("CeaseReason", "cease_reason"),
        ("PlanDetail", "plan_details"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """The decision whether to issue a plan (3), and the plan when there is one."""

    assessment_outcome: str
    assessment_outcome_date: dt.date | None = None
    assessment_mediation: bool | None = None
    assessment_tribunal: bool | None = None
    other_mediation: bool | None = None
    other_tribunal: bool | None = None
    week20: bool | None = None
    named_plan: NamedPlan | None = None

    ELEMENTS: ClassVar[Elements] = (
        ("AssessmentOutcome", "assessment_outcome"),
        ("AssessmentOutcomeDate", "assessment_outcome_date"),
        ("AssessmentMediation", "assessment_mediation"),
        ("AssessmentTribunal", "assessment_tribunal"),
        ("OtherMediation", "other_mediation"),
        ("OtherTribunal", "other_tribunal"),
        ("Week20", "week20"),
        ("NamedPlan", "named_plan"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A request for an EHC needs assessment (2), its assessment and, when the plan is active at the
    reference date, the ActivePlans module."""

    received_date: dt.date | None = None
    request_source: str | None = None
    rya: bool | None = None
    request_outcome_date: dt.date | None = None
    request_outcome: str
    request_mediation: bool | None = None
    request_tribunal: bool | None = None
    # Exported: the child moved out of the LA before the assessment finished. statutory.md gives no
    # codes; written as the 3-digit code of the LA moved to, as in the liia-tools reconstruction of
    # the 2024 XSD. To be confirmed.
    exported: str | None = None
    assessment: Assessment | None = None
    active_plan: ActivePlan | None = None

    ELEMENTS: ClassVar[Elements] = (
        ("ReceivedDate", "received_date"),
        ("RequestSource", "request_source"),
        ("RYA", "rya"),
        ("RequestOutcomeDate", "request_outcome_date"),
        ("RequestOutcome", "request_outcome"),
        ("RequestMediation", "request_mediation"),
        ("RequestTribunal", "request_tribunal"),
        ("Exported", "exported"),
        ("Assessment", "assessment"),
        ("ActivePlans", "active_plan"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A child or young person (1). ``key`` (e.g. the product's child id) is not written to the file;
    the checks use it to say whose record a finding is about."""

    key: str | int
    surname: str
    forename: str
    person_birth_date: dt.date
    sex: str
    ethnicity: str
    postcode: str | None = None
    upn: str | None = None
    unique_learner_number: str | None = None
    upn_unknown: str | None = None
    requests: tuple[Request, ...] = ()

    ELEMENTS: ClassVar[Elements] = (
        ("Surname", "surname"),
        ("Forename", "forename"),
        ("PersonBirthDate", "person_birth_date"),
        ("Sex", "sex"),
        ("Ethnicity", "ethnicity"),
        ("PostCode", "postcode"),
        ("UPN", "upn"),
        ("UniqueLearnerNumber", "unique_learner_number"),
        ("UPNunknown", "upn_unknown"),
        ("Requests", "requests"),
    )

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"
