"""Signing in to the parent portal with a code sent by text message, for families without email.

The family types the mobile number the council holds; if a contact has it, a 6-digit code goes to it
by text (only its hash is stored: it works once, for 10 minutes, and dies after 5 wrong tries). The
answer is the same, in the same time, whether or not the number is known (the code is looked for and
sent after the response has gone). Once signed in, the session's identity is `phone:<number>`, and
`portal.py` decides, as for an email address, which children that family member sees."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets

from flask import redirect, render_template, request, session, url_for
from sqlalchemy import insert, select, update

from casework import clock
from casework.models import PortalCode
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.request_scope import db_session, services
from casework.web import ratelimit
from casework.web.forms import FormErrors
from casework.web.portal import after_response, bp, start_parent_session
from casework.workflow.families import normalise_phone
from casework.workflow.portal_access import portal_contacts

CODE_MINUTES = 10
MAX_TRIES = 5
WINDOW = dt.timedelta(minutes=15)
codes_t = PortalCode.__table__


def _hash(secret_key: str, phone: str, code: str) -> str:
    return hmac.new(secret_key.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


@bp.route("/sign-in/text", methods=["GET", "POST"])
def sign_in_text():
    errors = FormErrors()
    phone = ""
    if request.method == "POST":
        phone = request.form.get("phone", "").strip()[:32]
        try:
            e164 = normalise_phone(phone)
        except ValueError:
            errors.add("phone", "Enter the mobile phone number the council has for you, like 07700 900 982")
        else:
            s = db_session()
            allowed = ratelimit.hit(s, ratelimit.key_for("portal-phone", e164), 3, WINDOW) and ratelimit.hit(
                s, ratelimit.key_for("portal-ip", request.remote_addr or ""), 20, WINDOW
            )
            if not allowed:
                errors.add("phone", "You have asked for too many codes. Wait 15 minutes and try again")
            else:
                after_response(functools.partial(_send_code, services(), e164))
                session["code_phone"] = e164  # which number the code page checks (not in the URL)
                return redirect(url_for("portal.enter_code"))
    return render_template("portal_sign_in_text.html", errors=errors.summary(), form_errors=errors, phone=phone), (
        400 if errors else 200
    )


def _send_code(svc, phone: str) -> None:
    """Write (and dispatch) a code to the number, if a family contact the portal admits has it. Runs
    after the response, with its own database session."""
    with svc.session_factory() as s:
        if not portal_contacts(s, f"phone:{phone}", clock.today()):
            return  # the same answer either way: no account discovery
        code = f"{secrets.randbelow(1_000_000):06d}"
        now = clock.now()
        row_id = s.execute(
            insert(codes_t)
            .values(phone_e164=phone, code_hash=_hash(svc.config.secret_key, phone, code), created_at=now,
                    expires_at=now + dt.timedelta(minutes=CODE_MINUTES), tries=0)
            .returning(codes_t.c.id)
        ).scalar_one()  # fmt: skip
        ids = outbox.add(
            s.connection(),
            [
                Message(
                    dedupe_key=f"portal-code:{row_id}",
                    recipient=phone,
                    recipient_kind="contact",
                    channel="sms",
                    template="portal_sign_in_code.sms",
                    personalisation={"code": code, "minutes": str(CODE_MINUTES)},
                )
            ],
        )
        s.commit()
    svc.dispatch(ids)


@bp.route("/sign-in/code", methods=["GET", "POST"])
def enter_code():
    phone = session.get("code_phone")
    if phone is None:
        return redirect(url_for("portal.sign_in_text"))
    errors = FormErrors()
    if request.method == "POST":
        code = "".join(request.form.get("code", "").split())
        if not (code.isdigit() and len(code) == 6):
            errors.add("code", "Enter the 6-digit code from the text message")
        elif _use(phone, code):
            start_parent_session(f"phone:{phone}")
            return redirect(url_for("portal.home"))
        else:
            errors.add(
                "code", "The code is not right, or it has expired. Check the text message, or ask for a new code"
            )
    return render_template("portal_enter_code.html", errors=errors.summary(), form_errors=errors), (
        400 if errors else 200
    )


def _use(phone: str, code: str) -> bool:
    """Check the newest live code for the number; every try counts, and a used code is dead."""
    s = db_session()
    now = clock.now()
    row = s.execute(
        select(PortalCode)
        .where(PortalCode.phone_e164 == phone, PortalCode.used_at.is_(None), PortalCode.expires_at >= now)
        .order_by(PortalCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None or row.tries >= MAX_TRIES:
        return False
    right = hmac.compare_digest(row.code_hash, _hash(services().config.secret_key, phone, code))
    used = (
        s.execute(
            update(codes_t)
            .where(codes_t.c.id == row.id, codes_t.c.used_at.is_(None), codes_t.c.tries == row.tries)
            .values(tries=row.tries + 1, used_at=now if right else None)
        ).rowcount
        == 1
    )
    s.commit()
    return right and used
