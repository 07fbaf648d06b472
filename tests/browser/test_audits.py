"""A health auditor completes an audit on a phone-sized screen (375 px): their list, the form with how
the plan was made beside it, an error for a section left ungraded (what was typed is kept), then the
audit sent and its overall grade; each page checked with axe, for markup shown as text and for
sideways scrolling. Then the manager's audits page and the dashboard's plan quality."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.browser.conftest import PASSWORD, check_accessibility, set_today
from tests.browser.test_journeys import submit


@pytest.fixture(scope="module")
def audit_world(server):
    from casework.models import Child, Contact, Staff
    from casework.workflow import engine, opening
    from casework.workflow.accounts import hash_password
    from casework.workflow.families import initial_family, place_new_child
    from casework.workflow.quality import audits

    set_today("2026-04-02")
    system = engine.Actor.system()
    with server.services.session_factory() as s:
        priya = s.execute(select(Staff).where(Staff.email == "priya@council.example")).scalar_one()
        priya.team = "North"
        s.add(Staff(email="asha@nhs.example", name="Dr Asha Patel", role="auditor", agency="health",
                    password_hash=hash_password(PASSWORD)))  # fmt: skip
        contact = Contact(name="Sara Khan", email="sara@example.org", email_normalised="sara@example.org")
        child = Child(given_name="Amira", family_name="Khan", date_of_birth=dt.date(2016, 4, 2),
                      family_id=initial_family(s, ["sara@example.org"], [None], None), contacts=[contact])  # fmt: skip
        s.add(child)
        place_new_child(s, child, None, system)
        case_id = opening.open_case(s, "assessment", child.id, received=dt.date(2026, 1, 5), actor=system,
                                    officer_id=priya.id).case_id  # fmt: skip
        engine.record(s, case_id, "decided_to_assess", dt.date(2026, 1, 19), actor=system)
        for kind in ("parent", "education", "health", "psychology", "social_care"):
            engine.record(s, case_id, "advice_not_needed", dt.date(2026, 1, 20), actor=system,
                          details={"advice_type": kind, "reason": "Settled for a browser test"})  # fmt: skip
        engine.record(s, case_id, "decided_to_issue", dt.date(2026, 3, 1), actor=system)
        engine.record(s, case_id, "draft_issued", dt.date(2026, 3, 2), actor=system)
        engine.record(s, case_id, "final_issued", dt.date(2026, 3, 20), actor=system)
        helen = s.execute(select(Staff).where(Staff.email == "helen@council.example")).scalar_one()
        audits.draw_sample(s, "2026-03", actor=engine.Actor("staff", helen.id, "manager"), percent=100,
                           moderation_percent=0, today=dt.date(2026, 4, 2))  # fmt: skip
        s.commit()
    return case_id


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)  # axe is injected
    pg = context.new_page()
    yield pg
    context.close()


def test_a_health_auditor_completes_an_audit_on_a_phone(phone, server, audit_world):
    page = phone
    page.goto(f"{server.url}/sign-in")
    page.fill("#email", "asha@nhs.example")
    page.fill("#password", PASSWORD)
    submit(page, "Sign in")
    page.wait_for_url(f"{server.url}/audits")
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Amira Khan").click()
    assert page.locator("[data-plan-made]").is_visible()
    check_accessibility(page)
    for section in "ABCDEFGHIK":
        page.locator(f"#grade-{section}").check()  # the first radio of each: outstanding
    page.locator("#grade-J-5").check()  # J: not applicable
    page.locator("#grade-E-4").check()  # E inadequate (limiting)
    page.fill("#comment-E1", "Two outcomes have no date.")
    page.evaluate("document.querySelectorAll('input[name=grade-K]').forEach(i => i.checked = false)")
    submit(page, "Send audit")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#comment-E1") == "Two outcomes have no date."
    check_accessibility(page)
    page.locator("#grade-K-2").check()  # good
    submit(page, "Send audit")
    page.wait_for_url(f"{server.url}/audits")
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Amira Khan").click()
    assert "Overall: Requires improvement" in page.locator("[data-overall]").inner_text()
    check_accessibility(page)
    assert page.goto(f"{server.url}/queue").status == 403


def test_the_manager_sees_the_audit_and_the_dashboard(page, server, audit_world):
    page.goto(f"{server.url}/sign-in")
    page.fill("#email", "helen@council.example")
    page.fill("#password", PASSWORD)
    submit(page, "Sign in")
    page.goto(f"{server.url}/audits?month=2026-03")
    assert "seed" in page.locator("[data-sample-seed]").inner_text()
    check_accessibility(page)
    page.goto(f"{server.url}/dashboard/measures/plan_quality?month=2026-04")
    assert "Plan audits completed" in page.locator("body").inner_text()
    check_accessibility(page)
