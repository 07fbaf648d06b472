"""Every indicator for a month and the eleven before it, for a scope: the values (as closed, with
any restatement), the target, the previous year's actual and red/amber/green. The dashboard, the
board report and the exports are views of this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from casework.reports import months as mo
from casework.reports.margins import wilson
from casework.reports.measures import LIVE, Indicator, Measure
from casework.reports.read import WHOLE_COUNCIL, MonthFigures, Scope, read_many
from casework.reports.targets import Target, rag, targets


@dataclass
class IndicatorView:
    indicator: Indicator
    measure: Measure
    months: list[str]
    figures: dict[str, dict[str, int]]  # month -> the series' figures (as closed or live)
    restated: dict[str, dict[str, int]]  # month -> the figures now, where a correction changed them
    sources: dict[str, str]
    target: Target | None

    def value(self, month: str) -> float | None:
        return self.indicator.value(self.figures[month])

    def restated_value(self, month: str) -> float | None:
        return self.indicator.value(self.restated[month]) if month in self.restated else None

    def rag(self, month: str) -> str | None:
        return rag(self.indicator, self.value(month), self.target)

    def numerator(self, month: str) -> int:
        return self.figures[month].get(self.indicator.numerator, 0)

    def denominator(self, month: str) -> int | None:
        d = self.indicator.denominator
        return self.figures[month].get(d, 0) if d else None

    def interval(self, month: str) -> tuple[float, float] | None:
        """A sampled rate's 95% Wilson interval in the month (None for other indicators or no answers)."""
        if not self.indicator.margin:
            return None
        return wilson(self.numerator(month), self.denominator(month) or 0)

    def quarter(self, month: str) -> dict[str, Any] | None:
        """A sampled rate over the quarter to `month` (its months shown here): the rate, the interval
        and the counts (reporting.md section 4: monthly counts, quarterly rates)."""
        if not self.indicator.margin:
            return None
        first = mo.quarter_start(month)
        months = [m for m in self.months if first <= m <= month]
        total: dict[str, int] = {}
        for m in months:
            for k, v in self.figures[m].items():
                total[k] = total.get(k, 0) + int(v)
        num, den = total.get(self.indicator.numerator, 0), total.get(self.indicator.denominator or "", 0)
        return {"label": mo.quarter_label(month), "value": self.indicator.value(total), "numerator": num,
                "denominator": den, "interval": wilson(num, den)}  # fmt: skip

    @property
    def trend(self) -> list[tuple[str, float | None]]:
        return [(m, self.value(m)) for m in self.months]


@dataclass
class Overview:
    month: str
    months: list[str]
    scope: Scope
    today: dt.date
    rows: list[IndicatorView] = field(default_factory=list)
    series: dict[str, dict[str, MonthFigures]] = field(default_factory=dict)

    def for_measure(self, key: str) -> list[IndicatorView]:
        return [r for r in self.rows if r.measure.key == key]

    def row(self, indicator_key: str) -> IndicatorView:
        return next(r for r in self.rows if r.indicator.key == indicator_key)

    @property
    def red(self) -> list[IndicatorView]:
        return [r for r in self.rows if r.rag(self.month) == "red"]


def overview(conn: Any, month: str, today: dt.date, scope: Scope = WHOLE_COUNCIL, *, n: int = 12,
             measures: tuple[Measure, ...] = LIVE) -> Overview:  # fmt: skip
    months = mo.trailing(month, n)
    out = Overview(month, months, scope, today)
    wanted = {i.series for m in measures for i in m.indicators}
    out.series = read_many(conn, sorted(wanted), months, today, scope)
    set_targets = targets(conn)
    for measure in measures:
        for indicator in measure.indicators:
            data = out.series[indicator.series]
            out.rows.append(
                IndicatorView(
                    indicator,
                    measure,
                    months,
                    {m: data[m].figures for m in months},
                    {m: data[m].now for m in months if data[m].restated},
                    {m: data[m].source for m in months},
                    set_targets.get(indicator.key),
                )
            )
    return out
