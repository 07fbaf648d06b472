"""The Flask app factory (`wsgi.py`: app = create_app()): the JSON API and the pages over one
`Services` built from the configuration."""

from __future__ import annotations

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from casework import logs
from casework.config import Config
from casework.services import Services


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=60 * 1024 * 1024,  # 5 documents of up to 10 MB, with room
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["casework"] = Services.build(config)
    logs.configure()
    if config.trusted_proxies:  # the client's address and scheme as the council's proxies give them
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    from casework.api import init_api
    from casework.web import init_web, render_error

    init_api(app, html_error=render_error)
    init_web(app)
    return app
