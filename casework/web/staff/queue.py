"""The queue (an officer's own; for managers the whole team's, or any officer's) and caseloads, with a
manager's changes to an officer's capacity, availability, team and phone."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import Staff
from casework.read.queue import queue, queue_counts
from casework.request_scope import db_session, perform
from casework.web import labels
from casework.web.auth import current_staff, staff_required
from casework.web.forms import FormErrors
from casework.web.staff import PAGE_SIZE, bp, staff_actor
from casework.workflow import allocation, staffing
from casework.workflow.errors import WorkflowError
from casework.workflow.kinds import KINDS

# counted one by one up to here ("more than 10,000" beyond: a council's whole team holds a few thousand)
COUNT_CAP = 10_000


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
    if staff.is_manager:  # managers land on the whole team's queue
        officer_id = None if who in ("", "all") else (int(who) if who.isdigit() else None)
        who = who or "all"
    elif who and who != str(staff.id):
        abort(403)
    page = max(1, int(args["page"])) if args.get("page", "").isdigit() else 1
    state = args.get("state") or None
    kind = args.get("kind") if args.get("kind") in KINDS else None
    overdue_only = args.get("overdue") == "1"
    focus = args.get("focus") if args.get("focus") in ("overdue", "soon", "advice") else None
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
        focus=focus,
        count_cap=COUNT_CAP,
    )
    counts = queue_counts(session, officer_id, today, COUNT_CAP)
    officers = (
        session.execute(select(Staff).where(Staff.role == "officer").order_by(Staff.name)).scalars().all()
        if staff.is_manager
        else []
    )
    viewing = staff if officer_id == staff.id else next((o for o in officers if o.id == officer_id), None)
    more = total > COUNT_CAP
    pages = max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))
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
        more=more,
        cap=COUNT_CAP,
        officer_id=officer_id,
        viewing=viewing,
        me=staff,
        state=state,
        kind=kind,
        overdue_only=overdue_only,
        focus="overdue" if overdue_only else focus,
        counts=counts,
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
    people = (
        session.execute(select(Staff).where(Staff.role != "auditor").order_by(Staff.team, Staff.name)).scalars().all()
    )
    return render_template("caseloads.html", errors=None, people=people, loads=loads)


@bp.route("/staff/<id:staff_id>", methods=["GET", "POST"])
@staff_required
def staff_member(staff_id: int):
    """A manager changes an officer's capacity, availability, team or phone (audited)."""
    if not current_staff().is_manager:
        abort(403)
    member = db_session().get(Staff, staff_id)
    if member is None:
        abort(404)
    errors = FormErrors()
    values = {
        "capacity": str(member.capacity),
        "available": "yes" if member.available else "no",
        "team": member.team or "",
        "phone": member.phone or "",
    }
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in values}
        capacity = int(values["capacity"]) if values["capacity"].isdigit() else None
        if capacity is None:
            errors.add("capacity", "Enter the number of cases they can hold, as a whole number")
        if values["available"] not in ("yes", "no"):
            errors.add("available", "Say whether they can take new cases")
        if not errors:
            changes = {"capacity": capacity, "available": values["available"] == "yes", "team": values["team"],
                       "phone": values["phone"]}  # fmt: skip
            try:
                perform(lambda s: staffing.update_staff(s, staff_id, changes, actor=staff_actor()) and None)
                flash(f"{member.name}: changes saved.", "success")
                return redirect(url_for("staff.caseloads"))
            except WorkflowError as exc:
                for field, messages in getattr(exc, "errors", {"capacity": [exc.message]}).items():
                    errors.add(field, messages[0])
    load = allocation.caseloads(db_session().connection(), [staff_id]).get(staff_id, 0)
    return render_template(
        "staff_member.html", errors=errors.summary() or None, form_errors=errors, member=member, values=values,
        load=load,
    ), (400 if errors else 200)  # fmt: skip
