"""The parent portal. Parents and young people sign in with a one-time link sent to the email
address the council holds (no passwords). One sign-in shows all their children: where each case
is, what happens next and by when, their officer, which advice is in or late, and the plan and
review dates. They can add their views and send a document.

`parent_required` and `_child_for_parent` are the one place the portal checks who is asking: a
child is found only through a contact with the signed-in email address, so another family's
child is simply "not found" (404), whatever id is put in the URL."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from sqlalchemy import insert, select, update

from casework import clock
from casework.models import (
    AdviceRequest,
    Case,
    Child,
    Contact,
    FamilyContribution,
    Plan,
    PortalToken,
)
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.queries import advice_list, plan_dict
from casework.request_scope import db_session, services
from casework.web import labels, ratelimit, uploads
from casework.web.forms import FormErrors
from casework.workflow.engine import Actor
from casework.workflow.families import audit
from casework.workflow.kinds import KINDS

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


# --- the tracker ------------------------------------------------------------------------------------


@bp.get("/")
@parent_required
def home():
    children = _children_for(current_parent())
    s = db_session()
    summaries = []
    for child in children:
        case = s.execute(
            select(Case).where(Case.child_id == child.id).order_by(Case.is_open.desc(), Case.id.desc()).limit(1)
        ).scalar_one_or_none()
        summaries.append(
            {
                "child": child,
                "case": case,
                "stage": labels.state_name(case.kind, case.state) if case else "No open case",
            }
        )
    return render_template("portal_home.html", errors=None, summaries=summaries)


def _stage_timeline(case: Case) -> list[dict]:
    out = []
    current_found = False
    for stage in KINDS[case.kind].stages:
        name, explain = stage.name, stage.explain
        if case.state in stage.done_in:
            status = "done"
        elif not current_found and case.is_open:
            status = "current"
            current_found = True
        else:
            status = "to come" if case.is_open else "not needed"
        out.append({"name": name, "explain": explain, "status": status})
    return out


@bp.get("/children/<id:child_id>")
@parent_required
def child_page(child_id: int):
    child = _child_for_parent(child_id)
    s = db_session()
    today = clock.today()
    cases = (
        s.execute(select(Case).where(Case.child_id == child.id).order_by(Case.is_open.desc(), Case.id.desc()))
        .scalars()
        .all()
    )
    views = []
    for case in cases:
        deadlines = {d.key: d for d in case.deadlines}
        nxt = deadlines.get(case.next_due_key) if case.next_due_key else None
        advice = advice_list(s, AdviceRequest.case_id == case.id, today)
        views.append(
            {
                "case": case,
                "stages": _stage_timeline(case),
                "next_step": KINDS[case.kind].next_step.get(case.state, ""),
                "next_deadline": nxt,
                "next_label": labels.deadline_label(case.kind, nxt.key) if nxt else "",
                "advice": advice,
                "officer": case.officer,
                "days_late": {
                    a["id"]: (today - a["due_on"]).days
                    for a in advice
                    if a["status"] == "overdue" and a["due_on"] is not None
                },
            }
        )
    plan = s.execute(
        select(Plan).where(Plan.child_id == child.id, Plan.status == "active").order_by(Plan.id.desc()).limit(1)
    ).scalar_one_or_none()
    contributions = (
        s.execute(
            select(FamilyContribution)
            .where(FamilyContribution.child_id == child.id)
            .order_by(FamilyContribution.id.desc())
        )
        .scalars()
        .all()
    )
    return render_template(
        "portal_child.html",
        errors=None,
        child=child,
        views=views,
        today=today,
        plan=plan_dict(plan, child, services().config.statutory, today) if plan else None,
        contributions=contributions,
        labels=labels,
    )


@bp.route("/children/<id:child_id>/views", methods=["GET", "POST"])
@parent_required
def add_views(child_id: int):
    child = _child_for_parent(child_id)
    errors = FormErrors()
    text = ""
    if request.method == "POST":
        text = request.form.get("views", "").strip()[:20_000]
        upload = request.files.get("document")
        checked = None
        if upload and upload.filename:
            try:
                checked = uploads.check(upload.filename, upload.read(uploads.MAX_BYTES + 1))
            except ValueError as exc:
                errors.add("document", str(exc))
        if not text and not (upload and upload.filename):
            errors.add("views", "Write your views or choose a document to send")
        if not errors:
            s = db_session()
            stored = (
                uploads.store(Path(services().config.upload_dir) / "family", child.id, checked) if checked else None
            )
            contact = (
                s.execute(
                    select(Contact).where(Contact.child_id == child.id, Contact.email_normalised == current_parent())
                )
                .scalars()
                .first()
            )
            try:
                s.add(
                    FamilyContribution(
                        child_id=child.id,
                        contact_id=contact.id if contact else None,
                        text=text or None,
                        filename=checked.filename if checked else None,
                        content_type=checked.content_type if checked else None,
                        stored_as=stored,
                    )
                )
                s.flush()
                audit(
                    s.connection(),
                    Actor("parent", contact.id if contact else None),
                    "family_views_added",
                    "child",
                    child.id,
                )
                ids = _tell_officer(s, child)
                s.commit()
            except Exception:
                s.rollback()
                if stored:
                    (Path(services().config.upload_dir) / "family" / stored).unlink(missing_ok=True)
                raise
            services().dispatch(ids)
            flash("Thank you. Your case officer can now see what you sent.", "success")
            return redirect(url_for("portal.child_page", child_id=child.id))
    return render_template("portal_views.html", errors=errors.summary(), form_errors=errors, child=child, text=text), (
        400 if errors else 200
    )


def _tell_officer(s, child: Child) -> list[int]:
    case = s.execute(
        select(Case).where(Case.child_id == child.id, Case.is_open).order_by(Case.id.desc()).limit(1)
    ).scalar_one_or_none()
    if case is None or case.officer is None:
        return []
    count = s.execute(select(FamilyContribution.id).where(FamilyContribution.child_id == child.id)).all()
    return outbox.add(
        s.connection(),
        [
            Message(
                dedupe_key=f"family-views:{child.id}:{len(count)}",
                recipient=case.officer.email,
                recipient_kind="staff",
                channel="email",
                template="family_views_added_officer.email",
                personalisation={"officer_name": case.officer.name, "case_ref": f"EHC-{case.id}"},
                case_id=case.id,
            )
        ],
    )
