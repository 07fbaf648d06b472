"""Children and families, advice requests, the queue, the outbox, OpenAPI."""

from __future__ import annotations

import json

from freezegun import freeze_time
from sqlalchemy import select


def test_child_round_trip_and_siblings_by_email_phone_and_link(api, make_child):
    amira = make_child()
    assert amira["contacts"][0]["id"] and amira["siblings"] == []
    # same email, different case -> sibling
    yusuf = make_child(given_name="Yusuf", contacts=[{"name": "Sara Khan", "email": "SARA.KHAN@example.org"}])
    assert [s["id"] for s in yusuf["siblings"]] == [amira["id"]]
    # same phone written differently -> sibling
    zara = make_child(
        given_name="Zara", contacts=[{"name": "Dad", "phone": "+44 7700 900123", "preferred_channel": "sms"}]
    )
    assert {s["id"] for s in zara["siblings"]} == {amira["id"], yusuf["id"]}
    # explicit link (separated parents with different details)
    noor = make_child(
        given_name="Noor", sibling_of=amira["id"], contacts=[{"name": "Ali Khan", "email": "ali@example.org"}]
    )
    assert {s["id"] for s in noor["siblings"]} == {amira["id"], yusuf["id"], zara["id"]}
    # unrelated child
    other = make_child(given_name="Oliver", family_name="Bennett", contacts=[{"name": "J", "email": "j@example.org"}])
    assert other["siblings"] == []
    got = api.get(f"/api/v1/children/{amira['id']}").get_json()
    assert got["upn"] == "H801200001001" and got["date_of_birth"] == "2016-04-02"
    assert {s["id"] for s in got["siblings"]} == {yusuf["id"], zara["id"], noor["id"]}
    assert got["cases"] == [] and got["plan"] is None
    assert got["contacts"][0]["phone"] == "07700900123"


def test_a_contact_joining_two_families_merges_them(api, make_child):
    a = make_child(contacts=[{"name": "Mum", "email": "mum@example.org"}])
    b = make_child(given_name="B", contacts=[{"name": "Dad", "email": "dad@example.org"}])
    assert a["family_id"] != b["family_id"]
    c = make_child(
        given_name="C",
        contacts=[{"name": "Mum", "email": "mum@example.org"}, {"name": "Dad", "email": "dad@example.org"}],
    )
    assert {s["id"] for s in c["siblings"]} == {a["id"], b["id"]}


@freeze_time("2026-02-20")
def test_advice_requests(api, make_child, make_provider, services):
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    health = make_provider()
    ep = make_provider(name="Educational Psychology", advice_type="psychology", email="ep@council.example")
    assert health["statutory_basis"] is True and ep["statutory_basis"] is False
    url = f"/api/v1/cases/{case['id']}/advice-requests"
    # not while the decision to assess is pending
    r = api.post(url, json={"advice_type": "health", "provider_id": health["id"], "requested_on": "2026-01-19"})
    assert r.status_code == 409 and "assessing" in r.get_json()["message"]
    api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-19"})
    # worked example 2: received by the advice-givers Mon 19 Jan 2026 -> due Mon 2 Mar 2026
    r = api.post(url, json={"advice_type": "health", "provider_id": health["id"], "requested_on": "2026-01-19"})
    assert r.status_code == 201, r.get_json()
    first = r.get_json()
    assert first["due_on"] == "2026-03-02" and first["status"] == "requested" and first["basis"] == "statutory"
    assert first["provider"]["name"] == "Community Paediatrics" and first["chases"] == []
    second = api.post(
        url,
        json={
            "advice_type": "psychology",
            "provider_id": ep["id"],
            "requested_on": "2026-01-19",
            "provider_received_on": "2026-01-21",
        },
    ).get_json()
    assert second["due_on"] == "2026-03-04" and second["basis"] == "target"
    assert (
        api.post(url, json={"advice_type": "health", "provider_id": 999, "requested_on": "2026-01-19"}).status_code
        == 422
    )
    # received on time / late / twice / before requested
    r = api.post(f"/api/v1/advice-requests/{first['id']}/received", json={"received_on": "2026-02-20"})
    assert r.status_code == 200 and r.get_json()["status"] == "received"
    assert (
        api.post(f"/api/v1/advice-requests/{first['id']}/received", json={"received_on": "2026-02-20"}).status_code
        == 409
    )
    assert (
        api.post(f"/api/v1/advice-requests/{second['id']}/received", json={"received_on": "2026-01-01"}).status_code
        == 422
    )
    with freeze_time("2026-03-10"):
        listed = api.get(url).get_json()
        assert [a["status"] for a in listed] == ["received", "overdue"]
        r = api.post(f"/api/v1/advice-requests/{second['id']}/received", json={"received_on": "2026-03-10"})
        assert r.get_json()["status"] == "received_late"
    # the provider was emailed a request; each receipt is an event on the case
    from casework.models import OutboxMessage

    with services.session_factory() as s:
        to_providers = (
            s.execute(select(OutboxMessage.recipient).where(OutboxMessage.template == "advice_request.email"))
            .scalars()
            .all()
        )
    assert sorted(to_providers) == ["ep@council.example", "paeds@nhs.example"]
    types = [e["type"] for e in api.get(f"/api/v1/cases/{case['id']}").get_json()["events"]]
    assert types.count("advice_requested") == 2 and types.count("advice_received") == 2


def test_family_is_told_once_per_event_by_their_channel(api, make_child, services):
    from casework.models import OutboxMessage

    with freeze_time("2026-01-05"):
        child = make_child(
            contacts=[
                {"name": "Sara Khan", "email": "sara@example.org"},
                {"name": "Omar Khan", "phone": "07700 900999", "preferred_channel": "sms"},
            ]
        )
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    with freeze_time("2026-02-10"):
        api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-02-10"})
    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    assert [(r.channel, r.template) for r in rows] == [
        ("email", "family_request_received.email"),
        ("sms", "family_request_received.sms"),
        ("email", "family_decided_to_assess.email"),
        ("sms", "family_decided_to_assess.sms"),
    ]
    assert len({r.dedupe_key for r in rows}) == 4
    assert all(r.status == "sent" for r in rows)  # embedded mode delivers in-process after commit
    files = sorted(p.name for p in services.config.outbox_dir.glob("*.txt"))
    assert len(files) == 4
    email = (services.config.outbox_dir / files[0]).read_text()
    assert "16 February 2026" in email and "25 May 2026" in email and "Officer" in email
    sms = list(services.config.outbox_dir.glob("*-sms-*.txt"))[0].read_text()
    assert "+447700900999" in sms and len(sms.split("\n\n", 1)[1]) <= 160 * 2
    # the relay finds nothing left to send, and re-adding a message with the same key is a no-op
    assert services.dispatch.relay() == 0


def test_queue_most_urgent_first_and_only_managers_see_other_queues(api, make_child, staff):
    with freeze_time("2026-03-01"):
        # siblings (shared email) so both cases go to the same officer
        soon = make_child(given_name="Soon", contacts=[{"name": "A", "email": "a@example.org"}])
        late = make_child(given_name="Late", contacts=[{"name": "A", "email": "a@example.org"}])
        quiet = make_child(given_name="Other", contacts=[{"name": "B", "email": "b@example.org"}])
        for child, received in ((soon, "2026-02-20"), (late, "2026-01-05"), (quiet, "2026-02-25")):
            assert (
                api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": received}).status_code
                == 201
            )
        holder = api.get(f"/api/v1/cases?child_id={late['id']}").get_json()[0]["officer"]["id"]
        assert api.get(f"/api/v1/cases?child_id={soon['id']}").get_json()[0]["officer"]["id"] == holder
        token = {staff[k]["id"]: staff[k]["token"] for k in ("officer", "officer2")}
        other_id = next(i for i in token if i != holder)
        q = api.as_(token[holder]).get("/api/v1/queue")
        assert q.status_code == 200
        assert [i["child"]["given_name"] for i in q.get_json()] == ["Late", "Soon"]
        first = q.get_json()[0]
        assert first["case"]["state"] == "request_received" and first["overdue_advice"] == 0
        assert first["next_deadline"] == {
            "key": "decision_to_assess",
            "due_on": "2026-02-16",
            "practical_due_on": "2026-02-16",
            "days_remaining": -13,
            "status": "overdue",
        }
        assert json.loads(q.headers["X-Pagination"])["total"] == 2
        # the other officer got the unrelated child (lowest caseload), and cannot read the first one's queue
        assert [i["child"]["given_name"] for i in api.as_(token[other_id]).get("/api/v1/queue").get_json()] == ["Other"]
        assert api.as_(token[other_id]).get(f"/api/v1/queue?officer_id={holder}").status_code == 403
        manager = api.as_(staff["manager"]["token"])
        assert [i["child"]["given_name"] for i in manager.get(f"/api/v1/queue?officer_id={holder}").get_json()] == [
            "Late",
            "Soon",
        ]


def test_cases_list_filters_and_pagination(api, make_child):
    with freeze_time("2026-03-01"):
        ids = []
        for i in range(3):
            c = make_child(given_name=f"C{i}", contacts=[{"name": "P", "email": f"p{i}@example.org"}])
            ids.append(
                api.post("/api/v1/assessments", json={"child_id": c["id"], "received_on": "2026-02-01"}).get_json()[
                    "id"
                ]
            )
        api.post(f"/api/v1/cases/{ids[0]}/events", json={"type": "decided_to_assess", "occurred_on": "2026-02-10"})
        r = api.get("/api/v1/cases?page=1&page_size=2")
        assert len(r.get_json()) == 2 and json.loads(r.headers["X-Pagination"])["total"] == 3
        assert [c["id"] for c in api.get("/api/v1/cases?state=assessing").get_json()] == [ids[0]]
        assert len(api.get("/api/v1/cases?kind=assessment&open=true").get_json()) == 3
        assert api.get("/api/v1/cases?kind=spaceship").status_code == 422


def test_openapi_and_docs_are_served_locally(anonymous):
    spec = anonymous.get("/api/openapi.json").get_json()
    for path in (
        "/api/v1/children",
        "/api/v1/assessments",
        "/api/v1/cases/{case_id}/events",
        "/api/v1/providers",
        "/api/v1/cases/{case_id}/advice-requests",
        "/api/v1/advice-requests/{advice_id}/received",
        "/api/v1/queue",
    ):
        assert path in spec["paths"], path
    page = anonymous.get("/api/docs").get_data(as_text=True)
    assert "/api/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert anonymous.get("/api/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_queue_search_by_name_start_or_upn(api, make_child, services):
    from casework.read.queue import queue

    with freeze_time("2026-03-01"):
        a = make_child(
            given_name="Amira",
            family_name="Khan",
            upn="H801200001001",
            contacts=[{"name": "A", "email": "a@example.org"}],
        )
        b = make_child(
            given_name="Ben",
            family_name="Akhtar",
            upn="X801200001002",
            contacts=[{"name": "B", "email": "b@example.org"}],
        )
        c = make_child(
            given_name="Kh_rry", family_name="Smith", upn=None, contacts=[{"name": "C", "email": "c@example.org"}]
        )
        for child in (a, b, c):
            api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-02-02"})
        import datetime as dt

        def names(term):
            with services.session_factory() as s:
                items, total = queue(s, None, dt.date(2026, 3, 1), 0, 25, search=term)
            assert total == len(items)
            return sorted(i["child"]["given_name"] for i in items)

        assert names("kh") == ["Amira", "Kh_rry"]  # first or last name starting "kh" (not Akhtar)
        assert names("am kh") == ["Amira"]
        assert names("x801200001002") == ["Ben"]  # a UPN: exactly that child
        assert names("kh_") == ["Kh_rry"]  # _ and % are literal
        assert names("%") == []
