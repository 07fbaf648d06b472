"""The capacity what-if's model (issue 17): reproducible, pinned on a small council, monotone where
it must be (more officers never worse, slower advice never better), counting "within 20 weeks" as
the dashboard does; the calibration's fitting on a hand-made history; scenarios' errors name fields."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.simulation import synthetic
from casework.simulation.calibration import fit
from casework.simulation.model import WEEKS_20, quantile, replicate, residual
from casework.simulation.records import Advice, Assessment, History, Review
from casework.simulation.results import summarise, year_rate
from casework.simulation.runs import compare
from casework.simulation.scenarios import Scenario, ScenarioError, parse

SMALL = synthetic.council(200)


def test_twenty_weeks_is_the_dashboards_definition():
    from casework.reports.assessments import WEEKS_20 as DASHBOARD

    assert WEEKS_20 == DASHBOARD == 140


def test_the_same_seed_gives_the_same_result_and_another_seed_does_not():
    a = replicate(SMALL, Scenario(), 6, 3, seed=5)[1]
    b = replicate(SMALL, Scenario(), 6, 3, seed=5)[1]
    c = replicate(SMALL, Scenario(), 6, 3, seed=6)[1]
    assert a == b
    assert a != c


def test_forked_processes_give_the_same_result():
    assert replicate(SMALL, Scenario(), 4, 4, seed=5, processes=2) == replicate(SMALL, Scenario(), 4, 4, seed=5)


def test_a_small_scenario_is_pinned():
    base, more = compare(
        SMALL,
        [Scenario(), Scenario(name="More", officers_change=1, officers_from=dt.date(2027, 3, 1))],
        months=3,
        replications=4,
        seed=11,
    )
    assert base.months == ["2027-01", "2027-02", "2027-03"]
    assert base.year == {"within_20_weeks": 76.17, "within_20_weeks_ex": 78.8}
    plans = base.figures["plans_issued"]
    assert [(plans[m].mean, plans[m].low, plans[m].high) for m in base.months] == [
        (6.8, 6.2, 7.0), (3.5, 3.0, 4.0), (3.2, 2.1, 4.7)]  # fmt: skip
    rate = base.figures["within_20_weeks"]["2027-02"]
    assert (rate.mean, rate.low, rate.high) == (77.1, 66.7, 96.2)
    assert [base.figures["open_past_20_weeks"][m].mean for m in base.months] == [5.8, 7.0, 4.2]
    assert [base.figures["advice_overdue"][m].mean for m in base.months] == [8.5, 3.0, 2.8]
    # one more officer from 1 March: the same until then (the same luck), fewer cases each after
    assert [base.figures["caseload"][m].mean for m in base.months] == [24.0, 29.0, 32.0]
    assert [more.figures["caseload"][m].mean for m in more.months][:2] == [24.0, 29.0]
    assert more.figures["caseload"]["2027-03"].mean == 21.1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_more_officers_never_make_the_expected_timeliness_worse(seed):
    rates = [year_rate(replicate(SMALL, Scenario(officers_change=k), 12, 8, seed)[1]) for k in (-1, 0, 1, 3)]
    assert rates == sorted(rates), rates
    assert rates[0] < rates[-1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_slower_advice_never_makes_it_better(seed):
    rates = [year_rate(replicate(SMALL, Scenario(advice_days=k), 12, 8, seed)[1]) for k in (-10, 0, 7, 21)]
    assert rates == sorted(rates, reverse=True), rates
    assert rates[0] > rates[-1]
    one = [year_rate(replicate(SMALL, Scenario(provider_id=1, advice_days=k), 12, 8, seed)[1]) for k in (0, 21)]
    assert one[0] >= one[1] >= rates[-1]  # one provider slower: worse than now, better than all slower


def test_more_decisions_within_6_weeks_and_fewer_requests_help():
    now = year_rate(replicate(SMALL, Scenario(), 12, 8, 4)[1])
    assert year_rate(replicate(SMALL, Scenario(within_6_weeks=100), 12, 8, 4)[1]) >= now
    span, runs = replicate(SMALL, Scenario(arrivals_percent=50), 12, 8, 4)
    fewer = summarise(span, runs)["open_assessments"]
    span, runs = replicate(SMALL, Scenario(), 12, 8, 4)
    assert fewer["2027-12"].mean < summarise(span, runs)["open_assessments"]["2027-12"].mean


def test_quantiles_and_the_rest_of_a_stage_under_way():
    samples = [10, 20, 30, 40]
    assert [quantile(samples, u) for u in (0, 0.3, 0.99)] == [10, 20, 40]
    assert residual(samples, 25, 0) == 5 and residual(samples, 25, 0.99) == 15
    assert residual(samples, 45, 0.5) == 30  # longer than any recorded: the whole distribution again


def _case(n: int, received: dt.date, **events: int) -> Assessment:
    case = Assessment(n, received, {"request_received": received})
    for name, days in events.items():
        case.events[name] = received + dt.timedelta(days=days)
    return case


def test_fitting_a_hand_made_history():
    as_at = dt.date(2027, 1, 1)
    d0 = dt.date(2026, 3, 2)
    cases = []
    for i in range(10):
        c = _case(i, d0 + dt.timedelta(days=7 * i), decided_to_assess=30 + i, decided_to_issue=100, draft_issued=110,
                  final_issued=130)  # fmt: skip
        asked = c.events["decided_to_assess"]
        c.advice = [Advice(1, "health", asked, asked + dt.timedelta(days=42), asked + dt.timedelta(days=50))]
        cases.append(c)
    cases.append(_case(20, d0, decided_not_to_assess=40))
    cases.append(_case(21, dt.date(2026, 12, 20)))  # in progress on the day
    cases[0].exception = True
    h = History(as_at, cases, [Review(d0, d0 + dt.timedelta(days=60))], {1: ("Health", "health")}, 2, 40.0, 10)
    cal = fit(h)
    assert cal.decide_days == sorted([30 + i for i in range(10)] + [40])
    assert cal.not_assessed_share == round(1 / 11, 4)
    assert cal.advice_days == {1: [50] * 10}
    assert cal.bundles == [(1,)] * 10
    assert cal.to_draft_days == [10] * 10 and cal.to_final_days == [20] * 10
    assert cal.exception_share == 0.1
    assert cal.review_days == [60]
    assert [(o.stage, o.clock_start) for o in cal.open_cases] == [("deciding", -12)]
    assert cal.officers == 2 and 0 <= cal.elasticity <= 1
    assert all(0.5 <= f <= 1.5 for f in cal.seasonality.values())  # thin months: bounded


def test_scenario_form_errors_name_each_field():
    providers = {3: ("CAMHS", "health")}
    start, end = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    with pytest.raises(ScenarioError) as e:
        parse({"officers_change": "three", "officers_from": "2026-13-01", "provider_id": "9",
               "arrivals_percent": "1000", "within_6_weeks": "-1"}, providers, start, end)  # fmt: skip
    assert set(e.value.errors) == {"officers_change", "officers_from", "provider_id", "arrivals_percent",
                                   "within_6_weeks"}  # fmt: skip
    sc = parse({"name": "3 more", "officers_change": "3", "officers_from": "2027-02-01", "provider_id": "3",
                "advice_days": "-14"}, providers, start, end)  # fmt: skip
    assert sc == Scenario("3 more", 3, dt.date(2027, 2, 1), 3, -14, 100, None)
