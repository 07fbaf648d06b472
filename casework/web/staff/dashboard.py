"""The managers' dashboard (reporting.md): every measure for a month with its basis, target,
previous-year actual and red/amber/green; charts with the same figures in tables; every number
linking to the cases behind it; a red indicator's exception report. Officers see their own figures
only (the same pages, narrowed to the cases they held); parents and advice-givers see nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import Staff
from casework.reports import charts, measures, months
from casework.reports.catalogue import SERIES
from casework.reports.exceptions import exception_list
from casework.reports.overview import IndicatorView, overview
from casework.reports.read import Scope, read, rollup, scope_for, teams
from casework.reports.targets import RAG_TEXT
from casework.reports.views import DRILL_LIMIT, drill
from casework.request_scope import db_session
from casework.web.auth import current_staff, staff_required
from casework.web.staff import bp

HEADLINES = ("timeliness", "decisions_to_assess", "advice", "reviews")
RAG_CLASS = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
    None: "govuk-tag--grey",
}


@dataclass
class Ask:
    """What a dashboard page was asked for, checked against who is asking."""

    month: str
    scope: Scope
    label: str
    args: dict[str, Any]  # the scope and month, for links
    manager: bool


def ask() -> Ask:
    staff = current_staff()
    today = clock.today()
    raw = request.args.get("month") or months.of(today)
    try:
        month = months.parse(raw)
    except ValueError:
        abort(400, description="Choose a month, written like 2027-03.")
    conn = db_session().connection()
    if not staff.is_manager:
        wanted = request.args.get("officer")
        if wanted not in (None, "", str(staff.id)) or request.args.get("team"):
            abort(403, description="You can see your own figures only.")
        return Ask(month, scope_for(conn, None, staff.id), f"your cases ({staff.name})",
                   {"month": month}, False)  # fmt: skip
    team = _text("team")
    officer = request.args.get("officer") or None
    officer_id = int(officer) if officer and officer.isdigit() else None
    if officer and officer_id is None:
        abort(400, description="Choose an officer from the list.")
    if officer_id is not None and officer_id >= 2**31:  # no such id: PostgreSQL's integer would refuse it
        abort(404, description="There is no such officer.")
    scope = scope_for(conn, team, officer_id)
    if officer_id is not None:
        member = db_session().get(Staff, officer_id)
        if member is None:
            abort(404, description="There is no such officer.")
        label = member.name
    else:
        label = f"team {team}" if team else "the whole council"
    args = {"month": month, **({"team": team} if team else {}), **({"officer": officer_id} if officer_id else {})}
    return Ask(month, scope, label, args, True)


def _text(name: str) -> str | None:
    """A free-text filter from the query string (a team, a provider split): no NUL, not too long."""
    value = request.args.get(name) or None
    if value is not None and ("\x00" in value or len(value) > 160):
        abort(400, description=f"That {name} is not one the service knows.")
    return value


def drill_url(a: Ask, series: str, *, figure: str | None = None, failing: str | None = None, month: str | None = None,
              extra: str | None = None, first: str | None = None) -> str:  # fmt: skip
    """The link from a number to its cases (built without url_for per number: a page has hundreds)."""
    from urllib.parse import urlencode

    from flask import g

    if "drill_base" not in g:
        g.drill_base = url_for("staff.dashboard_cases")
    params = {**a.args, "series": series, "month": month or a.month}
    params.update(
        {k: v for k, v in (("figure", figure), ("failing", failing), ("extra", extra), ("first", first)) if v}
    )
    return f"{g.drill_base}?{urlencode(params)}"


def indicator_chart(view: IndicatorView, chart_id: str, twin: IndicatorView | None = None) -> charts.Chart:
    i = view.indicator
    target = view.target.target if view.target else None
    if i.unit == "count":
        return charts.bar_chart(chart_id, f"{i.label}, by month", view.months, [v for _m, v in view.trend], i.label,
                                "count", target)  # fmt: skip
    lines = [(i.basis.capitalize() if i.basis else i.label, [v for _m, v in view.trend])]
    if twin is not None:
        lines.append((twin.indicator.basis.capitalize(), [v for _m, v in twin.trend]))
    return charts.line_chart(chart_id, f"{i.label}, by month", view.months, lines, i.unit, target)


def _filters(a: Ask) -> dict[str, Any]:
    conn = db_session().connection()
    today = clock.today()
    choices = list(reversed(months.trailing(months.of(today), 24)))
    if not a.manager:
        return {"month_choices": choices, "teams": [], "officers": []}
    officers = conn.execute(
        select(Staff.id, Staff.name, Staff.team).where(Staff.role != "auditor").order_by(Staff.name)
    ).all()
    return {"month_choices": choices, "teams": sorted({o.team for o in officers if o.team}), "officers": officers}


def _pairs(rows: list[IndicatorView]) -> list[tuple[IndicatorView, IndicatorView | None]]:
    """Indicators with their other-basis twin (shown on one chart), and the rest on their own."""
    out, used = [], set()
    for r in rows:
        if r.indicator.key in used:
            continue
        twin = next((t for t in rows if t.indicator.key == r.indicator.key + "_ex"), None)
        used.update({r.indicator.key, *([twin.indicator.key] if twin else [])})
        out.append((r, twin))
    return out


@bp.get("/dashboard", endpoint="dashboard")
@staff_required
def dashboard_page():
    a = ask()
    today = clock.today()
    ov = overview(db_session().connection(), a.month, today, a.scope)
    sections = []
    for key in HEADLINES:
        m = measures.BY_KEY[key]
        rows = ov.for_measure(key)
        main, twin = _pairs(rows)[0]
        sections.append({"measure": m, "rows": rows, "chart": indicator_chart(main, f"chart-{key}", twin)})
    return render_template(
        "dashboard.html", errors=None, a=a, ov=ov, sections=sections, measures=measures.MEASURES, today=today,
        drill_url=drill_url, rag_class=RAG_CLASS, rag_text=RAG_TEXT, fmt=charts.fmt, **_filters(a),
    )  # fmt: skip


@bp.get("/dashboard/measures/<key>", endpoint="dashboard_measure")
@staff_required
def measure_page(key: str):
    measure = measures.BY_KEY.get(key)
    if measure is None:
        abort(404)
    a = ask()
    today = clock.today()
    conn = db_session().connection()
    ov = overview(conn, a.month, today, a.scope, measures=(measure,)) if measure.indicators else None
    charts_ = [(r, t, indicator_chart(r, f"chart-{r.indicator.key}", t)) for r, t in _pairs(ov.rows)] if ov else []
    breakdowns = []
    if ov is not None:
        team_of = teams(conn)
        names = dict(conn.execute(select(Staff.id, Staff.name)).all())
        for series_key in measure.series:
            series = SERIES[series_key]
            mf = read(conn, series, [a.month], today, a.scope, grain=True)[a.month]
            by = [("team", "Team"), ("officer", "Officer")] if a.manager else []
            if series.extra:
                by.append(("extra", series.extra_label))
            for dim, title in by:
                cells = rollup(mf.grain, dim, team_of)
                rows = sorted(((_name(dim, series.key, k, names), k, v) for k, v in cells.items()), key=lambda r: r[0])
                breakdowns.append({"series": series, "dimension": dim, "title": title, "rows": rows})
        return render_template(
            "dashboard_measure.html", errors=None, a=a, measure=measure, ov=ov, charts=charts_, breakdowns=breakdowns,
            names=names, today=today, drill_url=drill_url, rag_class=RAG_CLASS, rag_text=RAG_TEXT, fmt=charts.fmt,
            series=SERIES, **_filters(a),
        )  # fmt: skip
    return render_template("dashboard_measure.html", errors=None, a=a, measure=measure, ov=None, charts=[],
                           breakdowns=[], names={}, today=today, drill_url=drill_url, series=SERIES,
                           **_filters(a))  # fmt: skip


def _name(dimension: str, series_key: str, key: Any, names: dict[int, str]) -> str:
    if dimension == "officer":
        return names.get(key, "No officer") if key is not None else "No officer"
    if dimension == "extra":
        return extra_label(series_key, key)
    return str(key)


@bp.get("/dashboard/cases", endpoint="dashboard_cases")
@staff_required
def cases_page():
    a = ask()
    series_key = request.args.get("series", "")
    series = SERIES.get(series_key)
    if series is None:
        abort(404)
    figure, failing = request.args.get("figure") or None, request.args.get("failing") or None
    for name in (figure, failing):
        if name is not None and name not in series.names:
            abort(404)
    extra = _text("extra")
    first = request.args.get("first") or None
    if first is not None:
        try:
            months.parse(first)
        except ValueError:
            abort(400, description="Choose a month, written like 2027-03.")
    conn = db_session().connection()
    rows, total = drill(conn, series_key, a.month, clock.today(), a.scope, figure=figure, failing=failing,
                        extra=extra, first=first)  # fmt: skip
    return render_template(
        "dashboard_cases.html", errors=None, a=a, series=series, figure=series.figure(figure) if figure else None,
        failing=series.figure(failing) if failing else None, extra=extra, rows=rows, total=total, limit=DRILL_LIMIT,
        first=first if first and first < a.month and not series.stock else None,
    )  # fmt: skip


@bp.get("/dashboard/exceptions/<indicator>", endpoint="dashboard_exceptions")
@staff_required
def exceptions_page(indicator: str):
    if indicator not in measures.INDICATORS:
        abort(404)
    a = ask()
    measure = measures.measure_of(indicator)
    today = clock.today()
    conn = db_session().connection()
    view = overview(conn, a.month, today, a.scope, measures=(measure,)).row(indicator)
    rows, total = exception_list(conn, view, a.month, today, a.scope)
    return render_template(
        "dashboard_exceptions.html", errors=None, a=a, view=view, rows=rows, total=total, fmt=charts.fmt,
        rag_class=RAG_CLASS, rag_text=RAG_TEXT, series=SERIES[view.indicator.series],
    )  # fmt: skip


@bp.app_template_global()
def month_label(month: str) -> str:
    return months.label(month)


SOURCES = {"parent": "Parent", "young_person": "Young person", "school": "School or college", "health": "Health",
           "social_care": "Social care", "other": "Other"}  # fmt: skip


@bp.app_template_global()
def extra_label(series_key: str, key: str | None) -> str:
    """Words for a series' extra split: a provider and advice type, or a request's source."""
    from flask import g

    from casework.reports.advice import split_provider_key
    from casework.reports.views import provider_names
    from casework.web.labels import advice_label

    if key is None:
        return "Not recorded"
    if SERIES[series_key].extra == "provider":
        if "provider_names" not in g:
            g.provider_names = provider_names(db_session().connection())
        pid, kind = split_provider_key(key)
        return f"{g.provider_names.get(pid, ('Unknown provider', ''))[0]} ({advice_label(kind).lower()})"
    return SOURCES.get(key, key.replace("_", " ").capitalize())


@bp.app_template_global()
def cell(column: Any, value: Any) -> str:
    """A drill-down cell as words (dates in full, flags as yes or no, days as weeks)."""
    from casework.web.forms import long_date
    from casework.web.labels import kind_title
    from casework.workflow.kinds import KINDS
    from casework.workflow.voice import FOLLOW_UP_LABELS, VIEW_HOW_LABELS

    if value is None:
        return ""
    kind = column.kind
    if kind == "date":
        return long_date(dt.date.fromisoformat(value) if isinstance(value, str) else value)
    if kind == "flag":
        return "Yes" if value else "No"
    if kind == "weeks":
        return f"{value / 7:.1f}"
    if kind == "late":
        return f"{value} days late" if value > 0 else "On time"
    if kind == "event":
        return next((k.event_label(value) for k in KINDS.values() if k.step(value)), value)
    if kind == "views":
        return VIEW_HOW_LABELS.get(value, "Not recorded")
    if kind == "follow_up":
        return FOLLOW_UP_LABELS.get(value, "Not recorded")
    if kind == "kind":
        return kind_title(value)
    return str(value)
