"""Delivery channels, one module per provider: local files (embedded mode), GOV.UK Notify and SMTP.

``channel_for(config, send_time_values)`` returns one callable ``send(row, subject, body)`` that
routes each outbox row by its channel:

- email: GOV.UK Notify (``NOTIFY_API_KEY``), else SMTP (``SMTP_URL``), else the outbox folder;
- sms: GOV.UK Notify, else the outbox folder (SMTP cannot send texts);
- letter: GOV.UK Notify when a letter template is configured, else a printable file in
  ``<outbox_dir>/letters/`` (letters are listed for printing: ``list_letters``).

Channels import nothing from the workflow; the values known only at sending time (the portal
address, a fresh private advice link) are passed in by whoever builds the channel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.channels.base import (
    PermanentFailure,
    Router,
    Send,
    TemporaryFailure,
    address_lines,
    reference_for,
    scrub,
)
from casework.channels.files import FileChannel, LetterFileChannel, letters_dir, list_letters
from casework.channels.notify import NotifyChannel
from casework.channels.smtp import SMTPChannel, SMTPSettings

__all__ = [
    "FileChannel",
    "LetterFileChannel",
    "LetterRoute",
    "NotifyChannel",
    "PermanentFailure",
    "Router",
    "SMTPChannel",
    "SMTPSettings",
    "Send",
    "TemporaryFailure",
    "address_lines",
    "channel_for",
    "letters_dir",
    "list_letters",
    "reference_for",
    "scrub",
]


class LetterRoute:
    """Letters go through GOV.UK Notify when a letter template is configured for them; otherwise they
    are written to the letters folder to be printed."""

    def __init__(self, notify: NotifyChannel, printed: Send):
        self.notify = notify
        self.printed = printed

    def __call__(self, row: Any, subject: str, body: str) -> Any:
        return (self.notify if self.notify.has_template(row) else self.printed)(row, subject, body)


def channel_for(config: Any, send_time_values: Callable[[Any], dict[str, Any]] | None = None) -> Router:
    """The delivery callable for this configuration (built once: the Notify client is reused).
    ``send_time_values(row)`` gives the values added when a message is sent (for messages sent with
    their own Notify template; the rendered text already has them)."""
    files = FileChannel(config.outbox_dir)
    letters: Send = LetterFileChannel(letters_dir(config))
    email: Send = files
    sms: Send = files
    if config.notify_api_key:
        notify = NotifyChannel(config, send_time_values=send_time_values)
        email = sms = notify
        letters = LetterRoute(notify, letters)
    elif config.smtp_url:
        email = SMTPChannel(config)
    return Router({"email": email, "sms": sms, "letter": letters})
