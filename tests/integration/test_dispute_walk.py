"""Mediation and appeal (statutory.md 7, D rows) through the API, exact to the day: an appeal against a
refusal to assess (worked examples 10 and 14: D1, D2, D3, D4, D13), ending in an order to assess that is
complied with on time (E2, E2b); the other mediation clocks (D5, D6 of example 14; D10, D11 of example 15)
and an unopposed appeal (E10)."""

from __future__ import annotations

from freezegun import freeze_time

from tests.integration.journeys import case_of, deadlines, ev, ok, sent_messages


def refused(api, make_child, received="2026-08-20", decided="2026-09-29", sent="2026-10-01", **child):
    """An assessment refused (not to assess), its letter sent on `sent`."""
    kid = make_child(**child)
    case = ok(api.post("/api/v1/assessments", json={"child_id": kid["id"], "received_on": received}), 201)
    return kid, ok(ev(api, case["id"], "decided_not_to_assess", decided, reason="Needs met at SEN support.",
                      notice_sent_on=sent))  # fmt: skip


def queue_item(api, case_id):
    return next((i for i in ok(api.get("/api/v1/queue")) if i["case"]["id"] == case_id), None)


def test_appeal_against_a_refusal_to_assess_ending_in_an_order_to_assess_complied_with_on_time(
    api, make_child, seek_advice
):
    with freeze_time("2026-10-05"):
        child, assessment = refused(api, make_child)
        decision = [e for e in assessment["events"] if e["type"] == "decided_not_to_assess"][0]
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": assessment["id"]}), 201)
        assert dispute["kind"] == "dispute" and dispute["state"] == "open"
        assert (dispute["origin_case_id"], dispute["origin_event_id"]) == (assessment["id"], decision["id"])
        assert dispute["events"][0]["details"]["against"] == "refusal_to_assess"
        d = deadlines(dispute)
        assert (d["mediation_contact"]["rule"], d["mediation_contact"]["due_on"]) == ("D3", "2026-12-01")
        assert (d["appeal"]["rule"], d["appeal"]["due_on"]) == ("D1", "2026-12-01")
        assert d["appeal"]["working"]["notes"] == []
        # one open dispute per decision
        assert api.post("/api/v1/disputes", json={"case_id": assessment["id"]}).status_code == 409
        assert api.post("/api/v1/disputes", json={"case_id": assessment["id"], "event_id": 999}).status_code == 409

    with freeze_time("2026-11-02"):  # worked example 14: no mediation wanted
        ok(ev(api, dispute["id"], "adviser_contacted", "2026-11-02"))
        dispute = ok(ev(api, dispute["id"], "mediation_not_wanted", "2026-11-02"))
        d = deadlines(dispute)
        assert (d["certificate_no_mediation"]["rule"], d["certificate_no_mediation"]["due_on"]) == ("D4", "2026-11-05")
        assert d["certificate_no_mediation"]["kind"] == "external"  # the adviser's duty: shown, never queued
        assert d["mediation_contact"]["status"] == "met"
        # while a certificate is possible, D1 may be extended by D2
        assert d["appeal"]["working"]["notes"][0].startswith("May be extended by D2")
        assert "may be extended" in d["appeal"]["working"]["family_text"] and "D2" not in d["appeal"]["working"][
            "family_text"]  # fmt: skip
        # no appeal before a certificate (CFA s.55), unless only about the placement
        r = ev(api, dispute["id"], "appeal_registered", "2026-11-02")
        assert r.status_code == 409 and "s.55" in r.get_json()["message"]

    with freeze_time("2026-11-29"):  # worked example 10
        dispute = ok(ev(api, dispute["id"], "certificate_issued", "2026-11-29"))
        d = deadlines(dispute)
        assert (d["appeal"]["rule"], d["appeal"]["due_on"]) == ("D2", "2027-01-04")
        working = d["appeal"]["working"]
        assert "25 December and 1 January" in working["adjustments"][0] and working["notes"] == []
        assert d["certificate_no_mediation"]["status"] == "missed"

    with freeze_time("2026-12-14"):
        dispute = ok(ev(api, dispute["id"], "appeal_registered", "2026-12-14"))
        d = deadlines(dispute)
        assert dispute["state"] == "appealed" and d["appeal"]["status"] == "met"
        # D13: a prompt of 30 Tribunal working days (25 Dec - 1 Jan not counted) until the letter's date is in
        assert (d["response"]["rule"], d["response"]["due_on"]) == ("D13", "2027-02-02")
        item = queue_item(api, dispute["id"])
        assert item["next_deadline"]["key"] == "response" and item["next_deadline"]["due_on"] == "2027-02-02"
    with freeze_time("2026-12-16"):
        dispute = ok(ev(api, dispute["id"], "response_date_given", "2026-12-16", response_due_on="2027-01-29"))
        d = deadlines(dispute)
        assert d["response"]["due_on"] == "2027-01-29"
        assert d["response"]["working"]["rule"] == "the date in the Tribunal's registration letter"
    with freeze_time("2027-01-27"):
        dispute = ok(ev(api, dispute["id"], "response_sent", "2027-01-27"))
        assert deadlines(dispute)["response"]["status"] == "met"
        ok(ev(api, dispute["id"], "hearing_listed", "2027-01-27", hearing_on="2027-03-15"))
    with freeze_time("2027-03-22"):
        ok(ev(api, dispute["id"], "hearing_held", "2027-03-15"))
        dispute = ok(ev(api, dispute["id"], "tribunal_decided", "2027-03-22", tribunal_outcome="upheld"))
        assert dispute["state"] == "decided" and dispute["closed_on"] == "2027-03-22"
        templates = sent_messages(api, dispute["id"])
        for stem in ("dispute_opened", "appeal_registered", "appeal_response_sent", "hearing_listed",
                     "tribunal_decided"):  # fmt: skip
            assert f"family_{stem}.email" in templates, stem

    with freeze_time("2027-03-24"):  # the order to assess: made on the day of the decision, sent 2 days later
        order = ok(
            api.post(
                "/api/v1/tribunal-orders",
                json={
                    "dispute_id": dispute["id"],
                    "order_type": "assess",
                    "made_on": "2027-03-22",
                    "sent_on": "2027-03-24",
                },
            ),
            201,
        )
        assert order["kind"] == "tribunal_order" and order["state"] == "ordered_to_assess"
        assert order["origin_case_id"] == dispute["id"]
        d = deadlines(order)
        assert (d["tell_will_assess"]["rule"], d["tell_will_assess"]["due_on"]) == ("E2", "2027-04-05")
        assert (d["no_plan_decision"]["rule"], d["no_plan_decision"]["due_on"]) == ("E2a", "2027-05-31")
        assert d["no_plan_decision"]["practical_due_on"] == "2027-05-28"  # Spring Bank Holiday
        assert (d["final_plan"]["rule"], d["final_plan"]["due_on"]) == ("E2b", "2027-06-28")
        assert d["final_plan"]["working"]["start_on"] == "2027-03-22"  # made (the default setting, E9)
        assert queue_item(api, order["id"])["next_deadline"]["key"] == "tell_will_assess"
    with freeze_time("2027-04-01"):
        order = ok(ev(api, order["id"], "decided_to_assess", "2027-04-01"))
        assert deadlines(order)["tell_will_assess"]["status"] == "met" and order["state"] == "assessing"
        # the order is carried out through the needs-assessment steps: advice first
        assert ev(api, order["id"], "decided_to_issue", "2027-04-01").status_code == 409
        seek_advice(order["id"], "2027-04-01")
    with freeze_time("2027-05-17"):
        ok(ev(api, order["id"], "decided_to_issue", "2027-05-17"))
    with freeze_time("2027-05-24"):
        ok(ev(api, order["id"], "draft_issued", "2027-05-24"))
    with freeze_time("2027-06-14"):
        order = ok(ev(api, order["id"], "final_issued", "2027-06-14"))
        d = deadlines(order)
        assert order["state"] == "complied"
        assert {k: d[k]["status"] for k in ("tell_will_assess", "no_plan_decision", "final_plan")} == {
            "tell_will_assess": "met", "no_plan_decision": "not_applicable", "final_plan": "met"}  # fmt: skip
        assert ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]["issued_on"] == "2027-06-14"
        templates = sent_messages(api, order["id"])
        for stem in ("order_recorded", "order_decided_to_assess", "decided_to_issue", "draft_issued", "final_issued"):
            assert f"family_{stem}.email" in templates, stem
        assert queue_item(api, order["id"]) is None


def test_mediation_wanted_with_health_issues_worked_example_14(api, make_child):
    with freeze_time("2026-11-02"):
        _, assessment = refused(api, make_child)
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": assessment["id"]}), 201)
        ok(ev(api, dispute["id"], "adviser_contacted", "2026-11-02"))
        dispute = ok(ev(api, dispute["id"], "mediation_wanted", "2026-11-02", health_issues=True))
        d = deadlines(dispute)
        assert (d["mediation"]["rule"], d["mediation"]["due_on"]) == ("D6", "2026-12-02")
        assert (d["health_issues_notice"]["rule"], d["health_issues_notice"]["due_on"]) == ("D5", "2026-11-05")
        assert queue_item(api, dispute["id"])["next_deadline"]["key"] == "health_issues_notice"
        assert "family_mediation_wanted.email" in sent_messages(api, dispute["id"])
    with freeze_time("2026-11-30"):
        ok(ev(api, dispute["id"], "icb_told", "2026-11-04"))
        dispute = ok(ev(api, dispute["id"], "mediation_held", "2026-11-30"))
        d = deadlines(dispute)
        assert d["mediation"]["status"] == "met" and d["health_issues_notice"]["status"] == "met"
        assert (d["certificate_after_mediation"]["rule"], d["certificate_after_mediation"]["due_on"]) == (
            "D8", "2026-12-03")  # fmt: skip


def test_agreement_on_a_non_appealable_issue_worked_example_15(api, make_child):
    with freeze_time("2027-01-14"):
        _, assessment = refused(api, make_child, received="2026-10-20", decided="2026-11-27", sent="2026-11-27")
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": assessment["id"]}), 201)
        ok(ev(api, dispute["id"], "adviser_contacted", "2026-12-01"))
        ok(ev(api, dispute["id"], "mediation_wanted", "2026-12-02"))
        ok(ev(api, dispute["id"], "mediation_held", "2027-01-14"))
        dispute = ok(ev(api, dispute["id"], "agreed_non_appealable", "2027-01-14", la_not_party=True,
                        outcome="The ICB will fund speech and language therapy sessions."))  # fmt: skip
        d = deadlines(dispute)
        assert (d["body_tells_la"]["rule"], d["body_tells_la"]["due_on"]) == ("D11", "2027-01-21")
        assert (d["agreed_action"]["rule"], d["agreed_action"]["due_on"]) == ("D10", "2027-01-28")
        assert "family_mediation_agreed.email" in sent_messages(api, dispute["id"])


def test_unopposed_appeal_runs_from_the_day_the_tribunal_was_told(api, make_child):
    with freeze_time("2026-06-01"):
        _, assessment = refused(api, make_child, received="2026-02-02", decided="2026-03-02", sent="2026-03-02")
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": assessment["id"]}), 201)
        ok(ev(api, dispute["id"], "certificate_issued", "2026-04-01"))
        ok(ev(api, dispute["id"], "appeal_registered", "2026-04-20", response_due_on="2026-05-29"))
        # after the response deadline it is not an unopposed appeal (reg 45)
        r = ev(api, dispute["id"], "not_opposed", "2026-06-01")
        assert r.status_code == 409 and "reg 45" in r.get_json()["message"]
        ok(ev(api, dispute["id"], "not_opposed", "2026-05-29"))
        assert case_of(api, dispute["id"])["state"] == "conceded"
        order = ok(api.post("/api/v1/tribunal-orders", json={"dispute_id": dispute["id"], "basis": "unopposed",
                                                              "order_type": "assess",
                                                              "told_tribunal_on": "2026-05-29"}), 201)  # fmt: skip
        d = deadlines(order)
        assert {k: (d[k]["rule"], d[k]["due_on"]) for k in ("tell_will_assess", "no_plan_decision", "final_plan")} == {
            "tell_will_assess": ("E10", "2026-06-12"), "no_plan_decision": ("E10", "2026-08-07"),
            "final_plan": ("E10", "2026-09-04")}  # fmt: skip
        # a make-and-maintain order is not something reg 45 covers
        r = api.post(
            "/api/v1/tribunal-orders",
            json={
                "dispute_id": dispute["id"],
                "basis": "unopposed",
                "order_type": "make_plan",
                "told_tribunal_on": "2026-05-29",
            },
        )
        assert r.status_code == 422 and "order_type" in r.get_json()["errors"]["json"]


VIEWS = {
    "child_views": {"how": "in_person", "given_by": "Amira"},
    "parent_views": {"how": "in_writing", "given_by": "Sara Khan"},
}


def test_a_plan_is_maintained_while_its_cease_decision_is_disputed_c6(api, make_child, seek_advice):
    from tests.integration.journeys import plan_by_assessment

    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2024-09-02", "2024-10-07", "2024-11-15", "2024-12-16",
                       "2025-01-06", "2025-01-31")  # fmt: skip
    with freeze_time("2025-12-15"):
        review = ok(api.post("/api/v1/reviews", json={"child_id": child["id"], "opened_on": "2025-11-03"}), 201)
        ok(ev(api, review["id"], "meeting_arranged", "2025-11-03", meeting_on="2025-12-01"))
        ok(ev(api, review["id"], "meeting_held", "2025-12-01"))
        review = ok(ev(api, review["id"], "decided_to_cease", "2025-12-15", reason="Needs met.", **VIEWS))
        assert deadlines(review)["appeal"]["due_on"] == "2026-02-16"  # Sun 15 Feb 2026 -> Monday
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": review["id"]}), 201)
        assert dispute["events"][0]["details"]["against"] == "cease"
    with freeze_time("2026-01-10"):
        ok(ev(api, dispute["id"], "adviser_contacted", "2026-01-10"))
    with freeze_time("2026-02-20"):  # past D1, but a certificate may still come
        r = ev(api, review["id"], "plan_ceased", "2026-02-20")
        assert r.status_code == 409 and "mediation adviser" in r.get_json()["message"]
        ok(ev(api, dispute["id"], "certificate_issued", "2026-02-10"))
        r = ev(api, review["id"], "plan_ceased", "2026-02-20")  # D2: appeal by Tue 10 Mar 2026
        assert r.status_code == 409 and "can cease from Wednesday 11 March 2026" in r.get_json()["message"]
    with freeze_time("2026-03-20"):
        ok(ev(api, dispute["id"], "appeal_registered", "2026-03-05"))
        r = ev(api, review["id"], "plan_ceased", "2026-03-20")
        assert r.status_code == 409 and "with the Tribunal" in r.get_json()["message"]
        assert ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]["status"] == "active"
    with freeze_time("2026-06-01"):
        ok(ev(api, dispute["id"], "tribunal_decided", "2026-06-01", tribunal_outcome="dismissed"))
        review = ok(ev(api, review["id"], "plan_ceased", "2026-06-01"))  # E1: the plan ceases immediately
        assert review["state"] == "ceased"
        told = [e["details"]["dispute_event"] for e in review["events"] if e["type"] == "dispute_changed"]
        assert told == ["adviser_contacted", "certificate_issued", "appeal_registered", "tribunal_decided"]
