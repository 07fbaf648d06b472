"""Each measure against worked cases recorded through the API (the engine) on the days they
happened: both DfE bases, day 140 against day 141, a plan issued in a month after its request,
advice on its due date and the day after, a review decision 28 and 29 days after the meeting."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

from casework.reports import read as rd
from tests.integration.reporting import advice, event, plan_and_review, plus, request, to_final

TODAY = dt.date(2027, 8, 2)


def figures(services, series, month, today=TODAY, **scope):
    with services.engine.connect() as conn:
        sc = rd.scope_for(conn, **scope)
        return rd.read(conn, series, [month], today, sc)[month].figures


def test_twenty_weeks_day_140_and_141_both_bases_and_the_month_of_issue(api, services):
    received = "2027-01-04"  # a Monday: day 140 is Monday 24 May 2027
    on_time = request(api, 1, received)
    to_final(api, on_time, received, plus(received, 140))
    late = request(api, 2, received)
    to_final(api, late, received, plus(received, 141))
    excused = request(api, 3, received)
    to_final(api, excused, received, plus(received, 150), exception=True)
    long_ago = request(api, 4, "2026-05-03")
    to_final(api, long_ago, "2026-05-03", "2027-05-10")  # 372 days: over 52 weeks

    may = figures(services, "plans_issued", "2027-05")
    assert may["plans_issued"] == 3  # issued in May, requested in January (and May 2026)
    assert may["plans_issued_within_20_weeks"] == 1  # day 140 is within; day 141 is not
    assert may["plans_issued_20_to_52_weeks"] == 1
    assert may["plans_issued_over_52_weeks"] == 1
    assert may["plans_issued_ex"] == 3 and may["plans_issued_within_20_weeks_ex"] == 1
    assert may["days_to_issue"] == 140 + 141 + 372
    june = figures(services, "plans_issued", "2027-06")
    # the exception leaves the case out of the count and the within-time count (statutory.md 9.4)
    assert june["plans_issued"] == 1 and june["plans_issued_within_20_weeks"] == 0
    assert june["plans_issued_ex"] == 0 and june["plans_issued_within_20_weeks_ex"] == 0
    assert june["plans_with_exception"] == 1
    assert figures(services, "plans_issued", "2027-01")["plans_issued"] == 0  # not the month of the request


def test_decisions_within_6_and_16_weeks(api, services):
    a = request(api, 1, "2027-02-01")
    event(api, a, "decided_to_assess", plus("2027-02-01", 42))  # day 42: within 6 weeks
    b = request(api, 2, "2027-02-01")
    event(api, b, "decided_not_to_assess", plus("2027-02-01", 43), reason="Needs met at SEN support.")
    c = request(api, 3, "2027-01-04")
    event(api, c, "decided_to_assess", "2027-01-20")
    event(api, c, "decided_not_to_issue", plus("2027-01-04", 112), reason="Needs met at SEN support.")
    d = request(api, 4, "2027-01-05")
    event(api, d, "decided_to_assess", "2027-01-20")
    event(api, d, "decided_not_to_issue", plus("2027-01-05", 113), reason="Needs met at SEN support.")

    march = figures(services, "decisions_to_assess", "2027-03")
    assert march["decisions_to_assess"] == 2 and march["decisions_to_assess_within_6_weeks"] == 1
    assert march["decided_to_assess"] == 1
    april = figures(services, "decisions_not_to_issue", "2027-04")
    assert april["decisions_not_to_issue"] == 2 and april["decisions_not_to_issue_within_16_weeks"] == 1
    assert figures(services, "issue_decisions", "2027-04")["issue_decisions"] == 2


def test_advice_on_its_due_date_and_the_day_after(api, services, make_provider):
    paeds = make_provider()["id"]
    ep = make_provider(name="Educational Psychology", advice_type="psychology", email="ep@council.example")["id"]
    case = request(api, 1, "2027-01-04")
    event(api, case, "decided_to_assess", "2027-01-18")
    on_due = advice(api, case, paeds, "2027-01-18", plus("2027-01-18", 42))  # due 1 March: on time
    advice(api, case, paeds, "2027-01-19", plus("2027-01-19", 43))  # a day late
    advice(api, case, ep, "2027-01-19", None, "psychology")  # outstanding
    assert on_due

    march = figures(services, "advice_received", "2027-03")
    assert march["received"] == 2 and march["received_within_6_weeks"] == 1
    with services.engine.connect() as conn:
        cells = rd.read(conn, "advice_received", ["2027-03"], TODAY, grain=True)["2027-03"].grain
    by_provider = rd.rollup(cells, "extra")
    assert by_provider == {f"{paeds}:health": {**march}}
    overdue = figures(services, "advice_overdue", "2027-08")  # today: the EP advice is overdue
    assert overdue["overdue"] == 1
    assert figures(services, "advice_overdue", "2027-02")["overdue"] == 0  # not yet due at the end of February


def test_review_decision_day_28_and_29_after_the_meeting(api, services):
    first = plan_and_review(api, 1, "2027-01-15", "2027-04-06")
    event(api, first, "decided_to_maintain", plus("2027-04-06", 28), today=plus("2027-04-06", 28),
          child_views={"how": "advocate", "given_by": "an advocate"}, parent_views={"how": "in_person", "given_by": "mum"})  # fmt: skip
    second = plan_and_review(api, 2, "2027-01-15", "2027-04-06")
    event(api, second, "decided_to_maintain", plus("2027-04-06", 29),
          child_views={"how": "not_obtained", "reason": "In hospital."}, parent_views={"how": "in_person", "given_by": "dad"})  # fmt: skip

    may = figures(services, "review_decisions", "2027-05")
    assert may["decisions"] == 2 and may["decisions_within_4_weeks"] == 1
    assert may["views_advocate"] == 1 and may["views_not_obtained"] == 1 and may["views_obtained"] == 1
    april = figures(services, "review_meetings", "2027-04")
    assert april["meetings_held"] == 2 and april["meetings_held_in_time"] == 2


def test_open_past_20_weeks_now_and_at_a_month_end(api, services):
    old = request(api, 1, "2026-06-01")
    event(api, old, "decided_to_assess", "2026-07-01")
    newer = request(api, 2, "2027-04-01")  # day 140 is 19 August: not yet past
    event(api, newer, "decided_to_assess", "2027-04-20")
    now = figures(services, "open_past_20_weeks", "2027-08")
    assert now["open_past_20_weeks"] == 1 and now["open_over_52_weeks"] == 1
    at_october = figures(services, "open_past_20_weeks", "2026-10")  # 31 Oct 2026: day 152
    assert at_october["open_past_20_weeks"] == 1 and at_october["open_20_to_30_weeks"] == 1


def test_figures_count_for_the_officer_holding_the_case_then(api, services, staff):
    case = request(api, 1, "2027-01-04")
    holder = api.get(f"/api/v1/cases/{case}").get_json()["officer"]["id"]
    other = staff["officer2"]["id"] if holder != staff["officer2"]["id"] else staff["officer"]["id"]
    event(api, case, "decided_to_assess", "2027-02-01")
    manager = api.as_(staff["manager"]["token"])
    with freeze_time("2027-03-01"):
        r = manager.put(f"/api/v1/cases/{case}/officer", json={"officer_id": other})
        assert r.status_code == 200, r.get_json()
    event(api, case, "decided_to_issue", "2027-03-10")
    event(api, case, "draft_issued", "2027-04-01")
    event(api, case, "final_issued", "2027-04-20")
    assert figures(services, "decisions_to_assess", "2027-02", officer_id=holder)["decisions_to_assess"] == 1
    assert figures(services, "decisions_to_assess", "2027-02", officer_id=other)["decisions_to_assess"] == 0
    assert figures(services, "plans_issued", "2027-04", officer_id=other)["plans_issued"] == 1
    assert figures(services, "plans_issued", "2027-04", officer_id=holder)["plans_issued"] == 0
