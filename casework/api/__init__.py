"""The JSON API (/api/v1), flask-smorest + marshmallow; OpenAPI at /api/openapi.json, docs at
/api/docs with locally served Swagger UI assets (no CDN: councils' networks are closed)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, jsonify, request, send_from_directory
from flask_smorest import Api
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from casework.logs import log_error
from casework.workflow.errors import InvalidInput, WorkflowError

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


class IdConverter(IntegerConverter):
    """Database ids in URLs: a number too large for the column is simply not found (404)."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=2**31 - 1)


class CaseworkApi(Api):
    html_error: Callable[[int, str, str], Any] | None = None

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        # flask-smorest turns every HTTP error in the app into JSON (its issues #174, #640):
        # keep the HTML pages' errors HTML (rendered by the pages' own error renderer).
        if not request.path.startswith(API_PREFIX) and self.html_error is not None:
            return self.html_error(error.code or 500, error.name, error.description or "")
        return super().handle_http_exception(error)


MAX_OFFSET = 2**31 - 1  # more rows than any list holds


def offset(pagination_parameters: Any) -> int:
    """Where a page starts, bounded: a page past the end is empty whatever its number, and a number
    like 10**30 (schemathesis sent one) overflowed the database's OFFSET (a 500)."""
    return min(pagination_parameters.first_item, MAX_OFFSET)


def error_body(status: int, message: str, errors: dict | None = None) -> dict:
    from http import HTTPStatus

    body = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return body


def init_api(app: Flask, html_error: Callable[[int, str, str], Any] | None = None) -> None:
    """The API on `app`; `html_error(code, name, text)` renders errors of the app's non-API pages."""
    from swagger_ui_bundle import swagger_ui_path

    app.config.update(
        API_TITLE="casework",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/api/swagger-ui/",
        API_SPEC_OPTIONS={
            "info": {
                "description": "Statutory workflow for EHC needs assessments and annual reviews "
                "(SEND Regulations 2014). Staff authenticate with `Authorization: Bearer <token>`."
            },
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "notifyCallback": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "GOV.UK Notify's callback token (NOTIFY_CALLBACK_TOKEN)",
                    },
                }
            },
            "security": [{"bearer": []}],
        },
    )
    app.url_map.converters["id"] = IdConverter
    api = CaseworkApi(app)
    api.html_error = html_error
    api.register_converter(IdConverter, lambda _c: {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})

    @app.get("/api/swagger-ui/<path:filename>")
    def swagger_assets(filename: str):
        return send_from_directory(str(swagger_ui_path), filename)

    from casework.api import advice, cases, children, closures, journeys, letters, notify, queue, reports, sen2, staff

    for module in (children, cases, advice, queue, staff, notify, reports, journeys, closures, letters, sen2):
        api.register_blueprint(module.blp, url_prefix="/api/v1")

    @app.errorhandler(WorkflowError)
    def _workflow_error(error: WorkflowError):
        errors = {"json": error.errors} if isinstance(error, InvalidInput) else None
        return jsonify(error_body(error.status, error.message, errors)), error.status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        log_error(log, "unhandled error on %s %s", error, request.method, request.url_rule)
        if request.path.startswith(API_PREFIX):
            return jsonify(
                error_body(500, "Something went wrong on our side. It has been logged; please try again.")
            ), 500
        if html_error is None:
            return jsonify(error_body(500, "Something went wrong on our side.")), 500
        return html_error(
            500, "Sorry, there is a problem with the service", "Something went wrong on our side. Try again later."
        )
