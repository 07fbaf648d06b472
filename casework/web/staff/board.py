"""The managers' other report pages: advice timeliness by provider (the view a Designated Clinical
Officer or a provider's manager is sent), targets and previous-year actuals (audited), the monthly
improvement-board report (HTML and PDF) and the CSV and XLSX exports. Managers only, except the
providers' view, which an officer sees for their own cases."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from casework import clock
from casework.reports import board, export, measures
from casework.reports import months as mo
from casework.reports.charts import fmt
from casework.reports.targets import targets as set_targets
from casework.reports.views import advice_by_provider
from casework.request_scope import db_session, services
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.labels import ADVICE_LABELS
from casework.web.staff import bp, staff_actor
from casework.web.staff.dashboard import ask
from casework.workflow.errors import InvalidInput


def _managers_only() -> None:
    if not current_staff().is_manager:
        abort(403, description="Only managers can see this page.")


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@bp.get("/dashboard/providers", endpoint="dashboard_providers")
@staff_required
def providers_page():
    a = ask()
    today = clock.today()
    period = request.args.get("period", "12")
    first = mo.shift(a.month, -11) if period == "12" else a.month
    advice_type = request.args.get("advice_type") or None
    if advice_type is not None and advice_type not in ADVICE_LABELS:
        abort(404)
    rows = advice_by_provider(db_session().connection(), mo.between(first, a.month), today, a.scope, advice_type)
    for r in rows:
        r["within_share"] = _share(r["received_within_6_weeks"], r["received"])
        r["within_share_ex"] = _share(r["received_within_6_weeks_ex"], r["received_ex"])
        r["chased_share"] = _share(r["chased"], r["received"])
        r["escalated_share"] = _share(r["escalated"], r["received"])
    # worst first: the lowest share on time, then the most overdue; providers with nothing last
    rows.sort(key=lambda r: (r["within_share"] is None, r["within_share"] or 0, -r["overdue_now"]))
    return render_template(
        "dashboard_providers.html", errors=None, a=a, rows=rows, first=first, period=period,
        advice_type=advice_type, advice_types=ADVICE_LABELS, fmt=fmt, today=today,
        now_args={**a.args, "month": mo.of(today)},
    )  # fmt: skip


@bp.route("/dashboard/targets", methods=["GET", "POST"], endpoint="dashboard_targets")
@staff_required
def targets_page():
    _managers_only()
    session = db_session()
    errors = FormErrors()
    values = {}
    if request.method == "POST":
        from casework.reports.targets import set_target

        current = set_targets(session.connection())
        changed = 0
        for key in measures.INDICATORS:
            given = {f: request.form.get(f"{f}-{key}", "").strip() for f in ("target", "pya", "margin")}
            values[key] = given
            old = current.get(key)
            before = {
                "target": _plain(old.target if old else None),
                "pya": _plain(old.previous_year_actual if old else None),
                "margin": _plain(old.amber_margin if old else None) if old else "",
            }
            if given == before or (old is None and not any(given.values())):
                continue
            try:
                set_target(session, key, target=given["target"], previous_year_actual=given["pya"],
                           amber_margin=given["margin"], actor=staff_actor())  # fmt: skip
                changed += 1
            except InvalidInput as exc:
                for name, problems in exc.errors.items():
                    field = {"target": "target", "previous_year_actual": "pya", "amber_margin": "margin"}[name]
                    errors.add(f"{field}-{key}", f"{measures.INDICATORS[key].label}: {problems[0]}")
        if errors:
            session.rollback()
        else:
            session.commit()
            flash(f"Targets saved ({changed} changed).", "success")
            return redirect(url_for("staff.dashboard_targets"))
    current = set_targets(session.connection())
    rows = []
    for m in measures.LIVE:
        for i in m.indicators:
            t = current.get(i.key)
            shown = values.get(i.key) or {
                "target": _plain(t.target if t else None),
                "pya": _plain(t.previous_year_actual if t else None),
                "margin": _plain(t.amber_margin) if t else "",
            }
            rows.append({"measure": m, "indicator": i, "entered": shown})
    return render_template("dashboard_targets.html", errors=errors.summary(), form_errors=errors, rows=rows), (
        400 if errors else 200
    )


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _month() -> str:
    try:
        return mo.parse(request.args.get("month") or mo.of(clock.today()))
    except ValueError:
        abort(400, description="Choose a month, written like 2027-03.")


@bp.get("/dashboard/board", endpoint="dashboard_board")
@staff_required
def board_page():
    _managers_only()
    html = board.render_html(db_session().connection(), _month(), clock.today(), council=services().config.council_name)
    return Response(html, mimetype="text/html")


@bp.get("/dashboard/board.pdf", endpoint="dashboard_board_pdf")
@staff_required
def board_pdf():
    _managers_only()
    month = _month()
    session = db_session()
    html = board.render_html(session.connection(), month, clock.today(), council=services().config.council_name)
    pdf = board.stored_pdf(session.connection(), html, month)
    session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="send-board-report-{month}.pdf"'},
    )


@bp.get("/dashboard/export.<fmt>", endpoint="dashboard_export")
@staff_required
def export_page(fmt: str):
    _managers_only()
    a = ask()
    conn = db_session().connection()
    name = f"send-figures-{a.month}"
    if fmt == "csv":
        body = export.to_csv(conn, a.month, clock.today(), a.scope)
        return Response(body, mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})  # fmt: skip
    if fmt == "xlsx":
        body = export.to_xlsx(conn, a.month, clock.today(), a.scope, council=services().config.council_name)
        return Response(
            body,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    abort(404)
