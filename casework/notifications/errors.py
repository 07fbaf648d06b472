"""How a delivery attempt failed: the outbox's contract with every channel."""

from __future__ import annotations


class PermanentFailure(Exception):
    """The channel refused the message for good (e.g. a bad address): do not retry."""


class TemporaryFailure(Exception):
    """The message did not go this time (network, timeout, rate limit, server error): retry later.
    ``outbox.deliver`` puts the row back to pending and re-raises, so the job is retried."""
