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
    return render_template("accessibility.html", errors=None)


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
    messages = [{"name": f.name, "text": f.read_text(encoding="utf-8")} for f in files]
    letters = [{"name": f.name, "text": f.read_text(encoding="utf-8")} for f in list_letters(letters_dir(config))]
    return render_template("demo_outbox.html", messages=messages, letters=letters, errors=None)


def render_error(code: int, name: str, description: str):
    return render_template("message.html", heading=name, text=description, errors=None), code


def _navigation():
    from flask import url_for

    from casework.web import auth, portal

    staff = auth.current_staff() if request.endpoint and not request.endpoint.startswith("portal.") else None
    if staff is not None:
        items = [{"href": url_for("staff.queue"), "text": "Queue", "active": request.endpoint == "staff.queue"}]
        if staff.is_manager:
            items.append(
                {
                    "href": url_for("staff.caseloads"),
                    "text": "Caseloads",
                    "active": request.endpoint == "staff.caseloads",
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
            {
                "href": url_for("auth.sign_out_page"),
                "text": f"Sign out ({staff.name})",
                "attributes": {"data-sign-out": ""},
            }
        )
        return items, url_for("staff.queue")
    parent = portal.current_parent() if request.endpoint and request.endpoint.startswith("portal.") else None
    if parent is not None:
        return [
            {"href": url_for("portal.home"), "text": "Your children"},
            {"href": url_for("portal.sign_out_page"), "text": "Sign out", "attributes": {"data-sign-out": ""}},
        ], url_for("portal.home")
    return [], url_for("web.start")


def init_web(app: Flask) -> None:
    from casework.web import auth, labels, portal, security, staff
    from casework.web.advice import bp as advice_bp

    config = app.extensions["casework"].config
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(app.root_path + "/web/templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
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
        return {
            "service_name": "SEND casework",
            "council_name": config.council_name,
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
