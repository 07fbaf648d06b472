"""Concurrent edits of one case: one wins, the others get 409, nothing is silently overwritten."""

from __future__ import annotations

import threading

from freezegun import freeze_time
from sqlalchemy import func, select

N = 20


def test_twenty_concurrent_posts_of_the_same_event_and_version(app, api, make_child, services, database_url):
    with freeze_time("2026-03-02"):
        child = make_child()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    url = f"/api/v1/cases/{case['id']}/events"
    body = {"type": "decided_to_assess", "occurred_on": "2026-02-10", "version": case["version"]}
    barrier = threading.Barrier(N)
    statuses: list[int] = []
    messages: list[str] = []
    lock = threading.Lock()

    def post() -> None:
        client = app.test_client()
        barrier.wait()
        r = client.post(url, json=body, headers={"Authorization": f"Bearer {api.token}"})
        with lock:
            statuses.append(r.status_code)
            messages.append(r.get_json()["message"] if r.status_code != 200 else "")

    threads = [threading.Thread(target=post) for _ in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] + [409] * (N - 1), statuses
    assert all(("version" in m or "same time" in m or "changed" in m) for m in messages if m), messages

    from casework.models import Event, OutboxMessage

    with services.session_factory() as s:
        count = s.execute(
            select(func.count())
            .select_from(Event)
            .where(Event.case_id == case["id"], Event.type == "decided_to_assess")
        ).scalar_one()
        messages_sent = s.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.template.like("family_decided_to_assess%"))
        ).scalar_one()
    assert count == 1
    assert messages_sent == 1  # one family update, not twenty
    final = api.get(f"/api/v1/cases/{case['id']}").get_json()
    assert final["version"] == case["version"] + 1 and final["state"] == "assessing"
