"""Errors that services raise and the web layer turns into 4xx answers a person understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class LiaisonError(Exception):
    """A refusal a person can understand.

    ``after_rollback`` holds writes that must survive the refusal itself (the audit record of a denied
    access, a failed login): the unit of work rolls the request back, runs them, and commits only them.
    """

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.after_rollback: list[Callable[[Any], None]] = []

    def then(self, action: Callable[[Any], None]) -> LiaisonError:
        self.after_rollback.append(action)
        return self


class NotFound(LiaisonError):
    """Also raised for things the user may not see: existence itself is not disclosed."""

    status_code = 404


class Forbidden(LiaisonError):
    status_code = 403


class Conflict(LiaisonError):
    status_code = 409


class InvalidInput(LiaisonError):
    status_code = 422


class TooManyRequests(LiaisonError):
    status_code = 429
