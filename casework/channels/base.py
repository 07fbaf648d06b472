"""What every delivery channel shares: the send signature, the reference a message carries, postal
address lines, and scrubbing (errors and logs carry ids, never addresses or message content).

Every channel follows the outbox's contract (``outbox.deliver``): raise ``PermanentFailure`` when the
message can never go (bad address, refused, missing configuration) and ``TemporaryFailure`` when it
may go later (network, timeout, rate limit, server error). Errors name the outbox row
(``outbox-<id>``), never the recipient or the message's content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from casework.notifications.addresses import address_lines
from casework.notifications.errors import PermanentFailure, TemporaryFailure

__all__ = ["PermanentFailure", "Router", "Send", "TemporaryFailure", "address_lines", "reference_for", "scrub"]


# send(row, subject, body) -> the provider's id for the message, when it gives one (GOV.UK Notify)
Send = Callable[[Any, str, str], Any]


def reference_for(row: Any) -> str:
    """The reference every channel attaches to a message: GOV.UK Notify has no idempotency key, so
    this is how a retry finds out whether an earlier attempt got through, and how a delivery receipt
    finds its row. The outbox fixes it when the row is first claimed ("<deployment prefix>-outbox-<id>",
    `outbox.reference`); "outbox-<id>" for a row that has none."""
    return getattr(row, "reference", None) or f"outbox-{row.id}"


def _secrets_of(row: Any) -> list[str]:
    values = [str(row.recipient or "")]
    if row.channel == "letter":
        values += address_lines(row.recipient)
    values += [
        str(v)
        for v in (getattr(row, "personalisation", None) or {}).values()
        if isinstance(v, (str, int)) and not isinstance(v, bool)
    ]
    # longest first, so a whole address is replaced before its parts; short values are too common to scrub
    return sorted({v.strip() for v in values if len(v.strip()) >= 4}, key=len, reverse=True)


def scrub(text: str, row: Any, limit: int = 500) -> str:
    for secret in _secrets_of(row):
        text = re.sub(re.escape(secret), "[redacted]", text, flags=re.IGNORECASE)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Router:
    """Picks the channel for each row by ``row.channel`` (email, sms, letter)."""

    def __init__(self, routes: Mapping[str, Send]):
        self.routes = dict(routes)

    def __call__(self, row: Any, subject: str, body: str) -> Any:
        send = self.routes.get(row.channel)
        if send is None:
            raise PermanentFailure(f"{reference_for(row)}: no channel delivers {row.channel!r} messages")
        return send(row, subject, body)
