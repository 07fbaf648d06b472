"""The HTML pages through HTTP: sign-in, CSRF, forms and their errors, and who can reach what.
A signed-out visitor reaches nothing but the sign-in pages; a parent never reaches another
family's child, whatever id they put in any URL."""

from __future__ import annotations

import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import OutboxMessage
from tests.conftest import PASSWORD


def token_in(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def sign_in(client, email, password=PASSWORD):
    page = client.get("/sign-in").get_data(as_text=True)
    return client.post("/sign-in", data={"csrf_token": token_in(page), "email": email, "password": password})


def sent_link(services, row) -> str:
    """The sign-in link as the parent got it: from the delivered message (the outbox row keeps no
    link once it is sent)."""
    message = (services.config.outbox_dir / f"{row.id:08d}-email-portal_sign_in-email.txt").read_text()
    assert "link" not in row.personalisation
    return re.search(r"http://127\.0\.0\.1:5000(/portal/sign-in/\S+)", message).group(1)


def portal_sign_in(client, services, email="sara.khan@example.org"):
    page = client.get("/portal/sign-in").get_data(as_text=True)
    r = client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": email})
    assert r.status_code == 200 and "Check your email" in r.get_data(as_text=True)
    services.later.wait()  # the link is looked for and sent off the request thread
    with services.session_factory() as s:
        row = (
            s.execute(
                select(OutboxMessage)
                .where(OutboxMessage.template == "portal_sign_in.email")
                .order_by(OutboxMessage.id.desc())
            )
            .scalars()
            .first()
        )
    link = sent_link(services, row)
    r = client.get(link)  # the token is exchanged for the session and a clean URL
    assert r.status_code == 302 and r.headers["Location"] == "/portal/sign-in/confirm"
    confirm = client.get("/portal/sign-in/confirm").get_data(as_text=True)
    r = client.post("/portal/sign-in/confirm", data={"csrf_token": token_in(confirm)})
    assert r.status_code == 302 and r.headers["Location"].endswith("/portal/")
    return link


@pytest.fixture
def world(api, make_child, make_provider, staff, seek_advice):
    """Two families: the Khans (two children, one open assessment with advice) and the Bennetts."""
    with freeze_time("2026-03-02"):
        amira = make_child()
        yusuf = make_child(given_name="Yusuf", date_of_birth="2019-09-14")
        other = make_child(
            given_name="Oliver",
            family_name="Bennett",
            contacts=[{"name": "James Bennett", "email": "j.bennett@example.org"}],
        )
        case = api.post("/api/v1/assessments", json={"child_id": amira["id"], "received_on": "2026-01-05"}).get_json()
        api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-19"})
        p = make_provider()
        advice = api.post(
            f"/api/v1/cases/{case['id']}/advice-requests",
            json={"advice_type": "health", "provider_id": p["id"], "requested_on": "2026-01-19"},
        ).get_json()
        other_case = api.post(
            "/api/v1/assessments", json={"child_id": other["id"], "received_on": "2026-02-02"}
        ).get_json()
    return {
        "amira": amira, "yusuf": yusuf, "other": other, "case": case, "other_case": other_case, "advice": advice,
        "seek": seek_advice,
    }  # fmt: skip


def _routes(app, world):
    """Every HTML route (not the API, not static files) with real ids filled in."""
    ids = {"case_id": world["case"]["id"], "child_id": world["amira"]["id"], "advice_id": world["advice"]["id"]}
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api", "/static")):
            continue
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<id:{name}>", str(value))
        path = path.replace("<token>", "not-a-real-token")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, path))
    return out


PUBLIC = {
    "/",
    "/sign-in",
    "/portal/sign-in",
    "/portal/sign-in/text",
    "/accessibility",
    "/privacy",
    "/sign-out",
    "/portal/sign-out",
}


def test_signed_out_visitor_reaches_nothing_but_the_sign_in_pages(app, world):
    client = app.test_client()
    seen = 0
    for method, path in _routes(app, world):
        r = client.open(path, method=method)
        seen += 1
        if path in PUBLIC and method == "GET":
            assert r.status_code == 200, path
            continue
        body = r.get_data(as_text=True)
        assert r.status_code in (302, 400, 403, 404, 410), (method, path, r.status_code)
        if r.status_code == 302:
            assert r.headers["Location"].split("?")[0] in ("/sign-in", "/portal/sign-in", "/portal/sign-in/text"), (
                method,
                path,
            )
        assert "Amira" not in body and "Khan" not in body, (method, path)
    assert seen >= 15


@freeze_time("2026-03-02")
def test_staff_sign_in_errors_rate_limit_and_sign_out(app, passwords, staff):
    client = app.test_client()
    r = client.post("/sign-in", data={"email": "officer@council.example", "password": PASSWORD})
    assert r.status_code == 400 and "could not be sent" in r.get_data(as_text=True)  # no CSRF token
    page = client.get("/sign-in").get_data(as_text=True)
    r = client.post("/sign-in", data={"csrf_token": token_in(page), "email": "", "password": ""})
    body = r.get_data(as_text=True)
    assert (
        r.status_code == 400 and "There is a problem" in body and 'href="#email"' in body and 'href="#password"' in body
    )
    assert sign_in(client, "officer@council.example", "wrong").status_code == 400
    r = sign_in(client, "officer@council.example")
    assert r.status_code == 302 and r.headers["Location"] == "/queue"
    assert "Your queue" in client.get("/queue").get_data(as_text=True)
    out = client.get("/sign-out").get_data(as_text=True)
    assert client.post("/sign-out", data={"csrf_token": token_in(out)}).status_code == 302
    assert client.get("/queue").status_code == 302
    other = app.test_client()
    for _ in range(10):
        sign_in(other, "officer2@council.example", "wrong")
    r = sign_in(other, "officer2@council.example")  # right password, but too many attempts
    assert r.status_code == 400 and "Too many failed attempts" in r.get_data(as_text=True)


@freeze_time("2026-03-02")
def test_queue_and_case_page_forms(app, passwords, world, staff):
    client = app.test_client()
    holder = world["case"]["officer"]["id"]
    email = "officer@council.example" if holder == staff["officer"]["id"] else "officer2@council.example"
    sign_in(client, email)
    queue = client.get("/queue").get_data(as_text=True)
    assert "Amira Khan" in queue and "Tell the family if there will be no plan" in queue
    assert client.get("/queue?q=H801200001001").status_code == 200
    other_id = staff["officer2"]["id"] if holder == staff["officer"]["id"] else staff["officer"]["id"]
    assert client.get(f"/queue?officer={other_id}").status_code == 403
    url = f"/cases/{world['case']['id']}"
    page = client.get(url).get_data(as_text=True)
    for text in (
        "Statutory deadlines",
        "reg 5(1)",
        "Decided to issue a plan",
        "Request advice",
        "Community Paediatrics",
    ):
        assert text in page
    assert (
        "Final plan issued" not in re.sub(r"<[^>]+>", " ", page.split("Record what happened")[1]).split("Timeline")[0]
    )
    csrf = token_in(page)
    # a bad date names the field; nothing is recorded
    r = client.post(
        f"{url}/events",
        data={
            "csrf_token": csrf,
            "type": "decided_to_issue",
            "version": "2",
            "decided_to_issue-occurred_on-day": "31",
            "decided_to_issue-occurred_on-month": "2",
            "decided_to_issue-occurred_on-year": "2026",
        },
    )
    assert r.status_code == 400 and 'href="#decided_to_issue-occurred_on-day"' in r.get_data(as_text=True)
    assert "must be a real date" in r.get_data(as_text=True)
    # a reason is required to decide not to issue
    r = client.post(
        f"{url}/events",
        data={
            "csrf_token": csrf,
            "type": "decided_not_to_issue",
            "version": "3",
            "decided_not_to_issue-occurred_on-day": "2",
            "decided_not_to_issue-occurred_on-month": "3",
            "decided_not_to_issue-occurred_on-year": "2026",
        },
    )
    assert r.status_code == 400 and 'href="#decided_not_to_issue-reason"' in r.get_data(as_text=True)
    # stale version -> conflict shown, not overwritten
    r = client.post(
        f"{url}/events",
        data={
            "csrf_token": csrf,
            "type": "decided_to_issue",
            "version": "1",
            "decided_to_issue-occurred_on-day": "2",
            "decided_to_issue-occurred_on-month": "3",
            "decided_to_issue-occurred_on-year": "2026",
        },
    )
    assert r.status_code == 400 and "has changed since you loaded it" in r.get_data(as_text=True)
    # only health advice was asked for: the decision is refused, naming what reg 6(1) still requires
    issue = {
        "csrf_token": csrf,
        "type": "decided_to_issue",
        "version": "3",
        "decided_to_issue-occurred_on-day": "2",
        "decided_to_issue-occurred_on-month": "3",
        "decided_to_issue-occurred_on-year": "2026",
    }
    r = client.post(f"{url}/events", data=issue)
    body = r.get_data(as_text=True)
    assert r.status_code == 400 and "Required advice is missing" in body and "reg 6(1)" in body
    assert 'data-advice-type="social_care"' in body and "Record that required advice is not needed" in body
    # the form needs a reason; then each missing advice is recorded as not needed (the rest asked for by API)
    r = client.post(f"{url}/advice-not-needed", data={"csrf_token": csrf, "version": "3",
                                                      "not_needed-advice_type": "social_care"})  # fmt: skip
    assert r.status_code == 400 and 'href="#not_needed-reason"' in r.get_data(as_text=True)
    r = client.post(
        f"{url}/advice-not-needed",
        data={"csrf_token": csrf, "version": "3", "not_needed-advice_type": "social_care",
              "not_needed-reason": "Not known to social care; the family agree."},
    )  # fmt: skip
    assert r.status_code == 302
    world["seek"](world["case"]["id"], "2026-03-02", types=("parent", "education", "psychology"))
    page = client.get(url).get_data(as_text=True)
    assert "Not known to social care; the family agree." in page and "Not needed" in page
    csrf = token_in(page)
    r = client.post(
        f"{url}/events",
        data={
            "csrf_token": csrf,
            "type": "decided_to_issue",
            "version": "7",
            "decided_to_issue-occurred_on-day": "2",
            "decided_to_issue-occurred_on-month": "3",
            "decided_to_issue-occurred_on-year": "2026",
        },
    )
    assert r.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Decided to issue a plan: recorded." in page and "Writing the draft plan" in page
    # an exception needs a reason, deadlines and a note
    r = client.post(f"{url}/exception", data={"csrf_token": csrf})
    body = r.get_data(as_text=True)
    assert r.status_code == 400 and "#exception-reason" in body and "#exception-note" in body
    # an event not allowed now is refused
    assert client.post(f"{url}/events", data={"csrf_token": csrf, "type": "made_up"}).status_code == 400


@freeze_time("2026-03-20")
def test_portal_sign_in_by_link_sees_own_children_only(app, services, world):
    client = app.test_client()
    # an unknown address gets the same answer and no email
    page = client.get("/portal/sign-in").get_data(as_text=True)
    r = client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": "nobody@example.org"})
    assert r.status_code == 200 and "Check your email" in r.get_data(as_text=True)
    link = portal_sign_in(client, services)
    # the link works once
    again = app.test_client()
    assert again.get(link).status_code == 410
    home = client.get("/portal/").get_data(as_text=True)
    assert "Amira Khan" in home and "Yusuf Khan" in home and "Oliver" not in home
    child = client.get(f"/portal/children/{world['amira']['id']}").get_data(as_text=True)
    assert "What happens next" in child and "Late by 18 days" in child and "We are chasing it" in child
    assert world["case"]["officer"]["email"] in child  # their named officer and how to reach them
    # another family's child, by any id in any URL: not found
    other = world["other"]["id"]
    csrf = token_in(client.get(f"/portal/children/{world['amira']['id']}/views").get_data(as_text=True))
    for method, path in (
        ("GET", f"/portal/children/{other}"),
        ("GET", f"/portal/children/{other}/views"),
        ("POST", f"/portal/children/{other}/views"),
        ("GET", "/portal/children/999999"),
    ):
        r = client.open(path, method=method, data={"csrf_token": csrf, "views": "x"})
        assert r.status_code == 404, (method, path)
        assert "Bennett" not in r.get_data(as_text=True)
    # a parent is not staff
    assert client.get(f"/cases/{world['case']['id']}").status_code == 302
    assert client.get("/queue").status_code == 302
    # views: text and a document; a wrong type is refused with a message
    url = f"/portal/children/{world['amira']['id']}/views"
    r = client.post(
        url,
        data={"csrf_token": csrf, "views": "", "document": (__import__("io").BytesIO(b"MZ"), "a.exe")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 400 and "must be a PDF or a Word document" in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": csrf, "views": "Amira loves drawing and needs quiet spaces."})
    assert r.status_code == 302
    assert "Amira loves drawing" in client.get(f"/portal/children/{world['amira']['id']}").get_data(as_text=True)


def test_portal_link_expires_and_is_rate_limited(app, services, world):
    client = app.test_client()
    with freeze_time("2026-03-20 10:00:00"):
        page = client.get("/portal/sign-in").get_data(as_text=True)
        client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": "j.bennett@example.org"})
        services.later.wait()
        with services.session_factory() as s:
            row = (
                s.execute(select(OutboxMessage).where(OutboxMessage.template == "portal_sign_in.email"))
                .scalars()
                .first()
            )
        link = sent_link(services, row)
        for _ in range(3):
            client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": "j.bennett@example.org"})
        r = client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": "j.bennett@example.org"})
        assert r.status_code == 400 and "too many links" in r.get_data(as_text=True)
    with freeze_time("2026-03-20 10:31:00"):
        r = client.get(link)
        assert r.status_code == 410 and "expired" in r.get_data(as_text=True)
