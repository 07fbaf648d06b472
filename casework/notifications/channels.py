"""Delivery channels: GOV.UK Notify, SMTP, and local folders for the embedded mode.

``channel_for(config)`` returns one callable ``send(row, subject, body)`` that routes each outbox row
by its channel:

- email: GOV.UK Notify (``NOTIFY_API_KEY``), else SMTP (``SMTP_URL``), else the outbox folder;
- sms: GOV.UK Notify, else the outbox folder (SMTP cannot send texts);
- letter: GOV.UK Notify when a letter template is configured, else a printable text file in
  ``<outbox_dir>/letters/`` (letters are listed for printing: ``list_letters``).

Every channel follows the outbox's contract (``outbox.deliver``): raise ``PermanentFailure`` when the
message can never go (bad address, refused, missing configuration) and ``TemporaryFailure`` when it
may go later (network, timeout, rate limit, server error). Errors name the outbox row
(``outbox-<id>``), never the recipient or the message's content.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from casework.notifications.outbox import PermanentFailure

log = logging.getLogger(__name__)

__all__ = [
    "FileChannel",
    "LetterFileChannel",
    "LetterRoute",
    "NotifyChannel",
    "PermanentFailure",
    "Router",
    "SMTPChannel",
    "SMTPSettings",
    "TemporaryFailure",
    "address_lines",
    "channel_for",
    "letters_dir",
    "list_letters",
    "reference_for",
]

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
NOTIFY_TIMEOUT = 10.0  # seconds per HTTP request (the client's own default is 30)
SMTP_TIMEOUT = 10.0
LETTERS_SUBDIR = "letters"
# Notify statuses after which the message is not (and will not be) on its way: sending again is right.
_NOTIFY_NOT_SENT = frozenset({"technical-failure", "validation-failed"})
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)

Send = Callable[[Any, str, str], None]


class TemporaryFailure(Exception):
    """The message did not go this time (network, timeout, rate limit, server error): retry later.
    ``outbox.deliver`` puts the row back to pending and re-raises, so the job is retried."""


def reference_for(row: Any) -> str:
    """The reference every channel attaches to a message: GOV.UK Notify has no idempotency key, so
    this is how a retry finds out whether an earlier attempt got through."""
    return f"outbox-{row.id}"


# --------------------------------------------------------------------------------------------
# Local folders (embedded mode)
# --------------------------------------------------------------------------------------------


def _file_name(row: Any) -> str:
    return f"{row.id:08d}-{row.channel}-{row.template.replace('.', '-')}.txt"


def _write_atomically(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (name + ".part")
    tmp.write_text(text, encoding="utf-8")
    return tmp.replace(folder / name)  # atomic: a crash leaves no half-written message


class FileChannel:
    """Writes each message to one .txt file in a folder (the embedded mode's outbox, viewable in the app)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        head = f"To: {row.recipient}\nChannel: {row.channel}\nReference: {reference_for(row)}\n"
        if subject:
            head += f"Subject: {subject}\n"
        _write_atomically(self.folder, _file_name(row), head + "\n" + body)


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


class LetterFileChannel:
    """Writes each letter as a printable text file: the address block at the top, then the subject and
    the body. An officer prints these from the letters list (``list_letters``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        parts = ["\n".join(address_lines(row.recipient)), ""]
        if subject:
            parts += [subject, ""]
        parts += [body.rstrip("\n"), "", f"Our reference: {reference_for(row)}", ""]
        _write_atomically(self.folder, _file_name(row), "\n".join(parts))


def letters_dir(config: Any) -> Path:
    """Where letters for printing are written when GOV.UK Notify does not send them."""
    return Path(config.outbox_dir) / LETTERS_SUBDIR


def list_letters(folder: Path) -> list[Path]:
    """The letters waiting in a letters folder (``letters_dir(config)``), oldest outbox row first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


# --------------------------------------------------------------------------------------------
# Scrubbing: errors and logs carry ids, never addresses or message content
# --------------------------------------------------------------------------------------------


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


def _scrub(text: str, row: Any, limit: int = 500) -> str:
    for secret in _secrets_of(row):
        text = re.sub(re.escape(secret), "[redacted]", text, flags=re.IGNORECASE)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# GOV.UK Notify
# --------------------------------------------------------------------------------------------

_KEY_SHAPE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    re.IGNORECASE,
)


class NotifyChannel:
    """Sends email, text messages and letters through GOV.UK Notify.

    Template: ``config.notify_template_ids[row.template]`` (the row's own personalisation is sent), else
    the generic template for the channel, which has ``((subject))`` and ``((body))`` placeholders (texts:
    ``((body))`` only). Every message carries ``reference=outbox-<id>``; a retry first asks Notify for that
    reference and does not send again if an earlier attempt got through (Notify has no idempotency key).

    The API client is built once per channel and thread (the client is documented as not thread-safe).
    """

    def __init__(self, config: Any, *, timeout: float = NOTIFY_TIMEOUT):
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
        self._send_time_values = _send_time_values(config)

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

    def __call__(self, row: Any, subject: str, body: str) -> None:
        reference = reference_for(row)
        if row.channel not in ("email", "sms", "letter"):
            raise PermanentFailure(f"{reference}: GOV.UK Notify cannot send channel {row.channel!r}")
        template_id, personalisation = self._template(row, subject, body)
        if row.channel == "letter":
            personalisation = {**personalisation, **self._letter_address(row)}
        if (row.attempts or 0) > 1 and self._already_accepted(row, reference):
            log.info("%s was accepted by GOV.UK Notify on an earlier attempt; not sending it again", reference)
            return
        try:
            if row.channel == "email":
                self.client.send_email_notification(
                    row.recipient, template_id, personalisation=personalisation, reference=reference
                )
            elif row.channel == "sms":
                self.client.send_sms_notification(
                    row.recipient, template_id, personalisation=personalisation, reference=reference
                )
            else:
                self.client.send_letter_notification(template_id, personalisation, reference=reference)
        except APIError as exc:
            raise self._failure(exc, row, "send") from None

    def _already_accepted(self, row: Any, reference: str) -> bool:
        """Does Notify already hold this message (an earlier attempt that timed out, or whose answer
        was lost)? A failed look-up is a temporary failure: never send blind."""
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
                return True
        return False

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
        messages = _scrub(_notify_messages(exc), row)
        if status == 429 or status >= 500 or status < 400:
            return TemporaryFailure(f"GOV.UK Notify {action} for {reference} answered {status}: {messages}")
        # 400 (bad request, trial mode, invalid address), 403 (authentication) and other 4xx: no retry helps
        return PermanentFailure(f"GOV.UK Notify refused {reference} ({action}, HTTP {status}): {messages}")


def _send_time_values(config: Any) -> Callable[[Any], dict[str, Any]]:
    """The values ``outbox.deliver`` adds when rendering (the portal address, a fresh private advice
    link), so that a message sent with its own Notify template has them too."""
    if not hasattr(config, "base_url"):
        return lambda row: {}
    from casework.notifications.jobs import render_extra  # late: jobs imports this module

    return render_extra(config)


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


# --------------------------------------------------------------------------------------------
# SMTP
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SMTPSettings:
    host: str
    port: int
    security: str  # "none" | "ssl" (smtps://, implicit TLS) | "starttls"
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SMTPSettings:
        """smtp://host:port, smtp://user:pass@host:port, smtps://... (implicit TLS), ?starttls=1."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://[user:pass@]host[:port][?starttls=1] or smtps://...")
        query = parse_qs(parts.query)
        starttls = (query.get("starttls") or ["0"])[-1].lower() in ("1", "true", "yes", "on")
        if parts.scheme == "smtps":
            security, default_port = "ssl", 465
        elif starttls:
            security, default_port = "starttls", 587
        else:
            security, default_port = "none", 25
        try:
            port = parts.port or default_port
        except ValueError as exc:
            raise ValueError("SMTP_URL has an invalid port") from exc
        return cls(
            host=parts.hostname,
            port=port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
        )


class SMTPChannel:
    """Sends email through an SMTP server (one connection per message, 10-second timeout)."""

    def __init__(self, config: Any, *, timeout: float = SMTP_TIMEOUT):
        self.settings = SMTPSettings.from_url(config.smtp_url)
        self.sender = config.smtp_from
        self.timeout = timeout
        domain = parseaddr(self.sender)[1].rpartition("@")[2]
        self.domain = domain or "casework.invalid"

    def message(self, row: Any, subject: str, body: str) -> EmailMessage:
        msg = EmailMessage()
        try:
            msg["From"] = self.sender
            msg["To"] = row.recipient
        except ValueError:
            raise PermanentFailure(f"{reference_for(row)}: the recipient is not a valid email address") from None
        msg["Subject"] = subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(idstring=reference_for(row), domain=self.domain)
        msg["X-Casework-Reference"] = reference_for(row)
        msg.set_content(body)
        return msg

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            if s.security == "starttls":
                smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def __call__(self, row: Any, subject: str, body: str) -> None:
        if row.channel != "email":
            raise PermanentFailure(f"{reference_for(row)}: SMTP cannot send channel {row.channel!r}")
        msg = self.message(row, subject, body)
        reference = reference_for(row)
        try:
            smtp = self._connect()
            try:
                smtp.send_message(msg)
            finally:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    smtp.close()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            # the server's text usually repeats the address: give the codes only
            error = f"SMTP server refused the recipient of {reference} ({', '.join(map(str, codes))})"
            raise (PermanentFailure if codes and min(codes) >= 500 else TemporaryFailure)(error) from None
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused, auth failed, ...
            text = (
                exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
            )
            error = f"SMTP {type(exc).__name__} for {reference}: {exc.smtp_code} {_scrub(text, row, 200)}"
            raise (PermanentFailure if exc.smtp_code >= 500 else TemporaryFailure)(error) from None
        except smtplib.SMTPNotSupportedError as exc:  # e.g. ?starttls=1 against a server without STARTTLS
            raise PermanentFailure(f"SMTP server cannot do what SMTP_URL asks ({reference}): {exc}") from None
        except (smtplib.SMTPException, OSError) as exc:  # refused, disconnected, timeout, TLS
            raise TemporaryFailure(f"SMTP delivery of {reference} failed: {type(exc).__name__}") from None


# --------------------------------------------------------------------------------------------
# Routing
# --------------------------------------------------------------------------------------------


class LetterRoute:
    """Letters go through GOV.UK Notify when a letter template is configured for them; otherwise they
    are written to the letters folder to be printed."""

    def __init__(self, notify: NotifyChannel, printed: Send):
        self.notify = notify
        self.printed = printed

    def __call__(self, row: Any, subject: str, body: str) -> None:
        (self.notify if self.notify.has_template(row) else self.printed)(row, subject, body)


class Router:
    """Picks the channel for each row by ``row.channel`` (email, sms, letter)."""

    def __init__(self, routes: Mapping[str, Send]):
        self.routes = dict(routes)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        send = self.routes.get(row.channel)
        if send is None:
            raise PermanentFailure(f"{reference_for(row)}: no channel delivers {row.channel!r} messages")
        send(row, subject, body)


def channel_for(config: Any) -> Router:
    """The delivery callable for this configuration (built once: the Notify client is reused)."""
    files = FileChannel(config.outbox_dir)
    letters: Send = LetterFileChannel(letters_dir(config))
    email: Send = files
    sms: Send = files
    if config.notify_api_key:
        notify = NotifyChannel(config)
        email = sms = notify
        letters = LetterRoute(notify, letters)
    elif config.smtp_url:
        email = SMTPChannel(config)
    return Router({"email": email, "sms": sms, "letter": letters})
