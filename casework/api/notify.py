"""GOV.UK Notify's delivery receipts: `POST /api/v1/notify/callback`, authenticated with the bearer
token set in Notify's callback settings (NOTIFY_CALLBACK_TOKEN), compared in constant time. Not a
staff endpoint: Notify is the caller. The receipt's `to` (the address) is neither stored nor logged."""

from __future__ import annotations

import hmac
import logging

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from casework.api import schemas
from casework.notifications import receipts
from casework.request_scope import db_session, services

log = logging.getLogger(__name__)
blp = Blueprint("notify", __name__, description="GOV.UK Notify's delivery receipts")


def require_notify() -> None:
    """Only GOV.UK Notify, with the token it was given: refused when none is configured."""
    expected = services().config.notify_callback_token
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    ok = (
        bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
    if not ok:
        abort(401, message="Not a recognised delivery receipt.", headers={"WWW-Authenticate": "Bearer"})


blp.before_request(require_notify)


@blp.route("/notify/callback")
class NotifyCallback(MethodView):
    @blp.doc(security=[{"notifyCallback": []}])
    @blp.arguments(schemas.NotifyReceiptIn)
    @blp.response(200, schemas.NotifyReceiptOut)
    @blp.alt_response(401, description="no or wrong callback token")
    def post(self, data: dict):
        """A delivery receipt from GOV.UK Notify: the final status of one message"""
        session = db_session()
        result = receipts.record(session.connection(), data)
        session.commit()
        log.info("delivery receipt for notification %s: %s (%s)", data["id"], data["status"], result)
        return {"result": result}
