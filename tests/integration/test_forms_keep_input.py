"""After any error a form shows exactly what was typed, and no date is ever put in a person's place
(defect 4: the request's received date, which starts the 20 weeks, came back as today's date with
"must be a real date" under it). Statutory events have no default date."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from freezegun import freeze_time

from tests.integration.pagekit import build_world, staff_client, token_in


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.checked: set[str] = set()
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("id"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.checked.add(a["id"])
            else:
                self.values[a["id"]] = a.get("value") or ""
        if tag == "textarea":
            self._textarea = a.get("id")
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def fields(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


def _date(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}


def _kept(html: str, typed: dict[str, str]) -> None:
    found = fields(html).values
    assert {k: found.get(k) for k in typed} == typed


@pytest.fixture
def world(api, make_child, make_provider, services, staff):
    return build_world(api, make_child, make_provider, services, staff)


@freeze_time("2026-03-20")
def test_a_new_request_keeps_every_date_as_typed_and_offers_none(app, world):
    client = staff_client(app, "officer@council.example")
    page = client.get("/requests/new").get_data(as_text=True)
    empty = fields(page).values
    assert [empty[f"received_on-{p}"] for p in ("day", "month", "year")] == ["", "", ""]  # no default date
    typed = {
        **_date("received_on", "31", "2", "2026"),
        **_date("date_of_birth", "02", "04", "2016"),
        "family_name": "Khan",
        "email": "sara@example.org",
        "phone": "07700 900123",
        "address_1": "12 Foregate Street",
        "address_3": "Worcester",
        "postcode": "wr1 2ab",
        "language": "Urdu",
    }
    r = client.post("/requests/new", data={"csrf_token": token_in(page), **typed})  # no first name, no such date
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "must be a real date" in html and "Enter the child&#39;s first name" in html
    _kept(html, typed)
    # a date in the future: the error names it, and the typed date is still there
    typed.update(_date("received_on", "1", "4", "2026"), given_name="Amira")
    r = client.post("/requests/new", data={"csrf_token": token_in(page), **typed})
    assert r.status_code == 400 and "cannot be in the future" in r.get_data(as_text=True)
    _kept(r.get_data(as_text=True), typed)


@freeze_time("2026-03-20")
def test_the_case_pages_forms_keep_what_was_typed(app, world, staff):
    client = staff_client(app, "officer@council.example")
    case = world["case"]["id"]
    page = client.get(f"/cases/{case}").get_data(as_text=True)
    csrf = token_in(page)
    assert all(v == "" for k, v in fields(page).values.items() if k.endswith(("-day", "-month", "-year")))
    attempts = [
        # (url, what was typed, what it says)
        (
            f"/cases/{case}/events",
            {"type": "decided_not_to_issue", **_date("decided_not_to_issue-occurred_on", "09", "3", "2026")},
            "Enter the reason",
        ),
        (
            f"/cases/{case}/events",
            {"type": "decided_to_issue", **_date("decided_to_issue-occurred_on", "30", "2", "2026")},
            "must be a real date",
        ),
        (
            f"/cases/{case}/advice",
            {"advice-advice_type": "psychology", "advice-question": "How does she learn best?",
             **_date("advice-requested_on", "2", "03", "2026")},
            "Choose who to ask",
        ),
        (
            f"/cases/{case}/notes",
            {"note-kind": "call", **_date("note-occurred_on", "18", "3", "2026")},
            "Write the note",
        ),
        (
            f"/cases/{case}/corrections",
            {"correct-event_id": "1", **_date("correct-occurred_on", "6", "1", "2026")},
            "Say why the date was wrong",
        ),
        (
            f"/advice-requests/{world['advice']['health']}/received",
            _date(f"received-{world['advice']['health']}-on", "12", "13", "2026"),
            "must be a real date",
        ),
    ]  # fmt: skip
    for url, typed, says in attempts:
        r = client.post(url, data={"csrf_token": csrf, **typed})
        html = r.get_data(as_text=True)
        assert r.status_code == 400 and says in html, (url, html[:300])
        _kept(
            html,
            {
                k: v
                for k, v in typed.items()
                if k not in ("type", "advice-advice_type", "note-kind", "correct-event_id")
            },
        )


@freeze_time("2026-03-20")
def test_a_contact_form_keeps_what_was_typed(app, world):
    client = staff_client(app, "officer@council.example")
    url = f"/children/{world['amira']['id']}/contacts/new?case={world['case']['id']}"
    page = client.get(url).get_data(as_text=True)
    typed = {"name": "Ali Khan", "phone": "07700 900999", "address_1": "1 High Street", "postcode": "not a postcode",
             "language": "Urdu"}  # fmt: skip
    r = client.post(url, data={"csrf_token": token_in(page), "preferred_channel": "letter", **typed})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Enter a UK postcode" in html
    _kept(html, typed)
    assert "preferred_channel-3" in fields(html).checked  # letter, as chosen


@freeze_time("2026-03-20")
def test_overlong_input_is_an_error_naming_the_field_never_a_500(app, world, staff):
    client = staff_client(app, "officer@council.example")
    long = "x" * 600
    page = client.get("/requests/new").get_data(as_text=True)
    r = client.post(
        "/requests/new",
        data={"csrf_token": token_in(page), "given_name": long, "family_name": "Khan", "contact_name": long,
              "phone": "0" * 40, "address_1": long, "postcode": "WR1 2AB", "school": long,
              **_date("date_of_birth", "2", "4", "2016"), **_date("received_on", "2", "3", "2026")},
    )  # fmt: skip
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    for field in ("given_name", "contact_name", "phone", "address_1", "school"):
        assert f'href="#{field}"' in html, field
    url = f"/children/{world['amira']['id']}/contacts/new"
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": token_in(page), "name": long, "email": "a@b.co", "phone": "0" * 40})
    assert r.status_code == 400 and 'href="#name"' in r.get_data(as_text=True)
    manager = staff_client(app, "manager@council.example")
    url = f"/staff/{staff['officer']['id']}"
    page = manager.get(url).get_data(as_text=True)
    r = manager.post(url, data={"csrf_token": token_in(page), "capacity": "20", "available": "yes", "phone": "1" * 40})
    assert r.status_code == 400 and 'href="#phone"' in r.get_data(as_text=True)
