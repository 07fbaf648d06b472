"""Who is asking. Staff send `Authorization: Bearer <token>`; the token's sha256 is stored."""

from __future__ import annotations

from flask import g, request
from flask_smorest import abort
from sqlalchemy import select

from casework.models import Staff
from casework.request_scope import db_session
from casework.workflow.accounts import hash_token, new_token
from casework.workflow.context import Actor

__all__ = ["actor", "current_staff", "hash_token", "new_token", "require_manager", "require_staff"]


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
    staff = (
        db_session().execute(select(Staff).where(Staff.token_hash == hash_token(token.strip()))).scalar_one_or_none()
    )
    if staff is None:
        abort(
            401,
            message="That API token is not recognised. Ask an administrator for a new one.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
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
