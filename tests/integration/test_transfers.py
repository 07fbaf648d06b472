"""Transfers between councils (reg 15, 16; statutory.md 8.2) through the API, exact to the day (worked
example 11): a child moving out (F2; the request in progress ends, exported: F6), the same plan transferred
in and reviewed within its period (F3, F4, F5), and a change of commissioning body (F7)."""

from __future__ import annotations

from freezegun import freeze_time

from tests.integration.journeys import case_of, deadlines, ev, ok, plan_by_assessment, sent_messages

VIEWS = {
    "child_views": {"how": "in_person", "given_by": "Amira"},
    "parent_views": {"how": "in_writing", "given_by": "Sara Khan"},
}


def test_a_child_moving_out_worked_example_11(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-03-03", "2025-04-14", "2025-05-20", "2025-06-16",
                       "2025-08-01", "2025-09-01")  # fmt: skip
    brother = make_child(given_name="Yusuf", date_of_birth="2019-09-14")
    with freeze_time("2026-03-20"):
        reassessing = ok(api.post("/api/v1/reassessments", json={"child_id": child["id"], "received_on": "2026-03-16"}),
                         201)  # fmt: skip
        request = ok(api.post("/api/v1/assessments", json={"child_id": brother["id"], "received_on": "2026-03-02"}),
                     201)  # fmt: skip
        move = ok(api.post("/api/v1/transfers-out", json={"child_id": child["id"], "aware_on": "2026-03-20",
                                                          "move_on": "2026-04-01", "to_la": "885"}), 201)  # fmt: skip
        d = deadlines(move)
        # less than 15 working days' notice: 15 working days counting Fri 20 Mar as day 1, skipping Easter
        assert (d["transfer_plan"]["rule"], d["transfer_plan"]["due_on"]) == ("F2", "2026-04-13")
        assert "Good Friday 3 April and Easter Monday 6 April 2026" in d["transfer_plan"]["working"]["arithmetic"]
        alone = ok(api.post("/api/v1/transfers-out", json={"child_id": brother["id"], "aware_on": "2026-03-20",
                                                           "move_on": "2026-04-01", "to_la": "885"}), 201)  # fmt: skip
        assert alone["deadlines"] == []  # no plan to transfer
    with freeze_time("2026-04-01"):
        move = ok(ev(api, move["id"], "child_moved", "2026-04-01"))
        assert move["state"] == "moved"
        exported = case_of(api, reassessing["id"])
        assert exported["state"] == "exported" and not [d for d in exported["deadlines"] if d["status"] == "pending"]
        caused = [e for e in exported["events"] if e["type"] == "exported"][0]
        assert caused["details"]["to_la"] == "885" and caused["details"]["caused_by"]["case_id"] == move["id"]
        alone = ok(ev(api, alone["id"], "child_moved", "2026-04-01"))
        assert alone["state"] == "closed"
        assert case_of(api, request["id"])["state"] == "exported"
    with freeze_time("2026-04-10"):
        move = ok(ev(api, move["id"], "plan_transferred", "2026-04-10"))
        assert move["state"] == "transferred" and deadlines(move)["transfer_plan"]["status"] == "met"
        assert ok(api.get(f"/api/v1/children/{child['id']}"))["plan"] is None  # no active plan here now
        assert "family_transfer_out_plan_transferred.email" in sent_messages(api, move["id"])


def test_a_plan_transferred_in_and_reviewed_within_its_period_worked_example_11(api, make_child):
    child = make_child()
    with freeze_time("2026-04-13"):
        case = ok(api.post("/api/v1/transfers-in", json={"child_id": child["id"], "transferred_on": "2026-04-13",
                                                         "plan_made_on": "2025-09-01", "from_la": "Worcestershire",
                                                         "named_setting": "St Mary's Primary"}), 201)  # fmt: skip
        d = deadlines(case)
        assert (d["tell_family"]["rule"], d["tell_family"]["due_on"]) == ("F4", "2026-05-25")
        assert d["tell_family"]["practical_due_on"] == "2026-05-22"  # Spring Bank Holiday
        assert (d["review"]["rule"], d["review"]["due_on"], d["review"]["practical_due_on"]) == (
            "F5", "2026-08-31", "2026-08-28")  # fmt: skip
        assert "Sunday 12 July 2026" in d["review"]["working"]["arithmetic"]  # the 3 months: the earlier date
        plan = ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]
        assert plan["issued_on"] == "2025-09-01" and plan["next_review_due"] == "2026-08-31"  # F3: its own date
        assert (
            api.post(
                "/api/v1/transfers-in",
                json={
                    "child_id": child["id"],
                    "transferred_on": "2026-04-13",
                    "plan_made_on": "2025-09-01",
                    "from_la": "X",
                },
            ).status_code
            == 409
        )
    with freeze_time("2026-05-20"):
        case = ok(ev(api, case["id"], "family_told", "2026-05-20"))
        assert case["state"] == "family_told" and deadlines(case)["tell_family"]["status"] == "met"
        assert "family_transfer_in_family_told.email" in sent_messages(api, case["id"])
    with freeze_time("2026-06-15"):
        review = ok(api.post("/api/v1/reviews", json={"child_id": child["id"]}), 201)
        meeting = deadlines(review)["review_meeting"]
        assert (meeting["rule"], meeting["due_on"]) == ("F5", "2026-08-31")  # the review's own clock is F5
        ok(ev(api, review["id"], "meeting_arranged", "2026-06-15", meeting_on="2026-07-14"))
    with freeze_time("2026-07-14"):
        review = ok(ev(api, review["id"], "meeting_held", "2026-07-14"))
        assert deadlines(review)["review_meeting"]["status"] == "met"
        case = case_of(api, case["id"])  # the review's meeting reviewed the transferred plan
        assert case["state"] == "reviewed" and deadlines(case)["review"]["status"] == "met"
        assert deadlines(case)["review"]["met_on"] == "2026-07-14"
        held = [e for e in case["events"] if e["type"] == "review_held"][0]
        assert held["details"]["review_case_id"] == review["id"]
    with freeze_time("2026-07-20"):
        ok(ev(api, review["id"], "decided_to_maintain", "2026-07-20", **VIEWS))
        plan = ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]
        assert plan["next_review_due"] == "2027-07-13"  # from now on the ordinary 12 months (B1)
        again = ok(api.post("/api/v1/reviews", json={"child_id": child["id"]}), 201)
        assert deadlines(again)["review_meeting"]["rule"] == "B1"


def test_a_change_of_commissioning_body_f7(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-03-03", "2025-04-14", "2025-05-20", "2025-06-16",
                       "2025-08-01", "2025-09-01")  # fmt: skip
    with freeze_time("2026-03-20"):
        case = ok(api.post("/api/v1/commissioning-changes", json={
            "child_id": child["id"], "move_on": "2026-04-01", "aware_on": "2026-03-20",
            "old_body": "Herefordshire and Worcestershire ICB", "new_body": "Birmingham and Solihull ICB"}), 201)  # fmt: skip
        d = deadlines(case)["notify_new_body"]
        assert (d["rule"], d["due_on"], d["kind"]) == ("F7", "2026-04-13", "external")
    with freeze_time("2026-04-08"):
        ok(ev(api, case["id"], "new_body_notified", "2026-04-08"))
        case = ok(ev(api, case["id"], "council_asked", "2026-04-08", what="review"))
        assert case["state"] == "council_asked" and deadlines(case)["notify_new_body"]["status"] == "met"
