"""The family's feedback survey, reached only through the private link in the survey message: no
sign-in, one survey (one child, one event), until it is answered or expires. The page names no
child, case or officer: a link that leaks gives away only the chance to answer one survey."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask import session as cookie

from casework import clock
from casework.notifications.links import LinkError, check_survey_token
from casework.request_scope import db_session, perform, services
from casework.workflow import feedback
from casework.workflow.errors import Conflict, InvalidInput, NotFound

bp = Blueprint("survey", __name__)


def _page(heading: str, text: str, status: int):
    return render_template("message.html", heading=heading, text=text, errors=None), status


def _token(survey_id: int) -> str:
    return (cookie.get("survey_links") or {}).get(str(survey_id)) or ""


def _load(survey_id: int, token: str):
    """The survey if the token opens it and it can still be answered, else the page saying why."""
    try:
        check_survey_token(services().config.secret_key, survey_id, token)
    except LinkError as exc:
        return None, _page("This link cannot be used", exc.reason, 403)
    try:
        return feedback.survey_state(db_session().connection(), survey_id, clock.today()), None
    except NotFound as exc:
        return None, _page("This link cannot be used", exc.message, 404)
    except Conflict as exc:
        return None, _page("This survey is closed", exc.message, 410)


@bp.get("/survey/<id:survey_id>")
def survey_page(survey_id: int):
    """The link from the message (`?token=...`) is kept in the session and the browser goes on to
    the clean address, so the token stays out of the address bar, the history and the access logs."""
    if request.args.get("token"):
        token = request.args["token"][:500]
        _survey, refusal = _load(survey_id, token)
        if refusal:
            return refusal
        links = dict(cookie.get("survey_links") or {})
        links[str(survey_id)] = token
        cookie["survey_links"] = dict(list(links.items())[-3:])
        return redirect(url_for("survey.survey_page", survey_id=survey_id))
    survey, refusal = _load(survey_id, _token(survey_id))
    if refusal:
        return refusal
    return _render(survey, {}, {})


def _render(survey, form: dict, problems: dict, status: int = 200):
    yp = survey.young_person
    what = feedback.WHAT[survey.trigger].replace("the EHC plan", "your EHC plan" if yp else "the EHC plan")
    return render_survey(survey, form, problems, status, what=what)


def render_survey(survey, form: dict, problems: dict, status: int = 200, **extra):
    """The survey's questions (the family's page, and staff typing in a paper copy: `paper=True`)."""
    yp = survey.young_person
    statements = [{"key": k, "text": young if yp else parent} for k, parent, young in feedback.STATEMENTS]
    return render_template(
        "survey.html",
        errors=[{"text": m, "href": f"#{k}"} for k, m in problems.items()] or None,
        problems=problems,
        form=form,
        young_person=yp,
        statements=statements,
        scale=feedback.SCALE,
        limit=feedback.TEXT_LIMIT,
        closes_on=survey.expires_on,
        **{"what": feedback.WHAT[survey.trigger], **extra},
    ), status


def answers_from(posted) -> dict[str, str]:
    """The survey form's fields as posted (each cut to a bounded length before it is checked)."""
    keys = (*feedback.STATEMENT_KEYS, "went_well", "could_be_better", "may_quote")
    return {k: posted.get(k, "")[: feedback.TEXT_LIMIT + 1000] for k in keys}


@bp.post("/survey/<id:survey_id>")
def survey_answer(survey_id: int):
    survey, refusal = _load(survey_id, _token(survey_id))
    if refusal:
        return refusal
    form = answers_from(request.form)
    _values, problems = feedback.check_answers(form)
    if problems:
        return _render(survey, form, problems, 400)
    try:
        perform(_answer, survey_id, form)
    except (Conflict, InvalidInput) as exc:
        return _page("Your answers could not be saved", getattr(exc, "message", str(exc)), 409)
    return render_template("survey_done.html", errors=None, opted_out=False, young_person=survey.young_person)


@bp.post("/survey/<id:survey_id>/stop")
def survey_opt_out(survey_id: int):
    """Stop surveys and feedback calls to the family (everyone in it), from the survey's own page."""
    survey, refusal = _load(survey_id, _token(survey_id))
    if refusal:
        return refusal
    perform(_opt_out, survey.child_id)
    return render_template("survey_done.html", errors=None, opted_out=True, young_person=survey.young_person)


def _answer(session, survey_id: int, form: dict) -> None:
    feedback.answer(session.connection(), survey_id, form, clock.today())


def _opt_out(session, child_id: int) -> None:
    feedback.opt_out(session.connection(), child_id, clock.today())
