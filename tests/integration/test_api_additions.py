"""The API's additions for issue 10: correcting a mistaken date, a returned advice request, contacts'
addresses, the queue's focus."""

from __future__ import annotations

from freezegun import freeze_time


@freeze_time("2026-03-20")
def test_a_date_is_corrected_through_the_api(api, make_child):
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-12"}).get_json()
    opening = case["events"][0]["id"]
    r = api.post(f"/api/v1/cases/{case['id']}/corrections", json={"event_id": opening, "occurred_on": "2026-01-05"})
    assert r.status_code == 422 and "reason" in r.get_json()["errors"]["json"]
    r = api.post(
        f"/api/v1/cases/{case['id']}/corrections",
        json={"event_id": opening, "occurred_on": "2026-01-05", "reason": "The email came on the 5th", "version": 1},
    )
    body = r.get_json()
    assert r.status_code == 200, body
    assert {d["key"]: d["due_on"] for d in body["deadlines"]}["decision_to_assess"] == "2026-02-16"
    assert [e["type"] for e in body["events"]] == ["request_received", "entry_corrected"]
    assert body["events"][0]["occurred_on"] == "2026-01-12" and body["opened_on"] == "2026-01-05"
    r = api.post(
        f"/api/v1/cases/{case['id']}/corrections",
        json={"event_id": opening, "occurred_on": "2026-01-06", "reason": "again", "version": 1},
    )
    assert r.status_code == 409  # stale version


@freeze_time("2026-02-20")
def test_an_advice_request_is_returned_through_the_api(api, make_child, make_provider):
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-19"})
    p = make_provider()
    advice = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={"advice_type": "health", "provider_id": p["id"], "requested_on": "2026-01-19"},
    ).get_json()
    r = api.post(f"/api/v1/advice-requests/{advice['id']}/returned", json={"reason": "nope", "returned_by": "x"})
    assert r.status_code == 422
    r = api.post(
        f"/api/v1/advice-requests/{advice['id']}/returned",
        json={"reason": "not_known", "returned_by": "Dr Jones (phoned)", "note": "No record"},
    )
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "returned" and body["returned_reason"] == "not_known"
    assert body["next_chase_on"] is None and body["submitted_by"] == "Dr Jones (phoned)"
    r = api.post(f"/api/v1/advice-requests/{advice['id']}/returned", json={"reason": "not_known", "returned_by": "x"})
    assert r.status_code == 409
