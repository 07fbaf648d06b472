"""The SEN2 return from the records, element by element (both databases): each scenario is walked
through the API (so through the engine) on the days it happened, then the return for 2027 (activity
in 2026) is built and each element checked by its exact value. Then the data officer's page and its
downloads, and who may see them; and the SEN2 details through the pages and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from freezegun import freeze_time
from lxml import etree

from casework.reports import sen2_build, sen2_return
from casework.reports.sen2.validate import validate
from casework.workflow.sen2.identifiers import make_upn
from tests.integration.reporting import event, plan_and_review, request, to_final
from tests.integration.test_pages import sign_in, token_in

D = dt.date.fromisoformat
YEAR = 2027


def _persons(services) -> dict[int, object]:
    with services.engine.connect() as conn:
        return {p.key: p for p in sen2_build.persons(conn, sen2_build.Period.of(YEAR), batch=2)}


def _child_of(api, case_id: int) -> int:
    return api.get(f"/api/v1/cases/{case_id}").get_json()["child"]["id"]


def _plan_of(api, child_id: int) -> int:
    return api.get(f"/api/v1/children/{child_id}").get_json()["plan"]["id"]


def test_period_and_reference_date():
    p = sen2_build.Period.of(2027)
    assert (p.start, p.end, p.reference_date) == (D("2026-01-01"), D("2026-12-31"), D("2027-01-21"))
    assert sen2_build.Period.of(2025).reference_date == D("2025-01-16")  # the third Thursday of January


def test_each_element_from_the_events(api, services, staff):
    # not to assess (made by a school)
    not_assessed = request(api, 1, "2026-01-05", source="school")
    event(api, not_assessed, "decided_not_to_assess", "2026-02-10", reason="Needs met by the school")
    # withdrawn before a decision
    withdrawn = request(api, 2, "2026-01-12")
    event(api, withdrawn, "withdrawn", "2026-02-01", reason="The family moved away")
    # a plan issued with an exception on the 20-week deadline (day 177)
    issued = request(api, 3, "2026-01-05")
    to_final(api, issued, "2026-01-05", "2026-07-01", exception=True)
    # not to issue
    not_issued = request(api, 4, "2026-01-05")
    event(api, not_issued, "decided_to_assess", "2026-02-04")
    event(api, not_issued, "decided_not_to_issue", "2026-04-20", reason="The school can meet the needs")
    # two requests in the year: refused in February, asked again in September (undecided at the end)
    first = request(api, 5, "2026-01-19", source="health")
    event(api, first, "decided_not_to_assess", "2026-02-25", reason="Not enough evidence yet")
    twice = _child_of(api, first)
    with freeze_time("2026-09-07"):
        r = api.post("/api/v1/assessments", json={"child_id": twice, "received_on": "2026-09-07", "rya": True})
    assert r.status_code == 201 and r.get_json()["rya"] is True
    # a plan made in 2025 and reviewed in 2026: a phase transfer, amended
    review = plan_and_review(api, 6, "2025-03-03", "2026-02-10")
    phase = _child_of(api, review)
    event(api, review, "phase_transfer_recorded", "2026-02-10",
          phase_transfer={"transfer_on": "2026-09-01", "kind": "school"})  # fmt: skip
    event(api, review, "amendments_proposed", "2026-02-20", amendments_summary="Section F for the new school",
          child_views={"how": "in_person", "given_by": "the child"},
          parent_views={"how": "in_writing", "given_by": "their mother"})  # fmt: skip
    event(api, review, "amended_plan_issued", "2026-04-01")
    # a plan transferred in from LA 885 during the year
    with freeze_time("2026-05-01"):
        moved = api.post("/api/v1/children", json={
            "given_name": "Moved", "family_name": "In", "date_of_birth": "2012-05-05",
            "contacts": [{"name": "P", "email": "moved@example.org"}]}).get_json()["id"]  # fmt: skip
        r = api.post("/api/v1/transfers-in", json={"child_id": moved, "transferred_on": "2026-05-01",
                                                   "plan_made_on": "2023-06-01", "from_la": "885"})  # fmt: skip
    assert r.status_code == 201, r.get_json()

    persons = _persons(services)

    a = persons[_child_of(api, not_assessed)].requests
    assert len(a) == 1 and a[0].received_date == D("2026-01-05") and a[0].request_source == "2"
    assert (a[0].request_outcome, a[0].request_outcome_date, a[0].assessment) == ("N", D("2026-02-10"), None)

    w = persons[_child_of(api, withdrawn)].requests[0]
    assert (w.request_outcome, w.request_outcome_date, w.assessment) == ("W", None, None)

    y = persons[_child_of(api, issued)].requests[0]
    assert (y.request_outcome, y.request_outcome_date) == ("Y", D("2026-02-04"))
    assert (y.assessment.assessment_outcome, y.assessment.assessment_outcome_date) == ("Y", D("2026-07-01"))
    assert y.assessment.week20 is True
    assert y.assessment.named_plan.start_date == D("2026-07-01") and y.assessment.named_plan.cease_date is None
    assert y.active_plan is not None and y.active_plan.transfer_la is None

    n = persons[_child_of(api, not_issued)].requests[0]
    assert (n.assessment.assessment_outcome, n.assessment.assessment_outcome_date) == ("N", D("2026-04-20"))
    assert n.assessment.week20 is False and n.assessment.named_plan is None and n.active_plan is None

    two = persons[twice].requests
    assert [(x.received_date, x.request_outcome, x.request_outcome_date, x.request_source, x.rya) for x in two] == [
        (D("2026-01-19"), "N", D("2026-02-25"), "3", None),
        (D("2026-09-07"), "A", None, "1", True),
    ]

    ph = persons[phase].requests
    assert len(ph) == 1 and (ph[0].request_outcome, ph[0].assessment.assessment_outcome) == ("H", "H")
    assert ph[0].assessment.assessment_outcome_date is None and ph[0].assessment.week20 is None
    active = ph[0].active_plan
    assert (active.review_meeting, active.review_outcome, active.last_review, active.review_draft) == (
        D("2026-02-10"), "A", D("2026-02-20"), D("2026-02-20"))  # fmt: skip
    assert active.phase_transfer_due_date == D("2026-02-14")  # the deadline row: before 15 February (Decision 5)
    assert active.phase_transfer_final_date == D("2026-04-01")

    t = persons[moved].requests
    assert len(t) == 1 and (t[0].request_outcome, t[0].received_date) == ("H", None)
    assert t[0].assessment.named_plan.start_date == D("2023-06-01")  # the plan keeps its original date (F3)
    assert t[0].active_plan.transfer_la == "885"


def test_a_ceased_plan_with_its_reason(api, services, staff):
    review = plan_and_review(api, 7, "2025-02-03", "2026-01-20")
    event(api, review, "decided_to_cease", "2026-02-02", reason="Needs met without a plan",
          child_views={"how": "in_person", "given_by": "the young person"},
          parent_views={"how": "in_writing", "given_by": "their father"})  # fmt: skip
    child_id = _child_of(api, review)
    plan_id = _plan_of(api, child_id)
    r = api.put(f"/api/v1/plans/{plan_id}/sen2", json={"cease_reason": "2", "settings": [{"urn": "116523"}]})
    assert r.status_code == 200 and r.get_json()["cease_reason"] == "2"
    event(api, review, "plan_ceased", "2026-05-01")
    plan = _persons(services)[child_id].requests[0].assessment.named_plan
    assert (plan.cease_date, plan.cease_reason) == (D("2026-05-01"), "2")
    assert [(d.urn, d.placement_rank) for d in plan.plan_details] == [("116523", 1)]
    assert _persons(services)[child_id].requests[0].active_plan is None  # not active at the reference date


def test_the_page_and_downloads_reconcile_and_are_for_managers(app, api, services, staff, passwords):
    received = "2026-01-05"
    issued = request(api, 8, received)
    to_final(api, issued, received, "2026-05-18")  # day 133: within 20 weeks
    refused = request(api, 9, received)
    event(api, refused, "decided_not_to_assess", "2026-02-09", reason="Needs met by the school")
    child_id = _child_of(api, issued)
    for case in (issued, refused):
        r = api.put(f"/api/v1/children/{_child_of(api, case)}/sen2", json={"sex": "M", "ethnicity": "WBRI"})
        assert r.status_code == 200, r.get_json()
    with freeze_time("2026-11-30"):
        officer = app.test_client()
        sign_in(officer, "officer@council.example")
        assert officer.get("/returns/sen2?year=2027").status_code == 403
        assert officer.get("/returns/sen2/2027.xml").status_code == 403
        assert officer.get("/returns/annex-a.csv").status_code == 403
        client = app.test_client()
        assert sign_in(client, "manager@council.example").status_code == 302
        page = client.get("/returns/sen2?year=2027")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        for figure, value in (("plans_issued", 1), ("plans_issued_within_20_weeks", 1), ("decisions_not_to_assess", 1),
                              ("active_plans", 1)):  # fmt: skip
            row = re.search(rf'data-figure="{figure}">(.*?)</tr>', html, re.S).group(1)
            assert re.findall(r">\s*(\d+)\s*<", row) == [str(value), str(value)] and "Differs" not in row
        # the data-quality list names the child and links to the record to fix
        assert "Not ready" in html and "has no primary need" in html
        assert f"/children/{child_id}/details" in html and f"/plans/{_plan_of(api, child_id)}/details" in html
        xml = client.get("/returns/sen2/2027.xml")
        assert xml.status_code == 200 and xml.headers["Content-Disposition"].endswith("SEN2_2027.xml")
        assert validate(xml.data) == []
        assert sen2_return.from_file(io.BytesIO(xml.data))["plans_issued"] == 1
        assert etree.fromstring(xml.data).findtext("Header/Source/LEA") == services.config.la_code
        rows = list(csv.reader(io.StringIO(client.get("/returns/annex-a.csv").get_data(as_text=True))))
        assert len(rows) == 2 and rows[1][0] == str(child_id) and rows[1][6] == "2026-05-18"
        sheet = client.get("/returns/annex-a.xlsx")
        assert sheet.status_code == 200 and sheet.data[:2] == b"PK"


def test_the_childs_details_are_checked_where_they_are_entered(app, api, services, staff, passwords):
    case_id = request(api, 10, "2026-01-05")
    child_id = _child_of(api, case_id)
    with freeze_time("2026-03-01"):
        client = app.test_client()
        sign_in(client, "officer@council.example")
        url = f"/children/{child_id}/details?case={case_id}"
        page = client.get(url).get_data(as_text=True)
        good = make_upn("801200001009")
        bad = ("B" if good[0] != "B" else "C") + good[1:]
        form = {"csrf_token": token_in(page), "school": "Riverside", "upn": bad, "uln": "", "upn_unknown": "",
                "sex": "F", "ethnicity": "WBRI", "need_1": "ASD", "need_2": "ASD"}  # fmt: skip
        r = client.post(url, data=form)
        body = r.get_data(as_text=True)
        assert r.status_code == 400 and "govuk-error-summary" in body
        assert "the check letter is" in body and "Give each need once" in body
        assert f'value="{bad}"' in body  # what was typed is kept
        r = client.post(url, data=form | {"upn": good, "need_2": "SLCN"})
        assert r.status_code == 302
    got = api.get(f"/api/v1/children/{child_id}/sen2").get_json()
    assert (got["upn"], got["sex"], got["ethnicity"]) == (good, "F", "WBRI")
    assert [(n["sen_type"], n["rank"]) for n in got["needs"]] == [("ASD", 1), ("SLCN", 2)]
    r = api.put(f"/api/v1/children/{child_id}/sen2", json={"sex": "X", "upn": bad, "needs": ["NOPE"]})
    assert r.status_code == 422 and set(r.get_json()["errors"]["json"]) == {"sex", "upn", "needs"}
    assert api.get(f"/api/v1/children/{child_id}/sen2").get_json()["sex"] == "F"  # nothing half-written
    with freeze_time("2026-03-01"):
        r = client.post(f"/children/{child_id}/placements/new?case={case_id}",
                        data={"csrf_token": token_in(page), "urn": "12", "rank": "1"})  # fmt: skip
        assert r.status_code == 400 and "A URN is 6 digits" in r.get_data(as_text=True)
        r = client.post(f"/children/{child_id}/placements/new?case={case_id}",
                        data={"csrf_token": token_in(page), "urn": "116523", "rank": "1", "entry_date-day": "1",
                              "entry_date-month": "9", "entry_date-year": "2025"})  # fmt: skip
        assert r.status_code == 302
    assert api.get(f"/api/v1/children/{child_id}/sen2").get_json()["placements"][0]["urn"] == "116523"
