"""Replications summed up: per month, each figure's expected value (the mean over replications) and
its interval (the 5th to 95th percentile of the replications: 9 in 10 simulated years fall inside).
The two 20-week rates are the dashboard's own indicators (`reports.measures.INDICATORS`) applied to
each replication's simulated counts, so "within 20 weeks" means on the simulator what it means on
the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from casework.reports.measures import INDICATORS
from casework.simulation.model import Months

RATES = {"within_20_weeks": "plans_within_20_weeks", "within_20_weeks_ex": "plans_within_20_weeks_ex"}
COUNTS = ("plans_issued", "open_past_20_weeks", "advice_overdue", "open_assessments", "caseload")
LABELS = {
    "within_20_weeks": "Final plans within 20 weeks (including exceptions)",
    "within_20_weeks_ex": "Final plans within 20 weeks (excluding exceptions)",
    "plans_issued": "Final plans issued",
    "open_past_20_weeks": "Open assessments past 20 weeks",
    "advice_overdue": "Advice overdue",
    "open_assessments": "Open assessments",
    "caseload": "Open cases per officer",
}
LOW, HIGH = 0.05, 0.95


@dataclass(frozen=True)
class Estimate:
    mean: float | None
    low: float | None
    high: float | None

    def contains(self, value: float | None) -> bool:
        return value is not None and self.low is not None and self.low <= value <= (self.high or 0)


def _percentile(sorted_values: list[float], q: float) -> float:
    i = q * (len(sorted_values) - 1)
    lo = int(i)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (i - lo)


def estimate(values: list[float | None], digits: int = 1) -> Estimate:
    vs = sorted(v for v in values if v is not None)
    if not vs:
        return Estimate(None, None, None)
    return Estimate(round(sum(vs) / len(vs), digits), round(_percentile(vs, LOW), digits),
                    round(_percentile(vs, HIGH), digits))  # fmt: skip


def summarise(span: Months, runs: list[dict[str, list[float]]]) -> dict[str, dict[str, Estimate]]:
    """{figure: {month: Estimate}} for the rates and counts above."""
    out: dict[str, dict[str, Estimate]] = {k: {} for k in (*RATES, *COUNTS)}
    for m, month in enumerate(span.labels):
        for key, indicator in RATES.items():
            ind = INDICATORS[indicator]
            out[key][month] = estimate([ind.value({f: int(r[f][m]) for f in r}) for r in runs])
        for key in COUNTS:
            out[key][month] = estimate([r[key][m] for r in runs])
    return out


def year_rate(runs: list[dict[str, list[float]]], basis: str = "within_20_weeks") -> float | None:
    """The rate over the whole simulated span (all months' plans together), mean of replications."""
    ind = INDICATORS[RATES[basis]]
    values = [ind.value({f: int(sum(r[f])) for f in r}) for r in runs]
    vs = [v for v in values if v is not None]
    return round(sum(vs) / len(vs), 2) if vs else None
