"""Staff sign-in: email and password (argon2), or the council's single sign-on (OpenID Connect via
Authlib, e.g. Microsoft Entra ID, when configured). Sessions are kept on the server (the cookie holds
only a random token), so signing out, a password change or a disabled account ends them, and each has
an absolute lifetime and an idle limit. Every form carries a CSRF token (Flask-WTF).
`staff_required` is the one place staff pages check who is asking."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from urllib.parse import urlparse

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from casework import clock
from casework.models import Staff
from casework.request_scope import db_session, services
from casework.web import ratelimit
from casework.web.forms import FormErrors
from casework.workflow import accounts
from casework.workflow.accounts import password_matches
from casework.workflow.audit import audit
from casework.workflow.context import Actor

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
WINDOW = dt.timedelta(minutes=15)


# Failed sign-ins: per account from one address, per address over all accounts, and per account from
# everywhere (a wider limit: someone who knows a colleague's email cannot lock them out from one
# machine). Successful sign-ins never count.
PAIR_LIMIT, ADDRESS_LIMIT, ACCOUNT_LIMIT = 5, 50, 20


def _session_token() -> str | None:
    value = session.get("sid")
    return value if isinstance(value, str) else None


def current_staff() -> Staff | None:
    """The signed-in staff member: a live server-side session (not ended, within its absolute
    lifetime, used within the idle limit) of an account that is not disabled."""
    if "web_staff" in g:
        return g.web_staff
    staff = None
    config = services().config
    row = accounts.live_session(db_session(), _session_token(), "staff",
                                idle=dt.timedelta(minutes=config.session_idle_minutes))  # fmt: skip
    if row is not None:
        staff = db_session().get(Staff, row.staff_id)
        if staff is not None and not staff.is_active:
            staff = None
    g.web_staff = staff
    return staff


def staff_required(view):
    """Signed-in staff only. An auditor from a partner agency (role `auditor`) is refused every page
    but those marked `auditors_too` (their audits), which check the audit is assigned to them."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        staff = current_staff()
        if staff is None:
            return redirect(url_for("auth.sign_in", next=request.path))
        if staff.is_auditor and not getattr(wrapper, "auditors_too", False):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def auditors_too(view):
    """Put above `staff_required`: the page is open to auditors too (it must check what they may see)."""
    view.auditors_too = True
    return view


def home_for(staff: Staff) -> str:
    return url_for("staff.audits") if staff.is_auditor else url_for("staff.queue")


def _safe_next(target: str | None) -> str:
    """Only a path on this site, with no control characters (a line break in `next` is refused)."""
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return url_for("staff.queue")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("staff.queue")
    return target


def _start_session(staff: Staff, how: str) -> None:
    s = db_session()
    accounts.end_session(s, _session_token(), "signed_in_again")
    session.clear()  # a new session on sign-in (no fixation)
    lifetime = dt.timedelta(hours=services().config.staff_session_hours)
    session["sid"] = accounts.start_session(s, "staff", lifetime=lifetime, staff_id=staff.id)
    session.permanent = True
    audit(s.connection(), Actor("staff", staff.id), "signed_in", "staff", staff.id, how=how)
    s.commit()


def _failure_keys(email: str) -> list[tuple[str, int]]:
    address = request.remote_addr or ""
    return [
        (ratelimit.key_for("signin-fail-pair", f"{email}|{address}"), PAIR_LIMIT),
        (ratelimit.key_for("signin-fail-ip", address), ADDRESS_LIMIT),
        (ratelimit.key_for("signin-fail-account", email), ACCOUNT_LIMIT),
    ]


def unlock(s, email: str) -> None:
    """A manager lets a locked-out colleague try again now."""
    ratelimit.clear(s, ratelimit.key_for("signin-fail-account", email))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    sso = bool(services().config.oidc_discovery_url)
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()[:254]
        password = request.form.get("password", "")[:1000]
        if not email:
            errors.add("email", "Enter your email address")
        if not password:
            errors.add("password", "Enter your password")
        if not errors:
            s = db_session()
            keys = _failure_keys(email)
            until = max((t for k, n in keys if (t := ratelimit.blocked(s, k, n, WINDOW))), default=None)
            if until is not None:
                local = until.astimezone(clock.LONDON)
                errors.add(
                    "email",
                    f"Too many failed attempts to sign in. You can try again from {local:%H:%M}, or ask a SEND "
                    f"team manager to unlock your account from the staff page",
                )
            else:
                staff = s.execute(select(Staff).where(Staff.email == email)).scalar_one_or_none()
                ok = password_matches(staff.password_hash if staff else None, password)
                if ok and staff is not None and staff.is_active:
                    ratelimit.clear(s, keys[0][0])
                    _start_session(staff, "password")
                    if staff.is_auditor and not request.args.get("next"):
                        return redirect(home_for(staff))
                    return redirect(_safe_next(request.args.get("next")))
                for key, _limit in keys:
                    ratelimit.count(s, key, WINDOW)
                if ok and staff is not None:  # the right password for a disabled account
                    errors.add("email", "This account is disabled. Ask your SEND team manager if you need it again")
                else:
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
    s = db_session()
    accounts.end_session(s, _session_token(), "signed_out")
    if staff is not None:
        audit(s.connection(), Actor("staff", staff.id), "signed_out", "staff", staff.id)
    s.commit()
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
    if staff is None or not staff.is_active:
        log.warning("single sign-on refused: not an active casework staff member")
        return render_template(
            "message.html",
            heading="You cannot use this service yet",
            text="Your council account is not set up in casework. Ask your SEND team manager to add you.",
            errors=None,
        ), 403
    _start_session(staff, "sso")
    return redirect(home_for(staff))
