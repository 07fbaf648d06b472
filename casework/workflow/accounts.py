"""Staff credentials: API tokens (only their sha256 is stored; the token is shown once) and
passwords for the pages (argon2). Used by the API, the pages and the `casework staff` commands."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# verified against when the email is unknown, so an unknown address takes as long as a known one
_DUMMY = _hasher.hash("not a real password: keeps timing equal for unknown emails")


def new_token() -> tuple[str, str]:
    """(token, its hash): give the token to the person once; store only the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Does the password match? Takes the same time whether or not there is a hash to check."""
    try:
        return bool(_hasher.verify(password_hash or _DUMMY, password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
