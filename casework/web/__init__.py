"""HTML screens (GOV.UK Frontend, server-rendered, working without JavaScript): staff sign-in,
the officers' queue and case pages, the parent portal, and the advice-givers' page. Each surface
checks who is asking in one place: `auth.staff_required`, `portal.parent_required`, and the
advice link's signed token."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, abort, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from casework.web.forms import local_time, long_date, weekday_date

web = Blueprint("web", __name__)
csrf = CSRFProtect()


@web.get("/")
def start():
    return render_template("start.html", errors=None)


@web.get("/accessibility")
def accessibility():
    from casework.request_scope import services

    config = services().config
    return render_template(
        "accessibility.html", errors=None, tested_on=dt.date.fromisoformat(config.accessibility_tested_on)
    )


@web.get("/privacy")
def privacy():
    return render_template("privacy.html", errors=None)


@web.get("/demo/outbox")
def demo_outbox():
    """Demo mode only (CASEWORK_DEMO=1): the messages written to the local outbox folder."""
    from casework.channels import letters_dir, list_letters
    from casework.request_scope import services

    config = services().config
    if not config.demo:
        abort(404)
    files = sorted(config.outbox_dir.glob("*.txt"), reverse=True)[:200]
    messages = [_demo_message(f.read_text(encoding="utf-8"), letter=False) for f in files]
    letters = [_demo_message(f.read_text(encoding="utf-8"), letter=True) for f in list_letters(letters_dir(config))]
    return render_template("demo_outbox.html", messages=messages, letters=letters, errors=None)


# friendly words for the errors people meet; the page keeps the signed-in navigation
FRIENDLY = {
    403: (
        "You cannot see this page",
        "Your account does not give you access to it. If you think it should, ask your SEND team manager.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    ),
    405: ("Page not found", "This page cannot be used that way. Go back and try again."),
    410: ("This link no longer works", "It has expired or has already been used."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you entered has been saved."),
}


def _demo_message(text: str, letter: bool) -> dict[str, str]:
    """A message file as the demo lists it: who it went to, and its subject (or first line)."""
    head, _, body = text.partition("\n\n")
    if letter:
        subject = body.strip().splitlines()[0] if body.strip() else ""
        return {"summary": f"Letter to {head.splitlines()[0]}: {subject}", "text": text}
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    words = {"sms": "Text message", "email": "Email"}.get(fields.get("Channel", ""), "Message")
    about = fields.get("Subject") or body.strip().split(". ")[0][:90]
    return {"summary": f"{words} to {fields.get('To', '')}: {about}", "text": text}


def render_error(code: int, name: str, description: str):
    heading, text = FRIENDLY.get(code, (name, description))
    if code == 400 and description:
        text = description
    return render_template("error.html", heading=heading, text=text, code=code, errors=None), code


RETURNS_ENDPOINT = "staff.sen2_page"


def _navigation():
    """The signed-in navigation: staff everywhere but the portal, a family in the portal (error pages
    too, whose request has no endpoint)."""
    from flask import url_for

    from casework.web import auth, portal

    in_portal = request.path.startswith("/portal")
    staff = auth.current_staff() if not in_portal else None
    if staff is not None and staff.is_auditor:  # a partner agency's auditor: their audits, nothing else
        return [
            {"href": url_for("staff.audits"), "text": "Your audits", "active": request.endpoint == "staff.audits"},
            {"href": url_for("auth.sign_out_page"), "text": f"Sign out ({staff.name})",
             "attributes": {"data-sign-out": ""}},
        ], url_for("staff.audits")  # fmt: skip
    if staff is not None:
        items = [{"href": url_for("staff.queue"), "text": "Queue", "active": request.endpoint == "staff.queue"}]
        items.append(
            {
                "href": url_for("staff.dashboard"),
                "text": "Dashboard" if staff.is_manager else "My figures",
                "active": (request.endpoint or "").startswith("staff.dashboard"),
            }
        )
        if staff.is_manager:
            items.append(
                {
                    "href": url_for("staff.caseloads"),
                    "text": "Caseloads",
                    "active": request.endpoint == "staff.caseloads",
                }
            )
            items.append(  # the SEN2 return, its data quality and the inspection list
                {
                    "href": url_for(RETURNS_ENDPOINT),
                    "text": "Returns",
                    "active": request.endpoint == RETURNS_ENDPOINT,
                }
            )
        items.append(  # plan quality audits (managers), feedback on an officer's plans
            {"href": url_for("staff.audits"), "text": "Audits",
             "active": (request.endpoint or "").startswith("staff.audit")}
        )  # fmt: skip
        items.append(  # family feedback: the manager's call sample, an officer's calls (issue 16)
            {
                "href": url_for("staff.call_sample_page" if staff.is_manager else "staff.call_list"),
                "text": "Feedback",
                "active": (request.endpoint or "").startswith(("staff.call_", "staff.record_call", "staff.feedback")),
            }
        )
        items.append(  # school and setting closures (statutory.md 9.3)
            {
                "href": url_for("staff.closures_page"),
                "text": "Closures",
                "active": request.endpoint == "staff.closures_page",
            }
        )
        items.append(
            {"href": url_for("staff.print_queue"), "text": "Letters", "active": request.endpoint == "staff.print_queue"}
        )
        items.append(
            {
                "href": url_for("auth.sign_out_page"),
                "text": f"Sign out ({staff.name})",
                "attributes": {"data-sign-out": ""},
            }
        )
        return items, url_for("staff.queue")
    if in_portal and portal.current_parent() is not None:
        return [
            {"href": url_for("portal.home"), "text": "Your children", "active": request.endpoint == "portal.home"},
            {"href": url_for("portal.sign_out_page"), "text": "Sign out", "attributes": {"data-sign-out": ""}},
        ], url_for("portal.home")
    return [], url_for("web.start")


def init_web(app: Flask) -> None:
    from casework.web import auth, labels, portal, portal_pages, portal_text, security, staff  # noqa: F401  (routes)
    from casework.web.advice import bp as advice_bp
    from casework.web.survey import bp as survey_bp

    config = app.extensions["casework"].config
    from casework.web.assets import built

    if not built():  # say so at start-up: otherwise the only sign is pages without styling
        import logging

        logging.getLogger(__name__).error(
            "the GOV.UK Frontend assets are missing from casework/web/static/govuk: pages will have no styling "
            "(build them with `npm ci && python -m casework.web.assets`, or install a wheel built with them)"
        )
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(app.root_path + "/web/templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    # the charts' macro, shared with the board report (rendered without Flask)
                    "reports": FileSystemLoader(str(app.root_path + "/reports/templates")),
                }
            ),
        ]
    )
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["weekday_date"] = weekday_date
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
        SESSION_COOKIE_NAME="casework_session",
        # the cookie outlives no session: each session's own limits are kept on the server
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=max(config.staff_session_hours, config.parent_session_hours)),
        # the cookie is written only when it changes: a slow request (a page's favicon, say) finishing
        # after a sign-in link was opened must not put back the cookie it started with
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=config.session_cookie_secure,
    )
    csrf.init_app(app)
    from flask_smorest import Blueprint as ApiBlueprint

    for blueprint in app.blueprints.values():  # the JSON API (every flask-smorest blueprint) uses bearer tokens
        if isinstance(blueprint, ApiBlueprint):
            csrf.exempt(blueprint)

    @app.context_processor
    def _layout():
        navigation, home = _navigation()
        feedback = config.feedback_url or (
            f"mailto:{config.council_email}?subject=Feedback%20on%20SEND%20casework"
            if config.council_email
            else "/accessibility#contact"
        )
        return {
            "service_name": "SEND casework",
            "council_name": config.council_name,
            "council": {
                "name": config.council_name,
                "phone": config.council_phone,
                "email": config.council_email,
                "address": config.council_address,
                "website": config.council_website,
            },
            "feedback_url": feedback,
            "navigation": navigation,
            "home_url": home,
        }

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_error(
            400,
            "Your form could not be sent",
            "The page had been open too long or was sent from elsewhere. Go back, refresh the page and try again.",
        )

    security.install(app, https=config.session_cookie_secure)

    app.register_blueprint(web)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(advice_bp)
    app.register_blueprint(survey_bp)
