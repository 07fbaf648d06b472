"""Siblings share one case officer: allocation, reassignment, links, caseloads, rebalancing."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from click.testing import CliRunner
from freezegun import freeze_time
from sqlalchemy import func, insert, select

from casework.models import Case, Child, Contact, Event, Family, OutboxMessage, Staff
from casework.workflow import engine, opening


@pytest.fixture
def frozen():
    with freeze_time("2026-03-02"):
        yield


def open_for(services, child_id, officer_id, received="2026-02-02"):
    """Open an assessment with a chosen officer (as seeding), through the engine."""
    with services.session_factory() as s:
        r = opening.open_case(
            s,
            "assessment",
            child_id,
            received=dt.date.fromisoformat(received),
            actor=engine.Actor.system(),
            officer_id=officer_id,
        )
        s.commit()
        return r.case_id


def load_officer(services, officer_id, n):
    """Give an officer n open cases of unrelated children."""
    with services.session_factory() as s:
        s.execute(
            insert(Family.__table__).values(created_at=dt.datetime.now(dt.UTC)).returning(Family.__table__.c.id)
        ).scalar_one()
        for i in range(n):
            f = s.execute(
                insert(Family.__table__).values(created_at=dt.datetime.now(dt.UTC)).returning(Family.__table__.c.id)
            ).scalar_one()
            c = s.execute(
                insert(Child.__table__)
                .values(
                    given_name=f"Load{i}",
                    family_name="X",
                    family_id=f,
                    date_of_birth=dt.date(2015, 1, 1),
                    created_at=dt.datetime.now(dt.UTC),
                )
                .returning(Child.__table__.c.id)
            ).scalar_one()
            opening.open_case(
                s, "assessment", c, received=dt.date(2026, 2, 1), actor=engine.Actor.system(), officer_id=officer_id
            )
        s.commit()


def officer_of(api, child_id):
    return api.get(f"/api/v1/cases?child_id={child_id}&open=true").get_json()[0]["officer"]["id"]


def new_case(api, child_id):
    r = api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": "2026-03-02"})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_new_request_goes_to_the_siblings_officer_even_when_others_have_fewer(frozen, api, make_child, services, staff):
    busy = staff["officer"]["id"]
    load_officer(services, busy, 30)  # officer2 has none
    older = make_child(given_name="Older")
    open_for(services, older["id"], busy)
    younger = make_child(given_name="Younger", contacts=[{"name": "Sara", "email": "Sara.Khan@example.org"}])
    case = new_case(api, younger["id"])
    assert case["officer"]["id"] == busy
    allocation = case["events"][0]["details"]["allocation"]
    assert allocation["officer_id"] == busy and "the family's officer" in allocation["reason"]


def test_phone_only_match(frozen, api, make_child, services, staff):
    busy = staff["officer"]["id"]
    load_officer(services, busy, 10)
    older = make_child(
        given_name="Older", contacts=[{"name": "Dad", "phone": "07700 900123", "preferred_channel": "sms"}]
    )
    open_for(services, older["id"], busy)
    younger = make_child(
        given_name="Younger", contacts=[{"name": "Dad", "phone": "+447700900123", "preferred_channel": "sms"}]
    )
    assert [s["id"] for s in younger["siblings"]] == [older["id"]]
    assert new_case(api, younger["id"])["officer"]["id"] == busy


def test_no_siblings_goes_to_the_least_loaded_available_officer(frozen, api, make_child, services, staff):
    load_officer(services, staff["officer"]["id"], 5)
    load_officer(services, staff["officer2"]["id"], 2)
    child = make_child()
    case = new_case(api, child["id"])
    assert case["officer"]["id"] == staff["officer2"]["id"]
    assert "lowest caseload (2 of 40)" in case["events"][0]["details"]["allocation"]["reason"]
    # unavailable officers are skipped
    api.as_(staff["manager"]["token"]).patch(f"/api/v1/staff/{staff['officer2']['id']}", json={"available": False})
    other = make_child(given_name="B", contacts=[{"name": "P", "email": "p@example.org"}])
    assert new_case(api, other["id"])["officer"]["id"] == staff["officer"]["id"]


def test_capacity_counts_relative_load(frozen, api, make_child, services, staff):
    manager = api.as_(staff["manager"]["token"])
    assert manager.patch(f"/api/v1/staff/{staff['officer']['id']}", json={"capacity": 100}).status_code == 200
    load_officer(services, staff["officer"]["id"], 10)  # 10/100
    load_officer(services, staff["officer2"]["id"], 5)  # 5/40
    assert new_case(api, make_child()["id"])["officer"]["id"] == staff["officer"]["id"]


def test_unavailable_sibling_officer_moves_the_whole_family(frozen, api, make_child, services, staff):
    away = staff["officer"]["id"]
    older = make_child(given_name="Older")
    older_case = open_for(services, older["id"], away)
    manager = api.as_(staff["manager"]["token"])
    assert manager.patch(f"/api/v1/staff/{away}", json={"available": False}).status_code == 200
    younger = make_child(given_name="Younger")
    case = new_case(api, younger["id"])
    new_officer = case["officer"]["id"]
    assert new_officer == staff["officer2"]["id"]
    assert "whole family moves together" in case["events"][0]["details"]["allocation"]["reason"]
    moved = api.get(f"/api/v1/cases/{older_case}").get_json()
    assert moved["officer"]["id"] == new_officer and moved["events"][-1]["type"] == "officer_changed"
    with services.session_factory() as s:
        told = (
            s.execute(select(OutboxMessage.template).where(OutboxMessage.template.like("family_officer_changed%")))
            .scalars()
            .all()
        )
    assert told == ["family_officer_changed.email"]


def test_reassignment_officer_403_manager_moves_and_tells_family(frozen, api, make_child, services, staff):
    a = make_child(given_name="Ann")
    b = make_child(given_name="Ben")
    ca = open_for(services, a["id"], staff["officer"]["id"])
    cb = open_for(services, b["id"], staff["officer"]["id"])
    body = {"officer_id": staff["officer2"]["id"], "reason": "Officer leaving the team"}
    r = api.put(f"/api/v1/cases/{ca}/officer", json=body)
    assert r.status_code == 403 and "managers" in r.get_json()["message"]
    manager = api.as_(staff["manager"]["token"])
    r = manager.put(f"/api/v1/cases/{ca}/officer", json=body)
    assert r.status_code == 200, r.get_json()
    out = r.get_json()
    assert out["case"]["officer"]["id"] == staff["officer2"]["id"] and out["moved_case_ids"] == [ca]
    assert [c["id"] for c in out["sibling_cases"]] == [cb]  # the offer: move Ben's case too
    r = manager.put(f"/api/v1/cases/{ca}/officer", json={**body, "move_siblings": True})
    assert r.get_json()["moved_case_ids"] == [cb] and r.get_json()["sibling_cases"] == []
    event = api.get(f"/api/v1/cases/{cb}").get_json()["events"][-1]
    assert event["type"] == "officer_changed" and event["details"]["reason"] == "Officer leaving the team"
    with services.session_factory():
        files = list(services.config.outbox_dir.glob("*officer_changed*"))
    assert len(files) == 2 and "Officer2" in files[0].read_text()
    # bad requests
    assert manager.put(f"/api/v1/cases/{ca}/officer", json={"officer_id": 999}).status_code == 422
    assert manager.put("/api/v1/cases/999/officer", json=body).status_code == 404
    assert manager.put(f"/api/v1/cases/{ca}/officer", json={**body, "version": 1}).status_code == 409


def test_link_and_unlink_are_audited(frozen, api, make_child, services):
    from casework.models import AuditEvent

    mum = make_child(given_name="A", contacts=[{"name": "Mum", "email": "mum@example.org"}])
    dad = make_child(given_name="B", contacts=[{"name": "Dad", "email": "dad@example.org"}])
    assert dad["siblings"] == []
    r = api.post(
        f"/api/v1/children/{dad['id']}/links", json={"other_child_id": mum["id"], "reason": "Separated parents"}
    )
    assert r.status_code == 200 and [s["id"] for s in r.get_json()["siblings"]] == [mum["id"]]
    # a shared social worker's email joined two unrelated children: unlink them
    x = make_child(given_name="X", contacts=[{"name": "SW", "email": "sw@council.example"}])
    y = make_child(given_name="Y", contacts=[{"name": "SW", "email": "sw@council.example"}])
    assert [s["id"] for s in y["siblings"]] == [x["id"]]
    r = api.post(
        f"/api/v1/children/{y['id']}/links",
        json={"other_child_id": x["id"], "kind": "unlink", "reason": "Shared social worker, not family"},
    )
    assert r.status_code == 200 and r.get_json()["siblings"] == []
    # and a later child with that email no longer re-joins them
    z = make_child(given_name="Z", contacts=[{"name": "Mum Z", "email": "z@example.org"}])
    assert z["siblings"] == []
    assert (
        api.post(f"/api/v1/children/{y['id']}/links", json={"other_child_id": y["id"], "reason": "x"}).status_code
        == 422
    )
    assert api.post(f"/api/v1/children/{y['id']}/links", json={"other_child_id": 999, "reason": "x"}).status_code == 404
    assert api.post(f"/api/v1/children/{y['id']}/links", json={"other_child_id": x["id"]}).status_code == 422
    with services.session_factory() as s:
        actions = (
            s.execute(select(AuditEvent.action).where(AuditEvent.action.like("family_%")).order_by(AuditEvent.id))
            .scalars()
            .all()
        )
    assert actions == ["family_link", "family_unlink"]


def test_child_shows_siblings_open_cases(frozen, api, make_child, services, staff):
    a = make_child(given_name="A")
    b = make_child(given_name="B")
    cb = open_for(services, b["id"], staff["officer2"]["id"])
    got = api.get(f"/api/v1/children/{a['id']}").get_json()
    assert [(c["id"], c["child_id"], c["officer"]["id"]) for c in got["sibling_open_cases"]] == [
        (cb, b["id"], staff["officer2"]["id"])
    ]


def test_caseloads_for_managers(frozen, api, services, staff):
    load_officer(services, staff["officer"]["id"], 3)
    assert api.get("/api/v1/officers").status_code == 403
    rows = {r["officer"]["id"]: r for r in api.as_(staff["manager"]["token"]).get("/api/v1/officers").get_json()}
    assert rows[staff["officer"]["id"]]["open_cases"] == 3 and rows[staff["officer"]["id"]]["capacity"] == 40
    assert rows[staff["officer"]["id"]]["load"] == 0.075 and rows[staff["officer2"]["id"]]["open_cases"] == 0


def _seed_caseload(services, staff_ids, n_children=5000, n_split=300, seed=7):
    """Bulk-seed children in families with open cases; n_split families get cases split across officers."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    with services.engine.begin() as conn:
        fam_ids = []
        children, contacts, cases = [], [], []
        n_families = n_children * 2 // 3
        fam_ids = (
            conn.execute(insert(Family.__table__).returning(Family.__table__.c.id), [{"created_at": now}] * n_families)
            .scalars()
            .all()
        )
        for i in range(n_children):
            fam = fam_ids[i % n_families]
            children.append(
                {
                    "given_name": f"C{i}",
                    "family_name": f"F{fam}",
                    "family_id": fam,
                    "date_of_birth": dt.date(2012, 1, 1) + dt.timedelta(days=i % 3000),
                    "created_at": now,
                }
            )
        child_ids = conn.execute(
            insert(Child.__table__).returning(Child.__table__.c.id, Child.__table__.c.family_id), children
        ).all()
        by_family: dict[int, list[int]] = {}
        for cid, fam in child_ids:
            by_family.setdefault(fam, []).append(cid)
        multi = [f for f, kids in by_family.items() if len(kids) > 1]
        split = set(rng.sample(multi, n_split))
        for cid, fam in child_ids:
            contacts.append(
                {
                    "child_id": cid,
                    "name": "Parent",
                    "relationship": "parent",
                    "email": f"parent{fam}@example.org",
                    "email_normalised": f"parent{fam}@example.org",
                    "preferred_channel": "email",
                }
            )
        conn.execute(insert(Contact.__table__), contacts)
        for fam, kids in by_family.items():
            officers = [rng.choice(staff_ids)] if fam not in split else rng.sample(staff_ids, 2)
            for k, cid in enumerate(kids):
                cases.append(
                    {
                        "kind": "assessment",
                        "child_id": cid,
                        "officer_id": officers[k % len(officers)],
                        "state": "request_received",
                        "is_open": True,
                        "version": 1,
                        "opened_on": dt.date(2026, 2, 2),
                        "facts": {"received_on": "2026-02-02"},
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        conn.execute(insert(Case.__table__), cases)
    return split


def _split_families(services):
    with services.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(
                select(Child.family_id)
                .join(Case, Case.child_id == Child.id)
                .where(Case.is_open)
                .group_by(Child.family_id)
                .having(func.count(func.distinct(Case.officer_id)) > 1)
                .subquery()
            )
        ).scalar_one()


def test_rebalance_siblings_on_5000_children(services, staff, monkeypatch, database_url):
    from casework.cli import main

    with services.session_factory() as s:
        for i in range(8):
            s.add(Staff(email=f"extra{i}@council.example", name=f"Extra {i}", role="officer", capacity=2000))
        s.commit()
        ids = list(s.execute(select(Staff.id).where(Staff.role == "officer")).scalars())
    split = _seed_caseload(services, ids)
    assert _split_families(services) == len(split) == 300
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CASEWORK_OUTBOX_DIR", str(services.config.outbox_dir))
    runner = CliRunner()
    dry = runner.invoke(main, ["rebalance-siblings", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "300 families split" in dry.output and "Dry run" in dry.output
    assert _split_families(services) == 300
    started = time.perf_counter()
    real = runner.invoke(main, ["rebalance-siblings"])
    elapsed = time.perf_counter() - started
    assert real.exit_code == 0, real.output
    assert _split_families(services) == 0
    print(f"\nrebalance-siblings: 5000 children, 300 split families, {elapsed:.2f} s ({services.engine.dialect.name})")
    again = runner.invoke(main, ["rebalance-siblings"])
    assert "Nothing to do" in again.output
    with services.session_factory() as s:
        moved_events = s.execute(
            select(func.count()).select_from(Event).where(Event.type == "officer_changed")
        ).scalar_one()
        told = s.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.template.like("family_officer_changed%"))
        ).scalar_one()
    assert moved_events >= 300 and told == 300  # each family told once


def _count_queries(services, child_id):
    from sqlalchemy import event

    from casework.workflow.allocation import choose_officer

    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        with services.engine.connect() as conn:
            choice = choose_officer(conn, child_id)
    finally:
        event.remove(services.engine, "before_cursor_execute", count)
    return len(statements), choice


def test_allocation_takes_a_constant_number_of_queries(frozen, api, make_child, services, staff):
    lone = make_child(given_name="Lone", contacts=[{"name": "L", "email": "l@example.org"}])
    sib_a = make_child(given_name="SibA")
    open_for(services, sib_a["id"], staff["officer"]["id"])
    sib_b = make_child(given_name="SibB")
    small = (_count_queries(services, lone["id"])[0], _count_queries(services, sib_b["id"])[0])
    load_officer(services, staff["officer"]["id"], 60)
    load_officer(services, staff["officer2"]["id"], 40)
    large = (_count_queries(services, lone["id"])[0], _count_queries(services, sib_b["id"])[0])
    assert small == large and max(large) <= 5, (small, large)
