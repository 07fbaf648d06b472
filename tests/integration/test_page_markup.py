"""No page shows markup as text (defect 1: the parent's page showed `Priya Shah<br><a class=...>` and
`<br><span class='govuk-body-s'>Sent ...</span>`). Every page of every journey is fetched, as an
officer, a manager, a parent signed in by email, a parent signed in by a texted code and an
advice-giver, and read as a person reads it: no tag or entity appears among its words. And what people
type is escaped, never run."""

from __future__ import annotations

import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import AdviceDocument, Contact, FamilyContribution
from casework.notifications.links import advice_url
from tests.integration.pagekit import (
    build_world,
    escaped_markup,
    open_link,
    parent_by_email,
    parent_by_text,
    staff_client,
    token_in,
    visible_text,
)


@pytest.fixture
def world(api, make_child, make_provider, services, staff):
    return build_world(api, make_child, make_provider, services, staff)


def _ids(services, world, staff) -> dict[str, int]:
    with services.session_factory() as s:
        contact = s.execute(select(Contact.id).where(Contact.child_id == world["amira"]["id"])).scalar()
        doc = s.execute(select(AdviceDocument.id)).scalar()
        contribution = s.execute(select(FamilyContribution.id)).scalar()
    return {
        "case_id": world["case"]["id"],
        "child_id": world["amira"]["id"],
        "advice_id": world["advice"]["health"],
        "contact_id": contact,
        "staff_id": staff["officer"]["id"],
        "document_id": doc,
        "contribution_id": contribution or 0,
    }


def _get_routes(app, ids) -> list[str]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api", "/static")) or "GET" not in rule.methods:
            continue
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<id:{name}>", str(value))
        if "<" in path:  # tokens, links: fetched through their own journeys below
            continue
        out.append(path)
    return sorted(set(out))


def _read(client, path: str) -> tuple[int, str]:
    r = client.get(path)
    if r.mimetype != "text/html":
        return r.status_code, ""
    body = r.get_data(as_text=True)
    assert escaped_markup(body) == [], (path, escaped_markup(body))
    return r.status_code, body


@freeze_time("2026-03-20")
def test_no_page_shows_markup_as_text(app, services, world, staff):
    ids = _ids(services, world, staff)
    routes = _get_routes(app, ids)
    assert len(routes) >= 25
    seen = {}
    officer = staff_client(app, "officer@council.example")
    manager = staff_client(app, "manager@council.example")
    for who, client in (("officer", officer), ("manager", manager)):
        for path in routes:
            status, body = _read(client, path)
            seen[(who, path)] = status
            assert status in (200, 302, 403, 404), (who, path, status)
        for case in ("case", "lily_case", "review"):
            assert _read(client, f"/cases/{world[case]['id']}")[0] == 200
            assert _read(client, f"/cases/{world[case]['id']}/print")[0] == 200
    assert seen[("officer", f"/cases/{ids['case_id']}")] == 200
    assert seen[("manager", "/caseloads")] == 200 and seen[("officer", "/caseloads")] == 403
    # the officer's forms, sent wrong: their error pages too
    page = officer.get(f"/cases/{ids['case_id']}").get_data(as_text=True)
    csrf = token_in(page)
    for url, data in (
        (f"/cases/{ids['case_id']}/events", {"type": "decided_to_issue", "decided_to_issue-occurred_on-day": "40"}),
        (f"/cases/{ids['case_id']}/notes", {}),
        (f"/cases/{ids['case_id']}/corrections", {}),
        (f"/cases/{ids['case_id']}/advice", {"advice-question": "What helps?"}),
        ("/requests/new", {"given_name": "A"}),
        (f"/children/{ids['child_id']}/contacts/{ids['contact_id']}?case={ids['case_id']}", {"postcode": "nope"}),
    ):
        r = officer.post(url, data={"csrf_token": csrf, **data})
        assert r.status_code == 400, url
        assert escaped_markup(r.get_data(as_text=True)) == [], url
    # the families, by email and by a code by text
    for client, child in (
        (parent_by_email(app, services, "sara.khan@example.org"), world["amira"]),
        (parent_by_text(app, services, "07700 900456"), world["lily"]),
    ):
        for path in ("/portal/", f"/portal/children/{child['id']}", f"/portal/children/{child['id']}/views"):
            status, body = _read(client, path)
            assert status == 200, path
    # the advice-giver, through their private link
    link = advice_url("http://x", services.config.secret_key, world["advice"]["health"]).split("http://x", 1)[1]
    giver = app.test_client()
    url, _page = open_link(giver, link)
    assert _read(giver, url)[0] == 200
    # signed out
    for path in ("/", "/accessibility", "/privacy", "/sign-in", "/portal/sign-in", "/portal/sign-in/text"):
        assert _read(app.test_client(), path)[0] == 200


@freeze_time("2026-03-20")
def test_the_parents_page_shows_their_officer_and_their_views_as_words(app, services, world, staff):
    """The two places the defect was found: the officer's name and email, and the family's own views."""
    client = parent_by_email(app, services, "sara.khan@example.org")
    url = f"/portal/children/{world['amira']['id']}/views"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": token_in(page), "views": "She likes <b>maths</b> & art."})
    body = client.get(f"/portal/children/{world['amira']['id']}").get_data(as_text=True)
    text = visible_text(body)
    assert re.search(r"Your case officer (Officer|Officer2) (officer2?@council\.example)", text), text
    assert "She likes <b>maths</b> & art." in text  # what the family typed, as they typed it
    assert "<b>maths</b>" not in body  # escaped, never run
    assert "Sent Friday 20 March 2026" in text
