"""The parent portal's sign-in by email. Parents and young people sign in with a one-time link sent
to the email address the council holds (no passwords); families without email sign in with a code
sent by text (`portal_text.py`). The pages they then see are in `portal_pages.py`.

`parent_required` and `_child_for_parent` are the one place the portal checks who is asking by
email (`portal_text.py` has the same for a phone number): a child is found only through a contact
with the signed-in email address, so another family's child is simply "not found" (404), whatever
id is put in the URL."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from sqlalchemy import insert, select, update

from casework import clock
from casework.models import Child, Contact, PortalToken
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.request_scope import db_session, services
from casework.web import ratelimit
from casework.web.forms import FormErrors

bp = Blueprint("portal", __name__, url_prefix="/portal")
LINK_MINUTES = 30
WINDOW = dt.timedelta(minutes=15)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_parent() -> str | None:
    """The signed-in parent's (normalised) email address, or None."""
    return session.get("parent_email")


def parent_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_parent() is None:
            return redirect(url_for("portal.sign_in"))
        return view(*args, **kwargs)

    return wrapper


def _children_for(email: str) -> list[Child]:
    return list(
        db_session()
        .execute(
            select(Child)
            .join(Contact, Contact.child_id == Child.id)
            .where(Contact.email_normalised == email)
            .distinct()
            .order_by(Child.date_of_birth, Child.id)
        )
        .scalars()
    )


def _child_for_parent(child_id: int) -> Child:
    email = current_parent()
    child = (
        db_session()
        .execute(
            select(Child)
            .join(Contact, Contact.child_id == Child.id)
            .where(Child.id == child_id, Contact.email_normalised == email)
            .limit(1)
        )
        .scalar_one_or_none()
    )
    if child is None:
        abort(404)
    return child


# --- sign in by link ------------------------------------------------------------------------------


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        if "@" not in email or len(email) > 254:
            errors.add("email", "Enter the email address the council has for you, like name@example.com")
        else:
            s = db_session()
            allowed = ratelimit.hit(s, ratelimit.key_for("portal-email", email), 3, WINDOW) and ratelimit.hit(
                s, ratelimit.key_for("portal-ip", request.remote_addr or ""), 20, WINDOW
            )
            if not allowed:
                errors.add("email", "You have asked for too many links. Wait 15 minutes and try again")
            else:
                _send_link(email)
                # the same answer whether or not we hold the address (no account discovery)
                return render_template("portal_check_email.html", errors=None, email=email)
    return render_template("portal_sign_in.html", errors=errors.summary(), form_errors=errors, email=email), (
        400 if errors else 200
    )


def _send_link(email: str) -> None:
    s = db_session()
    contact = s.execute(select(Contact).where(Contact.email_normalised == email).limit(1)).scalar_one_or_none()
    if contact is None:
        return
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row_id = s.execute(
        insert(PortalToken.__table__)
        .values(
            email_normalised=email,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=LINK_MINUTES),
        )
        .returning(PortalToken.__table__.c.id)
    ).scalar_one()
    link = f"{services().config.base_url.rstrip('/')}{url_for('portal.use_link', token=token)}"
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
    services().dispatch(ids)


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
def use_link(token: str):
    s = db_session()
    row = s.execute(select(PortalToken).where(PortalToken.token_hash == _hash(token))).scalar_one_or_none()
    now = clock.now()
    if row is None or row.used_at is not None or row.expires_at < now:
        why = (
            "This link has already been used."
            if row is not None and row.used_at is not None
            else "This link has expired."
            if row is not None
            else "This link is not valid."
        )
        return render_template(
            "message.html",
            heading="This sign-in link does not work",
            text=f"{why} Ask for a new link from the sign-in page.",
            errors=None,
        ), 410 if row else 404
    if request.method == "GET":  # a button, so that a mail scanner opening the link does not use it up
        return render_template("portal_confirm.html", errors=None, token=token)
    used = s.execute(
        update(PortalToken.__table__)
        .where(PortalToken.__table__.c.id == row.id, PortalToken.__table__.c.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    s.commit()
    if used != 1:
        abort(410)
    session.clear()
    session.permanent = True
    session["parent_email"] = row.email_normalised
    return redirect(url_for("portal.home"))


@bp.get("/sign-out")
def sign_out_page():
    return render_template("sign_out.html", errors=None, action=url_for("portal.sign_out"))


@bp.post("/sign-out")
def sign_out():
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("portal.sign_in"))
