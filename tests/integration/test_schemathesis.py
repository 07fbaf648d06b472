"""The OpenAPI document matches what the API does (issue 11): schemathesis generates requests for
every operation of /api/openapi.json and sends them to the app in-process (WSGI), signed in as a
manager (GOV.UK Notify's callback with its own token), a bounded number of examples each. No
response may be a server error, have an undocumented status or content type, or differ from its
documented schema (a null in a field not marked nullable, a missing or extra shape)."""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import Api, child_payload

# examples per operation: the whole document in well under a minute on each database (PostgreSQL,
# the production database, gets more). CASEWORK_SCHEMATHESIS_EXAMPLES=200 runs a deeper, random search
# on demand (CI's runs are derandomized: the same examples every time).
EXAMPLES = {"sqlite": 10, "postgresql": 20}
DEEPER = int(os.environ.get("CASEWORK_SCHEMATHESIS_EXAMPLES") or 0)
CALLBACK_TOKEN = "notify-callback-token-for-schemathesis-0123"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_app(database_url, app, tmp_path):
    from casework.app import create_app
    from casework.config import Config

    served = create_app(
        Config(
            database_url=database_url,
            outbox_dir=tmp_path / "outbox",
            upload_dir=tmp_path / "uploads",
            testing=True,
            notify_callback_token=CALLBACK_TOKEN,
        )
    )
    yield served
    served.extensions["casework"].engine.dispose()


def _seed(api: Api, make_provider, officer_id: int) -> dict[str, int]:
    """Real ids for the path parameters, so that many examples reach the 200 responses."""
    child = api.post("/api/v1/children", json=child_payload()).get_json()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-02-10"})
    provider = make_provider()
    advice = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={"advice_type": "health", "provider_id": provider["id"], "requested_on": "2026-02-16"},
    ).get_json()
    return {"child_id": child["id"], "case_id": case["id"], "advice_id": advice["id"], "staff_id": officer_id}


def _property(operation, label: str, headers: dict, seeded: dict[str, int], calls: dict[str, int], examples: int):
    """The hypothesis test for one operation: generated requests, half of them on ids that exist."""

    @settings(
        max_examples=DEEPER or examples,
        deadline=None,
        derandomize=not DEEPER,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy(), known=st.booleans())
    def run(case, known):
        if known:
            for name in list(case.path_parameters or {}):
                if name in seeded:
                    case.path_parameters[name] = seeded[name]
        calls[label] = calls.get(label, 0) + 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    return run


def test_the_api_matches_its_openapi_document(api_app, staff, make_provider):
    manager = {"Authorization": f"Bearer {staff['manager']['token']}"}
    seeded = _seed(Api(api_app.test_client(), staff["manager"]["token"]), make_provider, staff["officer"]["id"])
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", api_app)
    examples = EXAMPLES[api_app.extensions["casework"].engine.dialect.name]
    operations = [result.ok() for result in schema.get_all_operations()]
    calls: dict[str, int] = {}
    failures: list[str] = []
    started = time.monotonic()
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        headers = manager
        if operation.path.endswith("/notify/callback"):
            headers = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}

        run = _property(operation, label, headers, seeded, calls, examples)
        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried; reported together
            failures.append(f"{label}: {exc}")
    seconds = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {sum(calls.values())} examples, {seconds:.1f} s")
    assert not failures, "\n\n".join(failures)
    assert len(operations) >= 20 and sum(calls.values()) >= len(operations) * examples // 2
