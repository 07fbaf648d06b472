"""The managers' dashboard in a real browser, with axe on every page: the month's figures on both
bases, a number's cases, a measure's page, a red figure's exception report, the providers' view,
setting a target; and an officer's own figures. Nothing needs JavaScript."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, set_today
from tests.browser.test_journeys import follow, sign_in, submit

STEPS = (("decided_to_assess", 30), ("decided_to_issue", 80), ("draft_issued", 100))


def _seed(server) -> None:
    """December 2025: two final plans, on day 140 and day 160; advice from the paediatricians late."""
    from sqlalchemy import select

    from casework.models import Child, Contact, Family, Provider
    from casework.workflow import advice, engine, opening

    actor = engine.Actor.system()
    with server.services.session_factory() as s:
        paeds = s.execute(select(Provider.id).where(Provider.advice_type == "health")).scalar_one()
        for n, (received, final) in enumerate(((dt.date(2025, 7, 28), 140), (dt.date(2025, 7, 14), 160))):
            family = Family()
            s.add(family)
            s.flush()
            child = Child(given_name=f"Robin{n}", family_name="Ashby", date_of_birth=dt.date(2015, 5, 1),
                          family_id=family.id, contacts=[Contact(name="Parent", email=f"ashby{n}@example.org")])  # fmt: skip
            s.add(child)
            s.flush()
            case = opening.open_case(s, "assessment", child.id, received=received, actor=actor, today=received).case_id
            for type_, days in STEPS:
                on = received + dt.timedelta(days=days)
                engine.record(s, case, type_, on, actor=actor, today=on)
                if type_ == "decided_to_assess":
                    _r, advice_id = advice.request_advice(s, case, advice_type="health", provider_id=paeds,
                                                          requested_on=on, actor=actor, today=on)  # fmt: skip
                    back = on + dt.timedelta(days=45)
                    advice.advice_received(s, advice_id, back, actor=actor, today=back)
                    for other in ("parent", "education", "psychology", "social_care"):  # settled: not this test's
                        engine.record(s, case, "advice_not_needed", on, actor=actor, today=on,
                                      details={"advice_type": other, "reason": "Settled for the test"})  # fmt: skip
            on = received + dt.timedelta(days=final)
            engine.record(s, case, "final_issued", on, actor=actor, today=on)
        s.commit()


def test_a_manager_reads_the_dashboard_and_sets_a_target(page, server):
    set_today("2026-01-05")
    _seed(server)
    sign_in(page, server, "helen@council.example")
    follow(page, page.get_by_role("link", name="Dashboard"))
    check_accessibility(page)
    page.select_option("#month", "2025-12")
    submit(page, "Show figures")
    row = page.locator('[data-indicator="plans_within_20_weeks"]')
    expect(row).to_contain_text("50%")
    expect(row).to_contain_text("including exceptions")
    expect(page.locator('[data-indicator="plans_within_20_weeks_ex"]')).to_contain_text("excluding exceptions")
    expect(page.locator("svg.app-chart title").first).to_have_text("Final plans issued within 20 weeks, by month")
    check_accessibility(page)

    follow(page, row.get_by_role("link").nth(2))  # "1 of 2": the 2
    expect(page.locator("[data-count]")).to_have_attribute("data-count", "2")
    expect(page.locator("[data-cases]")).to_contain_text("Robin0 Ashby")
    check_accessibility(page)

    page.goto(f"{server.url}/dashboard/targets")
    check_accessibility(page)
    page.fill("#target-plans_within_20_weeks", "80")
    page.fill("#pya-plans_within_20_weeks", "61.5")
    submit(page, "Save targets")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Targets saved")
    check_accessibility(page)

    page.goto(f"{server.url}/dashboard?month=2025-12")
    row = page.locator('[data-indicator="plans_within_20_weeks"]')
    expect(row).to_contain_text("Off target")
    expect(row).to_contain_text("61.5%")
    follow(page, row.get_by_role("link", name="Exception report"))
    expect(page.locator(".govuk-summary-card")).to_have_count(1)
    expect(page.locator(".govuk-summary-card")).to_contain_text("Robin1 Ashby")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Community Paediatrics (health): 3 days late")
    check_accessibility(page)

    page.goto(f"{server.url}/dashboard/measures/timeliness?month=2025-12")
    check_accessibility(page)
    page.goto(f"{server.url}/dashboard/providers?month=2025-12&advice_type=health")
    expect(page.locator('[data-provider="Community Paediatrics"]')).to_contain_text("0%")
    check_accessibility(page)
    page.goto(f"{server.url}/dashboard/measures/disputes")
    expect(page.locator("main")).to_contain_text("Not yet recorded")
    check_accessibility(page)


def test_an_officer_sees_their_own_figures(page, server):
    set_today("2026-01-05")
    sign_in(page, server, "priya@council.example")
    follow(page, page.get_by_role("link", name="My figures"))
    expect(page.locator("h1")).to_have_text("My figures")
    expect(page.locator("main")).not_to_contain_text("Set targets")
    check_accessibility(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    check_accessibility(page)
