"""SMTP: email through the council's mail server (one connection per message, 10-second timeout)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from casework.channels.base import PermanentFailure, TemporaryFailure, reference_for, scrub

SMTP_TIMEOUT = 10.0


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


def message_id(row: Any, domain: str) -> str:
    """<reference@domain>: stable for a row, unique across deployments (the reference carries the
    deployment's prefix)."""
    return f"<{reference_for(row)}@{domain}>"


class SMTPChannel:
    """Sends email through an SMTP server (one connection per message, 10-second timeout)."""

    def __init__(self, config: Any, *, timeout: float = SMTP_TIMEOUT):
        self.settings = SMTPSettings.from_url(config.smtp_url)
        self.sender = config.smtp_from
        self.timeout = timeout
        domain = parseaddr(self.sender)[1].rpartition("@")[2]
        self.domain = domain or "casework.invalid"
        self._context: ssl.SSLContext | None = None

    def message(self, row: Any, subject: str, body: str) -> EmailMessage:
        msg = EmailMessage()
        try:
            msg["From"] = self.sender
            msg["To"] = row.recipient
        except ValueError:
            raise PermanentFailure(f"{reference_for(row)}: the recipient is not a valid email address") from None
        msg["Subject"] = " ".join(subject.split())  # a header never carries a line break from user text
        msg["Date"] = formatdate(localtime=True)
        # the same Message-ID on every attempt: a resend after a crash (the server had the message,
        # the worker died before recording it) is the same message, which mail systems can drop
        msg["Message-ID"] = message_id(row, self.domain)
        msg["X-Casework-Reference"] = reference_for(row)
        msg.set_content(body)
        return msg

    def _tls(self) -> ssl.SSLContext:
        """The TLS context, made once and only when the server needs it (loading the system's
        certificates costs about 20 ms of CPU: per message, that was a good part of sending)."""
        if self._context is None:
            self._context = ssl.create_default_context()
        return self._context

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=self._tls())
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            if s.security == "starttls":
                smtp.starttls(context=self._tls())
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
            error = f"SMTP {type(exc).__name__} for {reference}: {exc.smtp_code} {scrub(text, row, 200)}"
            raise (PermanentFailure if exc.smtp_code >= 500 else TemporaryFailure)(error) from None
        except smtplib.SMTPNotSupportedError as exc:  # e.g. ?starttls=1 against a server without STARTTLS
            raise PermanentFailure(f"SMTP server cannot do what SMTP_URL asks ({reference}): {exc}") from None
        except (smtplib.SMTPException, OSError) as exc:  # refused, disconnected, timeout, TLS
            raise TemporaryFailure(f"SMTP delivery of {reference} failed: {type(exc).__name__}") from None
