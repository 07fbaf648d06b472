"""Who is asking. Staff send `Authorization: Bearer <token>`; the token's sha256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from flask import g, request
from flask_smorest import abort
from sqlalchemy import select

from casework.models import Staff
from casework.request_scope import db_session
from casework.workflow.engine import Actor


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    return Actor("staff", current_staff().id)
