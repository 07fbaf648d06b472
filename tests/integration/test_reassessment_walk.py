"""Re-assessments (regs 24-27; statutory.md 8.3) through the API, exact to the day: one requested
7 months after the last assessment, carried to a plan within 14 weeks (worked example 12: G1, G3), and
one requested 5 months after, refused under the 6-month rule (G2) with appeal rights (D1)."""

from __future__ import annotations

from freezegun import freeze_time

from tests.integration.journeys import case_of, deadlines, ev, ok, plan_by_assessment, sent_messages


def test_requested_after_7_months_and_carried_to_a_plan_within_14_weeks(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-03-03", "2025-04-14", "2025-05-20", "2025-06-16",
                       "2025-06-30", "2025-07-31")  # fmt: skip
    with freeze_time("2026-03-03"):
        case = ok(api.post("/api/v1/reassessments", json={"child_id": child["id"], "received_on": "2026-03-03"}), 201)
        assert case["kind"] == "reassessment" and case["state"] == "request_received"
        d = deadlines(case)
        assert d["decision_to_reassess"]["due_on"] == "2026-03-18"  # G1: 15 days after Tue 3 Mar 2026
        assert d["decision_to_reassess"]["rule"] == "G1"
        assert d["decision_to_reassess"]["working"]["rule"] == "15 days after"
        # one open re-assessment per plan
        assert api.post("/api/v1/reassessments", json={"child_id": child["id"], "received_on": "2026-03-03"}
                        ).status_code == 409  # fmt: skip
    with freeze_time("2026-03-18"):
        # 7 months after the last assessment (31 Jul 2025): the 6-month rule no longer covers it
        r = ev(api, case["id"], "decided_not_to_reassess", "2026-03-18", refusal_ground="six_months",
               reason="Assessed recently.")  # fmt: skip
        assert r.status_code == 409
        message = r.get_json()["message"]
        assert "reg 24" in message and "31 Jul 2025" in message and "31 Jan 2026" in message and "3 Mar 2026" in message
        # notified on the last permitted day (worked example 12)
        case = ok(ev(api, case["id"], "decided_to_reassess", "2026-03-18"))
        d = deadlines(case)
        assert d["decision_to_reassess"]["status"] == "met"
        assert (d["final_plan"]["rule"], d["final_plan"]["due_on"]) == ("G3", "2026-06-24")
        assert d["final_plan"]["working"]["starts_with"] == "the decision to re-assess was notified"
        # the same needs-assessment steps: no plan without the advice reg 6(1) requires
        assert ev(api, case["id"], "decided_to_issue", "2026-03-18").status_code == 409
        seek_advice(case["id"], "2026-03-18")
    with freeze_time("2026-05-11"):
        ok(ev(api, case["id"], "decided_to_issue", "2026-05-11"))
    with freeze_time("2026-05-18"):
        case = ok(ev(api, case["id"], "draft_issued", "2026-05-18"))
        assert deadlines(case)["representations"]["due_on"] == "2026-06-01"
    with freeze_time("2026-06-10"):
        assert ev(api, case["id"], "final_issued", "2026-06-01").status_code == 409  # reg 13(1)(a): 15 days
        case = ok(ev(api, case["id"], "final_issued", "2026-06-10"))
        d = deadlines(case)
        assert case["state"] == "plan_issued" and d["final_plan"]["status"] == "met"
        assert d["appeal"]["due_on"] == "2026-09-01"  # 10 Aug 2026 is in August: r.12 moves it to 1 Sep (Decision 6)
        plan = ok(api.get(f"/api/v1/children/{child['id']}"))["plan"]
        assert plan["issued_on"] == "2026-06-10" and plan["next_review_due"] == "2027-06-09"
        templates = sent_messages(api, case["id"])
        for stem in ("reassessment_requested", "decided_to_reassess", "decided_to_issue", "draft_issued",
                     "final_issued"):  # fmt: skip
            assert f"family_{stem}.email" in templates, stem


def test_requested_after_5_months_refused_under_the_6_month_rule_with_appeal_rights(api, make_child, seek_advice):
    child = make_child()
    plan_by_assessment(api, seek_advice, child["id"], "2025-05-01", "2025-06-05", "2025-07-10", "2025-08-20",
                       "2025-09-01", "2025-10-01")  # fmt: skip
    with freeze_time("2026-03-02"):
        case = ok(api.post("/api/v1/reassessments", json={"child_id": child["id"], "received_on": "2026-03-02",
                                                          "requested_by": "school"}), 201)  # fmt: skip
        assert case["events"][0]["details"]["last_assessed_on"] == "2025-10-01"
    with freeze_time("2026-03-10"):
        r = ev(api, case["id"], "decided_not_to_reassess", "2026-03-10", refusal_ground="six_months")
        assert r.status_code == 422 and "reason" in r.get_json()["errors"]["json"]
        r = ev(api, case["id"], "decided_not_to_reassess", "2026-03-10", refusal_ground="sometime", reason="x")
        assert r.status_code == 422 and "refusal_ground" in r.get_json()["errors"]["json"]
        case = ok(ev(api, case["id"], "decided_not_to_reassess", "2026-03-10", refusal_ground="six_months",
                     reason="The last assessment finished on 1 October 2025, less than 6 months ago."))  # fmt: skip
        assert case["state"] == "not_reassessed" and case["closed_on"] == "2026-03-10"
        d = deadlines(case)
        assert d["decision_to_reassess"]["status"] == "met"
        # appeal rights: 2 months after the letter is Sun 10 May 2026, a weekend: the Tribunal's rules move it
        assert (d["appeal"]["rule"], d["appeal"]["due_on"]) == ("D1", "2026-05-11")
        assert "final_plan" not in d
        assert "family_decided_not_to_reassess.email" in sent_messages(api, case["id"])
        refused = [e for e in case["events"] if e["type"] == "decided_not_to_reassess"][0]
        assert refused["details"]["refusal_ground"] == "six_months"
    assert case_of(api, case["id"])["allowed_events"] == ["advice_received"]
