"""Delivery channels against local fakes: GOV.UK Notify's HTTP API (tests/fakes/notify_server.py) and an
SMTP sink. Nothing here reaches the real Notify. Most tests need no database (rows are SimpleNamespaces
shaped like outbox rows); the last ones go through outbox.deliver with a real SQLite database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casework import channels
from casework.channels import (
    FileChannel,
    NotifyChannel,
    PermanentFailure,
    SMTPChannel,
    SMTPSettings,
    TemporaryFailure,
    address_lines,
    channel_for,
    letters_dir,
    list_letters,
)
from casework.config import Config
from casework.notifications.links import send_time_values
from tests.fakes import API_KEY, FakeNotify, SMTPSink, free_port

EMAIL_TEMPLATE = "0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0001"
SMS_TEMPLATE = "0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0002"
LETTER_TEMPLATE = "0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0003"
DRAFT_TEMPLATE = "0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0004"
ADDRESS = "Sara Khan\n12 Foregate Street\nWorcester\nwr1 2ab"
EMAIL = "sara.khan@example.org"
PHONE = "+447700900123"


@pytest.fixture
def fake_notify():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def smtp_sink():
    with SMTPSink() as sink:
        yield sink


def row(id=7, channel="email", recipient=EMAIL, template="family_draft_issued.email", attempts=1, **personalisation):
    return SimpleNamespace(
        id=id,
        channel=channel,
        recipient=recipient,
        template=template,
        attempts=attempts,
        recipient_kind="contact",
        personalisation=personalisation or {"child_name": "Amira", "case_ref": "EHC-1"},
    )


def notify_config(fake, tmp_path, **overrides):
    values = {
        "notify_api_key": API_KEY,
        "notify_base_url": fake.url,
        "notify_email_template_id": EMAIL_TEMPLATE,
        "notify_sms_template_id": SMS_TEMPLATE,
        "notify_letter_template_id": LETTER_TEMPLATE,
        "outbox_dir": tmp_path / "outbox",
        "base_url": "https://send.council.example",
    }
    values.update(overrides)
    return Config(**values)


# ------------------------------------------------------------------------------------------
# GOV.UK Notify: what is sent
# ------------------------------------------------------------------------------------------


def test_email_goes_through_notify_with_the_generic_template(fake_notify, tmp_path):
    send = channel_for(notify_config(fake_notify, tmp_path))
    send(row(id=7), "The draft EHC plan", "Dear Sara, ...")

    [request] = fake_notify.requests
    assert (request.method, request.path) == ("POST", "/v2/notifications/email")
    assert request.auth_header and request.authorised  # the client's JWT, signed with the key's secret
    assert request.json == {
        "email_address": EMAIL,
        "template_id": EMAIL_TEMPLATE,
        "reference": "outbox-7",
        "personalisation": {"subject": "The draft EHC plan", "body": "Dear Sara, ..."},
    }
    [accepted] = fake_notify.notifications
    assert accepted["reference"] == "outbox-7" and accepted["type"] == "email"
    assert not (tmp_path / "outbox").exists()  # nothing written locally


def test_a_specific_template_id_sends_the_rows_own_personalisation(fake_notify, tmp_path):
    config = notify_config(fake_notify, tmp_path, notify_template_ids={"family_draft_issued.email": DRAFT_TEMPLATE})
    channel_for(config, send_time_values(config))(row(id=8, child_name="Amira", case_ref="EHC-8"), "subject", "body")

    [request] = fake_notify.sends
    assert request.json["template_id"] == DRAFT_TEMPLATE
    # the stored values, plus those added at sending time (the portal address, the SEND team's details)
    assert request.json["personalisation"] == {
        "child_name": "Amira",
        "case_ref": "EHC-8",
        "portal_url": "https://send.council.example/portal",
        "team_line": "You can also contact the SEND team at Your council.",
    }
    assert request.json["reference"] == "outbox-8"


def test_a_specific_advice_template_gets_a_fresh_private_link(fake_notify, tmp_path):
    config = notify_config(fake_notify, tmp_path, notify_template_ids={"advice_request.email": DRAFT_TEMPLATE})
    provider_row = row(id=9, recipient="paeds@nhs.example", template="advice_request.email", advice_request_id=5)
    provider_row.recipient_kind = "provider"
    channel_for(config, send_time_values(config))(provider_row, "subject", "body")

    link = fake_notify.sends[0].json["personalisation"]["advice_link"]
    assert link.startswith("https://send.council.example/advice/5?token=")


def test_sms_goes_through_notify_with_the_body_only(fake_notify, tmp_path):
    channel_for(notify_config(fake_notify, tmp_path))(
        row(id=9, channel="sms", recipient=PHONE, template="family_draft_issued.sms"), "", "News about your case"
    )

    [request] = fake_notify.requests
    assert request.path == "/v2/notifications/sms"
    assert request.json == {
        "phone_number": PHONE,
        "template_id": SMS_TEMPLATE,
        "reference": "outbox-9",
        "personalisation": {"body": "News about your case"},
    }


def test_letter_goes_through_notify_with_the_address_lines(fake_notify, tmp_path):
    # letters reuse the email wording, so the row's template name ends in .email
    channel_for(notify_config(fake_notify, tmp_path))(
        row(id=10, channel="letter", recipient=ADDRESS), "The draft EHC plan", "Dear Sara, ..."
    )

    [request] = fake_notify.requests
    assert request.path == "/v2/notifications/letter"
    assert request.json["template_id"] == LETTER_TEMPLATE and request.json["reference"] == "outbox-10"
    p = request.json["personalisation"]
    assert [p[f"address_line_{n}"] for n in range(1, 8)] == [
        "Sara Khan",
        "12 Foregate Street",
        "Worcester",
        "",
        "",
        "",
        "WR1 2AB",
    ]
    assert p["postcode"] == "WR1 2AB"  # the last line, as Notify's own PostalAddress writes it
    assert (p["subject"], p["body"]) == ("The draft EHC plan", "Dear Sara, ...")
    assert fake_notify.notifications[0]["postcode"] == "WR1 2AB"


def test_a_letter_specific_template_is_looked_up_as_name_dot_letter(fake_notify, tmp_path):
    config = notify_config(
        fake_notify,
        tmp_path,
        notify_letter_template_id=None,
        notify_template_ids={
            "family_draft_issued.email": DRAFT_TEMPLATE,
            "family_draft_issued.letter": LETTER_TEMPLATE,
        },
    )
    channel_for(config)(row(id=11, channel="letter", recipient=ADDRESS, child_name="Amira"), "s", "b")

    [request] = fake_notify.sends
    assert request.json["template_id"] == LETTER_TEMPLATE
    assert request.json["personalisation"]["child_name"] == "Amira"
    assert request.json["personalisation"]["address_line_1"] == "Sara Khan"


def test_letters_are_written_for_printing_when_notify_has_no_letter_template(fake_notify, tmp_path):
    config = notify_config(fake_notify, tmp_path, notify_letter_template_id=None)
    channel_for(config)(row(id=12, channel="letter", recipient=ADDRESS), "The draft EHC plan", "Dear Sara,\n\nText.")

    assert fake_notify.requests == []
    [letter] = list_letters(letters_dir(config))
    assert letter.parent == tmp_path / "outbox" / "letters"
    assert letter.read_text(encoding="utf-8").startswith(
        "Sara Khan\n12 Foregate Street\nWorcester\nWR1 2AB\n\nThe draft EHC plan\n\nDear Sara,\n\nText.\n"
    )
    assert not list(letter.parent.glob("*.part"))


def test_without_notify_or_smtp_everything_goes_to_the_local_folders(tmp_path):
    config = Config(outbox_dir=tmp_path / "outbox")
    send = channel_for(config)
    send(row(id=1), "Subject", "Email body")
    send(row(id=2, channel="sms", recipient=PHONE, template="family_draft_issued.sms"), "", "Text body")
    send(row(id=3, channel="letter", recipient="A Parent, 1 High Street, Worcester, WR1 2AB"), "Letter", "Body")

    names = sorted(p.name for p in (tmp_path / "outbox").glob("*.txt"))
    assert names == ["00000001-email-family_draft_issued-email.txt", "00000002-sms-family_draft_issued-sms.txt"]
    assert "Reference: outbox-1" in (tmp_path / "outbox" / names[0]).read_text()
    [letter] = list_letters(tmp_path / "outbox" / "letters")
    assert letter.read_text().startswith("A Parent\n1 High Street\nWorcester\nWR1 2AB\n\nLetter\n\nBody\n")
    assert list_letters(tmp_path / "nowhere") == []


def test_letters_are_listed_in_outbox_order(tmp_path):
    send = channel_for(Config(outbox_dir=tmp_path))
    for i in (12, 3, 100):
        send(row(id=i, channel="letter", recipient=ADDRESS), "S", "B")
    assert [p.name[:8] for p in list_letters(letters_dir(Config(outbox_dir=tmp_path)))] == [
        "00000003",
        "00000012",
        "00000100",
    ]


def test_address_lines():
    assert address_lines("  Sara Khan \r\n\r\n12  Foregate Street\nWorcester,\n wr12ab ") == [
        "Sara Khan",
        "12 Foregate Street",
        "Worcester",
        "WR1 2AB",
    ]
    assert address_lines("1 High St, Worcester, WR1 2AB") == ["1 High St", "Worcester", "WR1 2AB"]
    assert address_lines("") == []


def test_the_notify_client_is_built_once_per_channel(fake_notify, tmp_path, monkeypatch):
    built = []
    real = channels.notify.NotificationsAPIClient

    def counting(*args, **kwargs):
        built.append(kwargs.get("base_url"))
        return real(*args, **kwargs)

    monkeypatch.setattr(channels.notify, "NotificationsAPIClient", counting)
    send = channel_for(notify_config(fake_notify, tmp_path))
    for i in range(1, 4):
        send(row(id=i), "s", "b")
    send(row(id=4, channel="sms", recipient=PHONE, template="x.sms"), "", "b")
    send(row(id=5, channel="letter", recipient=ADDRESS), "s", "b")
    assert built == [fake_notify.url] and len(fake_notify.sends) == 5


def test_a_malformed_api_key_fails_at_start_without_echoing_it(tmp_path):
    with pytest.raises(ValueError, match="NOTIFY_API_KEY") as info:
        channel_for(Config(notify_api_key="not-a-real-key-secret123", outbox_dir=tmp_path))
    assert "secret123" not in str(info.value)


# ------------------------------------------------------------------------------------------
# GOV.UK Notify: failures
# ------------------------------------------------------------------------------------------


def test_notify_400_is_permanent_and_sent_once(fake_notify, tmp_path):
    fake_notify.fail(400, "Can't send to this recipient using a team-only API key")
    send = channel_for(notify_config(fake_notify, tmp_path))
    with pytest.raises(PermanentFailure) as info:
        send(row(id=21), "subject", "body")

    message = str(info.value)
    assert "400" in message and "team-only API key" in message and "outbox-21" in message
    assert EMAIL not in message and "body" not in message.replace("BadRequestError", "")
    assert len(fake_notify.requests) == 1 and fake_notify.notifications == []


def test_notify_403_is_permanent(fake_notify, tmp_path):
    fake_notify.fail(403, "Invalid token: API key not found")
    with pytest.raises(PermanentFailure, match="403.*API key not found"):
        channel_for(notify_config(fake_notify, tmp_path))(row(id=22), "s", "b")
    assert len(fake_notify.requests) == 1


def test_a_wrong_api_key_is_refused_by_notify_and_permanent(fake_notify, tmp_path):
    other_key = "other-" + API_KEY[-73:-37] + "-00000000-0000-0000-0000-000000000000"
    with pytest.raises(PermanentFailure, match="403"):
        channel_for(notify_config(fake_notify, tmp_path, notify_api_key=other_key))(row(id=23), "s", "b")
    assert fake_notify.requests[0].auth_header and not fake_notify.requests[0].authorised


def test_error_messages_never_carry_the_recipient_or_personalisation(fake_notify, tmp_path):
    # Notify does not usually echo addresses, but if a message ever does, it is scrubbed
    fake_notify.fail(400, f"email_address {EMAIL} is not allowed for child Amira-Khan")
    with pytest.raises(PermanentFailure) as info:
        channel_for(notify_config(fake_notify, tmp_path))(row(id=24, child_name="Amira-Khan"), "s", "b")
    assert EMAIL not in str(info.value) and "Amira-Khan" not in str(info.value)
    assert "[redacted]" in str(info.value)

    fake_notify.fail(400, "Must be a real UK postcode: WR1 2AB / 12 Foregate Street")
    with pytest.raises(PermanentFailure) as info:
        channel_for(notify_config(fake_notify, tmp_path))(row(id=25, channel="letter", recipient=ADDRESS), "s", "b")
    assert "WR1 2AB" not in str(info.value) and "Foregate" not in str(info.value)


def test_notify_500_is_temporary_and_the_retry_looks_up_before_sending(fake_notify, tmp_path):
    fake_notify.fail(500)
    send = channel_for(notify_config(fake_notify, tmp_path))
    with pytest.raises(TemporaryFailure, match="500") as info:
        send(row(id=31, attempts=1), "s", "b")
    assert not isinstance(info.value, PermanentFailure) and EMAIL not in str(info.value)
    assert fake_notify.notifications == []

    send(row(id=31, attempts=2), "s", "b")  # the retry: nothing was accepted, so it sends
    assert [(r.method, r.path) for r in fake_notify.requests] == [
        ("POST", "/v2/notifications/email"),
        ("GET", "/v2/notifications"),
        ("POST", "/v2/notifications/email"),
    ]
    assert fake_notify.lookups[0].query == {"reference": "outbox-31", "template_type": "email"}
    assert [n["reference"] for n in fake_notify.notifications] == ["outbox-31"]


@pytest.mark.parametrize("status", [429, 502, 503])
def test_rate_limits_and_server_errors_are_temporary(fake_notify, tmp_path, status):
    fake_notify.fail(status, "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds")
    with pytest.raises(TemporaryFailure, match=str(status)):
        channel_for(notify_config(fake_notify, tmp_path))(row(id=32), "s", "b")


def test_a_timeout_after_notify_accepted_is_not_sent_twice(fake_notify, tmp_path):
    channel = NotifyChannel(notify_config(fake_notify, tmp_path), timeout=0.3)
    fake_notify.respond(201, delay=1.0)  # Notify takes the message, but answers after the client gave up
    with pytest.raises(TemporaryFailure, match="timed out") as info:
        channel(row(id=41, attempts=1), "s", "b")
    assert EMAIL not in str(info.value)

    channel(row(id=41, attempts=2), "s", "b")  # the retry finds it by reference: success, no second send
    assert [r.kind for r in fake_notify.requests] == ["email", "lookup"]
    assert len(fake_notify.notifications) == 1


def test_a_500_after_notify_accepted_is_not_sent_twice(fake_notify, tmp_path):
    fake_notify.fail(500, accept=True)
    send = channel_for(notify_config(fake_notify, tmp_path))
    with pytest.raises(TemporaryFailure):
        send(row(id=42, channel="sms", recipient=PHONE, template="x.sms"), "", "b")
    send(row(id=42, channel="sms", recipient=PHONE, template="x.sms", attempts=2), "", "b")
    assert [r.kind for r in fake_notify.requests] == ["sms", "lookup"]


def test_a_failed_look_up_is_temporary_and_nothing_is_sent(fake_notify, tmp_path):
    fake_notify.fail(500, to="lookup")
    with pytest.raises(TemporaryFailure, match="look-up.*500"):
        channel_for(notify_config(fake_notify, tmp_path))(row(id=43, attempts=3), "s", "b")
    assert [r.kind for r in fake_notify.requests] == ["lookup"]


def test_a_notification_that_failed_inside_notify_is_sent_again(fake_notify, tmp_path):
    send = channel_for(notify_config(fake_notify, tmp_path))
    send(row(id=44), "s", "b")
    fake_notify.notifications[0]["status"] = "technical-failure"
    send(row(id=44, attempts=2), "s", "b")
    assert [r.kind for r in fake_notify.requests] == ["email", "lookup", "email"]


def test_no_answer_from_notify_is_temporary(tmp_path):
    config = Config(
        notify_api_key=API_KEY,
        notify_base_url=f"http://127.0.0.1:{free_port()}",
        notify_email_template_id=EMAIL_TEMPLATE,
        outbox_dir=tmp_path,
    )
    with pytest.raises(TemporaryFailure, match="no connection"):
        channel_for(config)(row(id=45), "s", "b")


def test_missing_template_configuration_is_permanent_and_named(fake_notify, tmp_path):
    config = notify_config(fake_notify, tmp_path, notify_email_template_id=None, notify_sms_template_id=None)
    send = channel_for(config)
    with pytest.raises(PermanentFailure, match="NOTIFY_EMAIL_TEMPLATE_ID.*NOTIFY_TEMPLATE_IDS"):
        send(row(id=51), "s", "b")
    with pytest.raises(PermanentFailure, match="NOTIFY_SMS_TEMPLATE_ID"):
        send(row(id=52, channel="sms", recipient=PHONE, template="family_draft_issued.sms"), "", "b")
    assert fake_notify.requests == []


def test_an_invalid_letter_address_is_permanent(fake_notify, tmp_path):
    send = channel_for(notify_config(fake_notify, tmp_path))
    for address in ("Sara Khan\nWR1 2AB", "\n".join(f"line {n}" for n in range(8)) + "\nWR1 2AB"):
        with pytest.raises(PermanentFailure, match="3 to 7 lines") as info:
            send(row(id=53, channel="letter", recipient=address), "s", "b")
        assert "Sara" not in str(info.value) and "WR1" not in str(info.value)
    assert fake_notify.requests == []


def test_an_unknown_channel_is_permanent(tmp_path):
    with pytest.raises(PermanentFailure, match="pigeon"):
        channel_for(Config(outbox_dir=tmp_path))(row(channel="pigeon"), "s", "b")


# ------------------------------------------------------------------------------------------
# SMTP
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("smtp://mail.council.example", ("mail.council.example", 25, "none", None, None)),
        ("smtp://mail.council.example:2525", ("mail.council.example", 2525, "none", None, None)),
        (
            "smtp://casework%40council:p%40ss:word@mail:587?starttls=1",
            ("mail", 587, "starttls", "casework@council", "p@ss:word"),
        ),
        ("smtp://mail?starttls=1", ("mail", 587, "starttls", None, None)),
        ("smtps://u:p@mail.council.example", ("mail.council.example", 465, "ssl", "u", "p")),
    ],
)
def test_smtp_url_forms(url, expected):
    s = SMTPSettings.from_url(url)
    assert (s.host, s.port, s.security, s.username, s.password) == expected


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "mail.example:25", "smtp://mail:notaport"])
def test_bad_smtp_urls_are_refused(url):
    with pytest.raises(ValueError, match="SMTP_URL"):
        SMTPSettings.from_url(url)


def test_email_arrives_over_smtp(smtp_sink, tmp_path):
    config = Config(smtp_url=smtp_sink.url(), smtp_from="SEND Team <send-team@council.example>", outbox_dir=tmp_path)
    send = channel_for(config)
    send(row(id=61), "The draft EHC plan for Amira", "Dear Sara,\n\nWe sent you the draft — please read it.\n")
    # SMS cannot go by SMTP: it goes to the outbox folder
    send(row(id=62, channel="sms", recipient=PHONE, template="x.sms"), "", "text")

    [mail] = smtp_sink.received
    assert mail.rcpt_tos == [EMAIL] and mail.mail_from == "send-team@council.example"
    msg = mail.message
    assert msg["Subject"] == "The draft EHC plan for Amira"
    assert msg["To"] == EMAIL and msg["From"] == "SEND Team <send-team@council.example>"
    assert msg["X-Casework-Reference"] == "outbox-61"
    assert msg["Message-ID"] == "<outbox-61@council.example>"  # the same on every attempt
    assert msg.get_content().replace("\r\n", "\n") == "Dear Sara,\n\nWe sent you the draft — please read it.\n"
    assert [p.name for p in tmp_path.glob("*.txt")] == ["00000062-sms-x-sms.txt"]


def test_smtp_logs_in_with_the_urls_credentials(smtp_sink, tmp_path):
    config = Config(smtp_url=smtp_sink.url("casework:s%40cret"), outbox_dir=tmp_path)
    channel_for(config)(row(id=63), "s", "b")
    assert smtp_sink.logins == [("casework", "s@cret")] and len(smtp_sink.received) == 1


def test_a_refused_recipient_is_permanent_without_the_address(smtp_sink, tmp_path):
    send = SMTPChannel(Config(smtp_url=smtp_sink.url(), outbox_dir=tmp_path))
    with pytest.raises(PermanentFailure, match="550") as info:
        send(row(id=64, recipient="reject.me@example.org"), "s", "b")
    assert "reject.me" not in str(info.value) and "outbox-64" in str(info.value)
    assert smtp_sink.received == []


def test_a_busy_recipient_is_temporary(smtp_sink, tmp_path):
    with pytest.raises(TemporaryFailure, match="451") as info:
        SMTPChannel(Config(smtp_url=smtp_sink.url(), outbox_dir=tmp_path))(
            row(id=65, recipient="busy@example.org"), "s", "b"
        )
    assert "busy@" not in str(info.value)


def test_a_refused_message_is_permanent(smtp_sink, tmp_path):
    smtp_sink.data_reply = "554 5.6.0 Message refused"
    with pytest.raises(PermanentFailure, match="554"):
        SMTPChannel(Config(smtp_url=smtp_sink.url(), outbox_dir=tmp_path))(row(id=66), "s", "b")


def test_smtp_connection_refused_is_temporary(tmp_path):
    send = SMTPChannel(Config(smtp_url=f"smtp://127.0.0.1:{free_port()}", outbox_dir=tmp_path))
    with pytest.raises(TemporaryFailure, match="ConnectionRefusedError"):
        send(row(id=67), "s", "b")


def test_an_address_that_cannot_be_a_header_is_permanent(smtp_sink, tmp_path):
    with pytest.raises(PermanentFailure, match="not a valid email address"):
        SMTPChannel(Config(smtp_url=smtp_sink.url(), outbox_dir=tmp_path))(
            row(id=68, recipient="a@example.org\nBcc: b@example.org"), "s", "b"
        )
    assert smtp_sink.received == []


def test_notify_wins_over_smtp_when_both_are_configured(fake_notify, smtp_sink, tmp_path):
    channel_for(notify_config(fake_notify, tmp_path, smtp_url=smtp_sink.url()))(row(id=69), "s", "b")
    assert len(fake_notify.sends) == 1 and smtp_sink.received == []


def test_the_file_channel_is_unchanged(tmp_path):
    FileChannel(tmp_path)(row(id=70), "Subject", "Body")
    assert (tmp_path / "00000070-email-family_draft_issued-email.txt").read_text() == (
        f"To: {EMAIL}\nChannel: email\nReference: outbox-70\nSubject: Subject\n\nBody"
    )


# ------------------------------------------------------------------------------------------
# End to end through outbox.deliver (SQLite)
# ------------------------------------------------------------------------------------------

DRAFT_VALUES = {
    "child_name": "Amira",
    "contact_name": "Sara Khan",
    "happened_on": "Monday 1 June 2026",
    "representations_due_on": "Monday 16 June 2026",
    "final_plan_due_on": "Monday 1 July 2026",
    "officer_line": "Your case officer is Officer. You can email them at officer@council.example.",
    "case_ref": "EHC-1",
    "portal_url": "http://127.0.0.1/portal",
    "team_line": "You can also contact the SEND team at Your council.",
}


@pytest.fixture
def outbox_engine(tmp_path):
    from casework.cli import upgrade
    from casework.db import make_engine

    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _add_row(engine, **values):
    from casework.notifications import outbox

    message = {
        "dedupe_key": "test:1",
        "recipient": EMAIL,
        "recipient_kind": "contact",
        "channel": "email",
        "template": "family_draft_issued.email",
        "personalisation": DRAFT_VALUES,
        "case_id": None,
        "event_id": None,
        **values,
    }
    with engine.begin() as conn:
        [outbox_id] = outbox.add(conn, [SimpleNamespace(**message)])
    return outbox_id


def _backoff_over(engine, outbox_id):
    from sqlalchemy import update

    from casework.notifications.outbox import outbox_t

    with engine.begin() as conn:
        conn.execute(update(outbox_t).where(outbox_t.c.id == outbox_id).values(next_attempt_at=None))


def _state(engine, outbox_id):
    from sqlalchemy import select

    from casework.notifications.outbox import outbox_t

    with engine.connect() as conn:
        return conn.execute(
            select(outbox_t.c.status, outbox_t.c.attempts, outbox_t.c.last_error).where(outbox_t.c.id == outbox_id)
        ).one()


def test_deliver_marks_a_notify_400_failed_with_the_reason(fake_notify, tmp_path, outbox_engine):
    from casework.notifications import outbox

    outbox_id = _add_row(outbox_engine)
    fake_notify.fail(400, "Can't send to this recipient using a team-only API key")
    send = channel_for(notify_config(fake_notify, tmp_path))

    assert outbox.deliver(outbox_engine, outbox_id, send) == "failed"
    status, attempts, last_error = _state(outbox_engine, outbox_id)
    assert (status, attempts) == ("failed", 1)
    assert "400" in last_error and "team-only" in last_error and EMAIL not in last_error
    assert outbox.deliver(outbox_engine, outbox_id, send) == "skipped"  # never retried
    assert len(fake_notify.requests) == 1


def test_deliver_puts_a_notify_500_back_to_pending_then_the_retry_sends(fake_notify, tmp_path, outbox_engine):
    from casework.notifications import outbox

    outbox_id = _add_row(outbox_engine)
    fake_notify.fail(500)
    send = channel_for(notify_config(fake_notify, tmp_path))

    with pytest.raises(TemporaryFailure):
        outbox.deliver(outbox_engine, outbox_id, send)
    status, attempts, last_error = _state(outbox_engine, outbox_id)
    assert (status, attempts) == ("pending", 1) and last_error.startswith("TemporaryFailure: ") and "500" in last_error
    _backoff_over(outbox_engine, outbox_id)

    assert outbox.deliver(outbox_engine, outbox_id, send) == "sent"
    assert _state(outbox_engine, outbox_id)[:2] == ("sent", 2)
    assert [r.kind for r in fake_notify.requests] == ["email", "lookup", "email"]
    sent = fake_notify.sends[-1].json
    assert sent["reference"] == f"outbox-{outbox_id}"
    assert sent["personalisation"]["subject"] == "The draft EHC plan for Amira"
    assert "Dear Sara Khan," in sent["personalisation"]["body"]
