"""The capacity what-if page (managers only): the parameters fitted from the council's history, a
scenario form, the scenario beside "as now" month by month (charts with the same figures in tables),
and the backtest's error so a manager knows how far to trust it. Nothing is written: a scenario is
computed for the answer and forgotten. The calibration and the backtest are kept until the records
change (`reports.read.data_version`), so a second scenario does not refit or re-backtest."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import abort, render_template, request

from casework import clock
from casework.reports import charts
from casework.reports import months as mo
from casework.reports.read import data_version
from casework.request_scope import db_session
from casework.simulation import runs, scenarios
from casework.simulation.results import LABELS
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp

REPLICATIONS = 60  # per scenario on the page (the command line runs 200); the tables give the interval
BACKTEST_REPLICATIONS = 60
_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_LOCK = threading.Lock()
FIELDS = ("name", "officers_change", "officers_from", "provider_id", "advice_days", "arrivals_percent",
          "within_6_weeks")  # fmt: skip


def _kept(key: tuple, compute) -> Any:
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    value = compute()
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    return value


def _chart(key: str, title: str, outcomes, unit: str) -> charts.Chart:
    months = outcomes[0].months
    lines = [(o.scenario.name, [o.figures[key][m].mean for m in months]) for o in outcomes]
    return charts.line_chart(f"sim-{key}", title, months, lines, unit)


@bp.route("/dashboard/simulator", methods=["GET", "POST"], endpoint="simulator")
@staff_required
def simulator_page():
    if not current_staff().is_manager:
        abort(403, description="Only managers can see this page.")
    conn = db_session().connection()
    today = clock.today()
    start = mo.first_day(mo.of(today))
    version = (str(conn.engine.url), today, data_version(conn))
    cal = _kept(("cal", *version), lambda: runs.calibrate(conn, start))
    backtest = _kept(("backtest", *version), lambda: runs.backtest(conn, today, replications=BACKTEST_REPLICATIONS))
    end = mo.last_day(mo.shift(mo.of(start), 11))
    errors = FormErrors()
    form = {f: request.form.get(f, "") for f in FIELDS} if request.method == "POST" else {}
    outcomes = []
    if request.method == "POST":
        try:
            scenario = scenarios.parse(form, cal.providers, start, end)
        except scenarios.ScenarioError as exc:
            for field, message in exc.errors.items():
                errors.add(field, message)
        else:
            base = _kept(("base", *version), lambda: runs.compare(cal, [scenarios.BASELINE], 12, REPLICATIONS)[0])
            outcomes = [base, runs.compare(cal, [scenario], 12, REPLICATIONS)[0]]
    shown = outcomes or []
    figures = [("within_20_weeks", "percent"), ("within_20_weeks_ex", "percent"), ("open_past_20_weeks", "count"),
               ("advice_overdue", "count"), ("caseload", "count")]  # fmt: skip
    charts_ = [(key, _chart(key, LABELS[key], shown, unit)) for key, unit in figures] if shown else []
    bt_chart = None
    if backtest.months:
        lines = [("Actual", [backtest.actual["within_20_weeks"][m] for m in backtest.months]),
                 ("Simulated", [backtest.simulated["within_20_weeks"][m].mean for m in backtest.months])]  # fmt: skip
        bt_chart = charts.line_chart("sim-backtest", "Backtest: final plans within 20 weeks, actual and simulated",
                                     backtest.months, lines, "percent")  # fmt: skip
    months_ahead = [mo.first_day(m) for m in mo.between(mo.of(start), mo.of(end))]
    providers = sorted(cal.providers.items(), key=lambda p: p[1][0])
    return render_template(
        "simulator.html", errors=errors.summary(), form_errors=errors, form=form, cal=cal, backtest=backtest,
        bt_chart=bt_chart, outcomes=outcomes, charts=charts_, labels=LABELS, months_ahead=months_ahead,
        providers=providers, replications=REPLICATIONS, label=mo.label, fmt=charts.fmt, start=start,
    ), (400 if errors else 200)  # fmt: skip
