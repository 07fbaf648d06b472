"""The Reports endpoints of api.md, with exactly its names and shapes; managers only."""

from __future__ import annotations

from freezegun import freeze_time

from tests.integration.reporting import advice, event, plan_and_review, plus, request, to_final

TIMELINESS_FIELDS = {
    "month", "plans_issued", "plans_issued_within_20_weeks", "plans_issued_ex", "plans_issued_within_20_weeks_ex",
    "plans_issued_20_to_52_weeks", "plans_issued_over_52_weeks", "mean_weeks_to_issue", "decisions_to_assess",
    "decisions_to_assess_within_6_weeks", "decisions_not_to_issue", "decisions_not_to_issue_within_16_weeks",
}  # fmt: skip


def test_timeliness_advice_and_reviews(api, staff, make_provider):
    manager = api.as_(staff["manager"]["token"])
    received = "2027-01-04"
    a = request(api, 1, received)
    to_final(api, a, received, plus(received, 140))
    b = request(api, 2, received)
    to_final(api, b, received, plus(received, 160), exception=True)
    paeds = make_provider()["id"]
    c = request(api, 3, "2027-03-01")
    event(api, c, "decided_to_assess", "2027-03-10")
    advice(api, c, paeds, "2027-03-10", "2027-04-21")  # day 42: on time
    advice(api, c, paeds, "2027-03-11", None)
    review = plan_and_review(api, 4, "2027-01-15", "2027-04-06")
    event(api, review, "decided_to_maintain", "2027-05-04", child_views={"how": "in_person", "given_by": "her"},
          parent_views={"how": "in_person", "given_by": "mum"})  # fmt: skip

    with freeze_time("2027-07-01"):
        r = manager.get("/api/v1/reports/timeliness?from=2027-04&to=2027-06")
        assert r.status_code == 200, r.get_json()
        months = r.get_json()["months"]
        assert [m["month"] for m in months] == ["2027-04", "2027-05", "2027-06"]  # every month, zeros too
        assert set(months[0]) >= TIMELINESS_FIELDS
        may, june = months[1], months[2]
        assert (may["plans_issued"], may["plans_issued_within_20_weeks"], may["mean_weeks_to_issue"]) == (1, 1, 20.0)
        assert (june["plans_issued"], june["plans_issued_within_20_weeks"]) == (1, 0)
        assert (june["plans_issued_ex"], june["plans_issued_within_20_weeks_ex"]) == (0, 0)
        assert months[0]["plans_issued"] == 0 and months[0]["mean_weeks_to_issue"] is None

        r = manager.get("/api/v1/reports/advice?from=2027-04&to=2027-04")
        providers = r.get_json()["providers"]
        assert providers == [{
            "provider": {"id": paeds, "name": "Community Paediatrics"}, "advice_type": "health", "received": 1,
            "received_within_6_weeks": 1, "received_ex": 1, "received_within_6_weeks_ex": 1, "chased": 0,
            "escalated": 0, "overdue_now": 1,
        }]  # fmt: skip

        r = manager.get("/api/v1/reports/reviews?from=2027-04&to=2027-05")
        april, may = r.get_json()["months"]
        assert (april["meetings_held"], april["meetings_held_in_time"], april["decisions"]) == (1, 1, 0)
        assert (may["decisions"], may["decisions_within_4_weeks"]) == (1, 1)

        r = manager.get("/api/v1/reports/cases?series=plans_issued&figure=plans_issued&failing="
                        "plans_issued_within_20_weeks&month=2027-06")  # fmt: skip
        assert r.status_code == 200 and r.get_json()["count"] == 1 and r.get_json()["cases"][0]["case_id"] == b


def test_reports_are_for_managers_only_and_check_their_input(api, staff, anonymous):
    with freeze_time("2027-07-01"):
        for path in ("timeliness", "advice", "reviews", "measures", "targets", "measures/timeliness"):
            assert api.get(f"/api/v1/reports/{path}").status_code == 403  # an officer
            assert anonymous.get(f"/api/v1/reports/{path}").status_code == 401
        manager = api.as_(staff["manager"]["token"])
        assert manager.get("/api/v1/reports/timeliness?from=2027-13&to=2027-12").status_code == 422
        assert manager.get("/api/v1/reports/timeliness?from=2027-06&to=2027-01").status_code == 422
        assert manager.get("/api/v1/reports/timeliness?from=1900-01&to=2027-01").status_code == 422
        assert manager.get("/api/v1/reports/cases?series=nope&month=2027-01").status_code == 422
        assert manager.get("/api/v1/reports/measures/nope").status_code == 404
        r = manager.get("/api/v1/reports/timeliness")
        assert (
            r.status_code == 200
            and len(r.get_json()["months"]) == 12
            and r.get_json()["months"][-1]["month"] == "2027-07"
        )


def test_measures_registry_and_targets_are_audited(api, staff, services):
    from sqlalchemy import select

    from casework.models import AuditEvent

    manager = api.as_(staff["manager"]["token"])
    measures = manager.get("/api/v1/reports/measures").get_json()
    assert [m["number"] for m in measures] == list(range(1, 15))
    status = {m["key"]: m["status"] for m in measures}
    assert status["timeliness"] == "recorded" and status["disputes"] == "not yet recorded"
    assert status["child_voice"] == "recorded" and status["family_feedback"] == "recorded"
    r = manager.put(
        "/api/v1/reports/targets/plans_within_20_weeks_ex", json={"target": 60, "previous_year_actual": 48.5}
    )
    assert r.status_code == 200 and r.get_json()["target"] == 60.0
    assert manager.put("/api/v1/reports/targets/plans_within_20_weeks_ex", json={"target": 160}).status_code == 422
    assert manager.put("/api/v1/reports/targets/nope", json={"target": 1}).status_code == 404
    assert api.put("/api/v1/reports/targets/plans_within_20_weeks_ex", json={"target": 1}).status_code == 403
    with services.session_factory() as s:
        audit = s.execute(select(AuditEvent).where(AuditEvent.action == "target_set")).scalars().all()
    assert len(audit) == 1 and audit[0].actor_id == staff["manager"]["id"]
    assert audit[0].details["after"]["target"] == 60.0
    openapi = manager.get("/api/openapi.json").get_json()
    assert {"/api/v1/reports/timeliness", "/api/v1/reports/advice", "/api/v1/reports/reviews"} <= set(openapi["paths"])
