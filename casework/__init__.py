"""casework: statutory workflow engine for EHC needs assessments and annual reviews."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Flask, g

from casework.config import Config


@dataclass
class Services:
    """What a request (or a CLI command, job or benchmark) needs: settings, database, delivery."""

    config: Config
    engine: Any
    session_factory: Any
    dispatch: Any

    @classmethod
    def build(cls, config: Config) -> Services:
        from casework.db import make_engine, make_session_factory
        from casework.notifications.jobs import Dispatcher

        engine = make_engine(config.database_url)
        queue = None
        if config.redis_url:
            from redis import Redis
            from rq import Queue

            queue = Queue("casework", connection=Redis.from_url(config.redis_url))
        return cls(config, engine, make_session_factory(engine), Dispatcher(config, engine, queue))


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(
        SECRET_KEY=config.secret_key, TESTING=config.testing, MAX_CONTENT_LENGTH=60 * 1024 * 1024
    )  # 5 documents of up to 10 MB, with room
    app.json.sort_keys = False  # type: ignore[attr-defined]
    services = Services.build(config)
    app.extensions["casework"] = services
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # the Notify client logs Notify's raw error text at WARNING; ours are scrubbed of personal data
    logging.getLogger("notifications_python_client").setLevel(logging.ERROR)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    from casework.api import init_api
    from casework.web import init_web

    init_api(app)
    init_web(app)
    return app


def services() -> Services:
    from flask import current_app

    return current_app.extensions["casework"]


def db_session():
    """The request's database session (opened on first use, closed at teardown)."""
    if "db" not in g:
        g.db = services().session_factory()
    return g.db
