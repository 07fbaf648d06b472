"""GOV.UK Notify: email, text messages and letters."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from casework.channels.base import PermanentFailure, TemporaryFailure, address_lines, reference_for, scrub

log = logging.getLogger(__name__)

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
NOTIFY_TIMEOUT = 10.0  # seconds per HTTP request (the client's own default is 30)
# Notify statuses after which the message is not (and will not be) on its way: sending again is right.
_NOTIFY_NOT_SENT = frozenset({"technical-failure", "validation-failed"})

_KEY_SHAPE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    re.IGNORECASE,
)


class NotifyChannel:
    """Sends email, text messages and letters through GOV.UK Notify.

    Template: ``config.notify_template_ids[row.template]`` (the row's own personalisation is sent), else
    the generic template for the channel, which has ``((subject))`` and ``((body))`` placeholders (texts:
    ``((body))`` only). Every message carries the row's reference (``<prefix>-outbox-<id>``); a retry first
    asks Notify for that reference and does not send again if an earlier attempt got through (Notify has no idempotency key).

    The API client is built once per channel and thread (the client is documented as not thread-safe).
    """

    def __init__(
        self,
        config: Any,
        *,
        timeout: float = NOTIFY_TIMEOUT,
        send_time_values: Callable[[Any], dict[str, Any]] | None = None,
    ):
        key = (config.notify_api_key or "").strip()
        if not _KEY_SHAPE.search(key):
            # never echo the key
            raise ValueError(
                "NOTIFY_API_KEY is not a GOV.UK Notify API key "
                "(expected <key name>-<service id>-<secret key>, as Notify shows it)"
            )
        self._api_key = key
        self.base_url = config.notify_base_url or NOTIFY_BASE_URL
        self.timeout = timeout
        self.template_ids: dict[str, str] = dict(config.notify_template_ids or {})
        self.generic_template_ids: dict[str, str | None] = {
            "email": config.notify_email_template_id,
            "sms": config.notify_sms_template_id,
            "letter": config.notify_letter_template_id,
        }
        self._local = threading.local()
        _ = self.client  # build it now, once
        # what the text templates get besides the stored values: those minted at sending time
        self._send_time_values = send_time_values or (lambda row: {})

    @property
    def client(self) -> NotificationsAPIClient:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = NotificationsAPIClient(
                self._api_key, base_url=self.base_url, timeout=self.timeout
            )
        return client

    def has_template(self, row: Any) -> bool:
        """Is a Notify template configured for this row (its own, or the channel's generic one)?"""
        return bool(self.template_ids.get(self._template_key(row)) or self.generic_template_ids.get(row.channel))

    # -- templates --------------------------------------------------------------------------

    def _template_key(self, row: Any) -> str:
        """The key in NOTIFY_TEMPLATE_IDS for this row. Letters reuse the email wording
        ("family_x.email"), but a Notify email template cannot send a letter, so a letter looks for
        "family_x.letter"."""
        stem, _, suffix = row.template.rpartition(".")
        if stem and suffix != row.channel and row.channel == "letter":
            return f"{stem}.letter"
        return row.template

    def _template(self, row: Any, subject: str, body: str) -> tuple[str, dict[str, Any]]:
        key = self._template_key(row)
        specific = self.template_ids.get(key)
        if specific:
            # what the text templates get: the stored values plus those minted at sending time
            return specific, {**(row.personalisation or {}), **self._send_time_values(row)}
        generic = self.generic_template_ids.get(row.channel)
        if generic:
            if row.channel == "sms":
                return generic, {"body": body}
            return generic, {"subject": subject, "body": body}
        setting = f"NOTIFY_{row.channel.upper()}_TEMPLATE_ID"
        raise PermanentFailure(
            f"GOV.UK Notify has no template for {key!r}: set {setting} (a generic {row.channel} template "
            f"with ((subject)) and ((body))) or add {key!r} to NOTIFY_TEMPLATE_IDS"
        )

    @staticmethod
    def _letter_address(row: Any) -> dict[str, str]:
        """address_line_1..7 as Notify wants them: 3 to 7 lines, the last a UK postcode (or a country).
        As Notify's own PostalAddress does, the last line goes in address_line_7 and postcode."""
        lines = address_lines(row.recipient)
        if not 3 <= len(lines) <= 7:
            raise PermanentFailure(
                f"{reference_for(row)}: a letter address needs 3 to 7 lines, the last a postcode "
                f"(this one has {len(lines)})"
            )
        personalisation = {f"address_line_{n}": "" for n in range(1, 7)}
        personalisation.update({f"address_line_{n}": line for n, line in enumerate(lines[:-1], start=1)})
        personalisation["address_line_7"] = personalisation["postcode"] = lines[-1]
        return personalisation

    # -- sending ----------------------------------------------------------------------------

    def __call__(self, row: Any, subject: str, body: str) -> str | None:
        """Send the row; returns Notify's notification id (of this send, or of the earlier attempt
        that Notify already holds)."""
        reference = reference_for(row)
        if row.channel not in ("email", "sms", "letter"):
            raise PermanentFailure(f"{reference}: GOV.UK Notify cannot send channel {row.channel!r}")
        template_id, personalisation = self._template(row, subject, body)
        if row.channel == "letter":
            personalisation = {**personalisation, **self._letter_address(row)}
        if (row.attempts or 0) > 1:
            earlier = self._already_accepted(row, reference)
            if earlier is not None:
                log.info("%s was accepted by GOV.UK Notify on an earlier attempt; not sending it again", reference)
                return earlier
        try:
            if row.channel == "email":
                response = self.client.send_email_notification(
                    row.recipient, template_id, personalisation=personalisation, reference=reference
                )
            elif row.channel == "sms":
                response = self.client.send_sms_notification(
                    row.recipient, template_id, personalisation=personalisation, reference=reference
                )
            else:
                response = self.client.send_letter_notification(template_id, personalisation, reference=reference)
        except APIError as exc:
            raise self._failure(exc, row, "send") from None
        notification_id = (response or {}).get("id") if isinstance(response, Mapping) else None
        return str(notification_id) if notification_id else None

    def send_precompiled_letter(self, row: Any, pdf: bytes, postage: str = "second") -> str | None:
        """A letter the product wrote and rendered itself (its address is printed in the PDF's window),
        sent as GOV.UK Notify's precompiled letter, with the outbox reference; a retry first looks the
        reference up, as for every message."""
        import io

        reference = reference_for(row)
        if (row.attempts or 0) > 1:
            earlier = self._already_accepted(row, reference)
            if earlier is not None:
                log.info("%s was accepted by GOV.UK Notify on an earlier attempt; not sending it again", reference)
                return earlier
        try:
            response = self.client.send_precompiled_letter_notification(reference, io.BytesIO(pdf), postage=postage)
        except APIError as exc:
            raise self._failure(exc, row, "send") from None
        notification_id = (response or {}).get("id") if isinstance(response, Mapping) else None
        return str(notification_id) if notification_id else None

    def _already_accepted(self, row: Any, reference: str) -> str | None:
        """Does Notify already hold this message (an earlier attempt that timed out, or whose answer
        was lost)? Its id (or "" if it has none), else None. A failed look-up is a temporary failure:
        never send blind."""
        try:
            found = self.client.get_all_notifications(reference=reference, template_type=row.channel)
        except APIError as exc:
            raise self._failure(exc, row, "look-up") from None
        for notification in (found or {}).get("notifications") or []:
            if (
                notification.get("reference") == reference
                and notification.get("type", row.channel) == row.channel
                and notification.get("status") not in _NOTIFY_NOT_SENT
            ):
                return str(notification.get("id") or "")
        return None

    @staticmethod
    def _failure(exc: APIError, row: Any, action: str) -> Exception:
        reference = reference_for(row)
        response = exc.response
        if response is None:  # no answer at all: refused connection, DNS, timeout
            cause = exc.__cause__
            what = "timed out" if isinstance(cause, requests.Timeout) else "no connection"
            return TemporaryFailure(
                f"GOV.UK Notify {action} for {reference}: {what} ({type(cause).__name__ if cause else 'error'})"
            )
        status = response.status_code
        messages = scrub(_notify_messages(exc), row)
        if status == 429 or status >= 500 or status < 400:
            return TemporaryFailure(f"GOV.UK Notify {action} for {reference} answered {status}: {messages}")
        # 400 (bad request, trial mode, invalid address), 403 (authentication) and other 4xx: no retry helps
        return PermanentFailure(f"GOV.UK Notify refused {reference} ({action}, HTTP {status}): {messages}")


def _notify_messages(exc: APIError) -> str:
    """Notify's error messages, e.g. 'BadRequestError: Can't send to this recipient using a team-only API key'."""
    try:
        message = exc.message
    except Exception:  # pragma: no cover - defensive: never let error formatting hide the failure
        return "no details"
    if isinstance(message, list):
        parts = []
        for item in message:
            if isinstance(item, Mapping):
                parts.append(": ".join(str(item[k]) for k in ("error", "message") if item.get(k)))
            else:
                parts.append(str(item))
        return "; ".join(p for p in parts if p) or "no details"
    return str(message or "no details")
