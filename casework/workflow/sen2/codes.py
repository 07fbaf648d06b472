"""Every code list the SEN2 return uses, as data, each code with a plain-English label.

Sources: statutory.md section 12 and reporting.md section 3 (the spec). Where a list there is marked
"confirm", the comment on it says what was checked and against what. statutory.md 15 point 12 still
applies: confirm every list against the current DfE guide and XSD before a real submission.

``schema/sen2.xsd`` enumerates the same codes; a unit test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, eq=False)
class CodeList:
    """An ordered, read-only list of codes for one or more elements of the return (each list is one
    object, compared by identity)."""

    elements: tuple[str, ...]
    labels: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    def __contains__(self, code: object) -> bool:
        return code in self.labels

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, code: str) -> str:
        """The label of ``code``; KeyError names the element when the code is not in the list."""
        try:
            return self.labels[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a {'/'.join(self.elements)} code") from None


# Flags (RYA, the mediation and tribunal flags, Week20, PB, OA, DP, the unit and resourced provision
# indicators) are written 0/1.
FLAG = CodeList(("flag",), {"1": "Yes", "0": "No"})

# Request source (2025+; mandatory from 2026).
REQUEST_SOURCE = CodeList(
    ("RequestSource",),
    {
        "1": "Young person or parent",
        "2": "School or other education setting",
        "3": "Health care professional",
        "4": "Social care professional",
        "5": "Other",
    },
)

# The product's request sources (what the officer records) onto RequestSource.
PRODUCT_REQUEST_SOURCE: Mapping[str, str] = MappingProxyType(
    {
        "parent": "1",
        "young_person": "1",
        "school": "2",
        "health": "3",
        "social_care": "4",
        "other": "5",
    }
)

REQUEST_OUTCOME = CodeList(
    ("RequestOutcome",),
    {
        "Y": "Assessment carried out",
        "N": "Decided not to assess",
        "A": "Decision not yet made",
        "W": "Withdrawn or ended before a decision (moved away, left education, died)",
        "H": "Decision made before the collection period",
    },
)

# One supplier also uses S ("plan issued after an assessment completed by another LA"); it is not
# emitted until the DfE guide lists it (statutory.md 12 and 15 point 12).
ASSESSMENT_OUTCOME = CodeList(
    ("AssessmentOutcome",),
    {
        "Y": "Plan to be issued",
        "N": "Decided not to issue a plan",
        "A": "Decision not yet made",
        "W": "Withdrawn or ended before a decision",
        "H": "Decision made before the collection period",
    },
)

CEASE_REASON = CodeList(
    ("CeaseReason",),
    {
        "1": "Reached maximum age (end of the academic year in which the young person turned 25, or 19 on "
        "entering the adult secure estate)",
        "2": "Needs met without a plan",
        "3": "Moved on to higher education",
        "4": "Moved on to paid employment (excluding apprenticeships)",
        "5": "Transferred to another LA in England",
        "6": "Young person no longer wishes to engage in education or training",
        "7": "Moved outside England",
        "8": "Died",
        "9": "Other",
    },
)
CEASE_REASON_OTHER = "9"

# Used in plan and placement detail rows where there is no URN or UKPRN.
SEN_SETTING = CodeList(
    ("SENSetting",),
    {
        "OLA": "Other LA arrangements, including education otherwise than at school (s.61)",
        "OPA": "Arrangements made by the parent or another person, excluding elective home education (s.42(5))",
        "EHE": "Elective home education",
        "EYP": "Early years provider without a URN",
        "OTH": "A type of setting is named but no specific setting",
        "NEET": "Not in education, employment or training (ages 16 to 25)",
        "NIEC": "Not in education or training, notice to cease issued",
        "NIEO": "Not in education or training, other",
    },
)
SEN_SETTING_OTHER = "OTH"

SEN_TYPE = CodeList(
    ("SENtype",),
    {
        "SPLD": "Specific learning difficulty",
        "MLD": "Moderate learning difficulty",
        "SLD": "Severe learning difficulty",
        "PMLD": "Profound and multiple learning difficulty",
        "SEMH": "Social, emotional and mental health",
        "SLCN": "Speech, language and communication needs",
        "HI": "Hearing impairment",
        "VI": "Vision impairment",
        "MSI": "Multi-sensory impairment",
        "PD": "Physical disability",
        "ASD": "Autistic spectrum disorder",
        "DS": "Down syndrome",
        "OTH": "Other difficulty or disability",
    },
)

# Residential: blank (element omitted) for a non-residential plan or placement (reporting.md 3).
RESIDENTIAL = CodeList(
    ("PlanRes", "RES"), {"A": "Residential 38 to 51 weeks a year", "B": "Residential 52 weeks a year"}
)

# Work-based learning. NOT CONFIRMED: statutory.md 12 says "confirm the codes" and gives none. These
# three are from a third party's reconstruction of the 2024 SEN2 XSD (SocialFinanceDigitalLabs/
# liia-tools, liiatools/spec/sen2/SEN2_schema_2024.xsd, type "wbptype"), not from the DfE guide.
WORK_BASED = CodeList(("PlanWBP", "WBP"), {"A": "Apprenticeship", "T": "Traineeship", "S": "Supported internship"})

REVIEW_OUTCOME = CodeList(("ReviewOutcome",), {"A": "Amend the plan", "C": "Cease the plan", "M": "Maintain the plan"})

# Sex (2024+; GenderCurrent before). M and F are the codes seen in files (reporting.md 3).
SEX = CodeList(("Sex",), {"M": "Male", "F": "Female"})

# The CBDS main ethnicity codes as used in the school census (the 4-letter list; the extended
# codes of the school census roll up into these).
ETHNICITY = CodeList(
    ("Ethnicity",),
    {
        "WBRI": "White - British",
        "WIRI": "White - Irish",
        "WIRT": "Traveller of Irish heritage",
        "WOTH": "Any other White background",
        "WROM": "Gypsy / Roma",
        "MWBC": "White and Black Caribbean",
        "MWBA": "White and Black African",
        "MWAS": "White and Asian",
        "MOTH": "Any other mixed background",
        "AIND": "Indian",
        "APKN": "Pakistani",
        "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background",
        "BCRB": "Black Caribbean",
        "BAFR": "Black - African",
        "BOTH": "Any other Black background",
        "CHNE": "Chinese",
        "OOTH": "Any other ethnic group",
        "REFU": "Refused",
        "NOBT": "Information not yet obtained",
    },
)

# Why there is neither a UPN nor a ULN. NOT THE LIST reporting.md names ("UN1-UN7"), and to be
# confirmed against the current DfE guide (statutory.md 15 point 12). What was found:
# - The CBDS code set for "UPN unknown" (CS051) has ten codes, UN1-UN10. UN4 ("child is newly in
#   need ... CIN census"), UN6 ("child is not looked after, and the authority is unable to obtain the
#   UPN") and UN7 ("child referred but no further action taken") are children-in-need and
#   looked-after wording; UN8-UN10 name SEN2. Seen in a school MIS's code-set seed data.
# - The Standard Safeguarding Dataset's SEN2 extract (data-to-insight/ssd-data-model, item
#   SEND004A, quoting the SEN2 guidance) lists exactly seven codes for SEN2: UN1, UN2, UN3, UN5,
#   UN8, UN9, UN10, with the wording below. Seven codes is probably where "UN1-UN7" came from.
# - A third-party reconstruction of the 2024 SEN2 XSD (liia-tools) accepts UN1-UN10.
# So the return offers the seven SEN2 codes; the labels follow the SSD wording (the CBDS wording
# differs slightly: "maintained school" for "state-funded school", and UN8 adds "one week before
# the end of the collection period").
UPN_UNKNOWN = CodeList(
    ("UPNunknown",),
    {
        "UN1": "Child is aged under 6 years old and is not yet assigned a UPN",
        "UN2": "Child has never attended a state-funded school in England and has not been assigned a UPN",
        "UN3": "Child is educated outside of England and has not been assigned a UPN",
        "UN5": "Sources collating UPNs reflect discrepancies for the child's name, surname or date of birth, "
        "which prevents reliable matching (for example a duplicated UPN)",
        "UN8": "Person is new to the LA and the UPN or ULN is not yet known",
        "UN9": "Young person has never attended a state-funded school or further education setting in England "
        "and has not been assigned a UPN or ULN",
        "UN10": "Request for assessment resulted in no further action before the UPN or ULN was known",
    },
)

# Header: whether the LA has a Designated Medical Officer, Designated Clinical Officer and
# Designated Social Care Officer (DSCO 2025+). Published as Yes / No / Recruiting (statutory.md 12);
# the one-letter codes written are those of the liia-tools reconstruction of the 2024 XSD (DMO and
# DCO there: Y, N, R). Confirm against the current guide.
LA_ROLE = CodeList(("DMO", "DCO", "DSCO"), {"Y": "Yes", "N": "No", "R": "Recruiting"})

ALL: tuple[CodeList, ...] = (
    FLAG,
    REQUEST_SOURCE,
    REQUEST_OUTCOME,
    ASSESSMENT_OUTCOME,
    CEASE_REASON,
    SEN_SETTING,
    SEN_TYPE,
    RESIDENTIAL,
    WORK_BASED,
    REVIEW_OUTCOME,
    SEX,
    ETHNICITY,
    UPN_UNKNOWN,
    LA_ROLE,
)


def request_source(product_source: str) -> str:
    """The RequestSource code for one of the product's request sources (``parent``, ``school``, ...)."""
    try:
        return PRODUCT_REQUEST_SOURCE[product_source]
    except KeyError:
        known = ", ".join(PRODUCT_REQUEST_SOURCE)
        raise KeyError(f"unknown request source {product_source!r}; expected one of {known}") from None
