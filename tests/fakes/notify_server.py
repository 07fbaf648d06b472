"""A tiny fake of the GOV.UK Notify API (v2), served over real HTTP on 127.0.0.1 so that the real
`notifications-python-client` talks to it. Tests must never reach the real Notify.

It implements what casework uses:
- POST /v2/notifications/email | sms | letter -> 201 with Notify's response shape
- GET  /v2/notifications?reference=...&template_type=... -> {"notifications": [...], "links": {...}}

Every request is recorded (method, path, query, JSON body, whether an Authorization header was sent
and whether its JWT verifies with the fake's API key). Responses can be programmed: ``respond(500)``
makes the next send answer 500; ``respond(201, delay=1)`` accepts the next send but answers late (a
client timeout after Notify took the message); ``respond(500, accept=True)`` takes the message and
still answers 500.

Delivery receipts: with ``callback_url`` and ``callback_token`` set (as a service sets them in Notify's
API integration settings), ``send_receipts(status)`` calls back the way Notify does once notifications
reach a final status: one POST per notification with ``Authorization: Bearer <token>`` and Notify's
callback body (id, reference, to, status, created_at, completed_at, sent_at, notification_type).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import jwt
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"casework_test-{SERVICE_ID}-{SECRET}"  # the shape Notify shows: <name>-<service id>-<secret>

ERROR_NAMES = {
    400: "BadRequestError",
    401: "AuthError",
    403: "AuthError",
    404: "NotFoundError",
    429: "RateLimitError",
    500: "Exception",
    503: "Exception",
}


def notify_error(status: int, message: str, error: str | None = None) -> dict[str, Any]:
    """An error body in Notify's shape."""
    return {"status_code": status, "errors": [{"error": error or ERROR_NAMES.get(status, "Error"), "message": message}]}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    auth_header: bool
    authorised: bool

    @property
    def kind(self) -> str:
        if self.method == "POST" and self.path.startswith("/v2/notifications/"):
            return self.path.rsplit("/", 1)[1]  # email | sms | letter
        if self.method == "GET" and self.path == "/v2/notifications":
            return "lookup"
        return "other"


@dataclass
class Programmed:
    status: int
    body: Any = None
    accept: bool = False  # record the notification as accepted even though the status is an error
    delay: float = 0.0  # seconds to wait before answering (after accepting)
    to: str = "send"  # "send" (POSTs) or "lookup" (GET /v2/notifications)


@dataclass
class FakeNotify:
    api_key: str = API_KEY
    host: str = "127.0.0.1"
    requests: list[Recorded] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)  # accepted, Notify's GET shape
    callback_url: str | None = None  # where delivery receipts go (the service's callback URL)
    callback_token: str | None = None  # the bearer token they carry

    def __post_init__(self) -> None:
        self._queue: deque[Programmed] = deque()
        self._lock = threading.Lock()
        self._server = None
        self._thread: threading.Thread | None = None
        self.secret = self.api_key[-36:]
        self.service_id = self.api_key[-73:-37]

    # -- control -----------------------------------------------------------------------------

    def start(self) -> FakeNotify:
        self._server = make_server(self.host, 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-notify", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeNotify:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://{self.host}:{self._server.server_port}"

    def respond(
        self, status: int, body: Any = None, *, accept: bool = False, delay: float = 0.0, to: str = "send"
    ) -> None:
        """Program the next response to a send (or, with to="lookup", to a look-up). A 2xx status with
        no body accepts the message as usual. Queued responses are used in order."""
        with self._lock:
            self._queue.append(Programmed(status, body, accept, delay, to))

    def fail(
        self, status: int, message: str = "Internal server error", *, to: str = "send", accept: bool = False
    ) -> None:
        self.respond(status, notify_error(status, message), to=to, accept=accept)

    def send_receipts(
        self, status: str = "delivered", *, reference: str | None = None, token: str | None = None
    ) -> list[int]:
        """Move the accepted notifications (those with `reference`, or all) to a final `status` and
        call back for each, as Notify does. Returns the HTTP status of each callback."""
        import requests

        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self._lock:
            chosen = [n for n in self.notifications if reference is None or n["reference"] == reference]
            for n in chosen:
                n.update(status=status, sent_at=n["sent_at"] or now, completed_at=now)
            bodies = [
                {
                    "id": n["id"],
                    "reference": n["reference"],
                    "to": n["email_address"] or n["phone_number"] or n["line_1"],
                    "status": status,
                    "created_at": n["created_at"],
                    "completed_at": n["completed_at"],
                    "sent_at": n["sent_at"],
                    "notification_type": n["type"],
                }
                for n in chosen
            ]
        headers = {"Authorization": f"Bearer {token or self.callback_token}"}
        assert self.callback_url, "set callback_url (the service's callback URL) first"
        return [requests.post(self.callback_url, json=body, headers=headers, timeout=10).status_code for body in bodies]

    @property
    def sends(self) -> list[Recorded]:
        return [r for r in self.requests if r.kind in ("email", "sms", "letter")]

    @property
    def lookups(self) -> list[Recorded]:
        return [r for r in self.requests if r.kind == "lookup"]

    # -- the HTTP API ------------------------------------------------------------------------

    def _next(self, to: str) -> Programmed | None:
        with self._lock:
            for item in self._queue:
                if item.to == to:
                    self._queue.remove(item)
                    return item
        return None

    def _authorised(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        try:
            claims = jwt.decode(header[7:], self.secret, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.PyJWTError:
            return False
        return claims.get("iss") == self.service_id

    def _wsgi(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        body = request.get_json(silent=True) if request.method == "POST" else None
        header = request.headers.get("Authorization")
        record = Recorded(
            request.method, request.path, dict(request.args), body, header is not None, self._authorised(header)
        )
        with self._lock:
            self.requests.append(record)
        response = self._answer(record, request)
        return response(environ, start_response)

    @staticmethod
    def _json(status: int, body: Any) -> Response:
        return Response(json.dumps(body), status=status, content_type="application/json")

    def _answer(self, record: Recorded, request: Request) -> Response:
        if not record.auth_header:
            return self._json(401, notify_error(401, "Unauthorized: authentication token must be provided"))
        if not record.authorised:
            return self._json(403, notify_error(403, "Invalid token: API key not found"))
        if record.kind == "lookup":
            programmed = self._next("lookup")
            if programmed is not None:
                time.sleep(programmed.delay)
                return self._json(programmed.status, programmed.body if programmed.body is not None else {})
            return self._json(200, self._lookup(request))
        if record.kind in ("email", "sms", "letter"):
            return self._send(record.kind, record.json or {}, request)
        return self._json(404, notify_error(404, "Not Found"))

    def _lookup(self, request: Request) -> dict[str, Any]:
        reference = request.args.get("reference")
        kind = request.args.get("template_type")
        with self._lock:
            found = [
                n
                for n in self.notifications
                if (reference is None or n["reference"] == reference) and (kind is None or n["type"] == kind)
            ]
        return {
            "notifications": list(reversed(found)),
            "links": {"current": f"{self.url}/v2/notifications?{request.query_string.decode()}"},
        }

    def _send(self, kind: str, data: dict[str, Any], request: Request) -> Response:
        problem = self._validate(kind, data)
        if problem:  # Notify validates before anything else
            return self._json(400, notify_error(400, problem, "ValidationError"))
        programmed = self._next("send")
        ok = programmed is None or 200 <= programmed.status < 300
        created = self._accept(kind, data) if ok or programmed.accept else None
        if programmed is not None:
            time.sleep(programmed.delay)
            if programmed.body is not None or not ok:
                return self._json(programmed.status, programmed.body if programmed.body is not None else {})
        return self._json(201, self._created_body(kind, created))

    @staticmethod
    def _validate(kind: str, data: dict[str, Any]) -> str | None:
        if kind == "letter" and "content" in data:  # a precompiled letter: a PDF and a reference
            if not data.get("reference"):
                return "reference is a required property"
            try:
                pdf = base64.b64decode(data["content"], validate=True)
            except ValueError:
                return "Cannot decode letter content"
            return None if pdf.startswith(b"%PDF-") else "Letter content is not a valid PDF"
        if not data.get("template_id"):
            return "template_id is a required property"
        if kind == "email" and not data.get("email_address"):
            return "email_address is a required property"
        if kind == "sms" and not data.get("phone_number"):
            return "phone_number is a required property"
        if kind == "letter":
            p = data.get("personalisation") or {}
            keys = [f"address_line_{n}" for n in range(1, 7)] + (
                ["address_line_7"] if "address_line_7" in p else ["postcode"]
            )
            lines = [str(p.get(k) or "").strip() for k in keys]
            if len([line for line in lines if line]) < 3:
                return "Address must be at least 3 lines"
        return None

    def _accept(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        p = data.get("personalisation") or {}
        template_id = data.get("template_id") or "precompiled"
        notification = {
            "id": str(uuid.uuid4()),
            "reference": data.get("reference"),
            "email_address": data.get("email_address"),
            "phone_number": data.get("phone_number"),
            **{f"line_{n}": p.get(f"address_line_{n}") if kind == "letter" else None for n in range(1, 7)},
            "postcode": (p.get("address_line_7") or p.get("postcode")) if kind == "letter" else None,
            "type": kind,
            "status": "accepted" if kind == "letter" else "created",
            "template": {"id": template_id, "version": 1, "uri": f"{self.url}/v2/template/{template_id}/version/1"},
            "body": str(p.get("body") or json.dumps(p, sort_keys=True)),
            "subject": None if kind == "sms" else str(p.get("subject") or "Fake subject"),
            "created_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "created_by_name": None,
            "sent_at": None,
            "completed_at": None,
            "scheduled_for": None,
            "postage": (data.get("postage") or "second") if kind == "letter" else None,
            "one_click_unsubscribe_url": None,
            "precompiled_pdf": base64.b64decode(data["content"]) if "content" in data else None,
        }
        with self._lock:
            self.notifications.append(notification)
        return notification

    def _created_body(self, kind: str, n: dict[str, Any]) -> dict[str, Any]:
        if kind == "email":
            content = {
                "subject": n["subject"],
                "body": n["body"],
                "from_email": "send.team@notifications.service.gov.uk",
                "one_click_unsubscribe_url": None,
            }
        elif kind == "sms":
            content = {"body": n["body"], "from_number": "GOVUK"}
        else:
            content = {"subject": n["subject"], "body": n["body"]}
        body = {
            "id": n["id"],
            "reference": n["reference"],
            "content": content,
            "uri": f"{self.url}/v2/notifications/{n['id']}",
            "template": n["template"],
            "scheduled_for": None,
        }
        if kind == "letter":
            body["postage"] = n["postage"]
        return body
