"""The advice-giver's page, reached only through the private link in their request: it shows what
they need (the child's name and date of birth, the question, the due date) and takes their advice
as text and/or documents. The link works for that one request, until it expires or is used."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, redirect, render_template, request, url_for
from flask import session as cookie
from sqlalchemy import insert

from casework import clock
from casework.models import AdviceDocument, AdviceRequest, Case, Child
from casework.notifications.links import LinkError, check_advice_token
from casework.request_scope import db_session, services
from casework.web import uploads
from casework.words import advice_label, case_ref, long_date
from casework.workflow import advice as advice_flow
from casework.workflow.advice_returns import REASONS, return_advice
from casework.workflow.engine import Actor
from casework.workflow.errors import WorkflowError

bp = Blueprint("advice_link", __name__)


def _long(d) -> str:
    return long_date(d)


def _page(heading: str, text: str, status: int):
    return render_template("message.html", heading=heading, text=text, errors=None), status


def _load(advice_id: int, token: str):
    try:
        check_advice_token(services().config.secret_key, advice_id, token)
    except LinkError as exc:
        return None, _page("This link cannot be used", exc.reason, 403)
    session = db_session()
    advice = session.get(AdviceRequest, advice_id)
    if advice is None:
        return None, _page("This link cannot be used", "The request it was for no longer exists.", 404)
    case = session.get(Case, advice.case_id)
    if case is None or not case.is_open:
        # nothing about the child once the case has ended (withdrawn, closed)
        return None, _page(
            "This request has closed",
            "The council no longer needs this advice: the case it was for has closed. Thank you. If you "
            "have questions, please contact the SEND team.",
            410,
        )
    if advice.received_on is not None:
        return None, _page(
            "Advice already sent",
            f"Advice for this request was received on {_long(advice.received_on)}. The link no longer "
            f"works. To send more, please contact the SEND team.",
            410,
        )
    if advice.returned_on is not None:
        return None, _page(
            "Request already returned",
            f"You told us on {_long(advice.returned_on)} that you cannot provide this advice. The link no longer "
            f"works. If that was a mistake, please contact the SEND team.",
            410,
        )
    return advice, None


def _render(advice: AdviceRequest, errors: list[tuple[str, str]], form: dict, status: int = 200, returning=False):
    session = db_session()
    case = session.get(Case, advice.case_id)
    child = session.get(Child, case.child_id)
    today = clock.today()
    late = (today - advice.due_on).days if advice.due_on and today > advice.due_on else 0
    return render_template(
        "advice_form.html",
        errors=[{"text": m, "href": f"#{f}"} for f, m in errors] or None,
        errors_by_field=dict(errors),
        form=form,
        returning=returning,
        child_name=f"{child.given_name} {child.family_name}",
        date_of_birth=_long(child.date_of_birth),
        advice_type=advice_label(advice.advice_type).lower(),
        question=advice.question,
        due_on=_long(advice.due_on),
        requested_on=_long(advice.requested_on),
        days_late=late,
        officer=case.officer,
        case_ref=case_ref(case.id),
        return_url=url_for("advice_link.return_request", advice_id=advice.id),
    ), status


@bp.get("/advice/<id:advice_id>/<token>")
def advice_link(advice_id: int, token: str | None = None):
    """The emailed link (`/advice/<id>?token=...`, or the older `/advice/<id>/<token>`): the token is
    kept in the session and the browser goes on to a clean URL, so it is left out of the address bar,
    the history and the access logs."""
    token = (token or request.args.get("token", ""))[:500]
    _advice, refusal = _load(advice_id, token)
    if refusal:
        return refusal
    links = dict(cookie.get("advice_links") or {})
    links[str(advice_id)] = token
    cookie["advice_links"] = dict(list(links.items())[-5:])  # the last few requests opened here
    return redirect(url_for("advice_link.advice_page", advice_id=advice_id))


def _token(advice_id: int) -> str:
    """The request's token: kept in the session when the link was opened (or, from an API client or
    an older page, in the query string)."""
    return request.args.get("token") or (cookie.get("advice_links") or {}).get(str(advice_id)) or ""


@bp.route("/advice/<id:advice_id>", methods=["GET", "POST"])
def advice_page(advice_id: int):
    token = _token(advice_id)
    if request.method == "GET" and request.args.get("token"):
        return advice_link(advice_id, None)
    advice, refusal = _load(advice_id, token)
    if refusal:
        return refusal
    if request.method == "GET":
        return _render(advice, [], {"submitted_by": "", "advice_text": "", "reason": "", "note": ""})
    form = {
        "submitted_by": request.form.get("submitted_by", "").strip()[:200],
        "advice_text": request.form.get("advice_text", "").strip()[:100_000],
        "reason": "",
        "note": "",
    }
    files = [f for f in request.files.getlist("documents") if f and f.filename]
    errors: list[tuple[str, str]] = []
    if not form["submitted_by"]:
        errors.append(("submitted_by", "Enter your name and role"))
    checked = []
    if len(files) > uploads.MAX_FILES:
        errors.append(("documents", f"Attach at most {uploads.MAX_FILES} documents"))
    else:
        for f in files:
            try:
                checked.append(uploads.check(f.filename, f.read(uploads.MAX_BYTES + 1), services().config.clamd_url))
            except ValueError as exc:
                errors.append(("documents", str(exc)))
                break
    if not form["advice_text"] and not files:
        errors.append(("advice_text", "Type your advice or attach a document"))
    if errors:
        return _render(advice, errors, form, 400)

    folder = Path(services().config.upload_dir)
    stored: list[str] = []
    session = db_session()
    try:
        for c in checked:
            stored.append(uploads.store(folder, advice.id, c))
        result = advice_flow.advice_received(
            session,
            advice.id,
            clock.today(),
            actor=Actor("provider", advice.provider_id),
            text=form["advice_text"] or None,
            submitted_by=form["submitted_by"],
            settings=services().config.statutory,
        )
        conn = session.connection()
        for c, name in zip(checked, stored, strict=True):
            conn.execute(
                insert(AdviceDocument.__table__).values(
                    advice_request_id=advice.id,
                    filename=c.filename,
                    content_type=c.content_type,
                    size=len(c.data),
                    sha256=c.sha256,
                    stored_as=name,
                    uploaded_at=clock.now(),
                )
            )
        session.commit()
    except WorkflowError as exc:
        session.rollback()
        _remove(folder, stored)
        return _page("Your advice could not be recorded", exc.message, 409)
    except Exception:
        session.rollback()
        _remove(folder, stored)
        raise
    services().dispatch(result.outbox_ids)
    case = session.get(Case, advice.case_id)
    return render_template(
        "advice_done.html", errors=None, received_on=_long(clock.today()), case_ref=case_ref(case.id)
    )


def _remove(folder: Path, stored: list[str]) -> None:
    for name in stored:
        (folder / name).unlink(missing_ok=True)


@bp.post("/advice/<id:advice_id>/return")
def return_request(advice_id: int):
    """ "We cannot provide this" or "this child is not known to us": the request goes back to the
    officer, who sees it on the case and is emailed; chasing stops and the link dies."""
    advice, refusal = _load(advice_id, _token(advice_id))
    if refusal:
        return refusal
    form = {
        "submitted_by": request.form.get("returned_by", "").strip()[:200],
        "advice_text": "",
        "reason": request.form.get("reason", ""),
        "note": request.form.get("note", "").strip()[:5000],
    }
    errors: list[tuple[str, str]] = []
    if form["reason"] not in REASONS:
        errors.append(("reason", "Choose why you cannot provide this advice"))
    if not form["submitted_by"]:
        errors.append(("returned_by", "Enter your name and role"))
    if errors:
        return _render(advice, errors, form, 400, returning=True)
    session = db_session()
    try:
        result = return_advice(
            session, advice.id, reason=form["reason"], note=form["note"], returned_by=form["submitted_by"],
            actor=Actor("provider", advice.provider_id),
        )  # fmt: skip
        session.commit()
    except WorkflowError as exc:
        session.rollback()
        return _page("The request could not be returned", exc.message, 409)
    services().dispatch(result.outbox_ids)
    return _page(
        "Request returned",
        "Thank you for telling us. The case officer has been told, and will ask someone else for this advice. "
        "You will not be chased for it, and this link no longer works.",
        200,
    )
