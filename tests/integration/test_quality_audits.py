"""Plan quality audits through the workflow, on both databases: a framework change leaves earlier
grades; the sample is reproducible from its recorded seed and stratified by team; moderation's
disagreements are resolved; agreement figures from the records."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from casework.models import AuditReview, AuditSample, PlanAudit, Staff
from casework.workflow.errors import Conflict, Forbidden, InvalidInput, NotFound
from casework.workflow.quality import audits, reviews, sampling
from casework.workflow.quality import framework as fw
from tests.integration import quality_kit as kit

TODAY = dt.date(2026, 11, 30)
ALL_GOOD = dict.fromkeys("ABCDEFGHIJK", "good")


def _submit(s, review: AuditReview, grades, **kw):
    return reviews.submit(s, review.id, s.get(Staff, review.auditor_id), grades=grades, comments={}, today=TODAY, **kw)


def test_the_sample_is_reproducible_from_its_seed_and_stratified(api, services, staff):
    plan_ids = kit.plans(api, services, staff, count=6)
    kit.auditors(services)
    with services.session_factory() as s:
        sample = audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=40, today=TODAY)
        s.commit()
        drawn = sorted(s.execute(select(PlanAudit.plan_id).where(PlanAudit.sample_id == sample.id)).scalars())
        teams = {a.team for a in s.execute(select(PlanAudit)).scalars()}
        pop = audits.population(s, "2026-11")
    assert sorted(p[0] for p in pop) == plan_ids
    again = sampling.draw([(p[0], p[1]) for p in pop], sample.seed, sample.percent)
    assert drawn == sorted(i for ids in again.values() for i in ids)  # from the recorded seed, by anyone
    by_team = {t: sum(1 for p in pop if p[1] == t) for t in ("North", "South")}
    assert {t: len(again[t]) for t in again} == {t: sampling.per_team(n, 40) for t, n in by_team.items() if n}
    assert teams == {t for t, n in by_team.items() if n}  # every team that issued plans is audited
    with services.session_factory() as s, pytest.raises(Conflict):
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), today=TODAY)
    with services.session_factory() as s, pytest.raises(Forbidden):
        audits.draw_sample(s, "2026-10", actor=kit.actor(staff, "officer"), today=TODAY)
    with services.session_factory() as s, pytest.raises(InvalidInput) as e:
        audits.draw_sample(s, "2026-13", actor=kit.actor(staff), today=TODAY)
    assert "month" in e.value.errors


def test_each_audit_goes_to_auditors_of_different_agencies(api, services, staff):
    kit.plans(api, services, staff, count=4)
    kit.auditors(services)
    with services.session_factory() as s:
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=100, moderation_percent=100, today=TODAY)
        s.commit()
        rows = list(s.execute(select(AuditReview)).scalars())
    assert len(rows) == 8
    by_audit: dict[int, dict[str, str]] = {}
    for r in rows:
        by_audit.setdefault(r.audit_id, {})[r.purpose] = r.agency
    assert all(v["audit"] != v["moderation"] for v in by_audit.values())
    assert {r.agency for r in rows} == set(kit.AGENCIES)  # shared across the four agencies


def test_a_framework_change_leaves_earlier_grades(api, services, staff):
    kit.plans(api, services, staff, count=1)
    kit.auditors(services)
    with services.session_factory() as s:
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=100, moderation_percent=0, today=TODAY)
        review = s.execute(select(AuditReview)).scalar_one()
        grades = {**ALL_GOOD, "D": "requires_improvement", "C": "requires_improvement"}  # (3x15 + 2x2)/17 = 2.88
        _submit(s, review, grades)
        s.commit()
        done = s.execute(select(PlanAudit)).scalar_one()
        assert (done.status, done.grade, done.score) == ("completed", "good", "49/17")
        changed = copy.deepcopy(fw.DEFAULT)
        for section in changed["sections"]:
            section["weight"] = 20 if section["key"] in "CD" else 1  # (3x9 + 2x40)/49 = 2.18: RI
        new = audits.add_framework(s, changed, kit.actor(staff))
        s.commit()
        assert new.version == 2
        again = s.get(PlanAudit, done.id)
        assert (again.grade, again.score, again.framework_id) == ("good", "49/17", done.framework_id)
        # its own version still derives its grade; the new version would not
        assert fw.overall(audits.framework(s, again.framework_id), grades).grade == "good"
        assert fw.overall(new.definition, grades).grade == "requires_improvement"
        assert audits.current_framework(s).id == new.id


def test_moderation_disagreement_is_resolved_and_agreement_reported(api, services, staff):
    kit.plans(api, services, staff, count=2)
    kit.auditors(services)
    with services.session_factory() as s:
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=100, moderation_percent=100, today=TODAY)
        s.commit()
        first_audit, second_audit = s.execute(select(PlanAudit).order_by(PlanAudit.id)).scalars()
        r = reviews.reviews(s, first_audit.id)
        _submit(s, r["audit"], ALL_GOOD)
        assert s.get(PlanAudit, first_audit.id).status == "moderation"
        with pytest.raises(InvalidInput) as e:  # every section graded
            _submit(s, r["moderation"], {**ALL_GOOD, "E": ""})
        assert "grade-E" in e.value.errors
        _submit(s, r["moderation"], {**ALL_GOOD, "E": "inadequate"})  # limiting: RI overall
        row = s.get(PlanAudit, first_audit.id)
        assert (row.status, row.grade) == ("disagreement", None)
        assert reviews.disagreements(audits.framework(s, row.framework_id), r["audit"], r["moderation"]) == ["E"]
        manager = s.get(Staff, staff["manager"]["id"])
        with pytest.raises(InvalidInput) as e:
            reviews.resolve(s, row.id, manager, grades={"E": "outstanding"}, note="", today=TODAY)
        assert set(e.value.errors) == {"final-E", "note"}
        officer = s.get(Staff, staff["officer"]["id"])
        with pytest.raises(NotFound):
            reviews.resolve(s, row.id, officer, grades={"E": "good"}, note="x", today=TODAY)
        reviews.resolve(s, row.id, manager, grades={"E": "good"}, note="Outcomes are measurable.", today=TODAY)
        row = s.get(PlanAudit, first_audit.id)
        assert (row.status, row.grade, row.resolution_note) == ("completed", "good", "Outcomes are measurable.")
        r2 = reviews.reviews(s, second_audit.id)
        _submit(s, r2["audit"], ALL_GOOD)
        _submit(s, r2["moderation"], ALL_GOOD)
        assert s.get(PlanAudit, second_audit.id).status == "completed"
        s.commit()
        sections, overall = reviews.agreement_pairs(s)
    assert len(sections) == 22 and sum(a == b for a, b in sections) == 21
    assert overall == [("good", "requires_improvement"), ("good", "good")]
    with services.session_factory() as s:
        assert s.execute(select(AuditSample)).scalar_one().moderation_percent == 100


def test_the_dashboard_counts_grades_advice_and_outcomes(api, services, staff):
    from tests.integration.reporting import advice, event, plan_and_review, plus, request

    kit.plans(api, services, staff, count=1)  # health advice not needed (recorded with its reason)
    received = "2026-07-03"
    late = request(api, 300, received)
    event(api, late, "decided_to_assess", plus(received, 30))
    provider = api.post("/api/v1/providers", json={"name": "Paediatrics", "advice_type": "health",
                                                   "email": "p@nhs.example"}).get_json()["id"]  # fmt: skip
    advice(api, late, provider, "2026-08-03", "2026-10-01")  # due 14 September: late
    event(api, late, "decided_to_issue", plus(received, 100))
    event(api, late, "draft_issued", plus(received, 101))
    event(api, late, "final_issued", "2026-11-12")
    review = plan_and_review(api, 301, "2025-11-20", "2026-11-12")
    kit.auditors(services)
    with services.session_factory() as s:
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=100, moderation_percent=0, today=TODAY)
        rows = {a.case_id: a for a in s.execute(select(PlanAudit)).scalars()}
        assert rows[late].health_advice == "late" and rows[late].social_care_advice == "not_needed"
        for case_id, row in rows.items():
            grades = dict.fromkeys("ABCDEFGHIJK", "inadequate" if case_id == late else "good")
            _submit(s, reviews.reviews(s, row.id)["audit"], grades)
        from casework.workflow.quality import outcomes

        outcomes.record(s, review, [("Reads a short book", "met"), ("Makes a friend", "partly_met"),
                                    ("Travels to school alone", "not_met")], actor=kit.actor(staff))  # fmt: skip
        s.commit()
    manager = api.as_(staff["manager"]["token"])
    with kit.today():
        r = manager.get("/api/v1/reports/measures/plan_quality?from=2026-11&to=2026-11")
    assert r.status_code == 200, r.get_json()
    month = r.get_json()["months"][0]
    audits_fig, outcomes_fig = month["figures"]["plan_audits"], month["figures"]["review_outcomes"]
    assert (audits_fig["audits_done"], audits_fig["good"], audits_fig["inadequate"]) == (2, 1, 1)
    assert audits_fig["inadequate_advice_late_or_missing"] == 1
    sections = month["figures"]["audit_sections"]
    assert (sections["sections_graded"], sections["sections_good_or_better"], sections["sections_inadequate"]) == (
        22, 11, 11)  # fmt: skip
    ind = month["indicators"]
    assert (ind["plans_inadequate"], ind["inadequate_advice_late_or_missing"]) == (50.0, 100.0)
    assert (outcomes_fig["outcomes"], ind["outcomes_met_or_partly"], ind["outcomes_met"]) == (3, 66.7, 33.3)


def test_the_commands_add_an_auditor_and_a_framework_version(database_url, app, services, monkeypatch, tmp_path):
    import json

    from click.testing import CliRunner

    from casework.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    run = CliRunner().invoke
    assert run(main, ["staff", "add", "--email", "a@nhs.example", "--name", "A", "--role", "auditor"]).exit_code != 0
    added = run(main, ["staff", "add", "--email", "a@nhs.example", "--name", "A", "--role", "auditor",
                       "--agency", "health"])  # fmt: skip
    assert added.exit_code == 0 and "Bearer" not in added.output
    with services.session_factory() as s:
        member = s.execute(select(Staff).where(Staff.email == "a@nhs.example")).scalar_one()
        assert (member.role, member.agency) == ("auditor", "health")
    shown = run(main, ["audits", "framework-show"])
    definition = json.loads(shown.output)
    definition["sections"][0]["weight"] = 5
    (tmp_path / "f.json").write_text(json.dumps(definition))
    loaded = run(main, ["audits", "framework-load", str(tmp_path / "f.json")])
    assert loaded.exit_code == 0 and "version 2" in loaded.output
    (tmp_path / "bad.json").write_text(json.dumps({**definition, "sections": []}))
    assert run(main, ["audits", "framework-load", str(tmp_path / "bad.json")]).exit_code != 0
    with services.session_factory() as s:
        assert audits.current_framework(s).definition["sections"][0]["weight"] == 5
