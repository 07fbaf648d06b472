"""Private links. A family's survey link is made the same way (its own salt: one survey). An advice-giver's link is a signed, expiring token scoped to one advice
request; it is minted when a message is sent (so each reminder or chase carries a fresh link)
and never stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

ADVICE_SALT = "casework.advice-link"
# the values filled in when a message is sent (`send_time_values`), never stored: a message's own
# values need not carry them (templates.check)
SEND_TIME_NAMES = frozenset({"portal_url", "advice_link", "team_line", "survey_link"})
ADVICE_LINK_DAYS = 90
SURVEY_SALT = "casework.survey-link"  # a survey's link opens that survey only (never an advice page)
SURVEY_LINK_DAYS = 60


class LinkError(Exception):
    """The link is not valid: `reason` says why, in words for the person holding it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=ADVICE_SALT)


def advice_token(secret: str, advice_id: int) -> str:
    return _serializer(secret).dumps({"advice_request_id": advice_id})


def advice_url(base_url: str, secret: str, advice_id: int) -> str:
    """The token goes in the query string: access logs leave query strings out, and the page
    exchanges it for a session and a clean URL on first use."""
    return f"{base_url.rstrip('/')}/advice/{advice_id}?{urlencode({'token': advice_token(secret, advice_id)})}"


def check_advice_token(secret: str, advice_id: int, token: str, max_age_days: int = ADVICE_LINK_DAYS) -> None:
    try:
        data = _serializer(secret).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired:
        raise LinkError("This link has expired. Please ask the SEND team for a new one.") from None
    except BadSignature:
        raise LinkError("This link is not valid. Please check you copied all of it.") from None
    if not isinstance(data, dict) or data.get("advice_request_id") != advice_id:
        raise LinkError("This link is for a different request.")


def _survey_serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SURVEY_SALT)


def survey_url(base_url: str, secret: str, survey_id: int) -> str:
    """A family's private link to one survey (one child, one event); like the advice link it is
    exchanged for a session and a clean URL when opened."""
    token = _survey_serializer(secret).dumps({"survey_id": survey_id})
    return f"{base_url.rstrip('/')}/survey/{survey_id}?{urlencode({'token': token})}"


def check_survey_token(secret: str, survey_id: int, token: str, max_age_days: int = SURVEY_LINK_DAYS) -> None:
    try:
        data = _survey_serializer(secret).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired:
        raise LinkError("This link has expired. Thank you for wanting to tell us what you think.") from None
    except BadSignature:
        raise LinkError("This link is not valid. Please check you copied all of it.") from None
    if not isinstance(data, dict) or data.get("survey_id") != survey_id:
        raise LinkError("This link is for a different survey.")


def send_time_values(config: Any) -> Callable[[Any], dict[str, Any]]:
    """Values filled in when a message is sent, never stored: the portal's address, how to reach the
    SEND team and, for an advice-giver, a fresh private link to their request (for a family asked
    for feedback, to their survey)."""
    portal = f"{config.base_url.rstrip('/')}/portal"
    team_line = config.team_line() if hasattr(config, "team_line") else "You can also contact the SEND team."

    def values(row: Any) -> dict[str, Any]:
        out = {"portal_url": portal, "team_line": team_line}
        advice_id = (row.personalisation or {}).get("advice_request_id")
        if advice_id is not None and row.recipient_kind == "provider":
            out["advice_link"] = advice_url(config.base_url, config.secret_key, int(advice_id))
        survey_id = (row.personalisation or {}).get("survey_id")
        if survey_id is not None and row.recipient_kind == "contact":
            out["survey_link"] = survey_url(config.base_url, config.secret_key, int(survey_id))
        return out

    return values
