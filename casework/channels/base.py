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

from casework.notifications.errors import PermanentFailure, TemporaryFailure

__all__ = ["PermanentFailure", "Router", "Send", "TemporaryFailure", "address_lines", "reference_for", "scrub"]

_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)

# send(row, subject, body) -> the provider's id for the message, when it gives one (GOV.UK Notify)
Send = Callable[[Any, str, str], Any]


def reference_for(row: Any) -> str:
    """The reference every channel attaches to a message: GOV.UK Notify has no idempotency key, so
    this is how a retry finds out whether an earlier attempt got through, and how a delivery receipt
    finds its row. The outbox fixes it when the row is first claimed ("<deployment prefix>-outbox-<id>",
    `outbox.reference`); "outbox-<id>" for a row that has none."""
    return getattr(row, "reference", None) or f"outbox-{row.id}"


def address_lines(address: str) -> list[str]:
    """A postal address as its lines: one per line of the stored text (or, for an address typed on one
    line, one per comma), blanks dropped; a UK postcode on the last line is written in capitals with
    one space ("wr1 2ab" -> "WR1 2AB")."""
    text = (address or "").strip()
    parts = text.splitlines() if "\n" in text or "\r" in text else text.split(",")
    lines = [" ".join(p.split()).strip(" ,") for p in parts]
    lines = [line for line in lines if line]
    if lines:
        match = _UK_POSTCODE.match(lines[-1].replace(" ", ""))
        if match:
            lines[-1] = f"{match.group(1)} {match.group(2)}".upper()
    return lines


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
