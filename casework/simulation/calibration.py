"""Fitting the council's history (`history.History`) into the parameters the simulation runs on.
Pure: no database, no clock.

Choices, stated so a manager can check them (the page shows every fitted figure):
- **Stage durations are empirical**: each stage's duration is resampled from the durations recorded
  in the 12 months before the calibration day (`LOOKBACK`), not fitted to a parametric family. A
  council's data is thin per provider (tens of requests a year) and skewed; resampling keeps its
  shape, its long tail and its weekends without assuming one. A stage whose start lies within
  `MARGIN` days of the calibration day is left out of its sample (it may not have had time to end,
  and keeping only the quick ones would bias the sample short).
- **Stages of an assessment**: request to the decision whether to assess; decision to the advice
  requests; each advice request to its return, per provider (a request not back after `LOST_AFTER`
  days counts as not returned: chased, escalated, and holding its case); all advice back to the
  decision whether to issue (a sample of its own for assessments that asked for no new advice); the decision to issue to the draft; the draft to the final plan. An
  assessment asks for the *bundle* of providers a recorded assessment asked for (resampled whole,
  so the mix of advice types and providers stays as it was); an empty bundle is an assessment that
  asked for no new advice (all of it reused).
- **Outcomes** are shares of the decisions recorded: not assessed (of decisions whether to assess),
  not issued (of decisions whether to issue), withdrawn (of decisions to assess), exceptions
  against the 20-week deadline (of assessments decided to assess).
- **Arrivals**: requests per working day over the lookback, with a seasonal factor per calendar
  month: the month's rate over the mean, shrunk halfway to 1 for each year observed (one year of a
  month's requests is mostly noise); a month never observed has factor 1, and
  none is below 0.5 or above 1.5.
- **Reviews**: annual reviews opened per working day and how long each stays open (resampled),
  and the share still open `LOST_AFTER` + 60 days after opening (stalled: they stay open); they
  occupy officers but their timeliness is not simulated.
- **Officers**: a pool (cases are allocated to balance caseloads). The officers' own steps (the two
  decisions and the draft) take longer when the team's open cases per officer (load L) is higher
  than on the calibration day (L0): duration x (L / L0) ** elasticity. The elasticity is fitted from
  the history: how much longer those steps took in months when officers held more cases (`_elasticity`,
  bounded to [0, 1]: 0 means caseload made no difference, 1 that a step took twice as long at twice
  the caseload). Where the history cannot show it (fewer than 30 steps, or a caseload that hardly
  varied) it is `DEFAULT_ELASTICITY`, and the page says it was assumed. The page also shows the
  officers' monthly throughput (steps completed per officer) against their caseload.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from casework.simulation.records import Assessment, History

LOOKBACK = 365
MARGIN = 60
LOST_AFTER = 120
ADVICE_DUE = 42  # reg 8(1): six weeks
DEFAULT_ELASTICITY = 0.5
STAGES = ("deciding", "advice", "issuing", "drafting", "finalising")


@dataclass
class OpenAdvice:
    provider_id: int
    requested: int  # days from the calibration day (negative: before)
    due: int
    received: int | None


@dataclass
class OpenCase:
    """An assessment in progress on the calibration day; days are counted from that day."""

    clock_start: int
    stage: str  # one of STAGES
    stage_start: int
    exception: bool
    advice: list[OpenAdvice] = field(default_factory=list)


@dataclass
class Calibration:
    as_at: dt.date
    arrivals_per_day: float  # requests per working day
    seasonality: dict[int, float]
    requests_by_month: dict[str, int]
    decide_days: list[int]
    not_assessed_share: float
    to_advice_days: list[int]
    bundles: list[tuple[int, ...]]
    advice_days: dict[int, list[int]]
    advice_lost: dict[int, float]
    to_issue_days: list[int]
    to_issue_unadvised_days: list[int]  # decided to assess -> decision whether to issue, no advice asked
    not_issued_share: float
    to_draft_days: list[int]
    to_final_days: list[int]
    withdrawn_share: float
    withdrawn_days: list[int]
    exception_share: float
    stalled: dict[str, float]  # stage -> share of its starts that never ended (LOST_AFTER days or more)
    reviews_per_day: float
    review_days: list[int]
    officers: int
    capacity: float
    load: float
    elasticity: float
    elasticity_fitted: bool
    throughput: list[tuple[str, float, float]]  # month, open cases per officer, steps per officer
    providers: dict[int, tuple[str, str]]
    open_cases: list[OpenCase]
    open_reviews: list[int]  # days each open review has been open
    plans: int

    def decided_within_6_weeks(self) -> float:
        return _share(self.decide_days, lambda d: d <= 42)


def _share(values: list, cond) -> float:
    return sum(1 for v in values if cond(v)) / len(values) if values else 0.0


def _working_days(start: dt.date, end: dt.date) -> int:
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (start + dt.timedelta(days=i)).weekday() < 5)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _durations(cases: list[Assessment], start: str, end: str, window: tuple[dt.date, dt.date]) -> list[int]:
    lo, hi = window
    return [
        (c.events[end] - c.events[start]).days
        for c in cases
        if start in c.events and end in c.events and lo <= c.events[start] < hi
    ]


def _advice_complete(c: Assessment) -> dt.date | None:
    if not c.advice:
        return c.events.get("decided_to_assess")
    backs = [a.received_on for a in c.advice]
    return None if any(b is None for b in backs) else max(backs)  # type: ignore[type-var]


def fit(h: History) -> Calibration:
    as_at = h.as_at
    since = as_at - dt.timedelta(days=LOOKBACK)
    window = (since, as_at - dt.timedelta(days=MARGIN))
    cases = h.assessments
    # arrivals and their seasons
    received = [c.events["request_received"] for c in cases if "request_received" in c.events]
    recent = [d for d in received if d >= since]
    first = max(since, min(recent)) if recent else since
    per_day = len(recent) / max(_working_days(first, as_at), 1)
    by_month = Counter(_month(d) for d in recent)
    seasonality: dict[int, float] = {}
    for m, n in by_month.items():
        y, mm = int(m[:4]), int(m[5:])
        start = max(dt.date(y, mm, 1), first)
        end = min(dt.date(y + mm // 12, mm % 12 + 1, 1), as_at)
        wd = _working_days(start, end)
        if wd >= 15 and per_day:
            seasonality[mm] = round(min(max(1 + 0.5 * (n / wd / per_day - 1), 0.5), 1.5), 3)
    # the decision whether to assess
    decide = _durations(cases, "request_received", "decided_to_assess", window) + _durations(
        cases, "request_received", "decided_not_to_assess", window
    )
    decided = [c for c in cases if window[0] <= (c.events.get("decided_to_assess")
               or c.events.get("decided_not_to_assess") or dt.date.max) < window[1]]  # fmt: skip
    not_assessed = _share(decided, lambda c: "decided_not_to_assess" in c.events)
    assessed = [c for c in cases if "decided_to_assess" in c.events and window[0] <= c.events["decided_to_assess"]
                < window[1]]  # fmt: skip
    # advice
    to_advice = [(min(a.requested_on for a in c.advice) - c.events["decided_to_assess"]).days
                 for c in assessed if c.advice]  # fmt: skip
    bundles = [tuple(sorted(a.provider_id for a in c.advice)) for c in assessed]
    advice_days: dict[int, list[int]] = {}
    lost: dict[int, list[bool]] = {}
    horizon = as_at - dt.timedelta(days=LOST_AFTER)
    for c in cases:
        for a in c.advice:
            if a.received_on is not None and since <= a.requested_on < window[1]:
                advice_days.setdefault(a.provider_id, []).append((a.received_on - a.requested_on).days)
            if since <= a.requested_on < horizon:
                late = a.received_on is None or (a.received_on - a.requested_on).days > LOST_AFTER
                lost.setdefault(a.provider_id, []).append(late)
    to_issue, unadvised, not_issued = [], [], []
    for c in cases:
        done = _advice_complete(c) if "decided_to_assess" in c.events else None
        issue = c.events.get("decided_to_issue") or c.events.get("decided_not_to_issue")
        if done is not None and issue is not None and window[0] <= done < window[1]:
            (to_issue if c.advice else unadvised).append(max((issue - done).days, 0))
            not_issued.append("decided_not_to_issue" in c.events)
    withdrawn = [c for c in assessed if "withdrawn" in c.events]
    reviews_recent = [r for r in h.reviews if r.opened_on >= since]
    review_days = [(r.closed_on - r.opened_on).days for r in reviews_recent
                   if r.closed_on is not None and r.opened_on < window[1]]  # fmt: skip
    throughput, load = _throughput(h, since)
    elasticity, fitted = _elasticity(h, since, throughput)
    return Calibration(
        as_at=as_at,
        arrivals_per_day=round(per_day, 4),
        seasonality=dict(sorted(seasonality.items())),
        requests_by_month=dict(sorted(by_month.items())),
        decide_days=sorted(decide),
        not_assessed_share=round(not_assessed, 4),
        to_advice_days=sorted(to_advice) or [0],
        bundles=bundles or [()],
        advice_days={p: sorted(v) for p, v in advice_days.items()},
        advice_lost={p: round(_share(v, bool), 4) for p, v in lost.items()},
        to_issue_days=sorted(to_issue) or sorted(unadvised),
        to_issue_unadvised_days=sorted(unadvised) or sorted(to_issue),
        not_issued_share=round(_share(not_issued, bool), 4),
        to_draft_days=sorted(_durations(cases, "decided_to_issue", "draft_issued", window)),
        to_final_days=sorted(_durations(cases, "draft_issued", "final_issued", window)),
        withdrawn_share=round(len(withdrawn) / len(assessed), 4) if assessed else 0.0,
        withdrawn_days=sorted(_durations(withdrawn, "decided_to_assess", "withdrawn", (since, as_at))) or [30],
        exception_share=round(_share(assessed, lambda c: c.exception), 4),
        stalled={
            **_stalled(cases, since, as_at),
            "review": round(
                _share(
                    [r for r in reviews_recent if r.opened_on < as_at - dt.timedelta(days=LOST_AFTER + 60)],
                    lambda r: r.closed_on is None,
                ),
                4,
            ),
        },  # fmt: skip
        reviews_per_day=round(len(reviews_recent) / max(_working_days(since, as_at), 1), 4),
        review_days=sorted(review_days) or [60],
        officers=h.officers,
        capacity=round(h.capacity, 1),
        load=round(load, 2),
        elasticity=round(elasticity, 3),
        elasticity_fitted=fitted,
        throughput=throughput,
        providers=h.providers,
        open_cases=_open_cases(h),
        open_reviews=[(as_at - r.opened_on).days for r in h.reviews if r.closed_on is None],
        plans=h.plans,
    )


def _stalled(cases: list[Assessment], since: dt.date, as_at: dt.date) -> dict[str, float]:
    """Per stage, the share of the stages started in the lookback (at least `LOST_AFTER` days before
    the calibration day) that had not ended by it: cases that stall (a guard refusing the next step,
    a file forgotten). The simulation holds that share of each stage open for good."""
    last = as_at - dt.timedelta(days=LOST_AFTER)
    ends = {"deciding": ("decided_to_assess", "decided_not_to_assess"), "issuing": ("decided_to_issue",
            "decided_not_to_issue"), "drafting": ("draft_issued",), "finalising": ("final_issued",)}  # fmt: skip
    out: dict[str, list[bool]] = {k: [] for k in ends}
    for c in cases:
        starts = {"deciding": c.events.get("request_received"), "drafting": c.events.get("decided_to_issue"),
                  "finalising": c.events.get("draft_issued"),
                  "issuing": _advice_complete(c) if "decided_to_assess" in c.events and c.advice else None}  # fmt: skip
        gone = "withdrawn" in c.events or "exported" in c.events
        for stage, start in starts.items():
            if start is not None and since <= start < last and not gone:
                out[stage].append(not any(e in c.events for e in ends[stage]))
    return {k: round(_share(v, bool), 4) for k, v in out.items()}


def _throughput(h: History, since: dt.date) -> tuple[list[tuple[str, float, float]], float]:
    """Per month of the lookback: open cases per officer on its first day, and the steps officers
    completed in it (decisions, drafts, final plans, reviews closed) per officer."""
    officers = max(h.officers, 1)
    months: list[dt.date] = []
    m = dt.date(since.year, since.month, 1)
    while m < h.as_at:
        nxt = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
        if m >= since and nxt <= h.as_at:
            months.append(m)
        m = nxt
    steps = ("decided_to_assess", "decided_not_to_assess", "decided_to_issue", "decided_not_to_issue",
             "draft_issued", "final_issued")  # fmt: skip
    rows = []
    for start in months:
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        open_a = sum(1 for c in h.assessments if _open_on(c, start))
        open_r = sum(1 for r in h.reviews if r.opened_on < start and (r.closed_on is None or r.closed_on >= start))
        done = sum(1 for c in h.assessments for s in steps if start <= c.events.get(s, dt.date.min) < end)
        done += sum(1 for r in h.reviews if r.closed_on is not None and start <= r.closed_on < end)
        rows.append((_month(start), round((open_a + open_r) / officers, 2), round(done / officers, 2)))
    load = sum(x for _m, x, _y in rows) / len(rows) if rows else 0.0
    return rows, load


def _elasticity(h: History, since: dt.date, rows: list[tuple[str, float, float]]) -> tuple[float, bool]:
    """How much longer the officers' own steps take when each officer holds more cases: the slope of
    log(duration / the stage's median) on log(open cases per officer in the month the step started),
    over the decisions and drafts started in the lookback. Bounded to [0, 1]; assumed
    (`DEFAULT_ELASTICITY`) with fewer than 30 steps or a caseload that hardly varied."""
    load_of = {m: x for m, x, _y in rows if x > 0}
    stages = (("request_received", ("decided_to_assess", "decided_not_to_assess")),
              (None, ("decided_to_issue", "decided_not_to_issue")), ("decided_to_issue", ("draft_issued",)))  # fmt: skip
    points = []
    for start_event, ends in stages:
        pairs = []
        for c in h.assessments:
            start = _advice_complete(c) if start_event is None and c.advice else c.events.get(start_event or "")
            end = next((c.events[e] for e in ends if e in c.events), None)
            if start is None or end is None or start < since or _month(start) not in load_of:
                continue
            pairs.append((load_of[_month(start)], max((end - start).days, 1)))
        if not pairs:
            continue
        median = sorted(d for _x, d in pairs)[len(pairs) // 2]
        points += [(math.log(x), math.log(d / median)) for x, d in pairs]
    xs = [x for x, _y in points]
    if len(points) < 30 or max(xs) - min(xs) < math.log(1.1):
        return DEFAULT_ELASTICITY, False
    mx, my = sum(xs) / len(xs), sum(y for _x, y in points) / len(points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    return round(min(max(slope, 0.0), 1.0), 3), True


def _open_on(c: Assessment, day: dt.date) -> bool:
    started = c.events.get("request_received", c.clock_start)
    if started >= day:
        return False
    ends = [d for t, d in c.events.items() if t in ("final_issued", "decided_not_to_assess", "decided_not_to_issue",
                                                     "withdrawn", "exported")]  # fmt: skip
    return not ends or min(ends) >= day


def _open_cases(h: History) -> list[OpenCase]:
    out = []
    for c in h.assessments:
        if c.closed:
            continue
        ev = c.events

        def rel(day: dt.date) -> int:
            return (day - h.as_at).days

        advice = [OpenAdvice(a.provider_id, rel(a.requested_on),
                             rel(a.due_on or a.requested_on + dt.timedelta(days=ADVICE_DUE)),
                             rel(a.received_on) if a.received_on else None) for a in c.advice]  # fmt: skip
        if "draft_issued" in ev:
            stage, start = "finalising", ev["draft_issued"]
        elif "decided_to_issue" in ev:
            stage, start = "drafting", ev["decided_to_issue"]
        elif "decided_to_assess" in ev:
            done = _advice_complete(c)
            if c.advice and done is not None:
                stage, start = "issuing", done
            else:
                stage, start = "advice", ev["decided_to_assess"]
        else:
            stage, start = "deciding", ev.get("request_received", c.clock_start)
        out.append(OpenCase(rel(c.clock_start), stage, rel(start), c.exception, advice))
    return out
