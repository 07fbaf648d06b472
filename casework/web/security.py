"""What every response and request goes through: security headers (a Content-Security-Policy that
allows no inline script but the exact ones named by hash, HSTS under https, no caching of anything
that may carry personal data, no framing, no referrer) and refusing input no person types (NUL and
other control characters, absurd page numbers) with a 400 instead of a 500."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from flask import Flask, abort, request

_SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.S)
# control characters no one types into a form; line breaks and tabs are fine in a textarea
_BAD_IN_FORMS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD_IN_URLS = re.compile(r"[\x00-\x1f\x7f]")
MAX_PAGE = 100_000
CACHEABLE = ("/static/", "/api/swagger-ui/")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _template_script_hashes() -> list[str]:
    """The hashes of the inline scripts in GOV.UK Frontend's page template (the one that marks the
    page as JavaScript-enabled), read from the installed template so an upgrade keeps them right."""
    import govuk_frontend_jinja

    template = Path(govuk_frontend_jinja.__file__).parent / "templates" / "template.html"
    source = template.read_text(encoding="utf-8")
    return [_sha256(body) for body in _SCRIPT.findall(source) if body.strip() and "{{" not in body]


def policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def install(app: Flask, *, https: bool) -> None:
    page_policy = policy(_template_script_hashes())

    @app.before_request
    def _refuse_what_no_one_types():
        if request.path.startswith("/api/"):
            return  # the API refuses these itself, naming the parameter (422), and pages past the end are empty
        for key, value in request.args.items(multi=True):
            if _BAD_IN_URLS.search(key) or _BAD_IN_URLS.search(value):
                abort(400, "The address has characters that cannot be used.")
        if request.args.get("page", "").isdigit() and int(request.args["page"]) > MAX_PAGE:
            abort(400, f"There are not that many pages: give a page number up to {MAX_PAGE:,}.")
        if request.method == "POST" and request.mimetype in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, value in request.form.items(multi=True):
                if _BAD_IN_FORMS.search(key) or _BAD_IN_FORMS.search(value):
                    abort(400, "The form has characters that cannot be used (such as a NUL character). Remove them.")

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if not request.path.startswith(CACHEABLE):
            headers["Cache-Control"] = "no-store"  # personal data: never in a browser's or a proxy's cache
        if response.mimetype == "text/html":
            if request.path == "/api/docs":  # Swagger UI's own inline start-up script, allowed by its hash
                body = response.get_data(as_text=True)
                hashes = [_sha256(s) for s in _SCRIPT.findall(body) if s]
                headers.setdefault(
                    "Content-Security-Policy",
                    policy(hashes).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
                )
            else:
                headers.setdefault("Content-Security-Policy", page_policy)
        return response
