"""The security probe's findings (issue 11), each as a test that failed before its fix, and the
attacks that already failed kept failing: cross-family access by changing ids, stored XSS, account
discovery. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import urllib.request

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import AuditEvent, Child, Contact, FamilyContribution, PortalToken, Staff
from casework.workflow import accounts
from casework.workflow.context import Actor
from tests.conftest import PASSWORD, child_payload
from tests.fakes import documents
from tests.integration.test_pages import portal_sign_in, sign_in, token_in

SOCIAL_WORKER = {"name": "Dee Worker", "relationship": "social_worker", "email": "dee.worker@council.example"}


def _case_page_status(client, case_id: int) -> int:
    return client.get(f"/cases/{case_id}").status_code


@pytest.fixture
def case(api, make_child):
    with freeze_time("2026-03-02"):
        child = make_child()
        return api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-03-02"}).get_json()


# --- 1. the portal admits family members only, and only their details make a family ---------------


def test_a_professional_shared_by_two_families_cannot_sign_in_or_join_them(app, api, make_child, services):
    with freeze_time("2026-03-02"):
        a = make_child(contacts=[child_payload()["contacts"][0], SOCIAL_WORKER])
        b = make_child(
            given_name="Tom", family_name="Other",
            contacts=[{"name": "Pat Other", "email": "pat.other@example.org"}, SOCIAL_WORKER],
        )  # fmt: skip
        assert a["family_id"] != b["family_id"] and a["siblings"] == [] and b["siblings"] == []
        client = app.test_client()
        page = client.get("/portal/sign-in").get_data(as_text=True)
        r = client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": SOCIAL_WORKER["email"]})
        assert r.status_code == 200 and "Check your email" in r.get_data(as_text=True)  # the same answer...
        services.later.wait()
        with services.session_factory() as s:  # ...but no link was made or sent
            assert s.execute(select(PortalToken)).first() is None
        # the parent can, and sees only her own child
        portal_sign_in(client, services)
        home = client.get("/portal/").get_data(as_text=True)
        assert "Amira" in home and "Tom" not in home
        assert client.get(f"/portal/children/{b['id']}").status_code == 404


def test_young_person_from_16_and_explicit_grants(app, make_child, services):
    with freeze_time("2026-03-02"):
        yp = {"name": "Sam Young", "relationship": "young_person", "email": "sam@example.org"}
        older = make_child(given_name="Sam", date_of_birth="2010-01-01", contacts=[yp])  # 16 on 1 Jan 2026
        younger = make_child(given_name="Kit", family_name="Small", date_of_birth="2012-06-01",
                             contacts=[{"name": "Kit Small", "relationship": "young_person", "email": "kit@example.org"}])  # fmt: skip
        with services.session_factory() as s:
            contacts = {c.email_normalised: c for c in s.execute(select(Contact)).scalars()}
            from casework.workflow.portal_access import may_use_portal

            today = dt.date(2026, 3, 2)
            assert may_use_portal(contacts["sam@example.org"], s.get(Child, older["id"]), today)
            assert not may_use_portal(contacts["kit@example.org"], s.get(Child, younger["id"]), today)
            contacts["kit@example.org"].portal_access = True  # an officer's explicit grant
            assert may_use_portal(contacts["kit@example.org"], s.get(Child, younger["id"]), today)


def test_a_contribution_records_who_wrote_it(app, make_child, services):
    with freeze_time("2026-03-02"):
        child = make_child()
        client = app.test_client()
        portal_sign_in(client, services)
        page = client.get(f"/portal/children/{child['id']}/views").get_data(as_text=True)
        r = client.post(f"/portal/children/{child['id']}/views", data={"csrf_token": token_in(page), "views": "Hello"})
        assert r.status_code == 302
        with services.session_factory() as s:
            contribution = s.execute(select(FamilyContribution)).scalar_one()
            assert s.get(Contact, contribution.contact_id).name == "Sara Khan"


# --- 2. cookies -------------------------------------------------------------------------------------


def test_every_cookie_is_secure_httponly_and_samesite_under_https(database_url, tmp_path, staff, services):
    from casework.app import create_app
    from casework.config import Config

    with services.session_factory() as s:
        for member in s.execute(select(Staff)).scalars():
            member.password_hash = accounts.hash_password(PASSWORD)
        s.commit()
    env = {"DATABASE_URL": database_url, "CASEWORK_BASE_URL": "https://send.council.example",
           "SECRET_KEY": "x" * 40, "CASEWORK_OUTBOX_DIR": str(tmp_path)}  # fmt: skip
    config = Config.from_env(env)
    assert config.session_cookie_secure  # read after the base URL (the probe found it never was)
    app = create_app(config)
    try:
        client = app.test_client()
        r = sign_in(client, "officer@council.example")
        cookies = r.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in c and "HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
        assert "max-age=31536000" in client.get("/queue").headers["Strict-Transport-Security"]
    finally:
        app.extensions["casework"].engine.dispose()


# --- 3. sessions and tokens can be ended --------------------------------------------------------------


def test_a_copied_cookie_dies_at_sign_out_and_at_a_password_change(app, passwords, case, services):
    with freeze_time("2026-03-02 09:00"):
        client = app.test_client()
        sign_in(client, "officer@council.example")
        stolen = client.get_cookie("casework_session").value
        thief = app.test_client()
        thief.set_cookie("casework_session", stolen)
        assert _case_page_status(thief, case["id"]) == 200
        out = client.get("/sign-out").get_data(as_text=True)
        client.post("/sign-out", data={"csrf_token": token_in(out)})
        assert _case_page_status(thief, case["id"]) == 302  # to the sign-in page

        sign_in(client, "officer@council.example")
        thief.set_cookie("casework_session", client.get_cookie("casework_session").value)
        assert _case_page_status(thief, case["id"]) == 200
        with services.session_factory() as s:
            member = s.execute(select(Staff).where(Staff.email == "officer@council.example")).scalar_one()
            accounts.set_password(s, member, "a new password of some length", actor=Actor("system"))
            s.commit()
        assert _case_page_status(thief, case["id"]) == 302
        assert _case_page_status(client, case["id"]) == 302


def test_sessions_have_an_absolute_and_an_idle_limit(app, passwords, case):
    client = app.test_client()
    with freeze_time("2026-03-02 08:00") as frozen:
        sign_in(client, "officer@council.example")
        for _ in range(11):  # in use all day, every 55 minutes...
            frozen.tick(dt.timedelta(minutes=55))
            if _case_page_status(client, case["id"]) != 200:
                break
        assert _case_page_status(client, case["id"]) == 302  # ...but not beyond 10 hours from sign-in
    with freeze_time("2026-03-03 08:00") as frozen:
        sign_in(client, "officer@council.example")
        frozen.tick(dt.timedelta(minutes=61))  # left unused for over an hour
        assert _case_page_status(client, case["id"]) == 302


def test_a_disabled_leaver_and_revoked_or_expired_tokens_are_refused(app, api, staff, passwords, services, case):
    manager = api.as_(staff["manager"]["token"])
    with freeze_time("2026-03-02 09:00"):
        assert api.get("/api/v1/queue").status_code == 200
        client = app.test_client()
        sign_in(client, "officer@council.example")
        with services.session_factory() as s:
            member = s.get(Staff, staff["officer"]["id"])
            accounts.disable(s, member, actor=Actor("system"), reason="left the council")
            expiring = accounts.issue_token(s, staff["officer2"]["id"], name="BI", actor=Actor("system"),
                                            expires_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))  # fmt: skip
            s.commit()
        assert api.get("/api/v1/queue").status_code == 401
        assert _case_page_status(client, case["id"]) == 302
        r = sign_in(client, "officer@council.example")
        assert r.status_code == 400 and "This account is disabled" in r.get_data(as_text=True)
        assert api.as_(expiring).get("/api/v1/queue").status_code == 200
        assert manager.get("/api/v1/queue").status_code == 200
    with freeze_time("2026-03-03 09:00"):
        assert api.as_(expiring).get("/api/v1/queue").status_code == 401
    with services.session_factory() as s:
        token_id = accounts.tokens_of(s, staff["manager"]["id"])[0].id
        accounts.revoke_token(s, token_id, actor=Actor("system"))
        s.commit()
        actions = [a.action for a in s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert manager.get("/api/v1/queue").status_code == 401
    assert {"staff_disabled", "api_token_issued", "api_token_revoked"} <= set(actions)


def test_a_manager_disables_unlocks_and_revokes_from_the_account_page(app, passwords, staff, services):
    with freeze_time("2026-03-02 09:00"):
        client = app.test_client()
        officer = app.test_client()
        sign_in(officer, "officer@council.example")
        assert sign_in(client, "officer@council.example").status_code == 302
        sign_in(client, "manager@council.example")
        page = client.get(f"/staff/{staff['officer']['id']}/account").get_data(as_text=True)
        assert "API tokens" in page and "Disable the account" in page
        r = client.post(f"/staff/{staff['officer']['id']}/account",
                        data={"csrf_token": token_in(page), "action": "disable", "reason": "left"})  # fmt: skip
        assert r.status_code == 302
        assert officer.get("/queue").status_code == 302
        assert (
            app.test_client()
            .get("/api/v1/queue", headers={"Authorization": f"Bearer {staff['officer']['token']}"})
            .status_code
            == 401
        )
        # an officer cannot reach the page
        assert officer.get(f"/staff/{staff['manager']['id']}/account").status_code in (302, 403)
        other = app.test_client()
        sign_in(other, "officer2@council.example")
        assert other.get(f"/staff/{staff['manager']['id']}/account").status_code == 403


# --- 4. no personal data in any log -----------------------------------------------------------------


def test_no_personal_data_reaches_the_logs(app, api, make_child, passwords, services, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    secret = {"given_name": "Zephyrine", "family_name": "Quillfeather", "date_of_birth": "2016-04-02",
              "email": "zq.parent@example.org"}  # fmt: skip
    with freeze_time("2026-03-02"):
        child = make_child(given_name=secret["given_name"], family_name=secret["family_name"],
                           contacts=[{"name": "Ma Quillfeather", "email": secret["email"]}])  # fmt: skip
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-03-02"}).get_json()
        client = app.test_client()
        sign_in(client, "officer@council.example")
        client.get(f"/queue?q={secret['family_name']}")
        client.get(f"/cases/{case['id']}")
        # error paths: a name too long, a bad date, an unknown event, a broken view raising with personal data
        page = client.get("/requests/new").get_data(as_text=True)
        client.post("/requests/new", data={"csrf_token": token_in(page), "given_name": secret["given_name"] * 20,
                                           "family_name": secret["family_name"], "email": secret["email"]})  # fmt: skip
        api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "nope", "occurred_on": "2026-13-01"})
        api.post("/api/v1/children", json={**child_payload(), "given_name": secret["given_name"] * 200})
        portal_sign_in(client, services, secret["email"])

        def _boom():
            raise ValueError(f"{secret['given_name']} {secret['family_name']} {secret['email']}")

        monkeypatch.setitem(app.view_functions, "web.privacy", _boom)
        assert app.test_client().get("/privacy").status_code == 500
    logged = "\n".join(r.getMessage() + (str(r.exc_info) if r.exc_info else "") for r in caplog.records)
    assert "ValueError" in logged  # the failure was logged, by its kind and place...
    for value in secret.values():
        assert value not in logged  # ...but nothing about the child or the family


def test_access_logs_leave_out_query_strings(app):
    from werkzeug.serving import make_server

    from casework.logs import NoQueryStrings

    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    werkzeug_log = logging.getLogger("werkzeug")
    werkzeug_log.addHandler(handler)
    werkzeug_log.setLevel(logging.INFO)
    assert any(isinstance(f, NoQueryStrings) for f in werkzeug_log.filters)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in ("/portal/sign-in/link?token=SECRETTOKEN", "/queue?q=Quillfeather"):
            with contextlib.suppress(Exception):
                urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}").close()
    finally:
        server.shutdown()
        werkzeug_log.removeHandler(handler)
    assert any("/portal/sign-in/link" in line for line in lines)
    assert not any("SECRETTOKEN" in line or "Quillfeather" in line for line in lines)


# --- 5. rate limits lock out attackers, not colleagues ----------------------------------------------


def test_successes_never_count_and_failures_lock_only_the_attacker(app, passwords):
    with freeze_time("2026-03-02 09:00"):
        office = app.test_client()
        for _ in range(60):  # a whole office behind one address signs in all morning
            assert sign_in(office, "officer@council.example").status_code == 302
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        for _ in range(6):
            sign_in(attacker, "officer2@council.example", "guess")
        r = sign_in(attacker, "officer2@council.example")
        body = r.get_data(as_text=True)
        assert r.status_code == 400 and "Too many failed attempts" in body and "ask a SEND team manager" in body
        assert sign_in(office, "officer2@council.example").status_code == 302  # the victim, from the office


def test_the_client_address_behind_a_configured_proxy(database_url, tmp_path):
    from casework.app import create_app
    from casework.config import Config

    app = create_app(Config(database_url=database_url, outbox_dir=tmp_path, testing=True, trusted_proxies=1))
    try:

        @app.get("/whoami-for-test")
        def _whoami():
            from flask import request

            return request.remote_addr or ""

        r = app.test_client().get("/whoami-for-test", headers={"X-Forwarded-For": "198.51.100.7"})
        assert r.get_data(as_text=True) == "198.51.100.7"
    finally:
        app.extensions["casework"].engine.dispose()


# --- 6. the low findings --------------------------------------------------------------------------------


def test_two_addresses_in_one_email_field_are_refused(app, passwords):
    with freeze_time("2026-03-02"):
        client = app.test_client()
        sign_in(client, "officer@council.example")
        page = client.get("/requests/new").get_data(as_text=True)
        r = client.post("/requests/new", data={
            "csrf_token": token_in(page), "given_name": "Amira", "family_name": "Khan", "contact_name": "Sara",
            "email": "a@example.org, b@example.org", "date_of_birth-day": "2", "date_of_birth-month": "4",
            "date_of_birth-year": "2016", "received_on-day": "1", "received_on-month": "3", "received_on-year": "2026"})  # fmt: skip
        assert r.status_code == 400 and "Enter an email address in the correct format" in r.get_data(as_text=True)


def test_a_line_break_in_a_name_is_refused_and_never_reaches_a_header(api):
    r = api.post("/api/v1/children", json=child_payload(given_name="Amira\r\nBcc: x@evil.example"))
    assert r.status_code == 422 and "given_name" in r.get_json()["errors"]["json"]
    from types import SimpleNamespace

    from casework.channels.smtp import SMTPChannel

    channel = SMTPChannel(SimpleNamespace(smtp_url="smtp://127.0.0.1:25", smtp_from="SEND <send@council.example>"))
    row = SimpleNamespace(id=1, recipient="sara@example.org", channel="email", personalisation={})
    msg = channel.message(row, "News about Amira\r\nBcc: x@evil.example", "body")
    assert "\n" not in msg["Subject"] and "Bcc" not in msg


def test_bad_input_is_a_4xx_never_a_500(app, passwords, monkeypatch):
    with freeze_time("2026-03-02"):
        client = app.test_client()
        sign_in(client, "officer@council.example")
        assert client.get("/queue?page=99999999999999999999").status_code == 400
        assert client.get("/queue?q=%00").status_code == 400
        page = client.get("/requests/new").get_data(as_text=True)
        assert (
            client.post("/requests/new", data={"csrf_token": token_in(page), "given_name": "A\x00"}).status_code == 400
        )
        fresh = app.test_client()
        page = fresh.get("/sign-in").get_data(as_text=True)
        r = fresh.post("/sign-in?next=/queue%0d%0aSet-Cookie:x=y",
                       data={"csrf_token": token_in(page), "email": "officer@council.example", "password": PASSWORD})  # fmt: skip
        assert r.status_code == 400 and "x=y" not in str(r.headers)  # a line break in next=: refused, not a 500

        def _boom():
            raise RuntimeError("x")

        monkeypatch.setitem(app.view_functions, "web.privacy", _boom)
        body = app.test_client().get("/privacy").get_data(as_text=True)
        assert "property object" not in body and "Sorry, there is a problem with the service" in body


def test_an_advice_link_shows_nothing_once_the_case_has_closed(app, api, make_child, make_provider, services):
    from tests.integration.test_advice_chasing import link_in_outbox

    with freeze_time("2026-03-02 10:00"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-02-02"}).get_json()
        api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-03-02"})
        provider = make_provider()
        advice = api.post(f"/api/v1/cases/{case['id']}/advice-requests",
                          json={"advice_type": "health", "provider_id": provider["id"], "requested_on": "2026-03-02"}).get_json()  # fmt: skip
        url = link_in_outbox(services, advice["id"])
        r = api.post(f"/api/v1/cases/{case['id']}/events",
                     json={"type": "withdrawn", "occurred_on": "2026-03-02", "reason": "moved away"})  # fmt: skip
        assert r.status_code == 200
        r = app.test_client().get(url, follow_redirects=True)
        body = r.get_data(as_text=True)
        assert r.status_code == 410 and "has closed" in body and "Amira" not in body and "2016" not in body


def test_the_portal_answers_before_it_looks_the_address_up(app, make_child, services, monkeypatch):
    """The answer does not wait for the address to be looked up (the same time, known or not)."""
    from casework.web import portal

    looked_up, go_on = threading.Event(), threading.Event()
    real = portal.portal_contacts

    def slow(*args, **kwargs):
        looked_up.set()
        assert go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(portal, "portal_contacts", slow)
    with freeze_time("2026-03-02"):
        make_child()
        client = app.test_client()
        page = client.get("/portal/sign-in").get_data(as_text=True)
        r = client.post("/portal/sign-in", data={"csrf_token": token_in(page), "email": "sara.khan@example.org"})
        assert r.status_code == 200 and "Check your email" in r.get_data(as_text=True)
        assert looked_up.wait(10)  # the look-up is under way, and the answer has already come back
        with services.session_factory() as s:
            assert s.execute(select(PortalToken)).first() is None
        go_on.set()
        services.later.wait()
        with services.session_factory() as s:
            assert s.execute(select(PortalToken)).first() is not None


# --- hardening --------------------------------------------------------------------------------------------


def test_security_headers_on_pages_and_the_api(app, api, anonymous):
    for r in (anonymous.get("/sign-in"), api.get("/api/v1/queue")):
        h = r.headers
        assert h["Cache-Control"] == "no-store" and h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "no-referrer" and h["X-Frame-Options"] == "DENY"
    csp = anonymous.get("/sign-in").headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp and "script-src 'self' 'sha256-" in csp


def test_reading_a_record_is_audited_and_a_manager_sees_who(app, api, staff, passwords, case, services):
    with freeze_time("2026-03-02 11:00"):
        officer = app.test_client()
        sign_in(officer, "officer@council.example")
        assert officer.get(f"/cases/{case['id']}").status_code == 200
        api.get(f"/api/v1/cases/{case['id']}")
        assert officer.get(f"/children/{case['child']['id']}/access").status_code == 403
        manager = app.test_client()
        sign_in(manager, "manager@council.example")
        page = manager.get(f"/children/{case['child']['id']}/access").get_data(as_text=True)
        assert page.count("Record viewed") >= 2 and "Officer" in page and "case page" in page and "API" in page


@pytest.mark.parametrize(
    ("name", "data", "refused"),
    [
        ("advice.pdf", documents.pdf(), None),
        ("advice.docx", documents.docx(), None),
        ("advice.pdf", documents.pdf(javascript="app.alert('hi')"), "contains JavaScript"),
        ("advice.docx", documents.docx(macros=True), "contains macros"),
    ],
)
def test_uploads_with_active_content_are_refused(name, data, refused):
    from casework.web import uploads

    if refused is None:
        assert uploads.check(name, data).filename == name
    else:
        with pytest.raises(ValueError, match=refused):
            uploads.check(name, data)


def test_uploads_are_scanned_by_clamd_when_configured():
    import socket
    import struct

    from casework.web import uploads

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]

    def fake_clamd():
        for _ in range(2):
            conn, _ = listener.accept()
            with conn:
                data = b""
                while b"zINSTREAM\0" not in data:
                    data += conn.recv(4096)
                body, rest = b"", data.split(b"zINSTREAM\0", 1)[1]
                while True:
                    while len(rest) < 4:
                        rest += conn.recv(4096)
                    size = struct.unpack("!I", rest[:4])[0]
                    rest = rest[4:]
                    if size == 0:
                        break
                    while len(rest) < size:
                        rest += conn.recv(65536)
                    body, rest = body + rest[:size], rest[size:]
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in body
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    thread = threading.Thread(target=fake_clamd, daemon=True)
    thread.start()
    url = f"tcp://127.0.0.1:{port}"
    clean = documents.pdf()
    assert uploads.check("a.pdf", clean, url).filename == "a.pdf"
    import io
    import zipfile

    infected = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(documents.docx())) as source, zipfile.ZipFile(infected, "w") as z:
        for item in source.infolist():
            z.writestr(item, source.read(item))
        z.writestr("word/media/payload.txt", "X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE")
    with pytest.raises(ValueError, match="virus check found Eicar-Test-Signature"):
        uploads.check("b.docx", infected.getvalue(), url)
    thread.join(5)
    listener.close()
    with pytest.raises(ValueError, match="could not be checked for viruses"):
        uploads.check("c.pdf", clean, url)  # clamd down: refused, never kept unscanned


# --- what the probe found already safe, kept so ------------------------------------------------------


def test_a_parent_changing_ids_finds_nothing_of_another_family(app, api, make_child, services):
    with freeze_time("2026-03-02"):
        mine = make_child()
        other = make_child(given_name="Oliver", family_name="Bennett",
                           contacts=[{"name": "James Bennett", "email": "j.bennett@example.org"}])  # fmt: skip
        client = app.test_client()
        portal_sign_in(client, services)
        assert client.get(f"/portal/children/{mine['id']}").status_code == 200
        for path in (f"/portal/children/{other['id']}", f"/portal/children/{other['id']}/views"):
            assert client.get(path).status_code == 404
        assert client.get("/queue").status_code == 302 and client.get("/api/v1/queue").status_code == 401


def test_stored_markup_is_shown_as_text(app, api, make_child, passwords):
    with freeze_time("2026-03-02"):
        child = make_child(contacts=[{"name": "<script>alert(1)</script>", "email": "x@example.org"}])
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-03-02"}).get_json()
        client = app.test_client()
        sign_in(client, "officer@council.example")
        page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_staff_sign_in_does_not_say_whether_an_account_exists(app, passwords):
    client = app.test_client()
    unknown = sign_in(client, "nobody@council.example", "whatever").get_data(as_text=True)
    wrong = sign_in(client, "officer@council.example", "whatever").get_data(as_text=True)
    assert (
        "Enter a correct email address and password" in unknown
        and "Enter a correct email address and password" in wrong
    )
