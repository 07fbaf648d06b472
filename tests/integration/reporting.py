"""Helpers for the reports tests: cases walked through the API (so through the engine) under
freezegun, with the dates they happened."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

VIEWS = {
    "child_views": {"how": "in_person", "given_by": "the child, with their teaching assistant"},
    "parent_views": {"how": "in_writing", "given_by": "their mother"},
}


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def plus(day: str, days: int) -> str:
    return (d(day) + dt.timedelta(days=days)).isoformat()


REQUIRED_ADVICE = ("parent", "education", "health", "psychology", "social_care")


def advice_settled(api, case_id: int, on: str) -> None:
    """These tests are not about advice: each advice reg 6(1) requires is recorded as not needed (with
    the reason), so that a plan may be decided. Advice figures are tested with real requests."""
    with freeze_time(on):
        for advice_type in REQUIRED_ADVICE:
            r = api.post(
                f"/api/v1/cases/{case_id}/advice-not-needed",
                json={"advice_type": advice_type, "reason": "Settled for a reports test", "decided_on": on},
            )
            assert r.status_code in (200, 201), r.get_json()  # fmt: skip


def event(api, case_id: int, type_: str, on: str, *, today: str | None = None, **extra) -> dict:
    """Record the event on the day it happened (today = that day), or later (`today`: a backdated entry).
    A decision to issue a plan first settles the advice reg 6(1) requires (`advice_settled`)."""
    if type_ == "decided_to_issue":
        advice_settled(api, case_id, on)
    with freeze_time(today or on):
        r = api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})
    assert r.status_code == 200, (type_, on, r.get_json())
    return r.get_json()


def child(api, n: int, **extra) -> int:
    body = {
        "given_name": f"Child{n}",
        "family_name": "Tester",
        "date_of_birth": "2016-04-02",
        "contacts": [{"name": f"Parent {n}", "email": f"parent{n}@example.org", "preferred_channel": "email"}],
        **extra,
    }
    r = api.post("/api/v1/children", json=body)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def request(api, n: int, received: str, source: str = "parent") -> int:
    with freeze_time(received):
        child_id = child(api, n)
        r = api.post(
            "/api/v1/assessments", json={"child_id": child_id, "received_on": received, "request_source": source}
        )
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def to_final(api, case_id: int, received: str, final_on: str, *, exception: bool = False) -> None:
    """Assess (day 30), decide to issue (day 90), serve the draft (day 100), then the final plan on
    `final_on`; with `exception` an exception is recorded against the final plan first."""
    event(api, case_id, "decided_to_assess", plus(received, 30))
    event(api, case_id, "decided_to_issue", plus(received, 90))
    event(api, case_id, "draft_issued", plus(received, 100))
    if exception:
        event(
            api,
            case_id,
            "exception_recorded",
            plus(received, 101),
            reason="exceptional_personal_circumstances",
            deadline_keys=["final_plan"],
            note="The family was abroad caring for a relative for six weeks.",
        )
    event(api, case_id, "final_issued", final_on)


def plan_and_review(api, n: int, issued: str, meeting: str) -> int:
    """A plan issued on `issued` (request 120 days before) and its review opened, the meeting
    arranged 3 weeks ahead and held on `meeting`. Returns the review's case id."""
    received = plus(issued, -120)
    case_id = request(api, n, received)
    event(api, case_id, "decided_to_assess", plus(received, 30))
    event(api, case_id, "decided_to_issue", plus(received, 80))
    event(api, case_id, "draft_issued", plus(received, 90))
    event(api, case_id, "final_issued", issued)
    child_id = api.get(f"/api/v1/cases/{case_id}").get_json()["child"]["id"]
    with freeze_time(plus(meeting, -28)):
        r = api.post("/api/v1/reviews", json={"child_id": child_id})
    assert r.status_code == 201, r.get_json()
    review = r.get_json()["id"]
    event(api, review, "meeting_arranged", plus(meeting, -21), meeting_on=meeting)
    event(api, review, "meeting_held", meeting)
    return review


def advice(
    api, case_id: int, provider_id: int, requested: str, received: str | None, advice_type: str = "health"
) -> int:
    with freeze_time(requested):
        r = api.post(
            f"/api/v1/cases/{case_id}/advice-requests",
            json={"advice_type": advice_type, "provider_id": provider_id, "requested_on": requested},
        )
    assert r.status_code == 201, r.get_json()
    advice_id = r.get_json()["id"]
    if received:
        with freeze_time(received):
            r = api.post(f"/api/v1/advice-requests/{advice_id}/received", json={"received_on": received})
        assert r.status_code == 200, r.get_json()
    return advice_id
