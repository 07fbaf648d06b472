"""Tribunal orders (reg 44; statutory.md 8.1) through the API, exact to the day: a make-and-maintain
order (E3, E3a) with a period the Tribunal directed, carried out through the needs-assessment steps on the
order itself; an order complied with late (missed, and in the queue while overdue); the reg 44(3)
exceptions (E8: an absence of 2 weeks, late representations)."""

from __future__ import annotations

from freezegun import freeze_time

from tests.integration.journeys import case_of, deadlines, ev, ok, plan_by_assessment, sent_messages


def queue_item(api, case_id):
    return next((i for i in ok(api.get("/api/v1/queue")) if i["case"]["id"] == case_id), None)


def test_make_and_maintain_order_with_a_tribunal_directed_period(api, make_child, seek_advice):
    child = make_child()
    with freeze_time("2025-09-15"):
        assessment = ok(api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2025-06-02"}),
                        201)  # fmt: skip
        ok(ev(api, assessment["id"], "decided_to_assess", "2025-07-07"))
        seek_advice(assessment["id"], "2025-07-07", received_on="2025-08-15")
        assessment = ok(ev(api, assessment["id"], "decided_not_to_issue", "2025-09-15", reason="Needs can be met."))
    with freeze_time("2026-03-04"):
        dispute = ok(api.post("/api/v1/disputes", json={"case_id": assessment["id"]}), 201)
        assert dispute["events"][0]["details"]["against"] == "refusal_to_issue"
        for type_, on in (("adviser_contacted", "2025-10-01"), ("certificate_issued", "2025-10-10"),
                          ("appeal_registered", "2025-10-20"), ("response_sent", "2025-11-20")):  # fmt: skip
            ok(ev(api, dispute["id"], type_, on))
        ok(ev(api, dispute["id"], "tribunal_decided", "2026-03-02", tribunal_outcome="upheld"))
        order = ok(
            api.post(
                "/api/v1/tribunal-orders",
                json={
                    "dispute_id": dispute["id"],
                    "order_type": "make_plan",
                    "made_on": "2026-03-02",
                    "sent_on": "2026-03-04",
                },
            ),
            201,
        )
        assert order["state"] == "drafting"  # the order is the decision to issue
        d = deadlines(order)
        assert (d["draft_plan"]["rule"], d["draft_plan"]["due_on"]) == ("E3", "2026-04-06")
        assert d["draft_plan"]["practical_due_on"] == "2026-04-02"  # Easter Monday, and Good Friday before it
        assert (d["final_plan"]["rule"], d["final_plan"]["due_on"]) == ("E3a", "2026-05-18")
        # the advice gathered by the assessment whose refusal was appealed counts (reg 6(1))
        assert {a["status"] for a in order["required_advice"]} == {"received"}
        # the Tribunal directed 8 weeks for the final plan: recorded with its direction
        direction = "The local authority shall issue the final EHC plan within 8 weeks of the date of this order."
        r = ev(api, order["id"], "period_directed", "2026-03-02", deadline_keys=["cease"], directed_weeks=8,
               direction=direction)  # fmt: skip
        assert r.status_code == 422 and "deadline_keys" in r.get_json()["errors"]["json"]
        assert ev(api, order["id"], "period_directed", "2026-03-02", deadline_keys=["final_plan"], directed_weeks=0,
                  direction=direction).status_code == 422  # fmt: skip
        order = ok(ev(api, order["id"], "period_directed", "2026-03-02", deadline_keys=["final_plan"],
                      directed_weeks=8, direction=direction))  # fmt: skip
        final = deadlines(order)["final_plan"]
        assert (final["rule"], final["due_on"]) == ("E3a", "2026-04-27")
        assert final["working"]["rule"] == "8 weeks after"
        assert final["working"]["notes"] == [f"The Tribunal directed a period of 8 weeks: {direction}"]
        assert direction in final["working"]["family_text"]
        assert deadlines(order)["draft_plan"]["due_on"] == "2026-04-06"  # the rest keep reg 44's periods
    with freeze_time("2026-04-01"):
        order = ok(ev(api, order["id"], "draft_issued", "2026-04-01"))
        assert deadlines(order)["draft_plan"]["status"] == "met"
    with freeze_time("2026-04-24"):
        order = ok(ev(api, order["id"], "final_issued", "2026-04-24"))
        d = deadlines(order)
        assert order["state"] == "complied" and d["final_plan"]["status"] == "met"
        plan = ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]
        assert plan["issued_on"] == "2026-04-24"
        templates = sent_messages(api, order["id"])
        for stem in ("order_recorded", "order_period_directed", "draft_issued", "final_issued"):
            assert f"family_{stem}.email" in templates, stem


def test_an_order_complied_with_late_is_missed_and_in_the_queue_while_overdue(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-09-01", "2025-10-06", "2025-11-14", "2025-12-15",
                       "2026-01-05", "2026-01-30")  # fmt: skip
    with freeze_time("2026-05-05"):
        order = ok(
            api.post(
                "/api/v1/tribunal-orders",
                json={
                    "child_id": child["id"],
                    "order_type": "named_school",
                    "made_on": "2026-05-04",
                    "sent_on": "2026-05-05",
                },
            ),
            201,
        )
        d = deadlines(order)
        assert order["state"] == "to_amend" and (d["amended_plan"]["rule"], d["amended_plan"]["due_on"]) == (
            "E5", "2026-05-18")  # fmt: skip
        assert queue_item(api, order["id"])["next_deadline"]["status"] == "pending"
    with freeze_time("2026-05-18"):  # the last day: still pending
        assert queue_item(api, order["id"])["next_deadline"]["status"] == "pending"
    with freeze_time("2026-05-19"):
        item = queue_item(api, order["id"])
        assert item["next_deadline"]["key"] == "amended_plan"
        assert (item["next_deadline"]["status"], item["next_deadline"]["days_remaining"]) == ("overdue", -1)
        assert deadlines(case_of(api, order["id"]))["amended_plan"]["status"] == "overdue"
        overdue = ok(api.get("/api/v1/queue"))
        assert overdue[0]["case"]["id"] == order["id"]  # the most urgent first
    with freeze_time("2026-05-22"):
        order = ok(ev(api, order["id"], "amended_plan_issued", "2026-05-22", named_setting="Riverside High School"))
        d = deadlines(order)
        assert order["state"] == "complied" and d["amended_plan"]["status"] == "missed"
        assert d["amended_plan"]["met_on"] == "2026-05-22"
        assert queue_item(api, order["id"]) is None
        plan = ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]
        assert plan["named_setting"] == "Riverside High School" and plan["amended_on"] == "2026-05-22"
        assert "family_order_amended_plan_issued.email" in sent_messages(api, order["id"])


def test_reg_44_3_exceptions_an_absence_of_2_weeks_and_late_representations(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-09-01", "2025-10-06", "2025-11-14", "2025-12-15",
                       "2026-01-05", "2026-01-30")  # fmt: skip
    with freeze_time("2026-06-10"):
        order = ok(
            api.post(
                "/api/v1/tribunal-orders",
                json={"child_id": child["id"], "order_type": "amend", "made_on": "2026-05-04", "sent_on": "2026-05-06"},
            ),
            201,
        )
        assert (deadlines(order)["amended_plan"]["rule"], deadlines(order)["amended_plan"]["due_on"]) == (
            "E4", "2026-06-08")  # fmt: skip
        base = {"reason": "absent_from_area", "deadline_keys": ["amended_plan"], "note": "Family abroad."}
        r = ev(api, order["id"], "exception_recorded", "2026-06-10", absent_from="2026-05-10",
               absent_until="2026-05-22", **base)  # 13 days  # fmt: skip
        assert r.status_code == 409 and "at least 2 weeks" in r.get_json()["message"]
        order = ok(ev(api, order["id"], "exception_recorded", "2026-06-10", absent_from="2026-05-10",
                      absent_until="2026-05-23", **base))  # 14 days: reg 44(3)  # fmt: skip
        d = deadlines(order)
        assert d["amended_plan"]["status"] == "exception" and d["amended_plan"]["due_on"] == "2026-06-08"
        order = ok(
            ev(
                api,
                order["id"],
                "exception_recorded",
                "2026-06-10",
                reason="late_representations",
                deadline_keys=["amended_plan"],
                note="The family asked to comment after the period.",
            )
        )
        assert [x["reason"] for x in order["exceptions"]] == ["absent_from_area", "late_representations"]
        assert len(deadlines(order)["amended_plan"]["working"]["exceptions"]) == 2
        # late representations are not a reason the law allows for an assessment's 20 weeks
        other = ok(api.post("/api/v1/assessments", json={"child_id": make_child(given_name="Yusuf")["id"],
                                                         "received_on": "2026-06-01"}), 201)  # fmt: skip
        r = ev(api, other["id"], "exception_recorded", "2026-06-10", reason="late_representations",
               deadline_keys=["final_plan"], note="n")  # fmt: skip
        assert r.status_code == 409 and "reg 13(2)" in r.get_json()["message"]


def test_an_order_needs_its_dates_and_a_plan_to_act_on(api, make_child):
    child = make_child()
    with freeze_time("2026-05-05"):
        url = "/api/v1/tribunal-orders"
        r = api.post(url, json={"child_id": child["id"], "order_type": "amend", "made_on": "2026-05-04"})
        assert r.status_code == 409 and "no active EHC plan" in r.get_json()["message"]
        r = api.post(url, json={"child_id": child["id"], "order_type": "assess"})
        assert r.status_code == 422 and "made_on" in r.get_json()["errors"]["json"]
        r = api.post(url, json={"child_id": child["id"], "order_type": "assess", "made_on": "2026-05-04",
                                "sent_on": "2026-05-01"})  # fmt: skip
        assert r.status_code == 422 and "sent_on" in r.get_json()["errors"]["json"]
        r = api.post(url, json={"child_id": child["id"], "order_type": "assess", "made_on": "2026-05-06"})
        assert r.status_code == 422  # in the future
        r = api.post(url, json={"order_type": "assess", "made_on": "2026-05-04"})
        assert r.status_code == 422 and "dispute_id" in r.get_json()["errors"]["json"]
        order = ok(api.post(url, json={"child_id": child["id"], "order_type": "assess", "made_on": "2026-05-04"}), 201)
        assert order["required_advice"] and order["state"] == "ordered_to_assess"
