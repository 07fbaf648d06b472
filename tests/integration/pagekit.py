"""Helpers for the page tests: signing in as each kind of person through the real forms, a case
world rich enough that every section of every page has something to show, and reading a page's
visible text."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

from freezegun import freeze_time
from sqlalchemy import select

from casework.models import OutboxMessage, Staff
from casework.notifications.links import advice_url
from casework.workflow.accounts import hash_password
from tests.fakes import documents

PASSWORD = "correct horse battery staple"
PDF = documents.pdf()  # a real, plain PDF (uploads are opened and checked)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return re.sub(r" ([,.;:)])", r"\1", text)  # "2026 , noted" as it reads: "2026, noted"


ESCAPED = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>|&[a-z]+;|&#\d+;")


def escaped_markup(html: str) -> list[str]:
    """Markup that shows as text: a tag (<br>, <a href=...>, </span>) or an entity (&lt;) among the words
    a person reads, or a doubly escaped entity in the source."""
    found = [m.group(0) for m in ESCAPED.finditer(visible_text(html))]
    return found + re.findall(r"&amp;(?:lt|gt|amp|quot|#\d+);", html)


def token_in(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def staff_client(app, email: str):
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    r = client.post("/sign-in", data={"csrf_token": token_in(page), "email": email, "password": PASSWORD})
    assert r.status_code == 302, r.get_data(as_text=True)
    return client


def latest_message(services, template: str) -> OutboxMessage:
    with services.session_factory() as s:
        return (
            s.execute(select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id.desc()))
            .scalars()
            .first()
        )


def sent_text(services, template: str) -> str:
    """The newest message of a template as it was delivered (the embedded outbox's file): a sign-in
    link or code leaves the outbox row once it is sent."""
    row = latest_message(services, template)
    (path,) = services.config.outbox_dir.glob(f"{row.id:08d}-*.txt")
    return path.read_text()


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def open_link(client, link: str) -> tuple[str, str]:
    """Open a private link as its email does: the token is exchanged for a clean URL. Returns that
    URL and its page."""
    r = client.get(link)
    assert r.status_code == 302, r.get_data(as_text=True)
    url = r.headers["Location"]
    assert "token" not in url
    return url, client.get(url).get_data(as_text=True)


def parent_by_email(app, services, email: str):
    client = app.test_client()
    page = client.get("/portal/sign-in").get_data(as_text=True)
    client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": email})
    services.later.wait()  # the link is sent off the request thread
    link = re.search(
        r"http://127\.0\.0\.1:5000(/portal/sign-in/\S+)", sent_text(services, "portal_sign_in.email")
    ).group(1)
    url, confirm = open_link(client, link)
    assert client.post(url, data={"csrf_token": token_in(confirm)}).status_code == 302
    return client


def parent_by_text(app, services, phone: str):
    client = app.test_client()
    page = client.get("/portal/sign-in/text").get_data(as_text=True)
    r = client.post("/portal/sign-in/text", data={"csrf_token": token_in(page), "phone": phone})
    services.later.wait()  # the code is sent off the request thread
    assert r.status_code == 302 and r.headers["Location"].endswith("/portal/sign-in/code")
    code = code_in(sent_text(services, "portal_sign_in_code.sms"))
    page = client.get("/portal/sign-in/code").get_data(as_text=True)
    r = client.post("/portal/sign-in/code", data={"csrf_token": token_in(page), "code": code})
    assert r.status_code == 302 and r.headers["Location"].endswith("/portal/"), r.get_data(as_text=True)
    return client


def build_world(api, make_child, make_provider, services, staff) -> dict:
    """Two families and every kind of thing a page shows: the Khans (an assessment with advice
    received with text and a document, advice returned, advice overdue and chased, a note, the family's
    views and a document), the Nowaks (no email: texts and letters), a review of a plan."""
    from casework.workflow import casefile, chasing
    from casework.workflow.advice_returns import return_advice
    from casework.workflow.engine import Actor

    with services.session_factory() as s:
        for member in s.execute(select(Staff)).scalars():
            member.password_hash = hash_password(PASSWORD)
            member.phone = "01632 960101" if member.role == "officer" else None
        s.commit()
    with freeze_time("2026-01-05"):
        amira = make_child()
        lily = make_child(
            given_name="Lily",
            family_name="Nowak",
            contacts=[
                {"name": "Anna Nowak", "phone": "07700 900456", "preferred_channel": "sms",
                 "address_lines": ["Flat 2", "14 Mill Lane", "Northtown"], "postcode": "nt1 4ab", "language": "Polish"}
            ],
        )  # fmt: skip
        ethan = make_child(
            given_name="Ethan", family_name="Price", contacts=[{"name": "Claire", "email": "c@example.org"}]
        )
        case = api.post("/api/v1/assessments", json={"child_id": amira["id"], "received_on": "2026-01-05"}).get_json()
        lily_case = api.post(
            "/api/v1/assessments", json={"child_id": lily["id"], "received_on": "2026-01-05"}
        ).get_json()
        plan_case = api.post(
            "/api/v1/assessments", json={"child_id": ethan["id"], "received_on": "2026-01-05"}
        ).get_json()
    with freeze_time("2026-01-19"):
        for c in (case, plan_case):
            api.post(f"/api/v1/cases/{c['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-19"})
        health = make_provider()
        school = make_provider(name="St Mary's Primary", advice_type="education", email="senco@example.org")
        ids = {}
        for kind, provider in (("health", health), ("education", school), ("social_care", school)):
            ids[kind] = api.post(
                f"/api/v1/cases/{case['id']}/advice-requests",
                json={"advice_type": kind, "provider_id": provider["id"], "requested_on": "2026-01-19"},
            ).get_json()["id"]
    with freeze_time("2026-02-10"):
        client = api.client
        link = advice_url("http://x", services.config.secret_key, ids["education"]).split("http://x", 1)[1]
        url, page = open_link(client, link)
        r = client.post(
            url,
            data={"csrf_token": token_in(page), "submitted_by": "Mrs Green, SENCo",
                  "advice_text": "Amira needs quiet spaces & a visual timetable.\nShe loves drawing.",
                  "documents": (io.BytesIO(PDF), "Support plan.pdf")},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert r.status_code == 200, r.get_data(as_text=True)
        with services.session_factory() as s:
            return_advice(
                s, ids["social_care"], reason="not_known", note="No record of her.", returned_by="Dan Reed",
                actor=Actor("provider", school["id"]),
            )  # fmt: skip
            casefile.add_note(
                s, case["id"], kind="call", occurred_on=dt.date(2026, 2, 9), text="Sara rang: worried about school.",
                actor=Actor("staff", staff["officer"]["id"]),
            )  # fmt: skip
            s.commit()
    for day in ("2026-03-03", "2026-03-17"):
        with freeze_time(day), services.session_factory() as s:
            chasing.chase(s, dt.date.fromisoformat(day))
            s.commit()
    with freeze_time("2026-03-02"):
        for advice_type in ("parent", "education", "health", "psychology", "social_care"):  # reg 6(1), reused
            r = api.post(
                f"/api/v1/cases/{plan_case['id']}/advice-not-needed",
                json={"advice_type": advice_type, "reason": "Advice from last year's assessment still stands"},
            )
            assert r.status_code in (200, 201), r.get_json()
        r = api.post(
            f"/api/v1/cases/{plan_case['id']}/events", json={"type": "decided_to_issue", "occurred_on": "2026-03-02"}
        )
        assert r.status_code == 200, r.get_json()
    with freeze_time("2026-03-09"):
        api.post(f"/api/v1/cases/{plan_case['id']}/events", json={"type": "draft_issued", "occurred_on": "2026-03-09"})
    with freeze_time("2026-03-30"):
        api.post(f"/api/v1/cases/{plan_case['id']}/events", json={"type": "final_issued", "occurred_on": "2026-03-30"})
        review = api.post("/api/v1/reviews", json={"child_id": ethan["id"]}).get_json()
    return {
        "amira": amira, "lily": lily, "ethan": ethan, "case": case, "lily_case": lily_case, "review": review,
        "advice": ids, "health": health, "school": school,
    }  # fmt: skip
