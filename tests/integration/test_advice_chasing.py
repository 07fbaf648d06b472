"""Advice that chases itself (statutory.md 4, 11). A 20-week walk under freezegun with three advice
requests: one answered early, one late, one only after escalation. The sweep runs twice every day;
the second run must add nothing. The exact sequence of messages is checked at the end."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from freezegun import freeze_time
from sqlalchemy import func, select

from casework.models import OutboxMessage
from casework.workflow import sweep
from tests.fakes import documents

PDF = documents.pdf()


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def csrf(client, url: str) -> str:
    """The form's CSRF token, as a browser would send it back."""
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def outbox_count(services) -> int:
    with services.session_factory() as s:
        return s.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()


def link_in_outbox(services, advice_id: int) -> str:
    """The private link, as delivered to the provider (minted at sending time)."""
    for f in sorted(services.config.outbox_dir.glob("*advice_request*")):
        text = f.read_text()
        m = re.search(rf"http://[^\s]+/advice/{advice_id}\?token=[^\s]+", text)
        if m:
            return m.group(0).split("127.0.0.1:5000", 1)[1]
    raise AssertionError("no link")


def test_twenty_weeks_with_three_advice_requests(api, make_child, make_provider, services, staff, app):
    day = dt.date(2026, 1, 5)
    end = dt.date(2026, 5, 25)
    plan = {  # what the officer (or the advice-giver) does on which day
        dt.date(2026, 1, 5): "open",
        dt.date(2026, 1, 19): "assess_and_request",
        dt.date(2026, 2, 10): "health_received",  # early
        dt.date(2026, 3, 5): "psychology_received",  # late: after the first chase
        dt.date(2026, 3, 20): "social_care_received",  # only after the escalation, through the private link
        dt.date(2026, 4, 1): "decided_to_issue",
        dt.date(2026, 4, 6): "draft_issued",
        dt.date(2026, 4, 24): "final_issued",
    }
    ids: dict = {}
    client = app.test_client()
    while day <= end:
        with freeze_time(day.isoformat() + " 09:00:00"):
            action = plan.get(day)
            if action == "open":
                ids["child"] = make_child()
                ids["case"] = api.post(
                    "/api/v1/assessments", json={"child_id": ids["child"]["id"], "received_on": "2026-01-05"}
                ).get_json()["id"]
            elif action == "assess_and_request":
                assert (
                    api.post(
                        f"/api/v1/cases/{ids['case']}/events",
                        json={"type": "decided_to_assess", "occurred_on": "2026-01-19"},
                    ).status_code
                    == 200
                )
                for kind, name, email, esc_name, esc_email in (
                    (
                        "health",
                        "Community Paediatrics",
                        "paeds@nhs.example",
                        "Designated Clinical Officer",
                        "dco@nhs.example",
                    ),
                    ("psychology", "Educational Psychology", "ep@council.example", None, None),
                    (
                        "social_care",
                        "Children's Social Care",
                        "sc@council.example",
                        "Designated Social Care Officer",
                        "dsco@council.example",
                    ),
                ):
                    p = make_provider(
                        name=name, advice_type=kind, email=email, escalation_name=esc_name, escalation_email=esc_email
                    )
                    r = api.post(
                        f"/api/v1/cases/{ids['case']}/advice-requests",
                        json={"advice_type": kind, "provider_id": p["id"], "requested_on": "2026-01-19"},
                    )
                    assert r.status_code == 201 and r.get_json()["due_on"] == "2026-03-02"
                    ids[kind] = r.get_json()["id"]
                # the rest of the advice reg 6(1) requires already exists and is reused (reg 6(4)): no clock,
                # no chasing, no message
                for kind, name, email, what in (
                    ("parent", "Sara Khan", "sara.khan@example.org", "The parent's views sent with the request"),
                    ("education", "St Mary's Primary", "senco@stmarys.example", "SEN support review, Dec 2025"),
                ):
                    p = make_provider(name=name, advice_type=kind, email=email)
                    agreed = dict.fromkeys(("adviser_agreed_on", "council_agreed_on", "family_agreed_on"), "2026-01-19")
                    r = api.post(
                        f"/api/v1/cases/{ids['case']}/advice-reuse",
                        json={"advice_type": kind, "provider_id": p["id"], "description": what, **agreed},
                    )
                    assert r.status_code == 201, r.get_json()
            elif action in ("health_received", "psychology_received"):
                kind = action.removesuffix("_received")
                r = api.post(f"/api/v1/advice-requests/{ids[kind]}/received", json={"received_on": day.isoformat()})
                assert r.status_code == 200
            elif action == "social_care_received":
                url = link_in_outbox(services, ids["social_care"])
                page = client.get(url, follow_redirects=True)
                assert page.status_code == 200 and "Amira Khan" in page.get_data(as_text=True)
                r = client.post(
                    url,
                    data={
                        "csrf_token": csrf(client, url),
                        "submitted_by": "Jo Smith, social worker",
                        "advice_text": "Needs ...",
                        "documents": (io.BytesIO(PDF), "assessment.pdf"),
                    },
                    content_type="multipart/form-data",
                )
                assert r.status_code == 200, r.get_data(as_text=True)
            elif action:
                body = {"type": action, "occurred_on": day.isoformat()}
                assert api.post(f"/api/v1/cases/{ids['case']}/events", json=body).status_code == 200
            sweep.run(services.session_factory, day, dispatch=services.dispatch)
            before = outbox_count(services)
            sweep.run(services.session_factory, day, dispatch=services.dispatch)
            assert outbox_count(services) == before, f"a second sweep on {day} added messages"
        day += dt.timedelta(days=1)

    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    got = [(r.created_at.astimezone(dt.UTC).date().isoformat(), r.template, r.recipient) for r in rows]
    officer, manager = "officer@council.example", "manager@council.example"
    family = "sara.khan@example.org"
    assert got == [
        ("2026-01-05", "family_request_received.email", family),
        ("2026-01-19", "family_decided_to_assess.email", family),
        ("2026-01-19", "advice_request.email", "paeds@nhs.example"),
        ("2026-01-19", "advice_request.email", "ep@council.example"),
        ("2026-01-19", "advice_request.email", "sc@council.example"),
        # health, early: no reminder, no chase
        ("2026-02-10", "advice_received_officer.email", officer),
        ("2026-02-10", "family_advice_received.email", family),
        # a reminder 7 days before the due date (Mon 2 Mar), to the two still outstanding
        ("2026-02-23", "advice_reminder.email", "ep@council.example"),
        ("2026-02-23", "advice_reminder.email", "sc@council.example"),
        # the first working day after the due date: first chase
        ("2026-03-03", "advice_chase.email", "ep@council.example"),
        ("2026-03-03", "advice_chase.email", "sc@council.example"),
        ("2026-03-05", "advice_received_officer.email", officer),
        ("2026-03-05", "family_advice_received.email", family),
        ("2026-03-10", "advice_chase.email", "sc@council.example"),  # weekly
        # 14 days overdue: escalation to the DSCO and the officer's manager
        ("2026-03-16", "advice_escalation.email", "dsco@council.example"),
        ("2026-03-16", "advice_escalation_manager.email", manager),
        ("2026-03-17", "advice_chase.email", "sc@council.example"),
        ("2026-03-20", "advice_received_officer.email", officer),
        ("2026-03-20", "family_advice_received.email", family),
        ("2026-04-01", "family_decided_to_issue.email", family),
        ("2026-04-06", "family_draft_issued.email", family),
        ("2026-04-24", "family_final_issued.email", family),
        ("2026-04-24", "family_survey.email", family),  # how it went (reporting.md 4)
    ]
    assert all(r.status == "sent" for r in rows)
    with freeze_time("2026-05-25"):
        case = api.get(f"/api/v1/cases/{ids['case']}").get_json()
        advice = {a["advice_type"]: a for a in case["advice_requests"]}
        assert [a["status"] for a in case["advice_requests"]] == [
            "received", "received_late", "received_late", "received", "received"
        ]  # fmt: skip
        assert {a["advice_type"]: a["status"] for a in case["required_advice"]} == {
            "parent": "reused", "education": "reused", "health": "received", "psychology": "received",
            "social_care": "received",
        }  # fmt: skip
        assert [c["kind"] for c in advice["social_care"]["chases"]] == [
            "reminder",
            "chase",
            "chase",
            "escalation",
            "escalation",
            "chase",
        ]
        assert advice["social_care"]["documents"][0]["filename"] == "assessment.pdf"
        assert advice["social_care"]["advice_text"] == "Needs ..."
        assert advice["health"]["chases"] == []
        notes = api.get(f"/api/v1/cases/{ids['case']}/notifications").get_json()
        assert len(notes) == len(rows) and notes[0]["template"] == "family_request_received.email"


def _assessing_case_with_advice(api, make_child, make_provider, kind="health"):
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-19"})
    p = make_provider()
    first = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={"advice_type": kind, "provider_id": p["id"], "requested_on": "2026-01-19"},
    ).get_json()
    second = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={"advice_type": kind, "provider_id": p["id"], "requested_on": "2026-01-20"},
    ).get_json()
    return case, first, second


def test_advice_link_is_scoped_expiring_and_single_use(api, make_child, make_provider, services, app):
    client = app.test_client()
    with freeze_time("2026-01-20 10:00:00"):
        case, first, second = _assessing_case_with_advice(api, make_child, make_provider)
        url = link_in_outbox(services, first["id"])
        token = url.split("?token=", 1)[1]
        # the same token for another request
        r = client.get(f"/advice/{second['id']}/{token}")
        assert r.status_code == 403 and "different request" in r.get_data(as_text=True)
        assert client.get(f"/advice/{first['id']}/{token[:-3]}xyz").status_code == 403
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        for shown in ("Amira Khan", "2 April 2016", "health", "Monday 2 March 2026"):
            assert shown in page
        assert "sara.khan@example.org" not in page and "H801200001001" not in page  # only what they need
        # refused inputs, each naming the field, nothing recorded
        r = client.post(url, data={"csrf_token": csrf(client, url), "submitted_by": "", "advice_text": ""})
        assert r.status_code == 400 and "Enter your name and role" in r.get_data(as_text=True)
        assert "Type your advice or attach a document" in r.get_data(as_text=True)
        r = client.post(
            url,
            data={
                "csrf_token": csrf(client, url),
                "submitted_by": "Dr A",
                "documents": (io.BytesIO(b"MZ\x90\x00"), "advice.exe"),
            },
            content_type="multipart/form-data",
        )
        assert r.status_code == 400 and "must be a PDF or a Word document" in r.get_data(as_text=True)
        r = client.post(
            url,
            data={
                "csrf_token": csrf(client, url),
                "submitted_by": "Dr A",
                "documents": (io.BytesIO(b"not a pdf"), "advice.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert r.status_code == 400 and "is not a real PDF file" in r.get_data(as_text=True)
        big = PDF + b"0" * (10 * 1024 * 1024)
        r = client.post(
            url,
            data={"csrf_token": csrf(client, url), "submitted_by": "Dr A", "documents": (io.BytesIO(big), "big.pdf")},
            content_type="multipart/form-data",
        )
        assert r.status_code == 400 and "smaller than 10 MB" in r.get_data(as_text=True)
        assert api.get(f"/api/v1/cases/{case['id']}").get_json()["advice_requests"][0]["status"] == "requested"
        # a Word document is accepted; the request becomes received on that date
        token_before = csrf(client, url)
        r = client.post(
            url,
            data={
                "csrf_token": token_before,
                "submitted_by": "Dr A, paediatrician",
                "documents": (io.BytesIO(docx_bytes()), "../../etc/advice.docx"),
            },
            content_type="multipart/form-data",
        )
        assert r.status_code == 200 and "Advice sent" in r.get_data(as_text=True)
        advice = api.get(f"/api/v1/cases/{case['id']}").get_json()["advice_requests"][0]
        assert advice["received_on"] == "2026-01-20" and advice["documents"][0]["filename"] == "advice.docx"
        stored = list(services.config.upload_dir.rglob("*.docx"))
        assert len(stored) == 1 and stored[0].is_relative_to(services.config.upload_dir)
        # used: the link no longer works
        assert client.get(url).status_code == 410
        assert (
            client.post(url, data={"csrf_token": token_before, "submitted_by": "x", "advice_text": "again"}).status_code
            == 410
        )
    with freeze_time("2026-06-01"):  # the second request's link, 90+ days on
        url2 = link_in_outbox(services, second["id"])
        r = client.get(url2, follow_redirects=True)
        assert r.status_code == 403 and "expired" in r.get_data(as_text=True)


def test_exceptions_pause_chasing_and_reuse_needs_no_clock(api, make_child, make_provider, services):
    with freeze_time("2026-02-01"):
        case, first, second = _assessing_case_with_advice(api, make_child, make_provider)
        url = f"/api/v1/advice-requests/{first['id']}/exception"
        r = api.post(url, json={"reason": "school_closure", "note": "x"})
        assert r.status_code == 422 and "reason" in r.get_json()["errors"]["json"]
        r = api.post(
            url,
            json={
                "reason": "absent_from_area",
                "note": "Abroad",
                "absent_from": "2026-02-01",
                "absent_until": "2026-02-14",
            },
        )
        assert r.status_code == 409 and "4 continuous weeks" in r.get_json()["message"]
        r = api.post(url, json={"reason": "missed_appointment", "note": "DNA", "appointment_on": "2026-03-20"})
        assert r.status_code == 409 and "during the 6 weeks" in r.get_json()["message"]
        r = api.post(
            url,
            json={
                "reason": "absent_from_area",
                "note": "Family abroad for a month",
                "absent_from": "2026-01-26",
                "absent_until": "2026-02-27",
            },
        )
        assert r.status_code == 200, r.get_json()
        assert r.get_json()["status"] == "exception" and r.get_json()["next_chase_on"] is None
        p = make_provider(name="EP", advice_type="psychology", email="ep@council.example")
        r = api.post(
            f"/api/v1/cases/{case['id']}/advice-reuse",
            json={
                "advice_type": "psychology",
                "provider_id": p["id"],
                "description": "EP report of 3 Dec 2025",
                "adviser_agreed_on": "2026-01-22",
                "council_agreed_on": "2026-01-23",
                "family_agreed_on": "2026-01-26",
            },
        )
        assert r.status_code == 201, r.get_json()
        assert (
            r.get_json()["basis"] == "reused"
            and r.get_json()["due_on"] is None
            and r.get_json()["status"] == "received"
        )
    # the second request was received on 20 Jan: due Tue 3 Mar; reminder 24 Feb; chase 4 Mar; escalation 17 Mar
    for day in ("2026-02-24", "2026-03-04", "2026-03-17"):
        with freeze_time(day):
            sweep.run(services.session_factory, dt.date.fromisoformat(day), dispatch=services.dispatch)
    with services.session_factory() as s:
        chased = (
            s.execute(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like("advice:%"))).scalars().all()
        )
    assert not any(k.startswith(f"advice:{first['id']}:") and not k.endswith(":request") for k in chased)
    assert sorted(k for k in chased if k.startswith(f"advice:{second['id']}:")) == sorted(
        f"advice:{second['id']}:{k}"
        for k in ("request", "reminder", "chase:1", "chase:2", "escalation:provider", "escalation:manager:3")
    )
