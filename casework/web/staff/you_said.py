""" "You said, we did" pages (issue 16), for managers only: the quarter's answers to tag with themes
and the action taken, and the quarter's report (themes with counts, quotes only with consent,
actions) with its CSV."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for

from casework import clock
from casework.reports import months as mo
from casework.reports import you_said as report
from casework.request_scope import db_session, services
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.staff import bp, staff_actor
from casework.workflow import you_said
from casework.workflow.errors import InvalidInput, NotFound


def _managers_only() -> None:
    if not current_staff().is_manager:
        abort(403, description="Only managers can tag feedback and see the report.")


def _month() -> str:
    raw = (request.values.get("month") or "").strip()
    try:
        return mo.parse(raw)
    except ValueError:
        return mo.of(clock.today())


def themes() -> tuple[str, ...]:
    return services().config.feedback_themes or you_said.THEMES


@bp.route("/feedback/answers", methods=["GET", "POST"])
@staff_required
def feedback_answers():
    _managers_only()
    month, errors, typed, status = _month(), FormErrors(), None, 200
    if request.method == "POST":
        raw_id = request.form.get("response_id", "")
        chosen, action = request.form.getlist("themes"), request.form.get("action", "")
        session = db_session()
        try:
            if not raw_id.isdigit():
                abort(404)
            you_said.tag(session.connection(), int(raw_id), chosen, action, allowed=themes(), actor=staff_actor(),
                         today=clock.today())  # fmt: skip
            session.commit()
            flash("Themes and action saved.", "success")
            return redirect(url_for("staff.feedback_answers", month=month) + f"#answer-{raw_id}")
        except NotFound:
            session.rollback()
            abort(404)
        except InvalidInput as exc:
            session.rollback()
            for name, messages in exc.errors.items():
                errors.add(f"{name}-{raw_id}", messages[0])
            typed, status = {"id": int(raw_id), "themes": chosen, "action": action}, 400
    rows = report.answers(db_session().connection(), month)
    return render_template(
        "feedback_answers.html", errors=errors.summary() or None, form_errors=errors, typed=typed, rows=rows,
        themes=themes(), month=month, label=report.quarter_window(month)[2],
    ), status  # fmt: skip


@bp.get("/feedback/report")
@staff_required
def feedback_report():
    _managers_only()
    month = _month()
    data = report.report(db_session().connection(), month)
    return render_template("feedback_report.html", errors=None, data=data, month=month)


@bp.get("/feedback/report.csv")
@staff_required
def feedback_report_csv():
    _managers_only()
    month = _month()
    out = io.StringIO()
    csv.writer(out).writerows(report.csv_rows(report.report(db_session().connection(), month)))
    name = f"you-said-we-did-{mo.quarter_start(month)}.csv"
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )
