"""Every error is one of api.md's, with a message a person can act on; no input produces a 500."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from tests.conftest import child_payload


def open_case(api, make_child, received_on="2026-01-05"):
    child = make_child()
    r = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": received_on})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


@pytest.mark.parametrize(
    "path", ["/api/v1/cases", "/api/v1/cases/1", "/api/v1/queue", "/api/v1/children/1", "/api/v1/providers"]
)
def test_no_token_is_401(anonymous, path):
    r = anonymous.get(path)
    assert r.status_code == 401
    assert r.get_json()["code"] == 401 and "Bearer" in r.get_json()["message"]
    assert anonymous.as_("not-a-real-token").get(path).status_code == 401


def test_no_token_on_writes_is_401(anonymous):
    assert anonymous.post("/api/v1/children", json=child_payload()).status_code == 401
    assert anonymous.post("/api/v1/cases/1/events", json={"type": "withdrawn"}).status_code == 401


def test_unknown_ids_are_404(api):
    for path in ("/api/v1/cases/999", "/api/v1/children/999"):
        r = api.get(path)
        assert r.status_code == 404 and "999" in r.get_json()["message"]
    r = api.post("/api/v1/cases/999/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-05"})
    assert r.status_code == 404
    assert api.post("/api/v1/advice-requests/999/received", json={"received_on": "2026-01-05"}).status_code == 404
    r = api.post("/api/v1/assessments", json={"child_id": 999, "received_on": "2026-01-05"})
    assert r.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"given_name": ""}, "given_name"),
        ({"date_of_birth": "2016-02-30"}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"upn": "123"}, "upn"),
        ({"nhs_number": "9434765918"}, "nhs_number"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"contacts": []}, "contacts"),
        ({"contacts": [{"name": "Sara"}]}, "contacts"),
        ({"contacts": [{"name": "Sara", "phone": "12"}]}, "contacts"),
        ({"contacts": [{"name": "Sara", "email": "not-an-email"}]}, "contacts"),
        ({"contacts": [{"name": "Sara", "email": "s@example.org", "preferred_channel": "sms"}]}, "contacts"),
        ({"contacts": [{"name": "Sara", "email": "s@example.org", "preferred_channel": "pigeon"}]}, "contacts"),
        ({"sibling_of": "x"}, "sibling_of"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_bad_child_input_is_422_naming_the_field(api, body, field):
    r = api.post("/api/v1/children", json=child_payload(**body))
    assert r.status_code == 422, r.get_json()
    errors = r.get_json()["errors"]["json"]
    assert field in errors, errors


def test_missing_required_fields_are_each_named(api):
    r = api.post("/api/v1/children", json={})
    assert r.status_code == 422
    assert {"given_name", "family_name", "date_of_birth", "contacts"} <= set(r.get_json()["errors"]["json"])


def test_sibling_of_unknown_child_is_422(api):
    r = api.post("/api/v1/children", json=child_payload(sibling_of=12345))
    assert r.status_code == 422 and "sibling_of" in r.get_json()["errors"]["json"]


def test_not_json_is_a_client_error_not_500(api):
    r = api.post("/api/v1/children", data="{not json", headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    r = api.post("/api/v1/children", json=["a", "list"])
    assert r.status_code == 422


@freeze_time("2026-03-02")
def test_event_input_errors_are_422(api, make_child):
    case = open_case(api, make_child)
    url = f"/api/v1/cases/{case['id']}/events"
    cases = [
        ({"occurred_on": "2026-02-01"}, "type"),
        ({"type": "decided_to_assess"}, "occurred_on"),
        ({"type": "decided_to_assess", "occurred_on": "01/02/2026"}, "occurred_on"),
        ({"type": "decided_to_assess", "occurred_on": "2026-03-03"}, "occurred_on"),  # future
        ({"type": "decided_to_assess", "occurred_on": "2026-01-04"}, "occurred_on"),  # before it opened
        ({"type": "made_up_event", "occurred_on": "2026-02-01"}, "type"),
        ({"type": "decided_to_assess", "occurred_on": "2026-02-01", "version": "two"}, "version"),
        ({"type": "decided_not_to_assess", "occurred_on": "2026-02-01"}, "reason"),
        ({"type": "decided_to_assess", "occurred_on": "2026-02-01", "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        r = api.post(url, json=body)
        assert r.status_code == 422, (body, r.get_json())
        assert field in r.get_json()["errors"]["json"], (body, r.get_json())
    # nothing was written by any of them
    case = api.get(f"/api/v1/cases/{case['id']}").get_json()
    assert case["version"] == 1 and [e["type"] for e in case["events"]] == ["request_received"]


@freeze_time("2026-03-02")
def test_wrong_state_is_409_with_the_reason(api, make_child):
    case = open_case(api, make_child)
    r = api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "final_issued", "occurred_on": "2026-02-01"})
    assert r.status_code == 409
    message = r.get_json()["message"]
    assert "final_issued" in message and "request_received" in message and "decided_to_assess" in message


@freeze_time("2026-03-02")
def test_stale_version_is_409_and_nothing_is_overwritten(api, make_child):
    case = open_case(api, make_child)
    url = f"/api/v1/cases/{case['id']}/events"
    assert (
        api.post(url, json={"type": "decided_to_assess", "occurred_on": "2026-02-01", "version": 1}).status_code == 200
    )
    r = api.post(url, json={"type": "withdrawn", "occurred_on": "2026-02-02", "reason": "x", "version": 1})
    assert r.status_code == 409 and "version" in r.get_json()["message"]
    assert api.get(f"/api/v1/cases/{case['id']}").get_json()["state"] == "assessing"


@freeze_time("2026-03-02")
def test_dates_must_follow_the_stages(api, make_child):
    case = open_case(api, make_child)
    url = f"/api/v1/cases/{case['id']}/events"
    assert api.post(url, json={"type": "decided_to_assess", "occurred_on": "2026-02-10"}).status_code == 200
    r = api.post(url, json={"type": "decided_to_issue", "occurred_on": "2026-02-09"})
    assert r.status_code == 422 and "occurred_on" in r.get_json()["errors"]["json"]


@freeze_time("2026-03-02")
def test_second_open_assessment_is_409(api, make_child):
    case = open_case(api, make_child)
    r = api.post("/api/v1/assessments", json={"child_id": case["child"]["id"], "received_on": "2026-02-01"})
    assert r.status_code == 409 and str(case["id"]) in r.get_json()["message"]


@freeze_time("2026-03-02")
def test_assessment_input_errors(api, make_child):
    child = make_child()
    for body, field in [
        ({"child_id": child["id"]}, "received_on"),
        ({"child_id": child["id"], "received_on": "2026-04-01"}, "received_on"),
        ({"child_id": child["id"], "received_on": "2026-01-05", "request_source": "neighbour"}, "request_source"),
        ({"received_on": "2026-01-05"}, "child_id"),
        ({"child_id": child["id"], "received_at": "2026-01-05T10:00:00"}, "received_at"),
    ]:
        r = api.post("/api/v1/assessments", json=body)
        assert r.status_code == 422, (body, r.get_json())
        assert field in r.get_json()["errors"]["json"], (body, r.get_json())


@freeze_time("2026-06-01")
def test_exception_checks(api, make_child):
    case = open_case(api, make_child)
    url = f"/api/v1/cases/{case['id']}/events"
    base = {"type": "exception_recorded", "occurred_on": "2026-06-01", "note": "Why"}
    r = api.post(url, json={**base, "reason": "missed_appointment", "deadline_keys": ["final_plan"]})
    assert r.status_code == 409 and "reg 13" in r.get_json()["message"]  # not a lawful reason for A7
    r = api.post(url, json={**base, "reason": "absent_from_area", "deadline_keys": ["representations"]})
    assert r.status_code == 422 and "deadline_keys" in r.get_json()["errors"]["json"]
    r = api.post(
        url,
        json={
            "type": "exception_recorded",
            "occurred_on": "2026-06-01",
            "reason": "absent_from_area",
            "deadline_keys": ["final_plan"],
        },
    )
    assert r.status_code == 422 and "note" in r.get_json()["errors"]["json"]
    # an absence needs its dates (statutory.md 9.2): at least 4 continuous weeks within the period
    r = api.post(url, json={**base, "reason": "absent_from_area", "deadline_keys": ["final_plan"]})
    assert r.status_code == 422 and "absent_from" in r.get_json()["errors"]["json"]
    away = {"absent_from": "2026-04-01", "absent_until": "2026-04-27"}  # 27 days: one short of 4 weeks
    r = api.post(url, json={**base, "reason": "absent_from_area", "deadline_keys": ["final_plan"], **away})
    assert r.status_code == 409 and "at least 4 weeks" in r.get_json()["message"]
    away["absent_until"] = "2026-04-28"  # 28 days
    r = api.post(url, json={**base, "reason": "absent_from_area", "deadline_keys": ["final_plan"], **away})
    assert r.status_code == 200, r.get_json()
    final = {d["key"]: d for d in r.get_json()["deadlines"]}["final_plan"]
    assert final["status"] == "exception" and final["due_on"] == "2026-05-25"
    assert "absence from the area" in final["working"]["exceptions"][0]


def test_html_pages_get_html_errors(app):
    r = app.test_client().get("/no-such-page")
    assert r.status_code == 404 and r.content_type.startswith("text/html")
    r = app.test_client().get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.is_json


def test_a_page_far_past_the_end_is_empty_not_a_server_error(api):
    """schemathesis sent page=10**30: the database's OFFSET overflowed (500)."""
    for path in ("/api/v1/cases", "/api/v1/providers", "/api/v1/queue"):
        r = api.get(f"{path}?page={10**30}&page_size=100")
        assert r.status_code == 200 and r.get_json() == [], (path, r.status_code)


def test_a_nul_character_in_a_query_parameter_is_refused_by_name(api):
    """schemathesis sent state=...%00: PostgreSQL cannot compare text with NUL in it (500)."""
    r = api.get("/api/v1/cases?state=open%00")
    assert r.status_code == 422 and "state" in r.get_json()["errors"]["query"]
