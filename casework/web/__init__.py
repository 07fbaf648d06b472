"""HTML screens (GOV.UK Frontend) arrive with the screens issue; for now a start page."""
from __future__ import annotations

from flask import Blueprint, Flask, render_template_string

web = Blueprint("web", __name__)

START = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>casework</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>casework</h1>
<p>Statutory workflow for EHC needs assessments and annual reviews.</p>
<ul>
<li><a href="/api/docs">API documentation</a> (OpenAPI at <a href="/api/openapi.json">/api/openapi.json</a>)</li>
</ul>
</main></body></html>"""

ERROR = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ code }} {{ name }} - casework</title></head>
<body><main><h1>{{ name }}</h1><p>{{ description }}</p><p><a href="/">Go to the start page</a></p></main></body></html>"""


@web.get("/")
def start() -> str:
    return render_template_string(START)


def render_error(code: int, name: str, description: str) -> tuple[str, int]:
    return render_template_string(ERROR, code=code, name=name, description=description), code


def init_web(app: Flask) -> None:
    from casework.web.advice import bp as advice_bp

    app.register_blueprint(web)
    app.register_blueprint(advice_bp)
