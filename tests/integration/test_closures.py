"""Closure calendars (statutory.md 9.3) and the school_closure exception through the API and the CLI:
worked example 13, and both sides of each boundary (the window's first and last day, a closure of 4 weeks);
CSV imports validated row by row, nothing imported while any row is wrong."""

from __future__ import annotations

from click.testing import CliRunner
from freezegun import freeze_time

from tests.integration.journeys import deadlines, ev, ok


def setting_with_closure(api, name, closed_from, reopens_on, kind="school"):
    setting = ok(api.post("/api/v1/education-settings", json={"name": name, "kind": kind}), 201)
    return ok(api.post(f"/api/v1/education-settings/{setting['id']}/closures",
                       json={"closed_from": closed_from, "reopens_on": reopens_on}), 201)  # fmt: skip


@freeze_time("2026-09-10")
def test_school_closure_exception_worked_example_13_on_both_sides_of_each_boundary(api, make_child, make_provider):
    school = setting_with_closure(api, "St Mary's Primary School", "2026-07-23", "2026-09-03")
    summer = school["closures"][0]
    assert (summer["days"], summer["qualifies"], summer["window_from"], summer["window_to"]) == (
        42, True, "2026-07-16", "2026-08-27")  # fmt: skip
    head = make_provider(name="St Mary's head teacher", advice_type="education", email="head@stmarys.example",
                         setting_id=school["id"])  # fmt: skip
    unlinked = make_provider(name="Another school", advice_type="education", email="head@other.example")
    child = make_child()
    case = ok(api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-07-01"}), 201)
    assert deadlines(case)["final_plan"]["due_on"] == "2026-11-18"
    ok(ev(api, case["id"], "decided_to_assess", "2026-07-08"))
    asked = {}
    for on in ("2026-07-10", "2026-07-15", "2026-07-16", "2026-07-20", "2026-08-27", "2026-08-28"):
        asked[on] = ok(api.post(f"/api/v1/cases/{case['id']}/advice-requests",
                                json={"advice_type": "education", "provider_id": head["id"], "requested_on": on}),
                       201)["id"]  # fmt: skip
    other = ok(api.post(f"/api/v1/cases/{case['id']}/advice-requests",
                        json={"advice_type": "education", "provider_id": unlinked["id"],
                              "requested_on": "2026-07-20"}), 201)["id"]  # fmt: skip

    def closure_exception(advice_request_id):
        return ev(api, case["id"], "exception_recorded", "2026-09-10", reason="school_closure",
                  deadline_keys=["final_plan"], note="The head could not give advice over the summer.",
                  advice_request_id=advice_request_id)  # fmt: skip

    for on, available in (("2026-07-10", False), ("2026-07-15", False), ("2026-07-16", True),
                          ("2026-07-20", True), ("2026-08-27", True), ("2026-08-28", False)):  # fmt: skip
        r = closure_exception(asked[on])
        if available:
            assert r.status_code == 200, (on, r.get_json())
        else:
            assert r.status_code == 409, (on, r.get_json())
            message = r.get_json()["message"]
            assert "not inside a qualifying closure window" in message
            assert "window from 16 Jul 2026 to 27 Aug 2026" in message
            assert ("before it" if on < "2026-07-16" else "after it") in message
    r = closure_exception(other)
    assert r.status_code == 409 and "not linked" in r.get_json()["message"]
    r = ev(api, case["id"], "exception_recorded", "2026-09-10", reason="school_closure", deadline_keys=["final_plan"],
           note="n")  # fmt: skip
    assert r.status_code == 422 and "advice_request_id" in r.get_json()["errors"]["json"]
    case = ok(api.get(f"/api/v1/cases/{case['id']}"))
    final = deadlines(case)["final_plan"]
    assert final["due_on"] == "2026-11-18" and final["exception_applies"] is True  # the date never moves
    recorded = [x for x in case["exceptions"] if x["reason"] == "school_closure"]
    assert len(recorded) == 3


@freeze_time("2026-09-10")
def test_a_closure_qualifies_from_4_weeks(api, make_child, make_provider):
    short = setting_with_closure(api, "Little Acorns Nursery", "2026-07-20", "2026-08-16", kind="early_years")
    full = setting_with_closure(api, "Oak Tree Nursery", "2026-07-20", "2026-08-17", kind="early_years")
    assert (short["closures"][0]["days"], short["closures"][0]["qualifies"]) == (27, False)
    assert (full["closures"][0]["days"], full["closures"][0]["qualifies"]) == (28, True)
    child = make_child()
    case = ok(api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-07-01"}), 201)
    ok(ev(api, case["id"], "decided_to_assess", "2026-07-08"))
    results = {}
    for setting in (short, full):
        p = make_provider(name=f"{setting['name']} SENCo", advice_type="education", email=f"s{setting['id']}@x.example",
                          setting_id=setting["id"])  # fmt: skip
        advice = ok(api.post(f"/api/v1/cases/{case['id']}/advice-requests",
                             json={"advice_type": "education", "provider_id": p["id"], "requested_on": "2026-07-20"}),
                    201)  # fmt: skip
        r = ev(api, case["id"], "exception_recorded", "2026-09-10", reason="school_closure",
               deadline_keys=["decision_not_to_issue"], note="Closed.", advice_request_id=advice["id"])  # fmt: skip
        results[setting["name"]] = r
    assert results["Little Acorns Nursery"].status_code == 409
    assert "lasts 27 days, less than 4 weeks" in results["Little Acorns Nursery"].get_json()["message"]
    assert results["Oak Tree Nursery"].status_code == 200


CSV_OK = """setting,kind,closed_from,reopens_on,urn,note
St Mary's Primary School,school,2026-07-23,2026-09-03,116000,Summer
St Mary's Primary School,school,21/12/2026,04/01/2027,116000,Christmas
Riverside College,post16,2026-07-10,2026-09-07,,
"""
CSV_BAD = """setting,kind,closed_from,reopens_on
St Mary's Primary School,school,2026-07-23,2026-07-01
,school,2026-07-23,2026-09-03
Oak Tree Nursery,nursery,2026-07-23,2026-09-03
Riverside College,post16,31/02/2026,2026-09-07
St Mary's Primary School,school,2026-10-26,2026-11-02
St Mary's Primary School,school,2026-10-26,2026-11-02
"""


def test_csv_import_through_the_api(api):
    r = api.post("/api/v1/education-settings/import", data=CSV_BAD, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422
    errors = r.get_json()["errors"]["json"]["csv"]
    assert errors == [
        "row 2: reopens_on 2026-07-01 is not after closed_from 2026-07-23",
        "row 3: the setting's name is missing or longer than 200 characters",
        "row 4: kind 'nursery' is not one of school, post16, early_years",
        "row 5: closed_from '31/02/2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)",
        "row 7: repeats row 6 (the same setting and closed_from)",
    ]
    assert ok(api.get("/api/v1/education-settings")) == []  # nothing imported
    r = api.post("/api/v1/education-settings/import", data="name,from\nx,y\n", headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and r.get_json()["errors"]["json"]["csv"][0].startswith("row 1: the header needs")
    assert ok(api.post("/api/v1/education-settings/import", data=CSV_OK, headers={"Content-Type": "text/csv"})) == {
        "settings_added": 2, "closures_added": 3, "already_recorded": 0}  # fmt: skip
    assert ok(api.post("/api/v1/education-settings/import", data=CSV_OK, headers={"Content-Type": "text/csv"})) == {
        "settings_added": 0, "closures_added": 0, "already_recorded": 3}  # fmt: skip
    settings = {s["name"]: s for s in ok(api.get("/api/v1/education-settings"))}
    christmas = settings["St Mary's Primary School"]["closures"][1]
    assert (christmas["closed_from"], christmas["qualifies"], christmas["window_from"]) == ("2026-12-21", False, None)
    clash = "setting,kind,closed_from,reopens_on\nRiverside College,school,2026-07-10,2026-09-08\n"
    r = api.post("/api/v1/education-settings/import", data=clash, headers={"Content-Type": "text/csv"})
    assert r.get_json()["errors"]["json"]["csv"] == [
        "row 2: Riverside College is recorded as post16, not school",
        "row 2: Riverside College already has a closure from 2026-07-10 re-opening on 2026-09-07",
    ]


def test_csv_import_through_the_cli(database_url, app, monkeypatch, tmp_path):
    from casework.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(CSV_BAD, encoding="utf-8")
    good.write_text("\ufeff" + CSV_OK, encoding="utf-8")  # a spreadsheet's byte order mark is fine
    result = CliRunner().invoke(main, ["closures", "import", str(bad)])
    assert result.exit_code == 1 and "row 5: closed_from '31/02/2026' is not a date" in result.output
    result = CliRunner().invoke(main, ["closures", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "Imported 3 closures (0 already recorded) and 2 new settings."
    listing = CliRunner().invoke(main, ["closures", "list"]).output
    assert "2026-07-23 to 2026-09-03 (back): 42 days, window 2026-07-16 to 2026-08-27" in listing


def test_dates_out_of_range_are_refused_by_name(api, make_child):
    setting = ok(api.post("/api/v1/education-settings", json={"name": "Oak Tree", "kind": "early_years"}), 201)
    r = api.post(f"/api/v1/education-settings/{setting['id']}/closures",
                 json={"closed_from": "0001-01-01", "reopens_on": "0001-02-01"})  # fmt: skip
    assert r.status_code == 422 and "closed_from" in r.get_json()["errors"]["json"]
    far = "setting,kind,closed_from,reopens_on\nOak Tree,early_years,0001-01-01,0001-02-01\n"
    r = api.post("/api/v1/education-settings/import", data=far, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and r.get_json()["errors"]["json"]["csv"][0].startswith("row 2: closed_from")
    child = make_child()
    with freeze_time("2026-03-20"):
        r = api.post("/api/v1/transfers-out", json={"child_id": child["id"], "aware_on": "2026-03-20",
                                                    "move_on": "9999-12-31", "to_la": "885"})  # fmt: skip
        assert r.status_code == 422 and "move_on" in r.get_json()["errors"]["json"]
