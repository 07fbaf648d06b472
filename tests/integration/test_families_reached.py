"""Families who chose text messages or letters are reached (defect 7): contacts have a postal address
(lines and a UK postcode, checked); a family without email gets each update by letter as well as by
text, and no text mentions a letter or email that was not sent; such a family signs in to the portal
with a code sent by text, and sees the messages the council sent them."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import Letter, OutboxMessage, PortalCode
from casework.notifications.links import send_time_values
from casework.notifications.messages import render
from tests.integration.pagekit import build_world, code_in, parent_by_text, sent_text, token_in, visible_text


def test_a_contact_has_a_postal_address_with_a_checked_postcode(api, make_child):
    child = make_child(
        contacts=[{"name": "Anna Nowak", "preferred_channel": "letter", "address_lines": ["Flat 2", "14 Mill Lane"],
                   "postcode": "nt14ab", "language": "Polish"}]
    )  # fmt: skip
    [contact] = child["contacts"]
    assert contact["address_lines"] == ["Flat 2", "14 Mill Lane"] and contact["postcode"] == "NT1 4AB"
    assert contact["address"] == "Flat 2\n14 Mill Lane\nNT1 4AB" and contact["language"] == "Polish"
    # an address typed as one text: its postcode is found
    other = make_child(given_name="B", contacts=[{"name": "C", "preferred_channel": "letter",
                                                  "address": "1 High St, Worcester, wr1 2ab"}])  # fmt: skip
    assert other["contacts"][0]["address_lines"] == ["1 High St", "Worcester"]
    assert other["contacts"][0]["postcode"] == "WR1 2AB"
    for bad, field in (
        ({"address_lines": ["1 High St"], "postcode": "not a postcode"}, "postcode"),
        ({"address_lines": ["1 High St"]}, "postcode"),  # a letter cannot be posted without one
        ({"address": "1 High Street, Worcester"}, "postcode"),
    ):
        r = api.post("/api/v1/children", json={"given_name": "X", "family_name": "Y", "date_of_birth": "2016-01-01",
                                               "contacts": [{"name": "Z", "preferred_channel": "letter", **bad}]})  # fmt: skip
        assert r.status_code == 422, r.get_json()
        assert field in r.get_json()["errors"]["json"]["contacts"]["0"], r.get_json()


@freeze_time("2026-01-05")
def test_a_family_without_email_gets_a_letter_with_each_text_and_the_text_says_so(api, make_child, services):
    lily = make_child(
        given_name="Lily",
        contacts=[
            {"name": "Anna Nowak", "phone": "07700 900456", "preferred_channel": "sms",
             "address_lines": ["14 Mill Lane", "Northtown"], "postcode": "NT1 4AB"},
            {"name": "Piotr Nowak", "email": "piotr@example.org", "phone": "07700 900457", "preferred_channel": "sms"},
        ],
    )  # fmt: skip
    api.post("/api/v1/assessments", json={"child_id": lily["id"], "received_on": "2026-01-05"})
    extra = send_time_values(services.config)
    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    anna, piotr = lily["contacts"]
    texts = {r.dedupe_key.split(":contact:")[1]: r for r in rows if r.channel == "sms"}
    assert set(texts) == {str(anna["id"]), str(piotr["id"])}
    (letter,) = [r for r in rows if r.channel == "letter"]  # Anna has no email: the update by post too
    assert letter.template == "letter.family_update"
    assert letter.recipient == "Anna Nowak\n14 Mill Lane\nNorthtown\nNT1 4AB"
    with services.session_factory() as s:
        kept = s.get(Letter, letter.personalisation["letter_id"])
    assert kept.contact_id == anna["id"] and kept.values["subject"].startswith("We have the request")
    assert any("Monday 16 February 2026" in p for p in kept.values["paragraphs"])
    text_anna = render(
        "family_request_received.sms", {**texts[str(anna["id"])].personalisation, **extra(texts[str(anna["id"])])}
    )[1]
    text_piotr = render(
        "family_request_received.sms", {**texts[str(piotr["id"])].personalisation, **extra(texts[str(piotr["id"])])}
    )[1]
    assert "posted you a letter" in text_anna and "letter" not in text_piotr and "email" not in text_piotr
    assert "code we text" in text_piotr


@pytest.fixture
def world(api, make_child, make_provider, services, staff):
    return build_world(api, make_child, make_provider, services, staff)


@freeze_time("2026-03-20")
def test_a_family_without_email_signs_in_with_a_code_sent_by_text(app, services, world):
    client = parent_by_text(app, services, "07700 900456")
    home = visible_text(client.get("/portal/").get_data(as_text=True))
    assert "Lily Nowak" in home and "Amira" not in home
    page = visible_text(client.get(f"/portal/children/{world['lily']['id']}").get_data(as_text=True))
    assert "Messages we have sent you" in page and "We have received the request for an EHC needs assessment" in page
    assert client.get(f"/portal/children/{world['amira']['id']}").status_code == 404  # another family's child
    # the code works once
    with services.session_factory() as s:
        code = s.execute(select(PortalCode).order_by(PortalCode.id.desc())).scalars().first()
        assert code.used_at is not None and len(code.code_hash) == 64


@freeze_time("2026-03-20 10:00:00")
def test_a_text_code_is_single_use_dies_after_wrong_tries_and_expires(app, services, world):
    # an unknown number: the same answer, and no text is sent
    client = app.test_client()
    page = client.get("/portal/sign-in/text").get_data(as_text=True)
    r = client.post("/portal/sign-in/text", data={"csrf_token": token_in(page), "phone": "07700 900999"})
    services.later.wait()  # the code is looked for and sent off the request thread
    assert r.status_code == 302
    with services.session_factory() as s:
        assert s.execute(select(OutboxMessage).where(OutboxMessage.template.like("portal_%"))).first() is None
    # a known number: five wrong tries and the code is dead, even when the right one follows
    client.post("/portal/sign-in/text", data={"csrf_token": token_in(page), "phone": "+44 7700 900456"})
    services.later.wait()
    with services.session_factory() as s:
        sent = s.execute(select(OutboxMessage).where(OutboxMessage.template == "portal_sign_in_code.sms")).scalar_one()
    assert "code" not in sent.personalisation  # the code leaves the row once it is sent
    code = code_in(sent_text(services, "portal_sign_in_code.sms"))
    form = client.get("/portal/sign-in/code").get_data(as_text=True)
    for _ in range(5):
        r = client.post(
            "/portal/sign-in/code",
            data={"csrf_token": token_in(form), "code": "000000" if code != "000000" else "111111"},
        )
        assert r.status_code == 400 and "not right" in r.get_data(as_text=True)
    r = client.post("/portal/sign-in/code", data={"csrf_token": token_in(form), "code": code})
    assert r.status_code == 400 and client.get("/portal/").status_code == 302
    # a fresh code works, once, and not after 10 minutes
    other = app.test_client()
    page = other.get("/portal/sign-in/text").get_data(as_text=True)
    other.post("/portal/sign-in/text", data={"csrf_token": token_in(page), "phone": "07700 900456"})
    services.later.wait()
    code = code_in(sent_text(services, "portal_sign_in_code.sms"))
    with freeze_time(dt.datetime(2026, 3, 20, 10, 11)):
        r = other.post("/portal/sign-in/code", data={"csrf_token": token_in(page), "code": code})
        assert r.status_code == 400  # expired
