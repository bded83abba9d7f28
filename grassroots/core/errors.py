"""The one application error type. Actions raise it; the API and page layers map it."""

from __future__ import annotations


class DomainError(Exception):
    """A refused request: bad input, missing object, forbidden action. Never a 500."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        body = {"code": self.code, "message": str(self.message)}
        if self.field:
            body["field"] = self.field
        return body


class ValidationFailed(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Not found.", *, code: str = "not_found") -> None:
        super().__init__(code, message)


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: str = "Not allowed.", *, code: str = "forbidden") -> None:
        super().__init__(code, message)


class Conflict(DomainError):
    status = 409


class RateLimited(DomainError):
    status = 429

    def __init__(self, message: str = "Too many attempts; try again later.") -> None:
        super().__init__("rate_limited", message)
