"""The demo's plan quality audits: auditors from four agencies (a health auditor among them), last
month's sample drawn from a fixed seed with most of its audits done and one moderation disagreement
waiting, the plan documents attached, and outcomes recorded at recent reviews. This month's sample
is left for the manager to draw."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from casework.models import AuditSample, Case, Plan, PlanAudit, Staff
from casework.workflow.accounts import hash_password
from casework.workflow.context import Actor
from casework.workflow.quality import audits, documents, outcomes, reviews

AUDITORS = [  # the health auditor first: the first audits go to them
    ("asha.patel@nhs.example", "Dr Asha Patel", "health"),
    ("mark.evans@council.example", "Mark Evans", "education"),
    ("joy.martin@council.example", "Joy Martin", "social_care"),
    ("ruth.green@pcf.example", "Ruth Green", "parent_carer_forum"),
]
GRADES = ("outstanding", "good", "good", "requires_improvement", "inadequate")
OUTCOMES = ("Reads a short book on his own", "Travels to school with a friend", "Tells an adult when anxious")
PLAN_HTML = """<h1>Education, Health and Care plan</h1><p>Section A: all about me. Section E: outcomes.
Section F: special educational provision, specified and quantified.</p>"""


def _plan_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=PLAN_HTML).write_pdf()


def _grades(rng: random.Random) -> dict[str, str]:
    return {s: rng.choice(GRADES) for s in "ABCDEFGHIK"} | {"J": "not_applicable"}


def load(session, config, manager: Staff, today: dt.date) -> Iterator[str]:
    existing = {s.email: s for s in session.execute(select(Staff).where(Staff.role == "auditor")).scalars()}
    people = []
    for email, name, agency in AUDITORS:
        password = "demo-" + secrets.token_urlsafe(9)
        member = existing.get(email) or Staff(email=email, name=name, role="auditor", agency=agency, capacity=0)
        member.password_hash = hash_password(password)
        session.add(member)
        session.flush()
        people.append((member, password))
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    actor = Actor("staff", manager.id, manager.role)
    if session.execute(select(AuditSample).where(AuditSample.month == last)).first() is None:
        _sample(session, config, actor, last, today)
    _outcomes(session, actor)
    yield "Plan quality audits: /audits (the manager draws this month's sample; last month's is done but one)"
    for member, password in people:
        yield f"  auditor  {member.name:14} ({member.agency.replace('_', ' ')}) email {member.email:28} password {password}"


def _sample(session, config, actor: Actor, month: str, today: dt.date) -> None:
    sample = audits.draw_sample(session, month, actor=actor, seed="demo-" + month, percent=10,
                                moderation_percent=20, today=today)  # fmt: skip
    rows = list(session.execute(select(PlanAudit).where(PlanAudit.sample_id == sample.id)).scalars())
    if len(rows) < 4:  # a small caseload: add its newest plans so there is something to audit
        plans = session.execute(select(Plan.id).order_by(Plan.id.desc()).limit(4 - len(rows))).scalars()
        for n, plan_id in enumerate(plans):
            if plan_id not in {r.plan_id for r in rows}:
                rows.append(audits.add_plan(session, sample.id, plan_id, actor=actor, moderate=n == 0, today=today))
    if not any(r.moderated for r in rows):  # the walk-through shows a moderation disagreement
        chosen = rows[-1]
        chosen.moderated = True
        first = reviews.reviews(session, chosen.id)["audit"]
        audits.assign(session, chosen, "moderation", today, not_agency=first.agency, not_auditor=first.auditor_id)
    pdf = _plan_pdf()
    for row in rows:
        case = session.get(Case, row.case_id) if row.case_id else None
        if case is not None:
            folder = Path(config.upload_dir) / "plans" / str(case.id)
            folder.mkdir(parents=True, exist_ok=True)
            stored = f"{case.id}/{secrets.token_hex(16)}.pdf"
            (Path(config.upload_dir) / "plans" / stored).write_bytes(pdf)
            documents.attach(session, case.id, actor=actor, filename="EHC plan.pdf", content_type="application/pdf",
                             size=len(pdf), sha256="", stored_as=stored)  # fmt: skip
    rng = random.Random(month)
    health = session.execute(select(Staff.id).where(Staff.email == AUDITORS[0][0])).scalar_one()
    left_for_health = False
    disagreed = False
    for row in rows:
        both = reviews.reviews(session, row.id)
        first = both["audit"]
        if first.auditor_id == health and not left_for_health:
            left_for_health = True  # one for the health auditor to do in the walk-through
            continue
        grades = _grades(rng)
        reviews.submit(session, first.id, session.get(Staff, first.auditor_id), grades=grades,
                       comments={"E1": "Outcomes are measurable but two have no date."}, summary="A clear plan; "
                       "make every outcome time-bound.", themes=["Outcomes not SMART"], today=today)  # fmt: skip
        second = both.get("moderation")
        if second is not None:
            if not disagreed:
                grades = {**grades, "E": "inadequate" if grades["E"] != "inadequate" else "good"}
                disagreed = True
            reviews.submit(session, second.id, session.get(Staff, second.auditor_id), grades=grades, comments={},
                           today=today)  # fmt: skip


def _outcomes(session, actor: Actor) -> None:
    held = session.execute(
        select(Case).where(Case.plan_id.is_not(None)).order_by(Case.id.desc()).limit(40)
    ).scalars()  # fmt: skip
    rng = random.Random(7)
    for case in [c for c in held if outcomes.meeting_of(c) is not None][:12]:
        if outcomes.outcomes_of(session, case.id):
            continue
        rows = [(text, rng.choice(("met", "met", "partly_met", "not_met"))) for text in OUTCOMES]
        outcomes.record(session, case.id, rows, actor=actor)
