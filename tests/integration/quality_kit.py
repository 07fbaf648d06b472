"""Helpers for the plan quality tests: plans issued through the engine in two teams, and auditors."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import select

from casework.models import Plan, Staff
from casework.workflow.accounts import hash_password
from tests.conftest import PASSWORD
from tests.integration.reporting import plus, request, to_final

AGENCIES = ("education", "health", "social_care", "parent_carer_forum")


def plans(api, services, staff, count: int = 6, issued: str = "2026-11-10", first: int = 100) -> list[int]:
    """`count` final plans issued on `issued`; officers in teams North (officer) and South (officer2)."""
    with services.session_factory() as s:
        for key, team in (("officer", "North"), ("officer2", "South"), ("manager", "North")):
            s.get(Staff, staff[key]["id"]).team = team
        s.commit()
    received = plus(issued, -130)
    for n in range(count):
        case_id = request(api, first + n, received)
        to_final(api, case_id, received, issued)
    with services.session_factory() as s:
        return list(s.execute(select(Plan.id).order_by(Plan.id)).scalars())


def auditors(services) -> dict[str, int]:
    """One auditor per agency, who can sign in with PASSWORD: {agency: staff id}."""
    out = {}
    with services.session_factory() as s:
        for agency in AGENCIES:
            member = Staff(email=f"{agency}@partner.example", name=f"{agency.title()} auditor", role="auditor",
                           agency=agency, password_hash=hash_password(PASSWORD))  # fmt: skip
            s.add(member)
            s.flush()
            out[agency] = member.id
        s.commit()
    return out


def actor(staff, key="manager"):
    from casework.workflow.context import Actor

    return Actor("staff", staff[key]["id"], "manager" if key == "manager" else "officer")


def today(day: str = "2026-11-30"):
    return freeze_time(day)
