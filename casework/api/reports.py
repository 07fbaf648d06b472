"""Reports (api.md "Reports"): the managers' dashboard figures for other systems. Managers and
admins only; officers get 403. `from`/`to` are months (YYYY-MM, inclusive; default the 12 months to
this one); `team` and `officer_id` narrow to the officer holding the case when the event happened."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from casework import clock
from casework.api.auth import actor, require_manager, require_staff
from casework.api.schemas import reports as schemas
from casework.reports import measures as ms
from casework.reports import months as mo
from casework.reports import views
from casework.reports.catalogue import SERIES
from casework.reports.read import read_many, scope_for
from casework.reports.targets import rag, set_target, targets
from casework.request_scope import db_session

blp = Blueprint("reports", __name__, description="Reports: the managers' dashboard figures (managers only)")
blp.before_request(require_staff)


@blp.before_request
def _managers_only():
    require_manager()


def _range(query: dict) -> list[str]:
    last = query.get("to") or mo.of(clock.today())
    first = query.get("from_") or mo.shift(last, -11)
    if first > last:
        abort(422, message="'from' must not be after 'to'.", errors={"query": {"from": ["'from' is after 'to'."]}})
    return mo.between(first, last)


def _scope(query: dict):
    return scope_for(db_session().connection(), query.get("team"), query.get("officer_id"))


@blp.route("/reports/timeliness")
class Timeliness(MethodView):
    @blp.arguments(schemas.ReportQuery, location="query")
    @blp.response(200, schemas.TimelinessReportOut)
    def get(self, query: dict):
        """Final plans within 20 weeks (both DfE bases), decisions whether to assess within 6 weeks and
        not to issue within 16 weeks, by month of the event"""
        conn = db_session().connection()
        return {"months": views.timeliness(conn, _range(query), clock.today(), _scope(query))}


@blp.route("/reports/advice")
class Advice(MethodView):
    @blp.arguments(schemas.ReportQuery, location="query")
    @blp.response(200, schemas.AdviceReportOut)
    def get(self, query: dict):
        """Advice received within 6 weeks by provider and advice type, and overdue today"""
        conn = db_session().connection()
        return {"providers": views.advice_by_provider(conn, _range(query), clock.today(), _scope(query))}


@blp.route("/reports/reviews")
class Reviews(MethodView):
    @blp.arguments(schemas.ReportQuery, location="query")
    @blp.response(200, schemas.ReviewsReportOut)
    def get(self, query: dict):
        """Review meetings held in time and decisions within 4 weeks of the meeting, by month"""
        conn = db_session().connection()
        return {"months": views.reviews(conn, _range(query), clock.today(), _scope(query))}


def _measure_dict(m: ms.Measure) -> dict:
    status = "not yet recorded" if m.awaiting else ("partly recorded" if m.partly else "recorded")
    return {
        "number": m.number, "key": m.key, "title": m.title, "definition": m.definition, "status": status,
        "note": m.awaiting or m.partly, "series": list(m.series),
        "indicators": [{**i.__dict__} for i in m.indicators],
    }  # fmt: skip


@blp.route("/reports/measures")
class Measures(MethodView):
    @blp.response(200, schemas.MeasureOut(many=True))
    def get(self):
        """Every measure of reporting.md section 2: its definition, indicators and whether its data is recorded yet"""
        return [_measure_dict(m) for m in ms.MEASURES]


@blp.route("/reports/measures/<key>")
class MeasureReport(MethodView):
    @blp.arguments(schemas.ReportQuery, location="query")
    @blp.response(200, schemas.MeasureReportOut)
    def get(self, query: dict, key: str):
        """One measure's figures by month (every series it reads), its indicators and their red/amber/green"""
        measure = ms.BY_KEY.get(key)
        if measure is None:
            abort(404, message=f"There is no measure '{key}'.")
        months, today, conn = _range(query), clock.today(), db_session().connection()
        scope = _scope(query)
        data = read_many(conn, measure.series, months, today, scope)
        set_targets = targets(conn)
        out = []
        for m in months:
            values = {i.key: i.value(data[i.series][m].figures) for i in measure.indicators}
            out.append({
                "month": m,
                "figures": {s: data[s][m].figures for s in measure.series},
                "indicators": values,
                "rag": {i.key: rag(i, values[i.key], set_targets.get(i.key)) for i in measure.indicators},
                "sources": {s: data[s][m].source for s in measure.series},
                "restated": {s: {"on": data[s][m].restated_on.isoformat(), "figures": data[s][m].now}
                             for s in measure.series if data[s][m].restated},
            })  # fmt: skip
        return {"measure": _measure_dict(measure), "months": out}


@blp.route("/reports/cases")
class Cases(MethodView):
    @blp.arguments(schemas.DrillQuery, location="query")
    @blp.response(200, schemas.DrillOut)
    def get(self, query: dict):
        """The cases behind a figure: `series` and `figure` (as in /reports/measures), `month`; with
        `failing`, those the failing figure does not count (what made a rate red)"""
        from flask import request

        series = request.args.get("series", "")
        if series not in SERIES:
            abort(422, message="Give a series.", errors={"query": {"series": [f"Choose one of {sorted(SERIES)}."]}})
        for name in ("figure", "failing"):
            if query.get(name) and query[name] not in SERIES[series].names:
                abort(422, message=f"Unknown {name}.", errors={"query": {name: [f"Not a figure of {series}."]}})
        rows, total = views.drill(
            db_session().connection(), series, query["month"], clock.today(), _scope(query),
            figure=query.get("figure"), failing=query.get("failing"), extra=query.get("extra"),
        )  # fmt: skip
        cases = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows]
        return {"series": series, "month": query["month"], "figure": query.get("figure"),
                "failing": query.get("failing"), "count": total, "cases": cases}  # fmt: skip


@blp.route("/reports/targets")
class Targets(MethodView):
    @blp.response(200, schemas.TargetOut(many=True))
    def get(self):
        """Every indicator with the council's target, previous-year actual and amber margin"""
        set_targets = targets(db_session().connection())
        return [_target_dict(i, set_targets.get(i.key)) for i in ms.INDICATORS.values()]


@blp.route("/reports/targets/<indicator>")
class TargetOne(MethodView):
    @blp.arguments(schemas.TargetIn)
    @blp.response(200, schemas.TargetOut)
    def put(self, data: dict, indicator: str):
        """Set an indicator's target and previous-year actual (audited)"""
        if indicator not in ms.INDICATORS:
            abort(404, message=f"There is no indicator '{indicator}'.")
        session = db_session()
        try:
            saved = set_target(session, indicator, actor=actor(), **data)
            session.commit()
        except Exception:
            session.rollback()
            raise
        return _target_dict(ms.INDICATORS[indicator], saved)


def _target_dict(i: ms.Indicator, t) -> dict:
    return {
        "indicator": i.key, "label": i.label, "basis": i.basis, "unit": i.unit,
        "target": t.target if t else None, "previous_year_actual": t.previous_year_actual if t else None,
        "amber_margin": t.amber_margin if t else None, "note": t.note if t else None,
    }  # fmt: skip
