"""The discrete-event simulation (SimPy): requests, assessments and annual reviews flowing through a
pool of officers and the advice providers, day by day from the calibration day, for 12 months; many
replications, each with its own seed. Pure: no database, no clock.

- Every assessment draws all its random numbers when it starts, from its own stream (seeded by the
  replication's seed and its number), and turns them into durations through the empirical
  distribution's quantiles. So two scenarios run with the same seed give each case the same luck,
  and a change (a slower provider, more officers) moves each case's dates one way only: the
  comparison shows the scenario, not noise (common random numbers).
- Each replication resamples the recorded durations first (a bootstrap: `bootstrap`), so the
  interval carries the uncertainty of the fitted distributions as well as the year's luck.
- The cases in progress on the calibration day carry on from where they are: a stage already under
  way takes the rest of a duration drawn from those longer than it has already taken (the whole
  distribution again if it is already longer than any recorded); advice outstanding arrives on a
  day drawn the same way from its provider's delays, or never (its provider's not-returned share).
- Officers are a pool: the decisions and the draft stretch by (L / L0) ** elasticity, where L is
  the open cases per officer in post when the stage starts and L0 the same on the calibration day.
- The figures are counted as the dashboard counts them (`reports.assessments`): a plan within 20
  weeks is issued on or before the clock start + 140 days; a month's rates are the dashboard's own
  indicators applied to the month's simulated counts (`backtest`/`results` do that)."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

import simpy

from casework.simulation.calibration import Calibration
from casework.simulation.scenarios import Scenario

WEEKS_20 = 140  # the dashboard's definition (reports.assessments.WEEKS_20); a test keeps them equal
SIX_WEEKS = 42
NEVER = 10**9
BLOCK = 41  # random numbers per case: 17 for its stages, 2 for each of up to 12 advice requests
FIGURES = ("plans_issued", "plans_issued_within_20_weeks", "plans_issued_ex", "plans_issued_within_20_weeks_ex",
           "open_past_20_weeks", "open_past_20_weeks_ex", "advice_overdue", "open_assessments", "caseload")  # fmt: skip


def quantile(samples: list[int], u: float) -> int:
    """The empirical distribution's value at u in [0, 1) (samples sorted)."""
    return samples[min(int(u * len(samples)), len(samples) - 1)]


def residual(samples: list[int], elapsed: int, u: float) -> int:
    """The rest of a stage already `elapsed` days long: drawn from the recorded durations longer
    than that, or the whole distribution again when none is."""
    i = bisect_right(samples, elapsed)
    if i >= len(samples):
        return quantile(samples, u)
    return samples[i + min(int(u * (len(samples) - i)), len(samples) - i - 1)] - elapsed


@dataclass
class Months:
    """Day offsets of each month's first day and the day after the last (from the start)."""

    labels: list[str]
    bounds: list[int]

    @classmethod
    def of(cls, start: dt.date, n: int) -> Months:
        labels, bounds, y, m = [], [], start.year, start.month
        for _ in range(n + 1):
            bounds.append((dt.date(y, m, 1) - start).days)
            labels.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return cls(labels[:n], bounds)

    def index(self, day: int) -> int:
        return bisect_right(self.bounds, day) - 1


class Run:
    """One replication of one scenario."""

    def __init__(self, cal: Calibration, scenario: Scenario, months: Months, seed: int):
        cal = bootstrap(cal, seed)
        self.cal, self.sc, self.months, self.seed = cal, scenario, months, seed
        self.env = simpy.Environment()
        self.open_assessments: dict[int, tuple[int, bool]] = {}
        self.open_reviews = 0
        self.advice: list[tuple[int, int]] = []  # (due, received) of every request
        n = len(months.labels)
        self.out = {f: [0.0] * n for f in FIGURES}
        self.base_officers = max(cal.officers, 1)
        self.load0 = max((len(cal.open_cases) + len(cal.open_reviews)) / self.base_officers, 1.0)
        self.elasticity = cal.elasticity
        start = scenario.officers_from
        self.change_day = 0 if start is None else (start - cal.as_at).days
        self.decide = cal.decide_days or [SIX_WEEKS]
        self.within = [d for d in self.decide if d <= SIX_WEEKS] or [SIX_WEEKS]
        self.beyond = [d for d in self.decide if d > SIX_WEEKS] or [SIX_WEEKS + 1]
        q0 = cal.decided_within_6_weeks()
        target = None if scenario.within_6_weeks is None else scenario.within_6_weeks / 100
        self.fix = 0.0 if target is None else ((target - q0) / (1 - q0) if target > q0 and q0 < 1 else
                                               -((q0 - target) / q0) if target < q0 and q0 > 0 else 0.0)  # fmt: skip
        self.advice_days = {}
        for p, samples in cal.advice_days.items():
            if scenario.advice_days and scenario.provider_id in (None, p):
                samples = [max(1, d + scenario.advice_days) for d in samples]
            self.advice_days[p] = samples
        self.case_n = 0
        self.stream = random.Random(seed * 1_000_003)
        self.draws: list[float] = []

    # --- the pool of officers ---------------------------------------------------------------------
    def officers(self, day: int | None = None) -> int:
        extra = self.sc.officers_change if (self.env.now if day is None else day) >= self.change_day else 0
        return max(self.base_officers + extra, 1)

    def stretch(self) -> float:
        if not self.elasticity:
            return 1.0
        load = (len(self.open_assessments) + self.open_reviews) / self.officers()
        return min(max((max(load, 0.5) / self.load0) ** self.elasticity, 0.25), 4.0)

    # --- an assessment ---------------------------------------------------------------------------
    def next_case(self) -> int:
        self.case_n += 1
        return self.case_n - 1

    def luck(self, k: int) -> list[float]:
        """Case k's random numbers (`BLOCK` of them, whatever its path takes): the k-th block of the
        replication's stream, in every scenario (common random numbers)."""
        while len(self.draws) < (k + 1) * BLOCK:
            self.draws.extend([self.stream.random() for _ in range(BLOCK * 64)])
        return self.draws[k * BLOCK : (k + 1) * BLOCK]

    def assessment(self, key: int, clock_start: int, stage: str, stage_start: int, exception: bool | None,
                   advice=None):  # fmt: skip
        cal, env = self.cal, self.env
        u = self.luck(key)
        if exception is None:
            exception = u[0] < cal.exception_share
        self.open_assessments[key] = (clock_start, exception)
        now = env.now
        stalled = cal.stalled
        unadvised = False  # an assessment that asked for no new advice (its own wait for the decision)
        if stage == "deciding":
            elapsed = now - stage_start
            if u[13] < stalled.get("deciding", 0.0) or elapsed > self.decide[-1]:
                return  # stalled: open, and past 20 weeks in time
            d = residual(self.decide, elapsed, u[1]) if elapsed > 0 else quantile(self.decide, u[1])
            d = max(1, round(d * self.stretch()))
            total = elapsed + d
            if self.fix > 0 and total > SIX_WEEKS and u[2] < self.fix:
                d = max(1, quantile(self.within, u[3]) - elapsed)
            elif self.fix < 0 and total <= SIX_WEEKS and u[2] < -self.fix:
                d = max(1, quantile(self.beyond, u[3]) - elapsed)
            yield env.timeout(d)
            if u[4] < cal.not_assessed_share:
                del self.open_assessments[key]
                return
            stage, stage_start = "advice", env.now
        if stage == "advice":
            now = env.now
            if u[5] < cal.withdrawn_share and not advice:
                yield env.timeout(quantile(cal.withdrawn_days, u[6]))
                del self.open_assessments[key]
                return
            backs = []
            if advice:
                for i, a in enumerate(advice):
                    if a.received is not None:
                        backs.append(a.received)
                        continue
                    elapsed = -a.requested
                    lost = cal.advice_lost.get(a.provider_id, 0.0)
                    samples = self.advice_days.get(a.provider_id) or [SIX_WEEKS]
                    rv = _draws(u, i, self.seed, key)
                    if rv() < lost or elapsed > max(samples) + 60:
                        back = NEVER
                    else:
                        back = now + residual(samples, elapsed, rv())
                    backs.append(back)
                    self.advice.append((a.due, back))
            else:
                asked = now + quantile(cal.to_advice_days, u[7])
                bundle = cal.bundles[min(int(u[8] * len(cal.bundles)), len(cal.bundles) - 1)]
                for i, p in enumerate(bundle):
                    rv = random.Random(self.seed * 7_919 + key * 31 + i).random
                    samples = self.advice_days.get(p) or [SIX_WEEKS]
                    back = NEVER if rv() < cal.advice_lost.get(p, 0.0) else asked + quantile(samples, rv())
                    backs.append(back)
                    self.advice.append((asked + SIX_WEEKS, back))
                if not bundle:
                    backs.append(now)
                    unadvised = True
            done = max(backs) if backs else now
            if done >= NEVER:
                return  # advice never returned: the case waits (open, and past 20 weeks in time)
            yield env.timeout(max(done - env.now, 0))
            stage, stage_start = "issuing", env.now
        if stage == "issuing":
            issue_days = cal.to_issue_unadvised_days if unadvised else cal.to_issue_days
            if u[14] < stalled.get("issuing", 0.0):
                return
            d = self._officer_stage(issue_days, now, stage_start, u[9])
            yield env.timeout(d)
            if u[10] < cal.not_issued_share:
                del self.open_assessments[key]
                return
            stage, stage_start = "drafting", env.now
        if stage == "drafting":
            if u[15] < stalled.get("drafting", 0.0):
                return
            yield env.timeout(self._officer_stage(self.cal.to_draft_days, now, stage_start, u[11]))
            stage, stage_start = "finalising", env.now
        elapsed = env.now - stage_start
        samples = cal.to_final_days or [20]
        if u[16] < stalled.get("finalising", 0.0) or elapsed > samples[-1] + 60:
            return
        yield env.timeout(max(residual(samples, elapsed, u[12]) if elapsed > 0 else quantile(samples, u[12]), 0))
        del self.open_assessments[key]
        m = self.months.index(env.now)
        if 0 <= m < len(self.months.labels):
            within = env.now - clock_start <= WEEKS_20
            o = self.out
            o["plans_issued"][m] += 1
            o["plans_issued_within_20_weeks"][m] += within
            if not exception:
                o["plans_issued_ex"][m] += 1
                o["plans_issued_within_20_weeks_ex"][m] += within

    def _officer_stage(self, samples: list[int], now: int, stage_start: int, u: float) -> int:
        samples = samples or [10]
        elapsed = now - stage_start
        if elapsed > samples[-1] + 60:
            return NEVER  # longer than any recorded: stalled
        d = residual(samples, elapsed, u) if elapsed > 0 else quantile(samples, u)
        return max(0, round(d * self.stretch()))

    # --- reviews, arrivals and the month ends -------------------------------------------------------
    def review(self, days: int):
        self.open_reviews += 1
        yield self.env.timeout(days)
        self.open_reviews -= 1

    def arrivals(self, rng: random.Random):
        cal, env = self.cal, self.env
        factor = self.sc.arrivals_percent / 100
        end = self.months.bounds[-1]
        day = 0
        while day < end:
            date = cal.as_at + dt.timedelta(days=day)
            if date.weekday() < 5:
                season = cal.seasonality.get(date.month, 1.0)
                for _ in range(_poisson(rng, cal.arrivals_per_day * season * factor)):
                    env.process(self.assessment(self.next_case(), day, "deciding", day, None))
                stalled = cal.stalled.get("review", 0.0)
                for _ in range(_poisson(rng, cal.reviews_per_day)):
                    days = quantile(cal.review_days, rng.random())
                    env.process(self.review(NEVER if rng.random() < stalled else days))
            yield env.timeout(1)
            day += 1

    def month_ends(self):
        for m in range(len(self.months.labels)):
            yield self.env.timeout(self.months.bounds[m + 1] - self.env.now)
            last = self.env.now - 1  # the month's last day: the dashboard's snapshot
            o = self.out
            past = [e for s, e in self.open_assessments.values() if s + WEEKS_20 < last]
            o["open_past_20_weeks"][m] = len(past)
            o["open_past_20_weeks_ex"][m] = sum(1 for e in past if not e)
            o["advice_overdue"][m] = sum(1 for due, back in self.advice if due < last and back > last)
            o["open_assessments"][m] = len(self.open_assessments)
            o["caseload"][m] = round((len(self.open_assessments) + self.open_reviews) / self.officers(last), 1)

    def run(self) -> dict[str, list[float]]:
        cal, env = self.cal, self.env
        rng = random.Random(self.seed)
        for c in cal.open_cases:
            env.process(self.assessment(self.next_case(), c.clock_start, c.stage, c.stage_start, c.exception, c.advice))
        longest = max(cal.review_days)
        for elapsed in cal.open_reviews:  # open longer than any review recorded: still open in a year
            env.process(self.review(NEVER if elapsed > longest else residual(cal.review_days, elapsed, rng.random())))
        env.process(self.arrivals(random.Random(self.seed * 2 + 1)))
        env.process(self.month_ends())
        env.run(until=self.months.bounds[-1] + 1)
        return self.out


def _draws(u: list[float], i: int, seed: int, key: int) -> Callable[[], float]:
    """Two numbers for the case's i-th advice request, from its block (its own stream past that)."""
    if 17 + 2 * i + 1 < BLOCK:
        it = iter(u[17 + 2 * i : 19 + 2 * i])
        return lambda: next(it)
    return random.Random(seed * 7_919 + key * 31 + i).random


def bootstrap(cal: Calibration, seed: int) -> Calibration:
    """The calibration as one replication sees it: every recorded sample resampled with replacement
    (its own stream, the same in every scenario), so the interval also carries how little a few
    hundred recorded durations say about the next year's."""
    rng = random.Random(seed * 104_729 + 17)

    def again(xs: list) -> list:
        return sorted(rng.choices(xs, k=len(xs))) if xs else xs

    return replace(
        cal,
        decide_days=again(cal.decide_days),
        to_advice_days=again(cal.to_advice_days),
        bundles=rng.choices(cal.bundles, k=len(cal.bundles)) if cal.bundles else cal.bundles,
        advice_days={p: again(v) for p, v in sorted(cal.advice_days.items())},
        to_issue_days=again(cal.to_issue_days),
        to_issue_unadvised_days=again(cal.to_issue_unadvised_days),
        to_draft_days=again(cal.to_draft_days),
        to_final_days=again(cal.to_final_days),
        withdrawn_days=again(cal.withdrawn_days),
        review_days=again(cal.review_days),
    )


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    n, p, limit = 0, rng.random(), 2.718281828459045**-mean
    while p > limit:
        n += 1
        p *= rng.random()
    return n


def _one(task: tuple) -> dict[str, list[float]]:
    cal, scenario, span, seed = task
    return Run(cal, scenario, span, seed).run()


def replicate(cal: Calibration, scenario: Scenario, months: int, replications: int, seed: int,
              progress: Callable[[int], None] | None = None,
              processes: int = 1) -> tuple[Months, list[dict[str, list[float]]]]:  # fmt: skip
    """`replications` runs of the scenario; replication i runs on seed `seed * 100003 + i` (seeds far
    apart share no replication). With `processes` > 1 they run in that many forked processes (the
    command line and the benchmark; never in a web worker); the result is the same either way."""
    span = Months.of(dt.date(cal.as_at.year, cal.as_at.month, 1), months)
    if span.bounds[0] != 0:
        span = Months(span.labels, [max(b, 0) for b in span.bounds])
    tasks = [(cal, scenario, span, seed * 100_003 + i) for i in range(replications)]
    runs: list[dict[str, list[float]]] = []
    if processes > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for out in pool.imap(_one, tasks, chunksize=4):
                runs.append(out)
                if progress is not None:
                    progress(1)
        return span, runs
    for task in tasks:
        runs.append(_one(task))
        if progress is not None:
            progress(1)
    return span, runs
