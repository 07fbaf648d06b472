"""Sample SEN2 records shared by the SEN2 unit tests (not a test module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from casework.reports.sen2.records import (
    ActivePlan,
    Assessment,
    Header,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Request,
    SENNeed,
)
from casework.workflow.sen2.identifiers import make_upn

D = dt.date
REFERENCE_DATE = D(2026, 1, 15)
AMIRA_UPN = make_upn("201000025001")

HEADER = Header(
    year=2026,
    reference_date=REFERENCE_DATE,
    lea="201",
    software_code="casework",
    release="0.1.0",
    serial_no=7,
    date_time=dt.datetime(2026, 1, 20, 9, 30, 0),
    dmo="Y",
    dco="N",
    dsco="R",
)


def amira(**changes) -> Person:
    """A clean person: a request in 2025 that led to a plan issued within 20 weeks, active at the
    reference date, with a primary and a secondary need and one placement."""
    fields = {
        "key": "child-1",
        "surname": "Khan",
        "forename": "Amira",
        "person_birth_date": D(2015, 5, 1),
        "sex": "F",
        "ethnicity": "APKN",
        "postcode": "AB1 2CD",
        "upn": AMIRA_UPN,
        "requests": (amira_request(),),
    }
    fields.update(changes)
    return Person(**fields)


def amira_request(**changes) -> Request:
    fields = {
        "received_date": D(2025, 2, 3),
        "request_source": "1",
        "rya": False,
        "request_outcome_date": D(2025, 3, 10),
        "request_outcome": "Y",
        "request_mediation": False,
        "request_tribunal": False,
        "assessment": amira_assessment(),
        "active_plan": amira_active_plan(),
    }
    fields.update(changes)
    return Request(**fields)


def amira_assessment(**changes) -> Assessment:
    fields = {
        "assessment_outcome": "Y",
        "assessment_outcome_date": D(2025, 6, 16),
        "assessment_mediation": False,
        "assessment_tribunal": False,
        "other_mediation": False,
        "other_tribunal": False,
        "week20": False,
        "named_plan": amira_plan(),
    }
    fields.update(changes)
    return Assessment(**fields)


def amira_plan(**changes) -> NamedPlan:
    fields = {
        "start_date": D(2025, 6, 16),
        "pb": False,
        "oa": False,
        "dp": False,
        "plan_details": (PlanDetail(urn="123456", placement_rank=1, sen_unit_indicator=False),),
    }
    fields.update(changes)
    return NamedPlan(**fields)


def amira_active_plan(**changes) -> ActivePlan:
    fields = {
        "placement_details": (PlacementDetail(urn="123456", placement_rank=1, entry_date=D(2025, 9, 3)),),
        "sen_needs": (SENNeed(sen_type="ASD", sen_type_rank=1), SENNeed(sen_type="SLCN", sen_type_rank=2)),
    }
    fields.update(changes)
    return ActivePlan(**fields)


def generated_persons(count: int) -> Iterator[Person]:
    """``count`` distinct people with a request and an active plan, made one at a time."""
    for number in range(count):
        yield amira(
            key=number,
            forename=f"Child{number}",
            upn=make_upn(f"2010000{number:05d}"),
        )
