"""Officers' and managers' pages: the queue, caseloads, a new request, and the case page with the
forms for what may be recorded now. Thin views over the same workflow functions the API uses; the
forms and labels come from each kind's steps."""

from __future__ import annotations

from flask import Blueprint

from casework.workflow.context import Actor

bp = Blueprint("staff", __name__)
PAGE_SIZE = 25


def _status_tag(status: str) -> dict[str, str]:
    colours = {
        "overdue": "red",
        "missed": "red",
        "met": "green",
        "pending": "blue",
        "exception": "orange",
        "not_applicable": "grey",
        "received": "green",
        "received_late": "yellow",
        "requested": "blue",
        "returned": "purple",
    }
    text = {
        "not_applicable": "Not applicable",
        "received_late": "Received late",
        "exception": "Exception applies",
        "requested": "Asked for",
        "pending": "To do",
        "returned": "Returned",
    }.get(status, status.replace("_", " ").capitalize())
    return {"text": text, "classes": f"govuk-tag--{colours.get(status, 'grey')}"}


@bp.app_template_global()
def status_tag(status: str, kind: str = "duty") -> dict[str, str]:
    """A deadline's or advice's status as a tag. A target is never a breach: it reads as a target,
    in grey, whatever happened; a family's window reads as open or closed."""
    if kind == "target":
        text = {"met": "Target met", "missed": "Target passed", "overdue": "Target passed"}.get(status, "Target")
        return {"text": text, "classes": "govuk-tag--grey"}
    if kind == "window":
        return {"text": "Open" if status == "pending" else "Closed", "classes": "govuk-tag--grey"}
    return _status_tag(status)


def staff_actor() -> Actor:
    """The signed-in staff member, as the engine records them (their role is checked per event)."""
    from casework.web.auth import current_staff

    staff = current_staff()
    return Actor("staff", staff.id, staff.role)


from casework.web.staff import (  # noqa: E402,F401  (routes)
    accounts,
    audit_form,
    audits,
    board,
    case,
    casefile,
    closures,
    dashboard,
    feedback,
    journeys,
    letters,
    manage,
    outcomes,
    plan_documents,
    queue,
    requests,
    returns,
    sen2_records,
    simulator,
    you_said,
)
