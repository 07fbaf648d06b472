"""A calibration made up rather than fitted: a council of `plans` EHC plans with a stated shape (the
benchmark's council of 4,000 plans, and the tests' small pinned scenario). Requests a year are a
quarter of the plans (England's ratio), every plan is reviewed once a year, one officer per 100
plans; stage durations are drawn once from fixed distributions (seeded)."""

from __future__ import annotations

import datetime as dt
import random

from casework.simulation.calibration import Calibration, OpenAdvice, OpenCase

PROVIDERS = {1: ("Health", "health", 55, 15), 2: ("Psychology", "psychology", 40, 10),
             3: ("Social care", "social_care", 35, 10), 4: ("School", "education", 28, 8)}  # fmt: skip


def council(plans: int = 4000, as_at: dt.date = dt.date(2027, 1, 1), seed: int = 7) -> Calibration:
    rng = random.Random(seed)

    def sample(mean: float, spread: float, low: int = 1, n: int = 400) -> list[int]:
        return sorted(max(low, round(rng.gauss(mean, spread))) for _ in range(n))

    requests_a_year = plans / 4
    officers = max(plans // 100, 1)
    open_cases = []
    for _ in range(int(requests_a_year * 0.45)):  # about five months of requests in progress
        started = -rng.randint(1, 150)
        stage = rng.choice(("deciding", "advice", "advice", "issuing", "drafting", "finalising"))
        advice = []
        if stage == "advice":
            asked = started + 35
            advice = [OpenAdvice(p, min(asked, -1), min(asked, -1) + 42, None) for p in PROVIDERS]
        open_cases.append(OpenCase(started, stage, min(started + 35, -1), rng.random() < 0.04, advice))
    return Calibration(
        as_at=as_at,
        arrivals_per_day=round(requests_a_year / 253, 4),
        seasonality={7: 1.2, 8: 0.8, 12: 0.85},
        requests_by_month={},
        decide_days=sample(36, 12, 5),
        not_assessed_share=0.2,
        to_advice_days=sample(2, 1, 0),
        bundles=[tuple(PROVIDERS)] * 3 + [(1, 2, 4)],
        advice_days={p: sample(mean, spread, 5) for p, (_n, _t, mean, spread) in PROVIDERS.items()},
        advice_lost=dict.fromkeys(PROVIDERS, 0.01),
        to_issue_days=sample(10, 4),
        to_issue_unadvised_days=sample(40, 10),
        not_issued_share=0.08,
        to_draft_days=sample(12, 5),
        to_final_days=sample(20, 4, 15),
        withdrawn_share=0.03,
        withdrawn_days=sample(30, 10),
        exception_share=0.04,
        stalled={"deciding": 0.0, "issuing": 0.02, "drafting": 0.0, "finalising": 0.0},
        reviews_per_day=round(plans / 253, 4),
        review_days=sample(70, 20, 20),
        officers=officers,
        capacity=40.0,
        load=0.0,
        elasticity=0.5,
        elasticity_fitted=False,
        throughput=[],
        providers={p: (name, kind) for p, (name, kind, _m, _s) in PROVIDERS.items()},
        open_cases=open_cases,
        open_reviews=[rng.randint(1, 90) for _ in range(int(plans * 70 / 365))],
        plans=plans,
    )
