"""Advice completeness (reg 6(1)) through the API: each required advice requested, received, reused
(reg 6(4)) or not needed with a reason (an audited event); a plan is not decided on, nor a draft
served, while any is missing (409 naming each and the regulation)."""

from __future__ import annotations

from freezegun import freeze_time


def ev(api, case_id, type_, on, **extra):
    return api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})


def statuses(case):
    return {a["advice_type"]: a["status"] for a in case["required_advice"]}


@freeze_time("2026-03-20")
def test_a_plan_waits_for_the_advice_the_law_requires(api, make_child, make_provider):
    child = make_child(date_of_birth="2012-03-01")  # Year 9 from September 2025: preparing for adulthood too
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    assert statuses(case) == dict.fromkeys(
        ("parent", "education", "health", "psychology", "social_care", "preparing_for_adulthood"), "missing"
    )
    url = f"/api/v1/cases/{case['id']}/advice-not-needed"
    # not while the request is being decided on (advice is sought for the assessment)
    r = api.post(url, json={"advice_type": "social_care", "reason": "Not known to social care."})
    assert r.status_code == 409 and "only while assessing" in r.get_json()["message"]
    assert ev(api, case["id"], "decided_to_assess", "2026-02-16").status_code == 200

    health = make_provider()
    r = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={"advice_type": "health", "provider_id": health["id"], "requested_on": "2026-02-16"},
    )
    assert r.status_code == 201
    school = make_provider(name="Riverside High", advice_type="education", email="senco@riverside.example")
    agreed = dict.fromkeys(("adviser_agreed_on", "council_agreed_on", "family_agreed_on"), "2026-02-18")
    r = api.post(
        f"/api/v1/cases/{case['id']}/advice-reuse",
        json={"advice_type": "education", "provider_id": school["id"], "description": "Annual SEN review", **agreed},
    )
    assert r.status_code == 201
    r = ev(api, case["id"], "decided_to_issue", "2026-03-20")
    assert r.status_code == 409
    message = r.get_json()["message"]
    assert "reg 6(1)" in message
    for missing in ("parent", "psychology", "social_care", "preparing_for_adulthood"):
        assert missing in message
    assert "health (" not in message and "education (" not in message  # requested and reused both count

    # not needed: a required type and a reason, else 422
    for body, field in (
        ({"advice_type": "other", "reason": "x"}, "advice_type"),
        ({"advice_type": "social_care"}, "reason"),
        ({"advice_type": "social_care", "reason": ""}, "reason"),
    ):
        r = api.post(url, json=body)
        assert r.status_code == 422 and field in r.get_json()["errors"]["json"], body
    r = api.post(url, json={"advice_type": "social_care", "reason": "Not known to social care; the family agree."})
    assert r.status_code == 201, r.get_json()
    case = r.get_json()
    assert statuses(case)["social_care"] == "not_needed"
    assert {a["advice_type"]: a["reason"] for a in case["required_advice"]}["social_care"] == (
        "Not known to social care; the family agree."
    )
    audit = [e for e in case["events"] if e["type"] == "advice_not_needed"]
    assert audit and audit[0]["actor"]["kind"] == "staff" and audit[0]["details"]["advice_type"] == "social_care"

    for advice_type in ("parent", "psychology", "preparing_for_adulthood"):
        p = make_provider(name=f"{advice_type} giver", advice_type=advice_type, email=f"{advice_type}@x.example")
        r = api.post(
            f"/api/v1/cases/{case['id']}/advice-requests",
            json={"advice_type": advice_type, "provider_id": p["id"], "requested_on": "2026-03-02"},
        )
        assert r.status_code == 201
        if advice_type == "parent":
            api.post(f"/api/v1/advice-requests/{r.get_json()['id']}/received", json={"received_on": "2026-03-10"})
    case = api.get(f"/api/v1/cases/{case['id']}").get_json()
    assert statuses(case) == {
        "parent": "received", "education": "reused", "health": "requested", "psychology": "requested",
        "social_care": "not_needed", "preparing_for_adulthood": "requested",
    }  # fmt: skip
    r = ev(api, case["id"], "decided_to_issue", "2026-03-20")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["state"] == "drafting"


def test_openapi_documents_required_advice_and_the_working(api):
    spec = api.get("/api/openapi.json").get_json()
    assert "/api/v1/cases/{case_id}/advice-not-needed" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert "required_advice" in schemas["CaseOut"]["properties"]
    assert "working" in schemas["DeadlineOut"]["properties"]
    working = schemas["WorkingOut"]["properties"]
    for name in ("start_on", "starts_with", "rule", "regulation", "adjustments", "exceptions", "arithmetic",
                 "family_text"):  # fmt: skip
        assert name in working, name


@freeze_time("2026-03-20")
def test_advice_events_are_not_recorded_through_the_generic_event_body(api, make_child):
    """An advice request is recorded with the request itself (POST /cases/{id}/advice-requests), so the
    reg 6(1) guard cannot be satisfied by an event alone; nor can another case's follow-on be posted."""
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    assert ev(api, case["id"], "decided_to_assess", "2026-02-16").status_code == 200
    for type_ in ("advice_requested", "advice_received", "advice_reused", "exported"):
        r = ev(api, case["id"], type_, "2026-03-02", advice_type="health")
        assert r.status_code == 422 and "own endpoint" in r.get_json()["errors"]["json"]["type"][0], type_
    assert statuses(api.get(f"/api/v1/cases/{case['id']}").get_json())["health"] == "missing"
