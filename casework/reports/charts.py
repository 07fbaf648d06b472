"""Charts as data: the geometry of a server-rendered SVG (lines for rates over 12 months, bars for
counts), computed here and drawn by the `reports/templates/charts.html` macro, so no markup is
built in Python. Every chart has a title and a description, and the page shows the same figures as
a table beside it; lines differ by dash and marker shape as well as colour."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from casework.reports import months as mo

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36
STYLES = (
    {"colour": "#1d70b8", "dash": "", "marker": "circle"},
    {"colour": "#d53880", "dash": "6 4", "marker": "square"},
    {"colour": "#00703c", "dash": "2 3", "marker": "diamond"},
)


@dataclass
class Line:
    label: str
    style: dict
    segments: list[list[tuple[float, float]]]
    points: list[tuple[float, float, str]]


@dataclass
class Chart:
    id: str
    title: str
    description: str
    unit: str
    width: int = WIDTH
    height: int = HEIGHT
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bars: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # x, y, w, h, value
    target: tuple[float, str] | None = None  # y, label
    plot: tuple[int, int, int, int] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "no figure"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "weeks":
        return f"{value:g} weeks"
    return f"{value:g}"


def _nice_max(values: list[float]) -> float:
    top = max([v for v in values if v is not None] + [1.0])
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _scale(unit: str, values: list[float], target: float | None) -> float:
    if unit == "percent":
        return 100.0
    return _nice_max([*values, *([target] if target is not None else [])])


def _frame(chart: Chart, months: list[str], top: float) -> tuple:
    x0, y0, x1, y1 = chart.plot
    step = (x1 - x0) / max(len(months), 1)
    chart.x_ticks = [(x0 + step * (i + 0.5), mo.short_label(m)) for i, m in enumerate(months)]
    chart.y_ticks = [(y1 - (y1 - y0) * k / 4, fmt(round(top * k / 4, 1), chart.unit)) for k in range(5)]

    def y_of(v: float) -> float:
        return y1 - (y1 - y0) * (min(v, top) / top if top else 0)

    return step, y_of


def line_chart(chart_id: str, title: str, months: list[str], lines: list[tuple[str, list[float | None]]],
               unit: str = "percent", target: float | None = None) -> Chart:  # fmt: skip
    """Rates over the months, one line per basis; a gap where a month has no figure."""
    values = [v for _label, vs in lines for v in vs if v is not None]
    top = _scale(unit, values, target)
    chart = Chart(chart_id, title, _describe(months, lines, unit, target), unit)
    step, y_of = _frame(chart, months, top)
    for n, (label, vs) in enumerate(lines):
        segments: list[list[tuple[float, float]]] = [[]]
        points = []
        for i, v in enumerate(vs):
            if v is None:
                segments.append([])
                continue
            x, y = chart.x_ticks[i][0], y_of(v)
            segments[-1].append((round(x, 1), round(y, 1)))
            points.append((round(x, 1), round(y, 1), fmt(v, unit)))
        chart.lines.append(Line(label, STYLES[n % len(STYLES)], [s for s in segments if s], points))
    if target is not None:
        chart.target = (round(y_of(target), 1), f"Target {fmt(target, unit)}")
    return chart


def bar_chart(chart_id: str, title: str, months: list[str], values: list[float | None], label: str,
              unit: str = "count", target: float | None = None) -> Chart:  # fmt: skip
    top = _scale(unit, [v for v in values if v is not None], target)
    chart = Chart(chart_id, title, _describe(months, [(label, values)], unit, target), unit)
    step, y_of = _frame(chart, months, top)
    width = step * 0.6
    for (x, _m), v in zip(chart.x_ticks, values, strict=True):
        if v is None:
            continue
        y = y_of(v)
        chart.bars.append((round(x - width / 2, 1), round(y, 1), round(width, 1), round(chart.plot[3] - y, 1),
                           fmt(v, unit)))  # fmt: skip
    if target is not None:
        chart.target = (round(y_of(target), 1), f"Target {fmt(target, unit)}")
    return chart


def _describe(months: list[str], lines: list[tuple[str, list[float | None]]], unit: str, target: float | None) -> str:
    if not months:
        return ""
    parts = []
    for label, vs in lines:
        last = vs[-1] if vs else None
        parts.append(f"{label}: {fmt(last, unit)} in {mo.label(months[-1])}")
    span = f"{mo.label(months[0])} to {mo.label(months[-1])}"
    goal = f" The target is {fmt(target, unit)}." if target is not None else ""
    return f"Monthly figures from {span}. " + "; ".join(parts) + "." + goal + " The table gives every month."
