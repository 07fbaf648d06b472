"""Signing in to the parent portal, and the one place it decides who is asking. Parents, carers and
young people (16 to 25) sign in with a one-time link sent to the email address the council holds (no
passwords), or, without email, with a code sent by text (`portal_text.py`); either way the session
is kept on the server, under the identity `email:<address>` or `phone:<number>`, so signing out ends
it. The pages are in `portal_pages.py`. A child is found only through
a contact the portal admits (workflow/portal_access.py) with the signed-in identity, so another
family's child is simply "not found" (404), whatever id is put in the URL."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import secrets
from urllib.parse import urlencode

from flask import Blueprint, abort, after_this_request, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import insert, select, update

from casework import clock
from casework.logs import log_error
from casework.models import Child, Contact, PortalToken
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.request_scope import db_session, services
from casework.web import ratelimit
from casework.web.forms import FormErrors, valid_email
from casework.workflow import accounts
from casework.workflow.portal_access import portal_contacts

log = logging.getLogger(__name__)
bp = Blueprint("portal", __name__, url_prefix="/portal")
LINK_MINUTES = 30
WINDOW = dt.timedelta(minutes=15)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_parent() -> str | None:
    """The signed-in family member's identity (`email:<address>` or `phone:<number>`), from a live
    server-side session; None when signed out, ended or expired."""
    if "portal_identity" in g:
        return g.portal_identity
    config = services().config
    token = session.get("portal_sid")
    row = accounts.live_session(db_session(), token if isinstance(token, str) else None, "parent",
                                idle=dt.timedelta(minutes=config.session_idle_minutes))  # fmt: skip
    g.portal_identity = row.subject if row is not None else None
    return g.portal_identity


def parent_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_parent() is None:
            return redirect(url_for("portal.sign_in"))
        return view(*args, **kwargs)

    return wrapper


def _contacts() -> list[tuple[Contact, Child]]:
    """The signed-in person's contacts the portal admits (parents, carers, the young person from 16,
    or an explicit grant): the one place the portal decides whose children it shows."""
    identity = current_parent()
    return portal_contacts(db_session(), identity, clock.today()) if identity else []


def _children_for() -> list[Child]:
    seen: dict[int, Child] = {}
    for _contact, child in _contacts():
        seen.setdefault(child.id, child)
    return list(seen.values())


def _contact_for(child_id: int) -> Contact | None:
    return next((contact for contact, child in _contacts() if child.id == child_id), None)


def _child_for_parent(child_id: int) -> Child:
    """Another family's child is simply not found, whatever id is put in the URL."""
    contact = _contact_for(child_id)
    if contact is None:
        abort(404)
    return contact.child


def after_response(task) -> None:
    """Run `task` off the request thread once the answer is ready (the same answer, in the same time,
    whether or not a link or code is sent); a failure is logged without personal data."""

    def run() -> None:
        try:
            task()
        except Exception as exc:
            log_error(log, "portal sign-in message not written", exc)

    later = services().later

    @after_this_request
    def _later(response):
        later(run)
        return response


def start_parent_session(identity: str) -> None:
    """Sign a family member in (after a one-time link or code): a new server-side session."""
    s = db_session()
    old = session.get("portal_sid")
    accounts.end_session(s, old if isinstance(old, str) else None, "signed_in_again")
    session.clear()
    lifetime = dt.timedelta(hours=services().config.parent_session_hours)
    session["portal_sid"] = accounts.start_session(s, "parent", lifetime=lifetime, subject=identity)
    session.permanent = True
    g.pop("portal_identity", None)
    s.commit()


# --- sign in by link ------------------------------------------------------------------------------


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        if not valid_email(email):
            errors.add("email", "Enter the email address the council has for you, like name@example.com")
        else:
            s = db_session()
            allowed = ratelimit.hit(s, ratelimit.key_for("portal-email", email), 3, WINDOW) and ratelimit.hit(
                s, ratelimit.key_for("portal-ip", request.remote_addr or ""), 20, WINDOW
            )
            if not allowed:
                errors.add("email", "You have asked for too many links. Wait 15 minutes and try again")
            else:
                # the same answer, in the same time, whether or not we hold the address: the link is
                # looked for and sent after the response has gone (no account discovery by timing)
                after_response(functools.partial(_send_link, services(), email))
                return render_template("portal_check_email.html", errors=None, email=email)
    return render_template("portal_sign_in.html", errors=errors.summary(), form_errors=errors, email=email), (
        400 if errors else 200
    )


def _send_link(svc, email: str) -> None:
    """Write (and dispatch) a one-time link to the address, if a family contact the portal admits
    has it. Runs after the response, with its own database session."""
    with svc.session_factory() as s:
        found = portal_contacts(s, f"email:{email}", clock.today())
        if not found:
            return
        contact = found[0][0]
        token = secrets.token_urlsafe(32)
        now = clock.now()
        row_id = s.execute(
            insert(PortalToken.__table__)
            .values(email_normalised=email, token_hash=_hash(token), created_at=now,
                    expires_at=now + dt.timedelta(minutes=LINK_MINUTES))
            .returning(PortalToken.__table__.c.id)
        ).scalar_one()  # fmt: skip
        # the token travels in the query string, which access logs leave out, and is exchanged for a
        # clean URL on first use
        link = f"{svc.config.base_url.rstrip('/')}/portal/sign-in/link?{urlencode({'token': token})}"
        ids = outbox.add(
            s.connection(),
            [
                Message(
                    dedupe_key=f"portal:{row_id}",
                    recipient=contact.email,
                    recipient_kind="contact",
                    channel="email",
                    template="portal_sign_in.email",
                    personalisation={"contact_name": contact.name, "link": link, "minutes": str(LINK_MINUTES)},
                )
            ],
        )
        s.commit()
    svc.dispatch(ids)


def _link_problem(row: PortalToken | None) -> tuple[str, int] | None:
    if row is None:
        return "This link is not valid.", 404
    if row.used_at is not None:
        return "This link has already been used.", 410
    if row.expires_at < clock.now():
        return "This link has expired.", 410
    return None


def _dead_link(why: str, status: int):
    return render_template("message.html", heading="This sign-in link does not work",
                           text=f"{why} Ask for a new link from the sign-in page.", errors=None), status  # fmt: skip


@bp.get("/sign-in/link")
@bp.get("/sign-in/<token>")
def use_link(token: str | None = None):
    """The emailed link: its token is kept in the session and the browser is sent on to a clean URL,
    so the token is not left in the address bar, the history or the access logs."""
    token = (token or request.args.get("token", ""))[:100]
    row = db_session().execute(select(PortalToken).where(PortalToken.token_hash == _hash(token))).scalar_one_or_none()
    problem = _link_problem(row)
    if problem:
        return _dead_link(*problem)
    session["portal_link"] = token
    return redirect(url_for("portal.confirm_link"))


@bp.route("/sign-in/confirm", methods=["GET", "POST"])
def confirm_link():
    """A button, so that a mail scanner opening the link does not use it up."""
    token = session.get("portal_link")
    s = db_session()
    row = None
    if isinstance(token, str):
        row = s.execute(select(PortalToken).where(PortalToken.token_hash == _hash(token))).scalar_one_or_none()
    problem = _link_problem(row)
    if problem:
        return _dead_link(*problem)
    if request.method == "GET":
        return render_template("portal_confirm.html", errors=None)
    used = s.execute(
        update(PortalToken.__table__)
        .where(PortalToken.__table__.c.id == row.id, PortalToken.__table__.c.used_at.is_(None))
        .values(used_at=clock.now())
    ).rowcount
    s.commit()
    if used != 1:
        return _dead_link("This link has already been used.", 410)
    start_parent_session(f"email:{row.email_normalised}")
    return redirect(url_for("portal.home"))


@bp.get("/sign-out")
def sign_out_page():
    return render_template("sign_out.html", errors=None, action=url_for("portal.sign_out"))


@bp.post("/sign-out")
def sign_out():
    token = session.get("portal_sid")
    accounts.end_session(db_session(), token if isinstance(token, str) else None, "signed_out")
    db_session().commit()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("portal.sign_in"))
