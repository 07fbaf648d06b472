"""A year of a plan under freezegun, through the API and the sweep: plan issued, review opened
automatically 12 weeks before it is due, meeting, amendments, amended plan, next review due a year
on (statutory.md worked example 7); then a second review walked to cease, the plan staying active
until the appeal window closes."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import select

from casework.workflow import sweep

VIEWS = {
    "child_views": {"how": "in_person", "given_by": "Amira, with her teaching assistant"},
    "parent_views": {"how": "in_writing", "given_by": "Sara Khan"},
}


def ev(api, case_id, type_, on, **extra):
    return api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})


def dl(api, case_id):
    return {d["key"]: d for d in api.get(f"/api/v1/cases/{case_id}").get_json()["deadlines"]}


def run_sweep(services, day):
    return sweep.run(services.session_factory, dt.date.fromisoformat(day), dispatch=services.dispatch)


def make_plan(api, make_child, seek_advice):
    """An assessment walked to a final plan issued on Fri 30 Jan 2026 (the advice reg 6(1) requires
    asked for when the council decided to assess, and in by the decision to issue)."""
    with freeze_time("2026-01-30"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2025-09-01"}).get_json()
        for type_, on in (
            ("decided_to_assess", "2025-10-06"),
            ("advice", "2025-10-06"),
            ("decided_to_issue", "2025-12-15"),
            ("draft_issued", "2026-01-05"),
            ("final_issued", "2026-01-30"),
        ):
            if type_ == "advice":
                seek_advice(case["id"], on, received_on="2025-11-14")
                continue
            r = ev(api, case["id"], type_, on)
            assert r.status_code == 200, r.get_json()
        return child, case


def test_a_year_of_a_plan(api, make_child, services, seek_advice):
    child, assessment = make_plan(api, make_child, seek_advice)
    with freeze_time("2026-01-30"):
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["issued_on"] == "2026-01-30" and plan["status"] == "active"
        assert plan["next_review_due"] == "2027-01-29"  # B1: the day before the anniversary
        assert plan["early_years_review_on"] is None  # Amira is 9

    # the review opens itself 12 weeks before it is due (29 Jan 2027 - 84 days = 6 Nov 2026), once
    with freeze_time("2026-11-05"):
        assert run_sweep(services, "2026-11-05").reviews_opened == []
    with freeze_time("2026-11-06"):
        opened = run_sweep(services, "2026-11-06").reviews_opened
        assert len(opened) == 1
        assert run_sweep(services, "2026-11-06").reviews_opened == []  # safe to run again
        review_id = opened[0]
        case = api.get(f"/api/v1/cases/{review_id}").get_json()
        assert case["kind"] == "review" and case["state"] == "due"
        assert case["officer"]["id"] == assessment["officer"]["id"]  # the child's officer
        assert case["events"][0]["type"] == "review_opened" and case["events"][0]["actor"]["kind"] == "system"
        d = dl(api, review_id)
        assert d["review_meeting"]["due_on"] == "2027-01-29" and d["review_meeting"]["status"] == "pending"
        assert d["review_meeting"]["regulation"] == "Children and Families Act 2014, s.44(1)"
        assert api.get(f"/api/v1/children/{child['id']}").get_json()["cases"][-1]["id"] == review_id

    # invitations with less than 2 weeks' notice are refused unless the officer says why
    with freeze_time("2026-12-31"):
        r = ev(api, review_id, "meeting_arranged", "2026-12-31", meeting_on="2027-01-13")
        assert r.status_code == 409 and "2 weeks" in r.get_json()["message"] and "reg 20" in r.get_json()["message"]
    with freeze_time("2026-12-30"):
        r = ev(api, review_id, "meeting_arranged", "2026-12-30", meeting_on="2027-01-13")
        assert r.status_code == 200, r.get_json()
        d = {x["key"]: x for x in r.get_json()["deadlines"]}
        assert d["meeting_notice"]["due_on"] == "2026-12-30" and d["meeting_notice"]["status"] == "met"
        assert d["advice_circulation"]["due_on"] == "2026-12-30" and d["advice_circulation"]["status"] == "pending"
        assert ev(api, review_id, "advice_circulated", "2026-12-30").status_code == 200
        assert dl(api, review_id)["advice_circulation"]["status"] == "met"

    with freeze_time("2027-01-13"):
        r = ev(api, review_id, "meeting_held", "2027-01-13")
        assert r.status_code == 200, r.get_json()
        d = {x["key"]: x for x in r.get_json()["deadlines"]}
        assert d["review_meeting"]["status"] == "met"
        assert d["review_report"]["due_on"] == "2027-01-27"
        assert d["review_decision"]["due_on"] == "2027-02-10"
        assert d["amended_plan_overall"]["due_on"] == "2027-04-07"

    with freeze_time("2027-01-28"):
        assert dl(api, review_id)["review_report"]["status"] == "overdue"
        assert ev(api, review_id, "report_received", "2027-01-28").status_code == 200
        assert dl(api, review_id)["review_report"]["status"] == "missed"

    with freeze_time("2027-02-10"):
        # the voice of the child: a decision without the views is refused with the reason
        r = ev(api, review_id, "amendments_proposed", "2027-02-10")
        assert r.status_code == 422
        errors = r.get_json()["errors"]["json"]
        assert "child_views" in errors and "parent_views" in errors and "s.19" in errors["child_views"][0]
        assert "amendments_summary" in errors  # the notice must carry the proposed amendments (B7)
        r = ev(
            api,
            review_id,
            "amendments_proposed",
            "2027-02-10",
            child_views={"how": "not_obtained"},
            parent_views=VIEWS["parent_views"],
            amendments_summary="Section F: speech and language therapy weekly, not monthly.",
        )
        assert r.status_code == 422 and "why" in r.get_json()["errors"]["json"]["child_views"][0]
        r = ev(
            api,
            review_id,
            "amendments_proposed",
            "2027-02-10",
            child_views={"how": "not_obtained", "reason": "Amira was in hospital; she will be asked on her return."},
            parent_views=VIEWS["parent_views"],
            amendments_summary="Section F: speech and language therapy weekly, not monthly.",
        )
        assert r.status_code == 200, r.get_json()
        d = {x["key"]: x for x in r.get_json()["deadlines"]}
        assert r.get_json()["state"] == "amending"
        assert d["review_decision"]["status"] == "met"
        assert d["representations"]["due_on"] == "2027-02-24"
        assert d["amended_plan"]["due_on"] == "2027-04-07"
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["next_review_due"] == "2028-01-12"  # the clock restarts from the meeting

    with freeze_time("2027-02-20"):
        r = ev(api, review_id, "amended_plan_issued", "2027-02-20")
        assert (
            r.status_code == 409
            and "Thursday 25 February 2027" in r.get_json()["message"]
            and "reg 22(2)(c)" in r.get_json()["message"]
        )
    with freeze_time("2027-02-25"):
        r = ev(api, review_id, "amended_plan_issued", "2027-02-25", named_setting="Riverside High School")
        assert r.status_code == 200, r.get_json()
        case = r.get_json()
        d = {x["key"]: x for x in case["deadlines"]}
        assert case["state"] == "amended"
        assert {k: d[k]["status"] for k in d} == {
            "review_meeting": "met",
            "meeting_notice": "met",
            "advice_circulation": "met",
            "review_report": "missed",
            "review_decision": "met",
            "amended_plan_overall": "met",
            "representations": "met",
            "amended_plan": "met",
            "appeal": "pending",  # the amended plan's contents can be appealed (CFA s.51(2)(c))
        }
        assert d["appeal"]["due_on"] == "2027-04-26"  # 25 Apr 2027 is a Sunday: r.12 moves it to Monday
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["next_review_due"] == "2028-01-12" and plan["named_setting"] == "Riverside High School"
        assert plan["last_review_meeting_on"] == "2027-01-13" and plan["amended_on"] == "2027-02-25"

    # the second review: opened 12 weeks before 12 Jan 2028 (= 20 Oct 2027), walked to cease
    with freeze_time("2027-10-20"):
        second = run_sweep(services, "2027-10-20").reviews_opened
        assert len(second) == 1 and second[0] != review_id
        rid = second[0]
        assert ev(api, rid, "meeting_arranged", "2027-10-20", meeting_on="2027-11-10").status_code == 200
    with freeze_time("2027-11-10"):
        assert ev(api, rid, "meeting_held", "2027-11-10").status_code == 200
    with freeze_time("2027-11-24"):
        r = ev(api, rid, "decided_to_cease", "2027-11-24", reason="Amira's needs are now met without a plan.", **VIEWS)
        assert r.status_code == 200, r.get_json()
        d = {x["key"]: x for x in r.get_json()["deadlines"]}
        assert r.get_json()["state"] == "ceasing"
        assert d["appeal"]["due_on"] == "2028-01-24"  # 24 Nov + 2 months = Mon 24 Jan 2028
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["status"] == "active" and plan["cease_decided_on"] == "2027-11-24"
    with freeze_time("2028-01-24"):
        r = ev(api, rid, "plan_ceased", "2028-01-24")
        assert r.status_code == 409 and "Tuesday 25 January 2028" in r.get_json()["message"]
        assert api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]["status"] == "active"
        assert run_sweep(services, "2028-01-24").reviews_opened == []  # no new review of a plan being ceased
    with freeze_time("2028-01-25"):
        r = ev(api, rid, "plan_ceased", "2028-01-25")
        assert r.status_code == 200 and r.get_json()["state"] == "ceased"
        assert api.get(f"/api/v1/children/{child['id']}").get_json()["plan"] is None
        assert api.post("/api/v1/reviews", json={"child_id": child["id"]}).status_code == 409

    # the family heard about each step of both reviews
    from casework.models import OutboxMessage

    with services.session_factory() as s:
        templates = [
            t
            for t in s.execute(select(OutboxMessage.template).order_by(OutboxMessage.id)).scalars()
            if t.startswith("family_review")
        ]
    assert templates == [
        f"family_review_{t}.email"
        for t in (
            "opened",
            "meeting_arranged",
            "meeting_held",
            "report_received",
            "amendments_proposed",
            "amended_plan_issued",
            "opened",
            "meeting_arranged",
            "meeting_held",
            "decided_to_cease",
            "plan_ceased",
        )
    ]


def test_review_opened_by_hand_with_phase_transfer_and_views_from_year_9(api, make_child, seek_advice):
    with freeze_time("2026-01-30"):
        # born 1 Mar 2013: Year 8 in 2025/26... Year 9 from Sept 2026
        child = make_child(date_of_birth="2013-03-01")
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2025-09-01"}).get_json()
        for type_, on in (
            ("decided_to_assess", "2025-10-06"),
            ("decided_to_issue", "2025-12-15"),
            ("draft_issued", "2026-01-05"),
            ("final_issued", "2026-01-30"),
        ):
            if type_ == "decided_to_issue":
                seek_advice(case["id"], "2025-10-06", received_on="2025-11-14")
            assert ev(api, case["id"], type_, on).status_code == 200
    with freeze_time("2026-10-01"):
        assert api.post("/api/v1/reviews", json={"child_id": 999}).status_code == 404
        r = api.post(
            "/api/v1/reviews",
            json={"child_id": child["id"], "phase_transfer": {"transfer_on": "2029-09-01", "kind": "post16"}},
        )
        assert r.status_code == 201, r.get_json()
        review = r.get_json()
        d = {x["key"]: x for x in review["deadlines"]}
        assert d["phase_transfer"]["due_on"] == "2029-03-30" and d["phase_transfer"]["rule"] == "B13"
        assert api.post("/api/v1/reviews", json={"child_id": child["id"]}).status_code == 409  # one open review
        assert (
            ev(
                api,
                review["id"],
                "meeting_arranged",
                "2026-10-01",
                meeting_on="2026-10-08",
                short_notice_reason="Only date the family could attend before half term",
            ).status_code
            == 200
        )
    with freeze_time("2026-10-08"):
        assert ev(api, review["id"], "meeting_held", "2026-10-08").status_code == 200
        r = ev(api, review["id"], "decided_to_maintain", "2026-10-08", **VIEWS)
        assert r.status_code == 422 and "preparing_for_adulthood_considered" in r.get_json()["errors"]["json"]
        r = ev(api, review["id"], "decided_to_maintain", "2026-10-08", preparing_for_adulthood_considered=True, **VIEWS)
        assert r.status_code == 200, r.get_json()
        d = {x["key"]: x for x in r.get_json()["deadlines"]}
        assert d["appeal"]["due_on"] == "2026-12-08"
        assert d["phase_transfer"]["status"] == "pending"  # maintaining does not meet reg 18
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["next_review_due"] == "2027-10-07"
        assert plan["phase_transfer"]["due_on"] == "2029-03-30" and plan["phase_transfer"]["kind"] == "post16"
        # the transfer can also be recorded on the plan (between reviews)
        r = api.put(f"/api/v1/plans/{plan['id']}/phase-transfer", json={"transfer_on": "2029-09-01", "kind": "school"})
        assert r.status_code == 200 and r.get_json()["phase_transfer"]["due_on"] == "2029-02-14"


def test_early_years_reminder_for_under_fives(api, make_child, seek_advice):
    with freeze_time("2026-01-30"):
        child = make_child(date_of_birth="2023-06-01")
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2025-09-01"}).get_json()
        for type_, on in (
            ("decided_to_assess", "2025-10-06"),
            ("decided_to_issue", "2025-12-15"),
            ("draft_issued", "2026-01-05"),
            ("final_issued", "2026-01-30"),
        ):
            if type_ == "decided_to_issue":
                seek_advice(case["id"], "2025-10-06", received_on="2025-11-14")
            assert ev(api, case["id"], type_, on).status_code == 200
        plan = api.get(f"/api/v1/children/{child['id']}").get_json()["plan"]
        assert plan["early_years_review_on"] == "2026-07-30"  # Decision 7: 6 months after the plan
