"""Managers' account controls: a staff member's account (disable a leaver, enable again, let a
locked-out colleague sign in again, end their sessions, see and revoke their API tokens), and a
child's access history (who opened the record, when, what). Every action is audited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import Child, Staff, UserSession
from casework.request_scope import db_session
from casework.web import auth
from casework.web.auth import current_staff, staff_required
from casework.web.staff import bp, staff_actor
from casework.workflow import accounts
from casework.workflow.audit import audit, history
from casework.workflow.errors import WorkflowError


def _manager() -> Staff:
    staff = current_staff()
    if not staff.is_manager:
        abort(403)
    return staff


def _member(staff_id: int) -> Staff:
    member = db_session().get(Staff, staff_id)
    if member is None:
        abort(404)
    return member


@bp.get("/staff/<id:staff_id>/account", endpoint="account")
@staff_required
def account(staff_id: int):
    _manager()
    s = db_session()
    member = _member(staff_id)
    open_sessions = s.execute(
        select(UserSession).where(UserSession.staff_id == staff_id, UserSession.ended_at.is_(None),
                                  UserSession.expires_at > clock.now())
        .order_by(UserSession.id.desc())
    ).scalars().all()  # fmt: skip
    return render_template(
        "staff_account.html", errors=None, member=member, tokens=accounts.tokens_of(s, staff_id),
        sessions=open_sessions, history=history(s.connection(), "staff", staff_id, limit=50), now=clock.now(),
    )  # fmt: skip


@bp.post("/staff/<id:staff_id>/account", endpoint="account_action")
@staff_required
def account_action(staff_id: int):
    manager = _manager()
    s = db_session()
    member = _member(staff_id)
    action = request.form.get("action", "")
    actor = staff_actor()
    try:
        if action == "disable":
            if member.id == manager.id:
                raise WorkflowError("You cannot disable your own account.")
            accounts.disable(
                s, member, actor=actor, reason=request.form.get("reason", "").strip() or "disabled by a manager"
            )
            message = (
                f"{member.name}'s account is disabled: their sessions have ended and their API tokens are revoked."
            )
        elif action == "enable":
            accounts.enable(s, member, actor=actor)
            message = f"{member.name}'s account is enabled."
        elif action == "unlock":
            auth.unlock(s, member.email)
            audit(s.connection(), actor, "sign_in_unlocked", "staff", member.id)
            message = f"{member.name} can try to sign in again now."
        elif action == "end_sessions":
            ended = accounts.end_staff_sessions(s, member.id, "ended_by_manager")
            audit(s.connection(), actor, "sessions_ended", "staff", member.id, sessions=ended)
            message = f"{ended} session(s) of {member.name} ended."
        elif action == "revoke_token" and request.form.get("token_id", "").isdigit():
            accounts.revoke_token(s, int(request.form["token_id"]), actor=actor, staff_id=member.id)
            message = "The API token is revoked."
        else:
            abort(400)
        s.commit()
    except WorkflowError as exc:
        s.rollback()
        flash(exc.message, "important")
        return redirect(url_for("staff.account", staff_id=staff_id))
    flash(message, "success")
    return redirect(url_for("staff.account", staff_id=staff_id))


@bp.get("/children/<id:child_id>/access", endpoint="access_history")
@staff_required
def access_history(child_id: int):
    """Who has opened this child's record, and what they did (managers)."""
    _manager()
    s = db_session()
    child = s.get(Child, child_id)
    if child is None:
        abort(404)
    rows = history(s.connection(), "child", child_id)
    names = dict(s.execute(select(Staff.id, Staff.name)).all())
    return render_template("access_history.html", errors=None, child=child, rows=rows, names=names)
