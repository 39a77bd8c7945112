"""Errors a domain service raises when a request cannot be met.

Interface apps turn them into their own answers (the API's error shape, a
form error next to the field) without knowing each service's rules."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Something the person can fix: ``field`` names what to change.

    ``conflict`` marks a clash with the current state (e.g. a slot just
    taken), answered with 409 rather than 400; ``extra`` carries data the
    person needs to decide (e.g. the next free slots)."""

    code = "invalid"
    conflict = False

    def __init__(self, field: str, message: str, *, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.extra = extra or {}
