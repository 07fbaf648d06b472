"""Helpers shared by the journeys' walks through the API (not a test module)."""

from __future__ import annotations

from freezegun import freeze_time


def ev(api, case_id, type_, on, **extra):
    return api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def deadlines(case):
    return {d["key"]: d for d in case["deadlines"]}


def case_of(api, case_id):
    return ok(api.get(f"/api/v1/cases/{case_id}"))


def plan_by_assessment(api, seek_advice, child_id, received, assessed, advice_in, to_issue, draft, final):
    """A needs assessment walked to a final plan issued on `final` (its advice sought when the council
    decided to assess and in by `advice_in`). Returns the assessment case."""
    with freeze_time(final):
        case = ok(api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": received}), 201)
        ok(ev(api, case["id"], "decided_to_assess", assessed))
        seek_advice(case["id"], assessed, received_on=advice_in)
        ok(ev(api, case["id"], "decided_to_issue", to_issue))
        ok(ev(api, case["id"], "draft_issued", draft))
        return ok(ev(api, case["id"], "final_issued", final))


def sent_messages(api, case_id):
    """Every message the case caused, with its template: each must have been rendered and sent."""
    rows = ok(api.get(f"/api/v1/cases/{case_id}/notifications"))
    assert all(r["status"] == "sent" for r in rows), [(r["template"], r["status"], r["last_error"]) for r in rows]
    return [r["template"] for r in rows]
