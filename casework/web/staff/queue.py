"""The queue (an officer's own, or for managers any officer's or the whole team's) and caseloads."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import Staff
from casework.queries import queue
from casework.request_scope import db_session
from casework.web import labels
from casework.web.auth import current_staff, staff_required
from casework.web.staff import PAGE_SIZE, bp
from casework.workflow import allocation
from casework.workflow.kinds import KINDS


@bp.get("/queue", endpoint="queue")
@staff_required
def queue_page():
    return _queue()


def _queue():
    staff = current_staff()
    session = db_session()
    today = clock.today()
    args = request.args
    who = args.get("officer", "")
    officer_id: int | None = staff.id
    if staff.is_manager and who:
        officer_id = None if who == "all" else (int(who) if who.isdigit() else staff.id)
    elif who and who != str(staff.id):
        abort(403)
    page = max(1, int(args["page"])) if args.get("page", "").isdigit() else 1
    state = args.get("state") or None
    kind = args.get("kind") if args.get("kind") in KINDS else None
    overdue_only = args.get("overdue") == "1"
    search = (args.get("q") or "").strip()[:100] or None
    items, total = queue(
        session,
        officer_id,
        today,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
        state=state,
        kind=kind,
        overdue_only=overdue_only,
        search=search,
    )
    officers = (
        session.execute(select(Staff).where(Staff.role == "officer").order_by(Staff.name)).scalars().all()
        if staff.is_manager
        else []
    )
    loads = allocation.caseloads(session.connection()) if staff.is_manager else {}
    viewing = next((o for o in officers if o.id == officer_id), None) if staff.is_manager else staff
    pages = max(1, -(-total // PAGE_SIZE))
    base = {k: v for k, v in args.items() if k != "page"}
    links: list[dict[str, Any]] = []
    for n in sorted({1, 2, page - 1, page, page + 1, pages - 1, pages}):
        if 1 <= n <= pages:
            if links and n - links[-1]["number"] > 1:
                links.append({"ellipsis": True, "number": n - 1})
            links.append({"number": n, "href": url_for("staff.queue", page=n, **base), "current": n == page})
    return render_template(
        "queue.html",
        errors=None,
        items=items,
        total=total,
        page=page,
        pages=pages,
        base=base,
        today=today,
        page_links=[{k: v for k, v in link.items() if not (k == "number" and link.get("ellipsis"))} for link in links],
        officers=officers,
        loads=loads,
        officer_id=officer_id,
        viewing=viewing,
        state=state,
        kind=kind,
        overdue_only=overdue_only,
        search=search or "",
        state_choices=labels.state_choices(),
        kinds=KINDS,
        who=who,
    )


@bp.get("/caseloads")
@staff_required
def caseloads():
    staff = current_staff()
    if not staff.is_manager:
        abort(403)
    session = db_session()
    loads = allocation.caseloads(session.connection())
    people = session.execute(select(Staff).order_by(Staff.team, Staff.name)).scalars().all()
    return render_template("caseloads.html", errors=None, people=people, loads=loads)
