"""The child's voice, measured (issue 16, reporting.md measure 12), against worked cases recorded
through the API: how the child's own views were gathered for an assessment's decision whether to
issue a plan (and decisions with no record), and the actions agreed at a review followed up at the
next, by the officer holding the review."""

from __future__ import annotations

import datetime as dt
import re

from freezegun import freeze_time
from sqlalchemy import func, select

from casework.models import ReviewAction
from casework.reports import read as rd
from tests.integration.reporting import VIEWS, event, plus, request, to_final

TODAY = dt.date(2028, 1, 10)


def figures(services, series, month, **scope):
    with services.engine.connect() as conn:
        sc = rd.scope_for(conn, **scope)
        return rd.read(conn, series, [month], TODAY, sc)[month].figures


def test_an_assessments_decision_counts_how_the_childs_views_were_gathered(api, services):
    a = request(api, 1, "2027-01-04")
    event(api, a, "decided_to_assess", "2027-01-20")
    event(api, a, "decided_to_issue", "2027-03-01", child_views={"how": "in_person", "given_by": "the child"})
    b = request(api, 2, "2027-01-04")
    event(api, b, "decided_to_assess", "2027-01-20")
    event(api, b, "decided_to_issue", "2027-03-02")  # nothing recorded: counted as such
    c = request(api, 3, "2027-01-04")
    event(api, c, "decided_to_assess", "2027-01-20")
    event(api, c, "decided_not_to_issue", "2027-03-03", reason="Needs met at SEN support.",
          child_views={"how": "not_obtained", "reason": "Too unwell to take part."})  # fmt: skip
    d = request(api, 4, "2027-01-04")
    event(api, d, "decided_to_assess", "2027-01-20")
    with freeze_time("2027-03-04"):  # views "in writing" need who gave them: refused, naming the field
        r = api.post(f"/api/v1/cases/{d}/events", json={"type": "decided_not_to_issue", "occurred_on": "2027-03-04",
                     "reason": "Needs met.", "child_views": {"how": "in_writing"}})  # fmt: skip
    assert r.status_code == 422 and "child_views" in str(r.get_json())
    assert api.get(f"/api/v1/cases/{d}").get_json()["state"] == "assessing"

    march = figures(services, "issue_decisions", "2027-03")
    assert march["issue_decisions"] == 3 and march["decided_to_issue"] == 2
    assert march["views_in_person"] == 1 and march["views_not_obtained"] == 1
    assert march["views_obtained"] == 1 and march["views_not_recorded"] == 1
    officer = api.get(f"/api/v1/cases/{a}").get_json()["officer"]["id"]
    mine = figures(services, "issue_decisions", "2027-03", officer_id=officer)
    cases_of_officer = sum(api.get(f"/api/v1/cases/{x}").get_json()["officer"]["id"] == officer for x in (a, b, c))
    assert mine["issue_decisions"] == cases_of_officer


def _review(api, child_id, opened, meeting, **held):
    with freeze_time(opened):
        r = api.post("/api/v1/reviews", json={"child_id": child_id})
    assert r.status_code == 201, r.get_json()
    review = r.get_json()["id"]
    event(api, review, "meeting_arranged", plus(meeting, -21), meeting_on=meeting)
    return review


def test_actions_agreed_at_a_review_are_followed_up_at_the_next(api, services, staff):
    case = request(api, 1, "2025-09-01")
    to_final(api, case, "2025-09-01", "2026-01-12")
    child_id = api.get(f"/api/v1/cases/{case}").get_json()["child"]["id"]
    first = _review(api, child_id, "2026-10-01", "2026-12-01")
    agreed = ["Speech and language therapy weekly", "A quiet space at lunchtime", "Visit the college in spring"]
    event(api, first, "meeting_held", "2026-12-01", actions_agreed=agreed)
    event(api, first, "decided_to_maintain", "2026-12-10", **VIEWS)
    with services.engine.connect() as conn:
        kept = conn.execute(select(ReviewAction.__table__).order_by(ReviewAction.position)).all()
    assert [(a.position, a.text, a.outcome) for a in kept] == [(n, t, None) for n, t in enumerate(agreed, 1)]

    second = _review(api, child_id, "2027-10-01", "2027-11-20")
    with freeze_time("2027-11-20"):  # an action the last review did not agree: refused, nothing written
        r = api.post(f"/api/v1/cases/{second}/events", json={"type": "meeting_held", "occurred_on": "2027-11-20",
                     "actions_followed_up": [{"action": 4, "outcome": "done"}]})  # fmt: skip
    assert r.status_code == 422 and "actions_followed_up" in r.get_json()["errors"]["json"], r.get_json()
    assert api.get(f"/api/v1/cases/{second}").get_json()["state"] == "meeting_arranged"
    with freeze_time("2027-11-20"):
        r = api.post(f"/api/v1/cases/{second}/events", json={"type": "meeting_held", "occurred_on": "2027-11-20",
                     "actions_followed_up": [{"action": 1, "outcome": "bad"}]})  # fmt: skip
    assert r.status_code == 422
    event(api, second, "meeting_held", "2027-11-20", actions_agreed=["Travel training"],
          actions_followed_up=[{"action": 1, "outcome": "done"}, {"action": 2, "outcome": "partly"}])  # fmt: skip

    with services.engine.connect() as conn:
        rows = conn.execute(select(ReviewAction.__table__).order_by(ReviewAction.id)).all()
        assert conn.execute(select(func.count()).select_from(ReviewAction.__table__)).scalar_one() == 4
    assert [(a.outcome, a.followed_up_case_id) for a in rows[:3]] == [
        ("done", second), ("partly", second), ("not_recorded", second)]  # fmt: skip
    assert rows[3].text == "Travel training" and rows[3].outcome is None  # waits for the next review

    november = figures(services, "review_actions", "2027-11")
    assert november == {"actions_due": 3, "actions_followed_up": 2, "actions_done": 1, "actions_partly": 1,
                        "actions_not_done": 0}  # fmt: skip
    assert figures(services, "review_actions", "2026-12")["actions_due"] == 0  # counted at the follow-up
    holder = api.get(f"/api/v1/cases/{second}").get_json()["officer"]["id"]
    other = staff["officer2"]["id"] if holder != staff["officer2"]["id"] else staff["officer"]["id"]
    assert figures(services, "review_actions", "2027-11", officer_id=holder)["actions_due"] == 3
    assert figures(services, "review_actions", "2027-11", officer_id=other)["actions_due"] == 0


def test_the_case_page_lists_the_last_reviews_actions_to_follow_up(api, app, services, staff, passwords):
    from tests.integration.pagekit import staff_client, token_in

    case = request(api, 1, "2025-09-01")
    to_final(api, case, "2025-09-01", "2026-01-12")
    child_id = api.get(f"/api/v1/cases/{case}").get_json()["child"]["id"]
    first = _review(api, child_id, "2026-10-01", "2026-12-01")
    event(api, first, "meeting_held", "2026-12-01", actions_agreed=["A quiet space at lunchtime", "Travel training"])
    event(api, first, "decided_to_maintain", "2026-12-10", **VIEWS)
    second = _review(api, child_id, "2027-10-01", "2027-11-20")
    with freeze_time("2027-11-20"):
        client = staff_client(app, "manager@council.example")
        page = client.get(f"/cases/{second}").get_data(as_text=True)
        assert "1. A quiet space at lunchtime" in page and "2. Travel training" in page
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        data = {"csrf_token": token_in(page), "type": "meeting_held", "version": version,
                "meeting_held-occurred_on-day": "20", "meeting_held-occurred_on-month": "11",
                "meeting_held-occurred_on-year": "2027", "meeting_held-actions_agreed": "Work experience\n\n  Bus pass ",
                "meeting_held-actions_followed_up-1": "not_done", "meeting_held-actions_followed_up-2": "done"}  # fmt: skip
        r = client.post(f"/cases/{second}/events", data=data)
        assert r.status_code == 302, r.get_data(as_text=True)[-1500:]
    with services.engine.connect() as conn:
        rows = conn.execute(select(ReviewAction.__table__).order_by(ReviewAction.id)).all()
    assert [(a.text, a.outcome) for a in rows] == [("A quiet space at lunchtime", "not_done"),
        ("Travel training", "done"), ("Work experience", None), ("Bus pass", None)]  # fmt: skip
