"""Test harness. Unit tests (tests/unit) need no database. Integration tests run once per database:
SQLite always, and PostgreSQL when CASEWORK_TEST_POSTGRES_URL is set (CI sets it, and fails rather
than skips when it is missing). Each database is built by running the Alembic migrations."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

# Like a real deployment, the tests' workers and CLI read SECRET_KEY from the environment.
os.environ.setdefault("SECRET_KEY", "casework-test-secret-not-for-production-0123456789")
PG_URL = os.environ.get("CASEWORK_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("CASEWORK_TEST_REDIS_URL")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(what: str) -> None:
    message = f"{what} is not set: the PostgreSQL/Redis integration tests cannot run"
    if IN_CI:
        pytest.fail(message + " (CI must run them; see .ci/run)", pytrace=False)
    pytest.skip(message)


def _fresh_postgres(base_url: str) -> tuple[str, callable]:
    from sqlalchemy.engine import make_url

    from casework.db import make_engine

    name = f"casework_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1)).set(database=name)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request, tmp_path_factory):
    from casework.cli import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        drop = None
    else:
        if not PG_URL:
            _missing("CASEWORK_TEST_POSTGRES_URL")
        url, drop = _fresh_postgres(PG_URL)
    upgrade(url)
    yield url
    if drop:
        drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from casework.app import create_app
    from casework.config import Config

    config = Config(
        database_url=database_url,
        outbox_dir=Path(tmp_path_factory.mktemp("outbox")),
        upload_dir=Path(tmp_path_factory.mktemp("uploads")),
        secret_key=os.environ["SECRET_KEY"],
        testing=True,
    )
    application = create_app(config)
    yield application
    application.extensions["casework"].engine.dispose()


@pytest.fixture
def services(app):
    return app.extensions["casework"]


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each integration test (identities restart)."""
    yield
    if "app" not in request.fixturenames:
        return
    services = request.getfixturevalue("app").extensions["casework"]
    services.later.wait()  # work the test's requests left running (a sign-in link being sent)
    from casework.db import Base

    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with services.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
    from casework.reports.read import clear_live_cache

    clear_live_cache()  # the reports' live figures are keyed by the records' ids, which restart
    import shutil

    for folder in (services.config.outbox_dir, services.config.upload_dir):
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


class Api:
    """The Flask test client with a staff token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, headers=None):
        h = dict(headers or {})
        if self.token:
            h.setdefault("Authorization", f"Bearer {self.token}")
        return h

    def get(self, path, **kw):
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, path, json=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, path, json=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def as_(self, token):
        return Api(self.client, token)


@pytest.fixture
def staff(services):
    """An officer, a second officer and a manager, with their API tokens."""
    from casework.models import Staff
    from casework.workflow.accounts import issue_token
    from casework.workflow.context import Actor

    session = services.session_factory()
    out = {}
    for key, role in (("officer", "officer"), ("officer2", "officer"), ("manager", "manager")):
        member = Staff(email=f"{key}@council.example", name=key.title(), role=role)
        session.add(member)
        session.flush()
        out[key] = {"id": member.id, "token": issue_token(session, member.id, actor=Actor("system"))}
    session.commit()
    session.close()
    return out


PASSWORD = "correct horse battery staple"


@pytest.fixture
def passwords(services, staff):
    """Every staff member can sign in to the pages with PASSWORD."""
    from sqlalchemy import select

    from casework.models import Staff
    from casework.workflow.accounts import hash_password

    with services.session_factory() as s:
        for member in s.execute(select(Staff)).scalars():
            member.password_hash = hash_password(PASSWORD)
        s.commit()


@pytest.fixture
def api(app, staff):
    return Api(app.test_client(), staff["officer"]["token"])


@pytest.fixture
def anonymous(app):
    return Api(app.test_client(), None)


def child_payload(**overrides):
    body = {
        "given_name": "Amira",
        "family_name": "Khan",
        "date_of_birth": "2016-04-02",
        "upn": "H801200001001",
        "nhs_number": "9434765919",
        "postcode": "WR1 2AB",
        "contacts": [
            {
                "name": "Sara Khan",
                "relationship": "parent",
                "email": "sara.khan@example.org",
                "phone": "07700900123",
                "preferred_channel": "email",
            }
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_child(api):
    def make(**overrides):
        response = api.post("/api/v1/children", json=child_payload(**overrides))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def make_provider(api):
    def make(**overrides):
        body = {
            "name": "Community Paediatrics",
            "advice_type": "health",
            "email": "paeds@nhs.example",
            "escalation_name": "Designated Clinical Officer",
            "escalation_email": "dco@nhs.example",
        }
        body.update(overrides)
        response = api.post("/api/v1/providers", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


REQUIRED_ADVICE = ("parent", "education", "health", "psychology", "social_care")


@pytest.fixture
def seek_advice(api):
    """Ask for the advice reg 6(1) requires, as a council does once it has decided to assess:
    `seek(case_id, on)` asks one advice-giver of each type on `on`; with `received_on`, each advice
    also arrives that day. Returns the advice request ids."""
    providers: dict[str, int] = {}

    def seek(case_id: int, on: str, received_on: str | None = None, types=REQUIRED_ADVICE) -> list[int]:
        ids = []
        for advice_type in types:
            if advice_type not in providers:
                r = api.post(
                    "/api/v1/providers",
                    json={
                        "name": f"{advice_type.replace('_', ' ').capitalize()} advice",
                        "advice_type": advice_type,
                        "email": f"{advice_type.replace('_', '-')}@advice.example",
                    },
                )
                assert r.status_code == 201, r.get_json()
                providers[advice_type] = r.get_json()["id"]
            r = api.post(
                f"/api/v1/cases/{case_id}/advice-requests",
                json={"advice_type": advice_type, "provider_id": providers[advice_type], "requested_on": on},
            )
            assert r.status_code == 201, r.get_json()
            ids.append(r.get_json()["id"])
            if received_on:
                r = api.post(f"/api/v1/advice-requests/{ids[-1]}/received", json={"received_on": received_on})
                assert r.status_code == 200, r.get_json()
        return ids

    return seek
