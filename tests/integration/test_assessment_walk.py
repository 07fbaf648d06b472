"""A needs assessment walked from request to final plan under freezegun, through the HTTP API,
checking every deadline's status along the way: one missed, one covered by an exception, and the
representations guard (reg 13(1)(a)). Dates are statutory.md worked example 1."""

from __future__ import annotations

from freezegun import freeze_time


def deadlines(case):
    return {d["key"]: d for d in case["deadlines"]}


def event(api, case_id, type_, on, **extra):
    return api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})


def test_walk_request_to_final_plan(api, make_child, make_provider, seek_advice):
    with freeze_time("2026-01-05 10:00:00"):
        child = make_child()
        r = api.post(
            "/api/v1/assessments",
            json={"child_id": child["id"], "received_on": "2026-01-05", "request_source": "parent"},
        )
        assert r.status_code == 201, r.get_json()
        case = r.get_json()
        assert case["state"] == "request_received" and case["version"] == 1
        d = deadlines(case)
        assert d["decision_to_assess"]["due_on"] == "2026-02-16"
        assert d["decision_to_assess"]["regulation"] == "SEND Regulations 2014, reg 5(1)"
        assert d["decision_to_assess"]["status"] == "pending"
        assert d["decision_not_to_issue"]["due_on"] == "2026-04-27"
        assert d["final_plan"]["due_on"] == "2026-05-25"  # Spring Bank Holiday: the date stays...
        assert d["final_plan"]["practical_due_on"] == "2026-05-22"  # ...and the practical date is the Friday
        assert d["draft_plan_target"]["kind"] == "target"
        case_id = case["id"]

    with freeze_time("2026-02-16"):  # last day: still pending, not overdue
        assert deadlines(api.get(f"/api/v1/cases/{case_id}").get_json())["decision_to_assess"]["status"] == "pending"

    with freeze_time("2026-02-17"):  # the day after: overdue
        assert deadlines(api.get(f"/api/v1/cases/{case_id}").get_json())["decision_to_assess"]["status"] == "overdue"
        r = event(api, case_id, "decided_to_assess", "2026-02-17", version=1)
        assert r.status_code == 200, r.get_json()
        case = r.get_json()
        assert case["state"] == "assessing" and case["version"] == 2
        d = deadlines(case)
        assert d["decision_to_assess"]["status"] == "missed"
        assert d["decision_to_assess"]["met_on"] == "2026-02-17"
        assert d["final_plan"]["status"] == "pending"

        provider = make_provider()
        r = api.post(
            f"/api/v1/cases/{case_id}/advice-requests",
            json={"advice_type": "health", "provider_id": provider["id"], "requested_on": "2026-02-17"},
        )
        assert r.status_code == 201, r.get_json()
        assert r.get_json()["due_on"] == "2026-03-31"
        # the rest of the advice reg 6(1) requires, asked for the same day
        seek_advice(case_id, "2026-02-17", types=("parent", "education", "psychology", "social_care"))

    with freeze_time("2026-04-20"):
        case = event(api, case_id, "decided_to_issue", "2026-04-20").get_json()
        d = deadlines(case)
        assert case["state"] == "drafting"
        assert d["decision_not_to_issue"]["status"] == "not_applicable"
        assert d["final_plan"]["status"] == "pending"

    with freeze_time("2026-05-11"):
        case = event(api, case_id, "draft_issued", "2026-05-11").get_json()
        d = deadlines(case)
        assert d["representations"]["due_on"] == "2026-05-25"  # served + 14
        assert d["representations"]["status"] == "pending"
        assert d["draft_plan_target"]["status"] == "missed"  # target, not a breach: kind says so

    with freeze_time("2026-05-18"):
        r = event(api, case_id, "final_issued", "2026-05-18")
        assert r.status_code == 409
        body = r.get_json()
        assert "reg 13(1)(a)" in body["message"] and "26 May 2026" in body["message"]
        assert api.get(f"/api/v1/cases/{case_id}").get_json()["state"] == "draft_issued"

    with freeze_time("2026-05-26"):
        d = deadlines(api.get(f"/api/v1/cases/{case_id}").get_json())
        assert d["final_plan"]["status"] == "overdue"
        assert d["representations"]["status"] == "met"  # the family's window has run
        r = event(
            api,
            case_id,
            "exception_recorded",
            "2026-05-26",
            reason="exceptional_personal_circumstances",
            deadline_keys=["final_plan"],
            note="Parent in hospital for three weeks in May.",
        )
        assert r.status_code == 200, r.get_json()
        case = r.get_json()
        d = deadlines(case)
        assert d["final_plan"]["status"] == "exception"
        assert d["final_plan"]["due_on"] == "2026-05-25"  # Decision 8: no date moves
        assert case["exceptions"][0]["reason"] == "exceptional_personal_circumstances"
        assert case["state"] == "draft_issued"

    with freeze_time("2026-05-29"):
        r = event(api, case_id, "final_issued", "2026-05-29", named_setting="St Mary's Primary School")
        assert r.status_code == 200, r.get_json()
        case = r.get_json()
        d = deadlines(case)
        assert case["state"] == "plan_issued" and case["closed_on"] == "2026-05-29"
        assert d["final_plan"]["met_on"] == "2026-05-29"
        assert d["final_plan"]["status"] == "exception" and d["final_plan"]["exception_applies"] is True
        assert d["decision_to_assess"]["status"] == "missed"
        assert d["appeal"]["due_on"] == "2026-07-29"
        assert case["allowed_events"] == ["advice_received"]  # late advice is still recorded
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["issued_on"] == "2026-05-29"
        assert plan["next_review_due"] == "2027-05-28"  # B1: the day before the anniversary
        types = [e["type"] for e in case["events"]]
        assert types == [
            "request_received",
            "decided_to_assess",
            *["advice_requested"] * 5,
            "decided_to_issue",
            "draft_issued",
            "exception_recorded",
            "final_issued",
        ]


def test_no_representations_allows_an_earlier_final_plan(api, make_child, seek_advice):
    # statutory.md worked example 5: served Mon 13 Apr 2026; parent says on Fri 17 Apr they have none
    with freeze_time("2026-04-17"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
        for type_, on in (
            ("decided_to_assess", "2026-02-10"),
            ("decided_to_issue", "2026-03-30"),
            ("draft_issued", "2026-04-13"),
        ):
            if type_ == "decided_to_issue":
                seek_advice(case["id"], "2026-02-10", received_on="2026-03-20")
            assert event(api, case["id"], type_, on).status_code == 200
        assert event(api, case["id"], "final_issued", "2026-04-17").status_code == 409
        assert event(api, case["id"], "no_representations", "2026-04-17").status_code == 200
        r = event(api, case["id"], "final_issued", "2026-04-17")
        assert r.status_code == 200, r.get_json()
        d = deadlines(r.get_json())
        assert d["final_plan"]["status"] == "met"
        assert d["representations"]["met_on"] == "2026-04-17"


def test_decided_not_to_assess_closes_and_opens_the_appeal_window(api, make_child):
    # statutory.md worked example 10's first half: letter sent Thu 1 Oct 2026 -> appeal by Tue 1 Dec 2026
    with freeze_time("2026-10-01"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-09-01"}).get_json()
        r = event(api, case["id"], "decided_not_to_assess", "2026-10-01", reason="Needs met at SEN support.")
        assert r.status_code == 200, r.get_json()
        case = r.get_json()
        d = deadlines(case)
        assert case["state"] == "not_assessed"
        assert d["decision_to_assess"]["status"] == "met"
        assert d["final_plan"]["status"] == "not_applicable"
        assert d["decision_not_to_issue"]["status"] == "not_applicable"
        assert d["appeal"]["due_on"] == "2026-12-01"
        # a new request may now be opened for the same child
        assert (
            api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-10-01"}).status_code
            == 201
        )


def test_withdrawn_makes_pending_deadlines_not_applicable(api, make_child):
    with freeze_time("2026-03-01"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-02-02"}).get_json()
        r = event(api, case["id"], "withdrawn", "2026-03-01", reason="Family moved to another area.")
        d = deadlines(r.get_json())
        assert r.get_json()["state"] == "withdrawn"
        assert {d[k]["status"] for k in ("decision_to_assess", "decision_not_to_issue", "final_plan")} == {
            "not_applicable"
        }
