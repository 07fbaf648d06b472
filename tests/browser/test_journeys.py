"""Journeys through the screens in a real browser, with axe checking each page:
- an officer takes a new request through to a final plan, and sees the queue reorder as deadlines approach;
- a parent signs in by link, sees two children, sees late advice flagged, and adds their views."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, check_accessibility, set_today


def follow(page, locator) -> None:
    """Follow a link (or a link styled as a button) and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def submit(page, name: str) -> None:
    """Press a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def fill_date(page, prefix: str, day: str) -> None:
    y, m, d = day.split("-")
    page.fill(f"#{prefix}-day", str(int(d)))
    page.fill(f"#{prefix}-month", str(int(m)))
    page.fill(f"#{prefix}-year", y)


def sign_in(page, server, email="priya@council.example", *, axe=True):
    page.goto(f"{server.url}/sign-in")
    if axe:
        check_accessibility(page)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    submit(page, "Sign in")
    page.wait_for_url(f"{server.url}/queue")


def new_request(page, server, given, family, email, received, dob="2016-04-02"):
    page.goto(f"{server.url}/queue")
    follow(page, page.get_by_role("button", name="New request"))
    page.fill("#given_name", given)
    page.fill("#family_name", family)
    fill_date(page, "date_of_birth", dob)
    page.fill("#contact_name", f"Parent of {given}")
    page.fill("#email", email)
    fill_date(page, "received_on", received)
    submit(page, "Record the request")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def record(page, event_label: str, prefix: str, day: str, **fields) -> None:
    page.locator("summary", has_text=event_label).first.click()
    fill_date(page, f"{prefix}-occurred_on", day)
    for field, value in fields.items():
        page.fill(f"#{prefix}-{field}", value)
    submit(page, f"Record: {event_label.lower()}")


def next_day(page, server, day: str) -> None:
    """Weeks pass: sessions have an absolute limit, so the officer signs in again that day."""
    set_today(day)
    sign_in(page, server)


def queue_order(page, server) -> list[str]:
    page.goto(f"{server.url}/queue")
    return [t.strip() for t in page.locator("[data-queue] tbody tr td:first-child a").all_inner_texts()]


def test_officer_new_request_to_final_plan_and_the_queue_reorders(page, server):
    set_today("2026-01-05")
    sign_in(page, server)
    check_accessibility(page)
    # a request with a mistake: the error summary names the field
    follow(page, page.get_by_role("button", name="New request"))
    check_accessibility(page)
    submit(page, "Record the request")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Enter the child's first name" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)

    amira = new_request(page, server, "Amira", "Khan", "sara.khan@example.org", "2026-01-02")
    check_accessibility(page)
    assert "Request recorded" in page.content()
    deadlines = page.locator("[data-deadlines]").inner_text()
    assert "Friday 13 February 2026" in deadlines  # 6 weeks from 2 Jan (reg 5(1))
    ben = new_request(page, server, "Ben", "Taylor", "taylor@example.org", "2026-01-05")
    assert queue_order(page, server) == ["Amira Khan", "Ben Taylor"]  # Amira's decision is due first
    check_accessibility(page)

    # nearer the deadlines: amber within a week, then overdue in red
    next_day(page, server, "2026-02-09")
    page.goto(f"{server.url}/queue")
    assert "4 days left" in page.locator("[data-queue]").inner_text()
    page.goto(f"{server.url}/cases/{amira}")
    record(page, "Decided to assess", "decided_to_assess", "2026-02-09")
    assert "Decided to assess: recorded." in page.content()
    # Amira's next deadline is now weeks away: Ben moves to the top
    assert queue_order(page, server) == ["Ben Taylor", "Amira Khan"]
    next_day(page, server, "2026-02-17")
    page.goto(f"{server.url}/queue")
    rows = page.locator("[data-queue] tbody tr").all_inner_texts()
    assert "Ben Taylor" in rows[0] and "Overdue 1 day" in rows[0]  # due Mon 16 Feb (6 weeks from 5 Jan)
    assert page.locator("[data-queue] tbody tr").first.locator(".govuk-tag--red").count() == 1

    # advice, then the plan: first refused while advice the law requires is missing (reg 6(1))
    page.goto(f"{server.url}/cases/{amira}")
    for advice_type, provider in (("health", "Community Paediatrics"), ("psychology", "Educational Psychology Service"),
                                  ("education", "St Mary's Primary School"), ("parent", "Family views")):  # fmt: skip
        page.locator("summary", has_text="Request advice").click()
        page.select_option("#advice-advice_type", advice_type)
        page.select_option("#advice-provider_id", label=provider)
        fill_date(page, "advice-requested_on", "2026-02-10")
        submit(page, "Request advice")
        assert "Advice requested" in page.content()
        if advice_type == "health":
            record(page, "Decided to issue a plan", "decided_to_issue", "2026-02-17")
            summary = page.locator(".govuk-error-summary").inner_text()
            assert "Required advice is missing" in summary and "social_care" in summary and "reg 6(1)" in summary
    check_accessibility(page)
    page.locator("summary", has_text="Record that required advice is not needed").click()
    page.select_option("#not_needed-advice_type", "social_care")
    page.fill("#not_needed-reason", "Not known to social care; the family agree.")
    submit(page, "Record as not needed")
    assert "Social care\tNot needed" in page.locator("[data-required-advice]").inner_text()
    check_accessibility(page)
    record(page, "Decided to issue a plan", "decided_to_issue", "2026-02-17")
    next_day(page, server, "2026-03-02")
    page.goto(f"{server.url}/cases/{amira}")
    record(page, "Draft plan served", "draft_issued", "2026-03-02")
    # too early for the final plan: the statutory reason is shown
    next_day(page, server, "2026-03-10")
    page.goto(f"{server.url}/cases/{amira}")
    record(page, "Final plan issued", "final_issued", "2026-03-10")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "reg 13(1)(a)" in summary and "Tuesday 17 March 2026" in summary
    check_accessibility(page)
    next_day(page, server, "2026-03-17")
    page.goto(f"{server.url}/cases/{amira}")
    record(page, "Final plan issued", "final_issued", "2026-03-17", named_setting="St Mary's Primary School")
    assert "Final plan issued: recorded." in page.content()
    stages = page.locator(".govuk-task-list").inner_text()
    assert stages.count("Done") == 6
    check_accessibility(page)
    assert "Amira Khan" not in queue_order(page, server)  # closed: off the queue
    assert ben


def test_parent_signs_in_by_link_sees_two_children_and_late_advice(page, server, browser):
    import datetime as dt

    from casework.models import Child, Contact, Provider
    from casework.workflow import advice, engine, opening
    from casework.workflow.families import initial_family, place_new_child

    set_today("2026-03-20")
    with server.services.session_factory() as s:
        kids = []
        for given, dob in (("Nadia", dt.date(2015, 5, 1)), ("Sami", dt.date(2018, 8, 9))):
            fam = initial_family(s, ["parent.ali@example.org"], [None], None)
            child = Child(
                given_name=given,
                family_name="Ali",
                date_of_birth=dob,
                family_id=fam,
                contacts=[
                    Contact(
                        name="Mariam Ali",
                        email="Parent.Ali@example.org",
                        email_normalised="parent.ali@example.org",
                        preferred_channel="email",
                    )
                ],
            )
            s.add(child)
            place_new_child(s, child, None, engine.Actor.system())
            kids.append(child)
        r = opening.open_case(s, "assessment", kids[0].id, received=dt.date(2026, 1, 5), actor=engine.Actor.system())
        engine.record(s, r.case_id, "decided_to_assess", dt.date(2026, 1, 19), actor=engine.Actor.system())
        provider = s.query(Provider).filter_by(advice_type="psychology").one()
        advice.request_advice(
            s,
            r.case_id,
            advice_type="psychology",
            provider_id=provider.id,
            requested_on=dt.date(2026, 1, 19),
            actor=engine.Actor.system(),
        )
        s.commit()
    page.goto(f"{server.url}/")
    check_accessibility(page)
    follow(page, page.get_by_role("button", name="Sign in to the parent portal"))
    check_accessibility(page)
    page.fill("#email", "parent.ali@example.org")
    submit(page, "Email me a link")
    assert "Check your email" in page.content()
    check_accessibility(page)
    (message,) = server.outbox_text("portal_sign_in-email", wait_for=1)
    link = re.search(r"http://127\.0\.0\.1:\d+/portal/sign-in/\S+", message).group(0)
    page.goto(link)
    check_accessibility(page)
    submit(page, "Sign in")
    page.wait_for_url(f"{server.url}/portal/")
    check_accessibility(page)
    names = page.locator("main h2 a").all_inner_texts()
    assert names == ["Nadia Ali", "Sami Ali"]
    follow(page, page.get_by_role("link", name="Nadia Ali"))
    check_accessibility(page)
    body = page.locator("main").inner_text()
    assert "What happens next" in body
    assert "Late by 18 days" in body and "We are chasing it" in body  # due 2 Mar 2026
    # the link cannot be used again, in another browser
    other = browser.new_context().new_page()
    other.goto(link)
    assert "does not work" in other.content()
    other.context.close()
    follow(page, page.get_by_role("button", name="Add your views or a document"))
    check_accessibility(page)
    submit(page, "Send")
    assert "Write your views" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)
    page.fill("#views", "Nadia loves drawing. Loud rooms are hard for her.")
    submit(page, "Send")
    assert "Your case officer can now see what you sent" in page.content()
    assert "Nadia loves drawing" in page.content()
    check_accessibility(page)


def test_pages_keep_to_the_content_security_policy(browser, server):
    """With the policy enforced (no bypass), the pages break none of it, and GOV.UK Frontend's
    scripts still run (the one inline script is allowed by its hash)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        set_today("2026-01-05")
        for path in ("/", "/sign-in", "/portal/sign-in", "/accessibility"):
            page.goto(f"{server.url}{path}")
            assert "js-enabled" in (page.locator("body").get_attribute("class") or "")
        sign_in(page, server, axe=False)
        page.goto(f"{server.url}/queue")
        page.goto(f"{server.url}/requests/new")
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert violations == []
        headers = page.request.get(f"{server.url}/queue").headers
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    finally:
        context.close()


def test_an_officer_reads_how_a_deadline_was_worked_out(page, server):
    """The case page shows each deadline's working: the start, the rule, the arithmetic and the bank
    holiday that moved the practical date (statutory.md 2.3; worked example 1)."""
    set_today("2026-01-05")
    sign_in(page, server, axe=False)
    case = new_request(page, server, "Leo", "Marsh", "marsh@example.org", "2026-01-05")
    working = page.locator('[data-working="final_plan"]')
    working.locator("summary").click()
    text = working.inner_text()
    assert "Started\tMonday 5 January 2026: the request was received" in text
    assert "Rule\tA7 Final plan issued: 20 weeks after (SEND Regulations 2014, reg 13(2))" in text
    assert "20 weeks after Monday 5 January 2026 (the day it started is not counted) is Monday 25 May 2026." in text
    assert "Monday 25 May 2026 is a bank holiday (Spring Bank Holiday)" in text
    assert "the last working day before the due date is Friday 22 May 2026" in text
    assert "Advice the law requires" in page.content()
    check_accessibility(page)
    # a refusal, then the dispute about it, started from the case page
    record(page, "Decided not to assess", "decided_not_to_assess", "2026-01-05", reason="Needs met at SEN support.")
    page.locator("summary", has_text="Record mediation or an appeal about a decision").click()
    submit(page, "Record mediation or an appeal")
    assert "Mediation and appeal" in page.content() and f"case {case})" in page.content()
    appeal = page.locator('[data-working="appeal"]')
    appeal.locator("summary").click()
    assert "2 months after Monday 5 January 2026" in appeal.inner_text()
    check_accessibility(page)
    page.goto(f"{server.url}/closures")
    check_accessibility(page)
