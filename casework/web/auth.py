"""Staff sign-in: email and password (argon2), or the council's single sign-on (OpenID Connect via
Authlib, e.g. Microsoft Entra ID, when configured). Sessions are signed cookies; every form carries
a CSRF token (Flask-WTF). `staff_required` is the one place staff pages check who is asking."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from urllib.parse import urlparse

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from casework.models import Staff
from casework.request_scope import db_session, services
from casework.web import ratelimit
from casework.web.forms import FormErrors
from casework.workflow.accounts import password_matches
from casework.workflow.context import Actor
from casework.workflow.families import audit

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
WINDOW = dt.timedelta(minutes=15)


def current_staff() -> Staff | None:
    if "web_staff" in g:
        return g.web_staff
    staff = None
    staff_id = session.get("staff_id")
    if staff_id is not None:
        staff = db_session().get(Staff, staff_id)
    g.web_staff = staff
    return staff


def staff_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_staff() is None:
            return redirect(url_for("auth.sign_in", next=request.full_path if request.query_string else request.path))
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    if not target:
        return url_for("staff.queue")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("staff.queue")
    return target


def _start_session(staff: Staff, how: str) -> None:
    session.clear()  # a new session on sign-in (no fixation)
    session.permanent = True
    session["staff_id"] = staff.id
    audit(db_session().connection(), Actor("staff", staff.id), "signed_in", "staff", staff.id, how=how)
    db_session().commit()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    sso = bool(services().config.oidc_discovery_url)
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        if not email:
            errors.add("email", "Enter your email address")
        if not password:
            errors.add("password", "Enter your password")
        if not errors:
            s = db_session()
            allowed = ratelimit.hit(s, ratelimit.key_for("signin-email", email), 10, WINDOW) and ratelimit.hit(
                s, ratelimit.key_for("signin-ip", request.remote_addr or ""), 50, WINDOW
            )
            if not allowed:
                errors.add("email", "Too many attempts to sign in. Wait 15 minutes and try again")
            else:
                staff = s.execute(select(Staff).where(Staff.email == email)).scalar_one_or_none()
                if password_matches(staff.password_hash if staff else None, password) and staff is not None:
                    ratelimit.clear(s, ratelimit.key_for("signin-email", email))
                    _start_session(staff, "password")
                    return redirect(_safe_next(request.args.get("next")))
                errors.add("email", "Enter a correct email address and password")
        status = 400
    else:
        status = 200
    return render_template("sign_in.html", errors=errors.summary(), form_errors=errors, email=email, sso=sso), status


@bp.get("/sign-out")
def sign_out_page():
    return render_template("sign_out.html", errors=None, action=url_for("auth.sign_out"))


@bp.post("/sign-out")
def sign_out():
    staff = current_staff()
    if staff is not None:
        audit(db_session().connection(), Actor("staff", staff.id), "signed_out", "staff", staff.id)
        db_session().commit()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


# --- single sign-on (OpenID Connect) ---------------------------------------------------------


def _oauth():
    from authlib.integrations.flask_client import OAuth
    from flask import current_app

    oauth = current_app.extensions.get("casework_oauth")
    if oauth is None:
        config = services().config
        oauth = OAuth(current_app)
        oauth.register(
            "council",
            server_metadata_url=config.oidc_discovery_url,
            client_id=config.oidc_client_id,
            client_secret=config.oidc_client_secret,
            client_kwargs={"scope": "openid email profile"},
        )
        current_app.extensions["casework_oauth"] = oauth
    return oauth


@bp.get("/sign-in/sso")
def sso_start():
    if not services().config.oidc_discovery_url:
        abort(404)
    return _oauth().council.authorize_redirect(url_for("auth.sso_callback", _external=True))


@bp.get("/sign-in/sso/callback")
def sso_callback():
    if not services().config.oidc_discovery_url:
        abort(404)
    token = _oauth().council.authorize_access_token()
    claims = token.get("userinfo") or {}
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    staff = db_session().execute(select(Staff).where(Staff.email == email)).scalar_one_or_none() if email else None
    if staff is None:
        log.warning("single sign-on for an account that is not a casework staff member")
        return render_template(
            "message.html",
            heading="You cannot use this service yet",
            text="Your council account is not set up in casework. Ask your SEND team manager to add you.",
            errors=None,
        ), 403
    _start_session(staff, "sso")
    return redirect(url_for("staff.queue"))
