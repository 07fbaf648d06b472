"""Domain errors. The API maps them to HTTP (409, 422, 404); pages to error summaries."""

from __future__ import annotations


class WorkflowError(Exception):
    status = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(WorkflowError):
    """The action conflicts with the case: wrong state, stale version, a statutory guard."""


class WrongState(Conflict):
    pass


class GuardRefused(Conflict):
    pass


class StaleVersion(Conflict):
    pass


class NotFound(WorkflowError):
    status = 404


class InvalidInput(WorkflowError):
    """Bad input naming the field(s): {field: [messages]}."""

    status = 422

    def __init__(self, errors: dict[str, list[str]] | str, message: str | None = None, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "json": [errors]}
        self.errors = errors
        first = next(iter(errors.items()))
        super().__init__(message or f"{first[0]}: {first[1][0]}")


class Forbidden(WorkflowError):
    """The person asking may not do this (e.g. an event only a manager may record)."""

    status = 403
