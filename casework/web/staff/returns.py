"""The data officer's page for the SEN2 return (managers and admins): the return's data-quality list
all year round (each Error and Query with the child, the element, what to do and a link to the
record to fix), its reconciliation with the dashboard's figures for the same period, and downloads
of the return and of Annex A List 1."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from flask import abort, render_template, request, send_file
from sqlalchemy import func, select

from casework import clock
from casework.models import Case, Child, Plan
from casework.reports import annex_a, sen2_return
from casework.request_scope import db_session, services
from casework.web.auth import current_staff, staff_required
from casework.web.staff import bp
from casework.workflow.kinds import assessment

CHILD_ELEMENTS = {"Sex", "Ethnicity", "UPN", "UniqueLearnerNumber", "UPNunknown", "PersonBirthDate", "SENtypeRank",
                  "PlacementDetail"}  # fmt: skip
PLAN_ELEMENTS = {"PlanDetail", "StartDate", "CeaseReason", "CeaseDate", "SENSettingOther", "PlacementRank"}


def _managers_only() -> None:
    if not current_staff().is_manager:
        abort(403, description="Only managers and data officers can see the statutory returns.")


def _year() -> int:
    """The collection year asked for (?year=), by default the next one (activity this calendar year)."""
    today = clock.today()
    raw = request.args.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else today.year + 1
    if not 2023 <= year <= today.year + 1:
        abort(404)
    return year


def _links(keys: set[int]) -> dict[int, dict]:
    """For each child a finding is about: their name, their newest plan and their newest assessment."""
    if not keys:
        return {}
    s = db_session()
    out = {c.id: {"name": f"{c.given_name} {c.family_name}", "plan": None, "case": None}
           for c in s.execute(select(Child.id, Child.given_name, Child.family_name).where(Child.id.in_(keys)))}  # fmt: skip
    for child_id, plan_id in s.execute(
        select(Plan.child_id, func.max(Plan.id)).where(Plan.child_id.in_(keys)).group_by(Plan.child_id)
    ):
        out[child_id]["plan"] = plan_id
    for child_id, case_id in s.execute(
        select(Case.child_id, func.max(Case.id))
        .where(Case.child_id.in_(keys), Case.kind == assessment.KIND.name)
        .group_by(Case.child_id)
    ):
        out[child_id]["case"] = case_id
    return out


@bp.get("/returns/sen2")
@staff_required
def sen2_page():
    _managers_only()
    year = _year()
    config = services().config
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sen2.xml"
        conn = db_session().connection()
        outcome = sen2_return.make(conn, config, year, path)
        lines = sen2_return.reconcile(
            sen2_return.from_file(path), sen2_return.from_dashboard(conn, year, clock.today())
        )
    findings = sorted(outcome.findings, key=lambda f: (f.level != "error", f.key or 0, f.element))
    links = _links({f.key for f in findings if isinstance(f.key, int)})
    return render_template(
        "returns_sen2.html", errors=None, year=year, outcome=outcome, findings=findings, links=links, lines=lines,
        child_elements=CHILD_ELEMENTS, plan_elements=PLAN_ELEMENTS, years=range(clock.today().year + 1, 2022, -1),
        today=clock.today(),
    )  # fmt: skip


@bp.get("/returns/sen2/<int:year>.xml")
@staff_required
def sen2_download(year: int):
    _managers_only()
    if not 2023 <= year <= clock.today().year + 1:
        abort(404)
    spool = tempfile.NamedTemporaryFile(suffix=".xml")  # noqa: SIM115  (sent, then closed by Flask)
    sen2_return.write(db_session().connection(), services().config, year, spool)
    spool.seek(0)
    return send_file(spool, mimetype="application/xml", as_attachment=True, download_name=f"SEN2_{year}.xml",
                     max_age=0)  # fmt: skip


@bp.get("/returns/annex-a.<any(csv, xlsx):ext>")
@staff_required
def annex_a_download(ext: str):
    _managers_only()
    raw = request.args.get("date", "")
    try:
        on = dt.date.fromisoformat(raw) if raw else clock.today()
    except ValueError:
        abort(400)
    folder = tempfile.mkdtemp()
    path = Path(folder) / f"annex-a.{ext}"
    annex_a.write(db_session().connection(), on, path)
    mimetype = "text/csv" if ext == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=f"Annex_A_List_1_{on}.{ext}",
                         max_age=0)  # fmt: skip
    response.call_on_close(lambda: (path.unlink(missing_ok=True), Path(folder).rmdir()))
    return response
