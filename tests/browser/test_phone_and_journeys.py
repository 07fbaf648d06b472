"""More journeys in a real browser, each page checked with axe, for markup shown as text and for
sideways scrolling:
- at 375 px (a phone): the queue, the case page and the portal pages never scroll sideways (WCAG 1.4.10);
- an advice-giver sends advice through their private link; the officer reads it and downloads its document;
- another advice-giver cannot provide theirs and says so; the officer sees the returned request;
- a family without email signs in with a code sent by text and reads the messages the council sent them;
- a manager lands on the whole team's queue, moves a case to another officer, and changes a caseload."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.browser.conftest import PASSWORD, check_accessibility, set_today
from tests.browser.test_journeys import follow, sign_in, submit
from tests.fakes import documents

PDF = documents.pdf()  # a real, plain PDF (uploads are opened and checked)


@pytest.fixture(scope="module")
def cases(server):
    """A family with email (an assessment with advice asked for) and one without (texts and letters)."""
    from casework.models import Child, Contact, Provider, Staff
    from casework.workflow import advice, engine, opening
    from casework.workflow.accounts import hash_password
    from casework.workflow.families import initial_family, place_new_child

    set_today("2026-03-20")
    system = engine.Actor.system()
    with server.services.session_factory() as s:
        s.add(Staff(email="tom@council.example", name="Tom Okafor", role="officer", phone="01632 960102",
                    password_hash=hash_password(PASSWORD)))  # fmt: skip
        priya = s.execute(select(Staff).where(Staff.email == "priya@council.example")).scalar_one()
        priya.phone = "01632 960101"
        out = {}
        for given, contact in (
            ("Amira", Contact(name="Sara Khan", email="sara@example.org", email_normalised="sara@example.org")),
            ("Lily", Contact(name="Anna Nowak", phone="07700 900456", phone_e164="+447700900456",
                             preferred_channel="sms", address="14 Mill Lane\nNorthtown", postcode="NT1 4AB")),
        ):  # fmt: skip
            child = Child(given_name=given, family_name="Test", date_of_birth=dt.date(2016, 4, 2),
                          family_id=initial_family(s, [contact.email_normalised], [contact.phone_e164], None),
                          contacts=[contact])  # fmt: skip
            s.add(child)
            place_new_child(s, child, None, system)
            r = opening.open_case(s, "assessment", child.id, received=dt.date(2026, 1, 5), actor=system,
                                  officer_id=priya.id)  # fmt: skip
            out[given] = r.case_id
        engine.record(s, out["Amira"], "decided_to_assess", dt.date(2026, 1, 19), actor=system)
        providers = s.execute(select(Provider).order_by(Provider.id)).scalars().all()
        out["advice"] = [
            advice.request_advice(s, out["Amira"], advice_type=p.advice_type, provider_id=p.id,
                                  requested_on=dt.date(2026, 1, 19), actor=system)[1]
            for p in providers
        ]  # fmt: skip
        s.commit()
    return out


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)  # axe is injected
    pg = context.new_page()
    yield pg
    context.close()


def test_at_375_pixels_nothing_scrolls_sideways(phone, server, cases):
    set_today("2026-03-20")
    sign_in(phone, server)
    check_accessibility(phone)  # the queue
    assert phone.locator("[data-queue] tbody tr").count() == 2
    for case in (cases["Amira"], cases["Lily"]):
        phone.goto(f"{server.url}/cases/{case}")
        check_accessibility(phone)
        phone.goto(f"{server.url}/cases/{case}/print")
        check_accessibility(phone)
    # the family's pages, signed in by email link
    phone.goto(f"{server.url}/portal/sign-in")
    check_accessibility(phone)
    phone.fill("#email", "sara@example.org")
    submit(phone, "Email me a link")
    (message,) = server.outbox_text("portal_sign_in-email", wait_for=1)
    phone.goto(re.search(r"http://127\.0\.0\.1:\d+/portal/sign-in/\S+", message).group(0))
    submit(phone, "Sign in")
    phone.wait_for_url(f"{server.url}/portal/")
    check_accessibility(phone)
    follow(phone, phone.get_by_role("link", name="Amira Test"))
    check_accessibility(phone)
    follow(phone, phone.get_by_role("button", name="Add your views or a document"))
    check_accessibility(phone)


def test_an_advice_giver_sends_advice_and_the_officer_reads_it(page, server, cases):
    from casework.notifications.links import advice_url

    set_today("2026-03-20")
    link = advice_url(server.url, server.config.secret_key, cases["advice"][0])
    page.goto(link)
    check_accessibility(page)
    assert "This advice is 18 days late" in page.locator("main").inner_text()
    assert "Priya Shah" in page.locator("main").inner_text() and "01632 960101" in page.locator("main").inner_text()
    submit(page, "Send advice")
    assert "Enter your name and role" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)
    page.fill("#submitted_by", "Dr Jones, community paediatrician")
    page.fill("#advice_text", "Amira needs a quiet space.\nShe tires by the afternoon.")
    page.set_input_files("#documents", files=[{"name": "Report.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    submit(page, "Send advice")
    assert "Advice sent" in page.content()
    check_accessibility(page)
    # a second advice-giver cannot provide theirs
    page.goto(advice_url(server.url, server.config.secret_key, cases["advice"][1]))
    page.locator("summary", has_text="Tell us you cannot provide it").click()
    page.check("#reason")
    page.fill("#returned_by", "Ella Price, EP service")
    submit(page, "Return the request")
    assert "Request returned" in page.content()
    check_accessibility(page)
    # the officer reads both on the case page, and downloads the document
    sign_in(page, server)
    page.goto(f"{server.url}/cases/{cases['Amira']}")
    check_accessibility(page)
    main = page.locator("main").inner_text()
    assert "Amira needs a quiet space." in main and "Dr Jones, community paediatrician" in main
    assert re.search(r"Health advice received from Community Paediatrics", main)
    assert "The child is not known to them" in main
    with page.expect_download() as download:
        page.get_by_role("link", name="Report.pdf").click()
    assert download.value.suggested_filename == "Report.pdf"


def test_a_family_without_email_signs_in_with_a_code_by_text(page, server, cases):
    set_today("2026-03-20")
    page.goto(f"{server.url}/portal/sign-in")
    follow(page, page.get_by_role("link", name="sign in with a code sent by text message"))
    check_accessibility(page)
    page.fill("#phone", "07700 900456")
    submit(page, "Text me a code")
    check_accessibility(page)
    (message,) = server.outbox_text("portal_sign_in_code-sms", wait_for=1)
    code = re.search(r"code is (\d{6})", message).group(1)
    page.fill("#code", code)
    submit(page, "Sign in")
    page.wait_for_url(f"{server.url}/portal/")
    check_accessibility(page)
    assert "Next:" in page.locator("main").inner_text()
    follow(page, page.get_by_role("link", name="Lily Test"))
    check_accessibility(page)
    main = page.locator("main").inner_text()
    assert "Messages we have sent you" in main and "The law says by" in main and "IPSEA" in main
    page.locator("[data-message] summary").first.click()
    assert (
        "We have also posted you a letter" in page.locator("[data-message]").first.inner_text()
    )  # the letter: under Letters once posted


def test_a_manager_moves_a_case_and_changes_a_caseload(page, server, cases):
    from casework.workflow.accounts import hash_password  # noqa: F401

    set_today("2026-03-20")
    sign_in(page, server, email="helen@council.example")
    assert "Whole team's queue" in page.locator("h1").inner_text()
    check_accessibility(page)
    page.goto(f"{server.url}/cases/{cases['Lily']}")
    page.locator("summary", has_text="Change the case officer").click()
    page.select_option("#officer-officer_id", label="Tom Okafor")
    page.fill("#officer-reason", "Priya is on leave")
    submit(page, "Change officer")
    assert "Case officer changed" in page.content()
    check_accessibility(page)
    page.goto(f"{server.url}/caseloads")
    check_accessibility(page)
    follow(page, page.get_by_role("link", name="Change Tom Okafor"))
    check_accessibility(page)
    page.fill("#capacity", "30")
    submit(page, "Save changes")
    assert "Tom Okafor: changes saved." in page.content()
    check_accessibility(page)
