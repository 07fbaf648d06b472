"""What the SEN2 return needs, for the demo's children and plans: sex, ethnicity, a UPN (a valid
check letter) or the reason there is none, ranked needs, the settings named in each plan and where
the child attends, personal budgets. Seeded like the year; mostly complete, with a few gaps left on
purpose (no primary need, no UPN and no reason, a plan naming no setting) so the data-quality page
has something true to show."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select, update

from casework.models import Case, Child, Placement, Plan, PlanSetting, SenNeed
from casework.workflow.sen2.identifiers import make_upn

URNS = {"Riverside High School": "116523", "St Mary's Primary School": "116789", "Oakfield Academy": "140321",
        "Brook Special School": "117045"}  # fmt: skip
ETHNICITY = [("WBRI", 68), ("WOTH", 5), ("MWBC", 3), ("MWAS", 2), ("AIND", 4), ("APKN", 5), ("ABAN", 2),
             ("BAFR", 3), ("BCRB", 2), ("CHNE", 1), ("OOTH", 2), ("REFU", 1), ("NOBT", 2)]  # fmt: skip
NEEDS = [("ASD", 33), ("SLCN", 21), ("SEMH", 16), ("MLD", 9), ("SPLD", 4), ("SLD", 5), ("PD", 4), ("PMLD", 2),
         ("HI", 2), ("VI", 1), ("DS", 1), ("OTH", 2)]  # fmt: skip


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


def record_details(session: Any, today: dt.date, seed: int) -> None:
    """Fill in what the return needs for every child and plan that has none yet (once)."""
    rng = random.Random(seed)
    children = session.execute(select(Child).where(Child.sex.is_(None)).order_by(Child.id)).scalars().all()
    for child in children:
        child.sex = rng.choice("MF")
        child.ethnicity = _pick(rng, ETHNICITY)
        age = (today - child.date_of_birth).days // 365
        gap = rng.random() < 0.01
        if not child.upn and age >= 5 and not gap:
            child.upn = make_upn(f"999{child.id:09d}")
        elif not child.upn and not gap:
            child.upn_unknown = "UN1"
        if rng.random() >= 0.02:  # a few are left without their needs recorded
            primary = _pick(rng, NEEDS)
            session.add(SenNeed(child_id=child.id, sen_type=primary, rank=1))
            second = _pick(rng, NEEDS)
            if rng.random() < 0.4 and second != primary:
                session.add(SenNeed(child_id=child.id, sen_type=second, rank=2))
    named = {p for (p,) in session.execute(select(PlanSetting.plan_id))}
    for plan in session.execute(select(Plan).order_by(Plan.id)).scalars():
        if plan.id in named:
            continue
        plan.personal_budget = rng.random() < 0.08
        plan.organised_arrangements = False
        plan.direct_payments = plan.personal_budget and rng.random() < 0.4
        urn = URNS.get(plan.named_setting or "")
        if urn and rng.random() >= 0.015:  # a few plans name no setting yet
            session.add(PlanSetting(plan_id=plan.id, urn=urn, rank=1))
            session.add(Placement(child_id=plan.child_id, urn=urn, rank=1, entry_date=plan.issued_on))
    session.execute(update(Case.__table__).where(Case.__table__.c.rya.is_(None)).values(rya=False))
    session.commit()
