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
from casework.channels.letters import LetterPost
from casework.channels.notify import NotifyChannel
from casework.channels.smtp import SMTPChannel, SMTPSettings

__all__ = [
    "FileChannel",
    "LetterFileChannel",
    "LetterPost",
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
    """Letters the product renders (`letter.<kind>`) go through `post` (GOV.UK Notify's precompiled
    letters, or the print queue). Rows written before letters were rendered (an email's wording,
    `family_<stem>.email`) still go as they did: a Notify letter template when one is configured,
    else a text file in the letters folder."""

    def __init__(self, post: Send | None, notify: NotifyChannel | None, printed: Send):
        self.post, self.notify, self.printed = post, notify, printed

    def __call__(self, row: Any, subject: str, body: str) -> Any:
        if row.template.startswith("letter.") and self.post is not None:
            return self.post(row, subject, body)
        if self.notify is not None and self.notify.has_template(row):
            return self.notify(row, subject, body)
        return self.printed(row, subject, body)


def channel_for(
    config: Any,
    send_time_values: Callable[[Any], dict[str, Any]] | None = None,
    letters: Callable[[NotifyChannel | None], Send] | None = None,
) -> Router:
    """The delivery callable for this configuration (built once: the Notify client is reused).
    ``send_time_values(row)`` gives the values added when a message is sent (for messages sent with
    their own Notify template; the rendered text already has them). ``letters(notify)`` builds the way
    rendered letters leave (a LetterPost), given the Notify channel when there is one."""
    files = FileChannel(config.outbox_dir)
    email: Send = files
    sms: Send = files
    notify = None
    if config.notify_api_key:
        notify = NotifyChannel(config, send_time_values=send_time_values)
        email = sms = notify
    elif config.smtp_url:
        email = SMTPChannel(config)
    post = letters(notify) if letters is not None else None
    return Router(
        {"email": email, "sms": sms, "letter": LetterRoute(post, notify, LetterFileChannel(letters_dir(config)))}
    )
