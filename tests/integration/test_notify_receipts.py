"""GOV.UK Notify's delivery receipts, end to end: messages go to the fake Notify server, which calls
the app back over HTTP (POST /api/v1/notify/callback with the service's bearer token) as Notify
does; the status lands on the outbox row, the API shows it, and a family message that did not
arrive shows on the case page and in the officer's queue."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import select, update
from werkzeug.serving import make_server

from casework.models import OutboxMessage
from tests.conftest import Api, child_payload
from tests.fakes.notify_server import API_KEY, FakeNotify
from tests.integration.test_pages import sign_in

EMAIL_TEMPLATE = "9d7a1a3e-6c5e-4a3b-9c54-2b3f6f1c0a11"
TOKEN = "notify-callback-token-0123456789abcdef"


@pytest.fixture
def notify_app(database_url, app, tmp_path):
    """The app configured for GOV.UK Notify (the fake) with a callback token, served over HTTP."""
    from casework.app import create_app
    from casework.config import Config

    with FakeNotify() as notify:
        config = Config(
            database_url=database_url,
            outbox_dir=tmp_path / "outbox",
            upload_dir=tmp_path / "uploads",
            testing=True,
            notify_api_key=API_KEY,
            notify_base_url=notify.url,
            notify_email_template_id=EMAIL_TEMPLATE,
            notify_callback_token=TOKEN,
            notify_reference_prefix="council_a",
        )
        served = create_app(config)
        server = make_server("127.0.0.1", 0, served, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        notify.callback_url = f"http://127.0.0.1:{server.server_port}/api/v1/notify/callback"
        notify.callback_token = TOKEN
        yield served, notify
        server.shutdown()
        served.extensions["casework"].engine.dispose()


def _rows(app):
    with app.extensions["casework"].session_factory() as s:
        return s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def _case_with_two_family_emails(api) -> dict:
    child = api.post("/api/v1/children", json=child_payload()).get_json()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    r = api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-02-10"})
    assert r.status_code == 200, r.get_json()
    return case


def test_receipts_are_recorded_and_an_undelivered_family_email_is_shown(notify_app, staff, passwords, caplog):
    served, notify = notify_app
    caplog.set_level(logging.INFO)
    api = Api(served.test_client(), staff["officer"]["token"])
    case = _case_with_two_family_emails(api)
    received, decided = _rows(served)
    assert [n["reference"] for n in notify.notifications] == [received.reference, decided.reference]
    assert received.reference == f"council_a-outbox-{received.id}"
    assert received.notify_id == notify.notifications[0]["id"]  # kept from Notify's answer

    assert notify.send_receipts("delivered", reference=received.reference) == [200]
    assert notify.send_receipts("permanent-failure", reference=decided.reference) == [200]

    received, decided = _rows(served)
    assert (received.delivery_status, decided.delivery_status) == ("delivered", "permanent-failure")
    assert decided.delivery_status_at is not None and decided.status == "sent"
    notes = api.get(f"/api/v1/cases/{case['id']}/notifications").get_json()
    assert [(n["delivery_status"], n["undelivered"]) for n in notes] == [
        ("delivered", False),
        ("permanent-failure", True),
    ]
    assert notes[1]["notify_id"] == notify.notifications[1]["id"] and notes[1]["reference"] == decided.reference

    [item] = api.get("/api/v1/queue").get_json()
    assert [(m["id"], m["event_type"], m["channel"]) for m in item["undelivered_family_messages"]] == [
        (decided.id, "decided_to_assess", "email")
    ]

    client = served.test_client()
    sign_in(client, "officer@council.example")
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "data-undelivered" in page and "The family did not get the \u201cDecided to assess\u201d email" in page
    queue = client.get("/queue").get_data(as_text=True)
    assert "Not delivered" in queue and "The family did not get the \u201cDecided to assess\u201d email" in queue
    assert "sara.khan" not in caplog.text  # the receipt's `to` is neither stored nor logged


@pytest.fixture
def passwords(services, staff):
    from casework.models import Staff
    from casework.workflow.accounts import hash_password
    from tests.integration.test_pages import PASSWORD

    with services.session_factory() as s:
        for member in s.execute(select(Staff)).scalars():
            member.password_hash = hash_password(PASSWORD)
        s.commit()


def test_a_receipt_without_the_right_token_is_refused_and_changes_nothing(notify_app, staff):
    served, notify = notify_app
    api = Api(served.test_client(), staff["officer"]["token"])
    _case_with_two_family_emails(api)
    assert notify.send_receipts("permanent-failure", token="wrong-token-0123456789") == [401, 401]
    bare = served.test_client().post("/api/v1/notify/callback", json={"id": "x", "status": "delivered"})
    assert bare.status_code == 401
    staff_token = api.post("/api/v1/notify/callback", json={"id": "x", "status": "delivered"})
    assert staff_token.status_code == 401  # a staff API token is not Notify's
    assert {r.delivery_status for r in _rows(served)} == {None}


def test_without_a_configured_token_every_receipt_is_refused(api):
    r = api.post(
        "/api/v1/notify/callback",
        json={"id": "x", "status": "delivered"},
        headers={"Authorization": f"Bearer {TOKEN}"},  # the app fixture sets no NOTIFY_CALLBACK_TOKEN
    )
    assert r.status_code == 401


def test_unknown_superseded_and_older_receipts_change_nothing(notify_app, staff):
    served, notify = notify_app
    api = Api(served.test_client(), staff["officer"]["token"])
    _case_with_two_family_emails(api)
    received, decided = _rows(served)
    post = served.test_client().post
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def receipt(reference, status, notify_id, completed_at="2026-02-10T10:00:00.000000Z"):
        body = {"id": notify_id, "reference": reference, "status": status, "completed_at": completed_at}
        r = post("/api/v1/notify/callback", json={**body, "to": "x", "notification_type": "email"}, headers=headers)
        assert r.status_code == 200, r.get_json()
        return r.get_json()["result"]

    # another deployment sharing the Notify service (its own prefix), or no reference at all
    assert receipt(f"council_b-outbox-{received.id}", "delivered", "abc") == "unknown"
    assert receipt(None, "delivered", "abc") == "unknown"
    # a notification the row no longer tracks (an earlier attempt Notify lost; sent again since)
    assert receipt(received.reference, "technical-failure", "an-earlier-notification") == "superseded"
    assert receipt(received.reference, "delivered", received.notify_id) == "recorded"
    # a late, older receipt does not overwrite a newer one
    assert receipt(received.reference, "temporary-failure", received.notify_id, "2026-02-09T10:00:00Z") == "older"
    # a row sent before Notify's id was kept (an old row) takes the id from its first receipt
    with served.extensions["casework"].engine.begin() as conn:
        conn.execute(update(OutboxMessage.__table__).where(OutboxMessage.id == decided.id).values(notify_id=None))
    assert receipt(decided.reference, "temporary-failure", "notify-1") == "recorded"
    received, decided = _rows(served)
    assert (received.delivery_status, decided.delivery_status, decided.notify_id) == (
        "delivered",
        "temporary-failure",
        "notify-1",
    )


def test_a_failed_family_message_counts_as_undelivered_without_a_receipt(notify_app, staff):
    served, notify = notify_app
    api = Api(served.test_client(), staff["officer"]["token"])
    notify.fail(400, "Can't send to this recipient using a team-only API key")
    child = api.post("/api/v1/children", json=child_payload()).get_json()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    [note] = api.get(f"/api/v1/cases/{case['id']}/notifications").get_json()
    assert note["status"] == "failed" and note["undelivered"] is True and note["delivery_status"] is None
    [item] = api.get("/api/v1/queue").get_json()
    assert [m["event_type"] for m in item["undelivered_family_messages"]] == ["request_received"]
