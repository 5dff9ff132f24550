"""Domain errors: pure classes, each naming its HTTP status; web/errors.py maps them at the edge."""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Base of the errors services raise; each maps to one HTTP status."""

    status = 400
    default_message = "The request could not be processed."

    def __init__(self, message: str | None = None, errors: dict[str, Any] | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        self.errors = errors or {}


class NotFound(RegistryError):
    """The object does not exist, or the actor may not know that it does."""

    status = 404
    default_message = "Not found."


class PermissionDenied(RegistryError):
    """The actor sees the object but may not do this to it."""

    status = 403
    default_message = "You do not have permission to do this."


class Unauthenticated(RegistryError):
    """Sign in first."""

    status = 401
    default_message = "Sign in to do this."


class Invalid(RegistryError):
    """The input breaks a rule; `errors` maps each field to its messages."""

    status = 422
    default_message = "The input is not valid."

    def __init__(self, errors: dict[str, Any], message: str | None = None, location: str = "json"):
        normalised = {
            field: [messages] if isinstance(messages, str) else messages
            for field, messages in errors.items()
        }
        super().__init__(message, {location: normalised})

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        """Return the error for one field."""
        return cls({name: [message]})


class StateConflict(RegistryError):
    """The request conflicts with the state of the data."""

    status = 409
    default_message = "This conflicts with the current state of the data."


class PreconditionFailed(RegistryError):
    """The record changed since the version the client read."""

    status = 412
    default_message = "The record has changed since you read it; reload and try again."


class Unavailable(RegistryError):
    """The answer is not ready within its budget; ask again after `retry_after` seconds."""

    status = 503
    default_message = "This is being computed; please try again in a few seconds."

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message)
        self.retry_after = max(int(retry_after), 1)
