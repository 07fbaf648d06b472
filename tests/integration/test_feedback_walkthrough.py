"""Issue 16's acceptance, tried as a new user would: on the last day of a month a manager opens the
call sample page (this month by default), draws the sample, an officer opens their call list and
records a call with the family's feedback, and the manager's dashboard for this month shows the call
made, the family reached and their answer. Through the pages only, on both databases."""

from __future__ import annotations

import re

from freezegun import freeze_time

from tests.integration.pagekit import staff_client, token_in
from tests.integration.reporting import event, plus

TODAY = "2026-11-30"


def _plan_this_month(api, n: int) -> int:
    issued = f"2026-11-{n + 2:02d}"
    received = plus(issued, -120)
    contact = {"name": f"Parent {n}", "email": f"parent{n}@example.org", "phone": f"07700 900{n:03d}"}
    with freeze_time(received):
        child_id = api.post("/api/v1/children", json={"given_name": f"Child{n}", "family_name": "Walker",
                            "date_of_birth": "2015-04-02", "contacts": [contact]}).get_json()["id"]  # fmt: skip
        case_id = api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": received}).get_json()["id"]
    event(api, case_id, "decided_to_assess", plus(received, 30))
    event(api, case_id, "decided_to_issue", plus(received, 90))
    event(api, case_id, "draft_issued", plus(received, 100))
    event(api, case_id, "final_issued", issued)
    return case_id


def test_a_manager_draws_this_months_sample_an_officer_calls_and_the_dashboard_shows_it(api, app, staff, passwords):
    for n in range(1, 7):
        _plan_this_month(api, n)
    with freeze_time(TODAY):
        manager = staff_client(app, "manager@council.example")
        page = manager.get("/feedback/sample").get_data(as_text=True)  # no month given: this month
        assert "November 2026" in page or "2026-11" in page
        assert "Families eligible" in page
        r = manager.post("/feedback/sample", data={"csrf_token": token_in(page), "month": "2026-11", "size": "25"})
        assert r.status_code == 302
        drawn = manager.get(r.headers["Location"]).get_data(as_text=True)
        assert "Seed (to draw the same sample again)" in drawn

        called = None
        for who in ("officer", "officer2"):
            officer = staff_client(app, f"{who}@council.example")
            listing = officer.get("/feedback/calls").get_data(as_text=True)
            found = re.findall(r'href="/feedback/calls/(\d+)"', listing)
            if found:
                called = (officer, found[0])
                break
        assert called, "no officer has a call to make"
        officer, entry = called
        form = officer.get(f"/feedback/calls/{entry}").get_data(as_text=True)
        r = officer.post(f"/feedback/calls/{entry}", data={
            "csrf_token": token_in(form), "outcome": "feedback_given", "informed": "5", "contact": "4",
            "listened": "2", "went_well": "The officer called back the same day."})  # fmt: skip
        assert r.status_code == 302, r.get_data(as_text=True)

        board = manager.get("/dashboard/measures/family_feedback").get_data(as_text=True)  # this month
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", board))
    assert "Feedback calls made November 2026 1 cases: Feedback calls made, November 2026" in text
    assert "Families reached by phone November 2026 100% 1 cases counted" in text
    assert "Kept informed about what was happening November 2026" in text
