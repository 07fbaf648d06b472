"""Fakes of the outside services casework talks to, served on 127.0.0.1 so the real clients are used:
``FakeNotify`` (GOV.UK Notify's HTTP API, in notify_server.py) and ``SMTPSink`` (below: a minimal SMTP
server speaking just enough of the protocol for smtplib)."""

from __future__ import annotations

import base64
import email
import email.policy
import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.notify_server import API_KEY, FakeNotify, notify_error

__all__ = ["API_KEY", "FakeNotify", "ReceivedMail", "SMTPSink", "free_port", "notify_error"]


def free_port() -> int:
    """A local port with nothing listening on it (for 'connection refused' tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


class _SMTPHandler(socketserver.StreamRequestHandler):
    server: _SMTPServer
    wbufsize = 65536  # buffered: reply() flushes at the end of each (multi-line) reply

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("utf-8") + b"\r\n")
        if line[3:4] != "-":  # a multi-line reply goes out in one piece, as real servers send it
            self.wfile.flush()

    def handle(self) -> None:
        sink = self.server.sink
        self.reply("220 fake.smtp ESMTP ready")
        mail_from, rcpts = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-fake.smtp")
                self.reply("250-8BITMIME")
                self.reply("250 AUTH PLAIN")
            elif verb == "HELO":
                self.reply("250 fake.smtp")
            elif verb == "AUTH":
                method, _, initial = arg.partition(" ")
                if method.upper() != "PLAIN":
                    self.reply("504 5.5.4 Unrecognised authentication type")
                    continue
                if not initial:
                    self.reply("334 ")
                    initial = self.rfile.readline().decode().strip()
                _, user, password = base64.b64decode(initial).decode().split("\0")
                sink.logins.append((user, password))
                self.reply("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                mail_from, rcpts = arg.partition(":")[2].strip().split(" ")[0].strip("<>"), []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = arg.partition(":")[2].strip().split(" ")[0].strip("<>")
                if "reject" in address:
                    self.reply(f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
                elif "busy" in address:
                    self.reply(f"451 4.3.0 <{address}>: Temporary lookup failure, try again later")
                else:
                    rcpts.append(address)
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if not rcpts:
                    self.reply("503 5.5.1 No valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data_line = self.rfile.readline()
                    if not data_line or data_line in (b".\r\n", b".\n"):
                        break
                    lines.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                if sink.data_reply:
                    self.reply(sink.data_reply)
                else:
                    mail = ReceivedMail(mail_from or "", list(rcpts), b"".join(lines))
                    sink.received.append(mail)
                    if sink.on_receive is not None:  # before the 250: what is answered is recorded
                        sink.on_receive(mail)
                    self.reply("250 2.0.0 Ok: queued")
                mail_from, rcpts = None, []
            elif verb == "RSET":
                mail_from, rcpts = None, []
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognised")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    sink: SMTPSink


@dataclass
class SMTPSink:
    """A local SMTP server that keeps what it receives. Recipients containing "reject" get 550,
    containing "busy" get 451; set ``data_reply`` (e.g. "554 5.6.0 Message refused") to refuse DATA.
    ``on_receive(mail)`` is called for each message accepted, before the server answers 250 (the soak
    test records them in a file); ``port_wanted`` 0 picks a free port."""

    host: str = "127.0.0.1"
    port_wanted: int = 0
    on_receive: Callable[[ReceivedMail], None] | None = None
    received: list[ReceivedMail] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    data_reply: str | None = None

    def start(self) -> SMTPSink:
        self._server = _SMTPServer((self.host, self.port_wanted), _SMTPHandler)
        self._server.sink = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="smtp-sink", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, userinfo: str = "") -> str:
        return f"smtp://{userinfo + '@' if userinfo else ''}{self.host}:{self.port}"

    def __enter__(self) -> SMTPSink:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
