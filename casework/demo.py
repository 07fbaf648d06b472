"""A small, believable demo caseload, recorded through the engine like real work.
Business dates are set relative to today so the demo always shows live, due and overdue work."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

from sqlalchemy import select

from casework import clock
from casework.config import Config
from casework.models import Child, Contact, Provider, Staff
from casework.services import Services
from casework.words import long_date
from casework.workflow import advice as advice_flow
from casework.workflow import casefile, closures, engine, opening
from casework.workflow.accounts import hash_password, issue_token
from casework.workflow.advice_returns import return_advice
from casework.workflow.families import initial_family, normalise_email, place_new_child

STAFF = [  # phone numbers from Ofcom's range for drama (never real)
    ("priya.shah@council.example", "Priya Shah", "officer", "01632 960101"),
    ("tom.okafor@council.example", "Tom Okafor", "officer", "01632 960102"),
    ("helen.ward@council.example", "Helen Ward", "manager", None),
]
PROVIDERS = [
    (
        "Community Paediatrics, Worcester NHS Trust",
        "health",
        "paeds@nhs.example",
        "Designated Clinical Officer",
        "dco@nhs.example",
        True,
    ),
    (
        "Educational Psychology Service",
        "psychology",
        "ep@council.example",
        "SEN Team Manager",
        "helen.ward@council.example",
        False,
    ),
    (
        "Children's Social Care",
        "social_care",
        "socialcare@council.example",
        "Designated Social Care Officer",
        "dsco@council.example",
        False,
    ),
    ("St Mary's Primary School", "education", "senco@stmarys.example", "Head Teacher", "head@stmarys.example", False),
    ("Family views (sent with the request)", "parent", "send-team@council.example", None, None, False),
]
# (given, family, dob, contact name, email, phone, channel, address lines, postcode, language)
CHILDREN = [
    ("Amira", "Khan", "2016-04-02", "Sara Khan", "sara.khan@example.org", "07700 900123", "email", "", "", None),
    ("Yusuf", "Khan", "2019-09-14", "Sara Khan", "sara.khan@example.org", "07700 900123", "email", "", "", None),
    ("Oliver", "Bennett", "2014-01-20", "James Bennett", "j.bennett@example.org", None, "email", "", "", None),
    # a family without email: texts, letters, and a code by text to sign in to the portal
    ("Lily", "Nowak", "2020-06-30", "Anna Nowak", None, "07700 900456", "sms", "Flat 2\n14 Mill Lane\nNorthtown",
     "NT1 4AB", "Polish"),
    ("Ethan", "Price", "2012-11-05", "Claire Price", "claire.price@example.org", "07700 900789", "email", "", "", None),
    ("Grace", "Adeyemi", "2017-03-12", "Tolu Adeyemi", None, None, "letter", "7 Church Street\nNorthtown", "NT2 7CD",
     None),
]  # fmt: skip
DEMO_SUPPORT_PLAN = """<h1>SEN support plan</h1><p>St Mary's Primary School, autumn term.</p>
<h2>What we have put in place</h2><ul><li>A visual timetable, checked with an adult each morning.</li>
<li>A quiet space to go to when the classroom is too loud.</li><li>Small-group phonics, four times a week.</li></ul>
<h2>How it is going</h2><p>Progress in reading is slow; she is anxious at lunchtime and before changes of activity.</p>"""


def _demo_pdf() -> bytes:
    """A real PDF (the upload checks open it), made the way the letters are."""
    from weasyprint import HTML

    return HTML(string=DEMO_SUPPORT_PLAN).write_pdf()


def load_demo(config: Config, year: bool = True) -> Iterator[str]:
    """The walk-through's staff and cases; with `year`, a year of casework for the dashboard too
    (`demo_year`), and its closed months stored as the nightly job would have."""
    services = Services.build(config)
    session = services.session_factory()
    today = clock.today()
    settings = config.statutory
    try:
        tokens = []
        existing = {s.email: s for s in session.execute(select(Staff)).scalars()}
        for email, name, role, phone in STAFF:
            password = "demo-" + secrets.token_urlsafe(9)
            member = existing.get(email) or Staff(email=email, name=name, role=role, team="North", phone=phone)
            member.password_hash = hash_password(password)
            session.add(member)
            session.flush()
            token = issue_token(session, member.id, name="demo", actor=engine.Actor.system())
            tokens.append((member, token, password))
        session.flush()
        if session.execute(select(Child).limit(1)).first() is None:
            _load_cases(session, services, tokens[0][0], tokens[1][0], today, settings)
        if tokens[2][0].id and tokens[0][0].manager_id is None:
            session.flush()
            for member, _t, _p in tokens[:2]:
                member.manager_id = tokens[2][0].id
        session.commit()
        loaded = None
        if year:
            import time

            from casework import demo_year
            from casework.reports import facts

            started = time.perf_counter()
            counts = demo_year.load_year(services, today)
            _answer_surveys(services, today)
            facts.close_months(services.session_factory, today)
            if counts:
                loaded = (
                    f"A year of casework for the dashboard, recorded day by day through the workflow from "
                    f"{long_date(demo_year.first_day(today))} (with the plans whose reviews fall in the year): "
                    f"{counts['requests']} requests, {counts['final_issued']} final plans, "
                    f"{counts['meeting_held']} review meetings, {counts['advice_received']} advice returned "
                    f"({time.perf_counter() - started:.0f} s)."
                )
        from casework import demo_quality

        quality_lines = list(demo_quality.load(session, config, tokens[2][0], today))
        session.commit()
        from casework.workflow import sweep

        sweep.run(services.session_factory, today, settings=settings, lead_weeks=config.review_lead_weeks)
        services.dispatch.relay()  # deliver the demo's messages to the local outbox folder
        base = config.base_url.rstrip("/")
        yield "Demo data loaded. New credentials each time the demo loads:"
        if loaded:
            yield loaded
        yield f"Managers' dashboard: {base}/dashboard (sign in as the manager below)"
        yield f"Family feedback: the manager draws this month's call sample at {base}/feedback/sample; officers"
        yield f"  record their calls at {base}/feedback/calls; the figures: {base}/dashboard/measures/family_feedback"
        yield f"Staff pages: {base}/sign-in"
        for member, _token, password in tokens:
            yield f"  {member.role:8} {member.name:12} email {member.email:30} password {password}"
        yield f"Parent portal: {base}/portal/sign-in with sara.khan@example.org (Amira and Yusuf's mother);"
        yield f"  the sign-in link is 'emailed' to the demo outbox: {base}/demo/outbox"
        yield f"  or, a family without email: {base}/portal/sign-in/text with 07700 900456 (Lily's mother); the code"
        yield "  is 'texted' to the demo outbox too"
        yield from quality_lines
        yield "Advice-givers: the private links are in the advice requests and chases in the demo outbox"
        yield "API tokens (Authorization: Bearer <token>):"
        for member, token, _password in tokens:
            yield f"  {member.role:8} {member.name:12} {token}"
        yield f"Try: curl -H 'Authorization: Bearer {tokens[0][1]}' {base}/api/v1/cases"
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
        services.engine.dispose()


def _load_cases(session, services, priya: Staff, tom: Staff, today: dt.date, settings) -> None:
    providers = []
    for name, kind, email, esc_name, esc_email, statutory in PROVIDERS:
        p = Provider(
            name=name,
            advice_type=kind,
            email=email,
            escalation_name=esc_name,
            escalation_email=esc_email,
            statutory_basis=statutory,
        )
        session.add(p)
        providers.append(p)
    children = []
    for given, family, dob, contact, email, phone, channel, address, postcode, language in CHILDREN:
        from casework.workflow.families import normalise_phone

        e164 = normalise_phone(phone) if phone else None
        fam = initial_family(session, [normalise_email(email)], [e164], None)
        child = Child(
            given_name=given,
            family_name=family,
            date_of_birth=dt.date.fromisoformat(dob),
            family_id=fam,
            contacts=[
                Contact(
                    name=contact,
                    relationship_to_child="parent",
                    email=email,
                    email_normalised=normalise_email(email),
                    phone=phone,
                    phone_e164=e164,
                    preferred_channel=channel,
                    address=address or None,
                    postcode=postcode or None,
                    language=language,
                )
            ],
        )
        session.add(child)
        place_new_child(session, child, None, engine.Actor.system())
        children.append(child)
    session.flush()
    officer = engine.Actor("staff", priya.id)
    day = lambda n: today - dt.timedelta(days=n)  # noqa: E731

    def all_advice(case_id: int, asked: dt.date, arrived: dt.date) -> None:
        """The advice reg 6(1) requires: the family's views reused, the rest asked for and received."""
        for p in providers[:4]:
            _, advice_id = advice_flow.request_advice(session, case_id, advice_type=p.advice_type, provider_id=p.id,
                                                      requested_on=asked, actor=officer, settings=settings)  # fmt: skip
            advice_flow.advice_received(session, advice_id, arrived, actor=officer, settings=settings)
        advice_flow.reuse_advice(session, case_id, advice_type="parent", provider_id=providers[4].id,
                                 description="The family's views sent with the request", adviser_agreed_on=asked,
                                 council_agreed_on=asked, family_agreed_on=asked, actor=officer)  # fmt: skip

    # Amira: well into assessment, advice late and being chased
    r = opening.open_case(
        session, "assessment", children[0].id, received=day(80), actor=officer, officer_id=priya.id, settings=settings
    )
    engine.record(session, r.case_id, "decided_to_assess", day(56), actor=officer, settings=settings)
    advice_flow.request_advice(
        session,
        r.case_id,
        advice_type="health",
        provider_id=providers[0].id,
        requested_on=day(56),
        actor=officer,
        settings=settings,
    )  # 14 days late: chased, escalated
    advice_flow.request_advice(
        session,
        r.case_id,
        advice_type="psychology",
        provider_id=providers[1].id,
        requested_on=day(50),
        actor=officer,
        settings=settings,
    )  # late: chased
    _, social = advice_flow.request_advice(
        session, r.case_id, advice_type="social_care", provider_id=providers[2].id, requested_on=day(50), actor=officer,
        settings=settings,
    )  # fmt: skip
    return_advice(
        session, social, reason="not_known", note="We have no record of Amira or her family. Early Help may know them.",
        returned_by="Dan Reed, duty social worker", actor=engine.Actor("provider", providers[2].id), today=day(40),
    )  # fmt: skip
    _, school = advice_flow.request_advice(
        session, r.case_id, advice_type="education", provider_id=providers[3].id, requested_on=day(50), actor=officer,
        settings=settings,
    )  # fmt: skip
    advice_flow.advice_received(
        session, school, day(30), actor=engine.Actor("provider", providers[3].id),
        text="Amira is a cheerful, determined girl who loves drawing.\n\nShe finds noisy rooms and changes of "
        "routine very hard, and needs a quiet space and a visual timetable.",
        submitted_by="Mrs Green, SENCo", settings=settings,
    )  # fmt: skip
    _demo_document(session, services, school)
    casefile.add_note(
        session, r.case_id, kind="call", occurred_on=day(25), actor=officer,
        text="Sara rang: Amira's anxiety about school is worse. Told her the health advice is being chased.",
    )  # fmt: skip
    # Yusuf (Amira's brother): new request, goes to Priya by the siblings rule
    opening.open_case(session, "assessment", children[1].id, received=day(3), actor=officer, settings=settings)
    # Oliver: draft issued, comments window open
    r = opening.open_case(
        session, "assessment", children[2].id, received=day(115), actor=officer, officer_id=tom.id, settings=settings
    )
    engine.record(session, r.case_id, "decided_to_assess", day(80), actor=officer, settings=settings)
    all_advice(r.case_id, day(80), day(40))
    engine.record(session, r.case_id, "decided_to_issue", day(20), actor=officer, settings=settings)
    engine.record(session, r.case_id, "draft_issued", day(5), actor=officer, settings=settings)
    # Lily: decision to assess overdue
    opening.open_case(
        session, "assessment", children[3].id, received=day(45), actor=officer, officer_id=priya.id, settings=settings
    )
    # Ethan: plan issued 300 days ago; the sweep opens its annual review
    r = opening.open_case(
        session, "assessment", children[4].id, received=day(420), actor=officer, officer_id=tom.id, settings=settings
    )
    engine.record(session, r.case_id, "decided_to_assess", day(380), actor=officer, settings=settings)
    all_advice(r.case_id, day(380), day(345))
    engine.record(session, r.case_id, "decided_to_issue", day(340), actor=officer, settings=settings)
    engine.record(session, r.case_id, "draft_issued", day(325), actor=officer, settings=settings)
    engine.record(
        session,
        r.case_id,
        "final_issued",
        day(300),
        actor=officer,
        details={"named_setting": "Riverside High School"},
        settings=settings,
    )
    # Grace: decided not to assess
    r = opening.open_case(
        session, "assessment", children[5].id, received=day(40), actor=officer, officer_id=tom.id, settings=settings
    )
    engine.record(
        session,
        r.case_id,
        "decided_not_to_assess",
        day(10),
        actor=officer,
        details={"reason": "Her needs are being met from the school's own SEN support."},
        settings=settings,
    )
    # ...and her mother has contacted the mediation adviser: the appeal window and its clocks
    d = opening.open_case(session, "dispute", children[5].id, case_id=r.case_id, actor=officer, officer_id=tom.id,
                          settings=settings)  # fmt: skip
    engine.record(session, d.case_id, "adviser_contacted", day(3), actor=officer, settings=settings)
    # St Mary's closure calendar: the school closure exception is checked against it (statutory.md 9.3)
    school = closures.add_setting(session, name="St Mary's Primary School", kind="school", actor=officer)
    summer = dt.date(today.year if today.month > 7 else today.year - 1, 7, 22)
    closures.add_closure(session, school.id, closed_from=summer, reopens_on=summer + dt.timedelta(days=42),
                         note="Summer holiday", actor=officer)  # fmt: skip
    providers[3].setting_id = school.id


def _answer_surveys(services, today: dt.date) -> None:
    """About half the year's surveys answered (seeded), a few days after they were sent."""
    import random

    from casework.workflow import feedback

    rng = random.Random(16)
    with services.session_factory() as s:
        manager = s.execute(select(Staff.id).where(Staff.role == "manager").order_by(Staff.id)).scalars().first()
    tone = {
        "went_well": ["Our officer rang back the same day.", "The meeting listened to our son.", None],
        "could_be_better": ["The letters were hard to follow.", "We waited a long time for the draft.", None],
    }
    with services.session_factory() as s:
        conn = s.connection()
        sent = conn.execute(select(feedback.surveys_t).where(feedback.surveys_t.c.answered_on.is_(None))).all()
        for survey in sent:
            answered_on = survey.sent_on + dt.timedelta(days=rng.randint(1, 12))
            if rng.random() > 0.5 or answered_on > today:
                continue
            form = {key: str(rng.choices((5, 4, 3, 2, 1), (3, 4, 2, 1, 1))[0]) for key in feedback.STATEMENT_KEYS}
            form.update({k: rng.choice(v) for k, v in tone.items()}, may_quote=rng.choice(("yes", "")))
            response_id = feedback.answer(conn, survey.id, form, answered_on)
            _tag(conn, response_id, form, manager, answered_on + dt.timedelta(days=7), today)
        s.commit()


THEMES_FOR = {  # "you said, we did" in the demo: the manager tags what families wrote
    "Our officer rang back the same day.": ("Access to the officer", ""),
    "The meeting listened to our son.": ("Listening to the child and family", ""),
    "The letters were hard to follow.": ("Letters and paperwork", "Decision letters rewritten in plain English."),
    "We waited a long time for the draft.": ("Timeliness", "A weekly check of drafts due in the next fortnight."),
}


def _tag(conn, response_id: int, form: dict, manager: int | None, on: dt.date, today: dt.date) -> None:
    from casework.workflow import you_said

    said = [THEMES_FOR[t] for t in (form.get("went_well"), form.get("could_be_better")) if t in THEMES_FOR]
    if said and manager is not None and on <= today:
        actor = engine.Actor("staff", manager, "manager")
        you_said.tag(conn, response_id, [t for t, _ in said], " ".join(a for _, a in said if a),
                     allowed=you_said.THEMES, actor=actor, today=on)  # fmt: skip


def _demo_document(session, services, advice_id: int) -> None:
    """A small PDF beside the advice, as an advice-giver would attach it."""
    from pathlib import Path

    from casework.models import AdviceDocument
    from casework.web import uploads  # noqa: F401  (the demo may use the pages' upload checks)

    checked = uploads.check("School SEN support plan.pdf", _demo_pdf())
    stored = uploads.store(Path(services.config.upload_dir), advice_id, checked)
    session.add(
        AdviceDocument(
            advice_request_id=advice_id, filename=checked.filename, content_type=checked.content_type,
            size=len(checked.data), sha256=checked.sha256, stored_as=stored,
        )
    )  # fmt: skip
