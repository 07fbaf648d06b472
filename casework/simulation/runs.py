"""What the faces call: calibrate on a day, compare scenarios side by side, and backtest (calibrate on
the history up to a day, simulate the months after it, and compare with what actually happened, read
through `reports.read` and the dashboard's indicators: the same figures the dashboard shows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from casework.reports import months as mo
from casework.reports.measures import INDICATORS
from casework.reports.read import read
from casework.simulation import history
from casework.simulation.calibration import LOOKBACK, Calibration, fit
from casework.simulation.model import replicate
from casework.simulation.results import RATES, Estimate, summarise, year_rate
from casework.simulation.scenarios import BASELINE, Scenario

HISTORY_DAYS = LOOKBACK + 180  # the lookback and the longest stage that may have started before it


def calibrate(conn: Any, as_at: dt.date) -> Calibration:
    """The history before `as_at` fitted (`calibration.fit`)."""
    return fit(history.load(conn, as_at, as_at - dt.timedelta(days=HISTORY_DAYS)))


@dataclass
class Outcome:
    scenario: Scenario
    months: list[str]
    figures: dict[str, dict[str, Estimate]]
    year: dict[str, float | None]


def compare(cal: Calibration, scenarios: Sequence[Scenario], months: int = 12, replications: int = 200,
            seed: int = 1, progress: Callable[[int], None] | None = None, processes: int = 1) -> list[Outcome]:  # fmt: skip
    """Each scenario run `replications` times with the same seeds (common random numbers)."""
    out = []
    for sc in scenarios:
        span, runs = replicate(cal, sc, months, replications, seed, progress, processes)
        year = {basis: year_rate(runs, basis) for basis in RATES}
        out.append(Outcome(sc, span.labels, summarise(span, runs), year))
    return out


@dataclass
class Backtest:
    cut: dt.date
    months: list[str]
    simulated: dict[str, dict[str, Estimate]]
    actual: dict[str, dict[str, float | None]]  # basis -> month -> the dashboard's figure
    error: dict[str, float | None]  # basis -> mean absolute error, percentage points
    inside: dict[str, int]  # basis -> months whose actual figure falls inside the interval
    compared: dict[str, int]  # basis -> months with both an actual and a simulated figure


def actual_rates(conn: Any, months: list[str], today: dt.date) -> dict[str, dict[str, float | None]]:
    """The dashboard's 20-week figures for these months (both bases), as the dashboard reads them."""
    figures = read(conn, "plans_issued", months, today)
    return {basis: {m: INDICATORS[ind].value(figures[m].figures) for m in months} for basis, ind in RATES.items()}


def backtest(conn: Any, today: dt.date, cut: dt.date | None = None, months: int = 6, replications: int = 100,
             seed: int = 1, progress: Callable[[int], None] | None = None) -> Backtest:  # fmt: skip
    """Calibrate on the history before `cut` (by default the first day of the month `months` before
    today's month), simulate the `months` complete months from it, and compare with the actual."""
    if cut is None:
        cut = mo.first_day(mo.shift(mo.of(today), -months))
    cal = calibrate(conn, cut)
    outcome = compare(cal, [BASELINE], months, replications, seed, progress)[0]
    done = [m for m in outcome.months if mo.after(m) <= today]
    actual = actual_rates(conn, done, today)
    error: dict[str, float | None] = {}
    inside: dict[str, int] = {}
    compared: dict[str, int] = {}
    for basis in RATES:
        pairs = [(outcome.figures[basis][m], actual[basis][m]) for m in done]
        pairs = [(e, a) for e, a in pairs if e.mean is not None and a is not None]
        compared[basis] = len(pairs)
        error[basis] = round(sum(abs(e.mean - a) for e, a in pairs) / len(pairs), 1) if pairs else None  # type: ignore[operator]
        inside[basis] = sum(1 for e, a in pairs if e.contains(a))
    return Backtest(cut, done, {k: {m: v[m] for m in done} for k, v in outcome.figures.items()}, actual, error,
                    inside, compared)  # fmt: skip
