"""Who is asking. Staff send `Authorization: Bearer <token>`; only the token's sha256 is stored, and a
token must be live (not revoked or expired) and its account not disabled."""

from __future__ import annotations

from flask import g, request
from flask_smorest import abort

from casework.models import Staff
from casework.request_scope import db_session
from casework.workflow.accounts import staff_for_token
from casework.workflow.context import Actor


def current_staff() -> Staff:
    staff = g.get("staff")
    if staff is not None:
        return staff
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(
            401,
            message="Sign in: send your API token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    staff = staff_for_token(db_session(), token.strip()[:200])
    if staff is None:
        abort(
            401,
            message="That API token is not recognised, has expired or was revoked. Ask an administrator for a new one.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if staff.is_auditor:  # partner agencies' auditors use their audit pages only
        abort(403, message="Auditors' accounts cannot use the API.")
    g.staff = staff
    return staff


def require_staff() -> None:
    """before_request for every API blueprint: no anonymous access to anything."""
    current_staff()


def require_manager() -> Staff:
    staff = current_staff()
    if not staff.is_manager:
        abort(403, message="Only managers can do this.")
    return staff


def actor() -> Actor:
    staff = current_staff()
    return Actor("staff", staff.id, staff.role)
