"""Family feedback in a real browser (issue 16), each page checked with axe: a parent answers the
survey from the link in their email on a phone-sized screen (375 px), gets the error summary when
nothing is answered, keeps what they typed, and sends their answers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.browser.conftest import check_accessibility, set_today
from tests.browser.test_journeys import sign_in, submit

REQUIRED = ("parent", "education", "health", "psychology", "social_care")


@pytest.fixture(scope="module")
def survey_link(server):
    """A final plan issued for a child whose parent has email: the survey email's link."""
    from casework.models import Child, Contact, Staff
    from casework.workflow import advice, engine, opening
    from casework.workflow.families import initial_family, place_new_child

    system = engine.Actor.system()
    set_today("2026-01-05")
    with server.services.session_factory() as s:
        officer = s.execute(select(Staff).where(Staff.email == "priya@council.example")).scalar_one()
        contact = Contact(name="Maya Reid", email="maya@example.org", email_normalised="maya@example.org")
        child = Child(given_name="Noah", family_name="Reid", date_of_birth=dt.date(2017, 6, 1),
                      family_id=initial_family(s, ["maya@example.org"], [], None), contacts=[contact])  # fmt: skip
        s.add(child)
        place_new_child(s, child, None, system)
        case_id = opening.open_case(s, "assessment", child.id, received=dt.date(2026, 1, 5), actor=system,
                                    officer_id=officer.id).case_id  # fmt: skip
        s.commit()
    steps = (("decided_to_assess", "2026-02-02"), ("decided_to_issue", "2026-04-01"), ("draft_issued", "2026-04-10"),
             ("final_issued", "2026-05-05"))  # fmt: skip
    for event_type, day in steps:
        set_today(day)
        with server.services.session_factory() as s:
            if event_type == "decided_to_issue":
                for kind in REQUIRED:
                    advice.advice_not_needed(s, case_id, advice_type=kind, reason="Not about advice",
                                             decided_on=dt.date.fromisoformat(day), actor=system)  # fmt: skip
            result = engine.record(s, case_id, event_type, dt.date.fromisoformat(day), actor=system)
            engine.commit(s, result, server.services.dispatch)
    (message,) = server.outbox_text("family_survey-email", wait_for=1)
    return re.search(r"http://127\.0\.0\.1:\d+/survey/\S+", message).group(0)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)  # axe is injected
    pg = context.new_page()
    yield pg
    context.close()


def test_an_officer_can_type_in_a_paper_survey_the_family_posted_back(phone, server, survey_link):
    """Before the family answers online: the case page offers the paper form, which passes axe at
    phone width (the family's answers are typed in exactly as written; tested in the integration)."""
    from casework.models import Survey

    set_today("2026-05-07")
    with server.services.session_factory() as s:
        survey = s.execute(select(Survey)).scalars().first()
    sign_in(phone, server, axe=False)
    phone.goto(f"{server.url}/cases/{survey.case_id}")
    phone.get_by_role("link", name="Type in a paper survey the family posted back").click()
    assert "A paper survey posted back" in phone.locator("h1").inner_text()
    assert "Stop sending me surveys" not in phone.locator("main").inner_text()
    check_accessibility(phone)


def test_a_parent_answers_the_survey_on_a_phone(phone, server, survey_link):
    set_today("2026-05-07")
    phone.goto(survey_link)
    assert "token" not in phone.url  # exchanged for a clean address
    check_accessibility(phone)
    main = phone.locator("main").inner_text()
    assert "I was kept informed about what was happening" in main and "Noah" not in main
    submit(phone, "Send answers")  # nothing answered: the error summary names the first question
    summary = phone.locator(".govuk-error-summary")
    assert "Answer at least one question" in summary.inner_text()
    check_accessibility(phone)
    phone.get_by_label("What could be better?").fill("The letters used words we did not know.")
    phone.get_by_label("What went well?").fill("x" * 2001)  # too long: the error names the field
    submit(phone, "Send answers")
    assert "2,000 characters or fewer" in phone.locator(".govuk-error-summary").inner_text()
    assert phone.get_by_label("What could be better?").input_value() == "The letters used words we did not know."
    check_accessibility(phone)
    phone.locator("#informed-2").check()  # "Agree" (the scale runs from strongly agree)
    phone.get_by_label("What went well?").fill("Our officer explained every step.")
    submit(phone, "Send answers")
    assert "Thank you" in phone.locator("main").inner_text()
    check_accessibility(phone)
    from casework.models import FeedbackResponse

    with server.services.session_factory() as s:
        [answer] = s.execute(select(FeedbackResponse)).scalars().all()
        assert (answer.q_informed, answer.q_contact, answer.went_well) == (4, None, "Our officer explained every step.")


def test_an_answered_survey_cannot_be_answered_again(phone, server, survey_link):
    from casework.models import Survey
    from casework.notifications.links import survey_url

    set_today("2026-05-07")
    with server.services.session_factory() as s:
        survey_ids = s.execute(select(Survey.id)).scalars().all()
    # the answered survey cannot be answered again; a fresh link for it says so
    phone.goto(survey_url(server.url, server.config.secret_key, survey_ids[0]))
    assert "already been answered" in phone.locator("main").inner_text()
    check_accessibility(phone)
