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


@web.get("/demo/outbox")
def demo_outbox():
    """Demo mode only (CASEWORK_DEMO=1): the messages written to the local outbox folder."""
    from flask import abort, render_template

    from casework import services
    from casework.notifications.channels import letters_dir, list_letters

    config = services().config
    if not config.demo:
        abort(404)
    files = sorted(config.outbox_dir.glob("*.txt"), reverse=True)[:200]
    messages = [{"name": f.name, "text": f.read_text(encoding="utf-8")} for f in files]
    letters = [{"name": f.name, "text": f.read_text(encoding="utf-8")} for f in list_letters(letters_dir(config))]
    return render_template("demo_outbox.html", messages=messages, letters=letters, errors=None)


def render_error(code: int, name: str, description: str) -> tuple[str, int]:
    return render_template_string(ERROR, code=code, name=name, description=description), code


def init_web(app: Flask) -> None:
    from casework.web.advice import bp as advice_bp

    app.register_blueprint(web)
    app.register_blueprint(advice_bp)
