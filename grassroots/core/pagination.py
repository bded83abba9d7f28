"""Keyset (cursor) pagination for feeds and offset pagination for API lists."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from grassroots.core.errors import DomainError

T = TypeVar("T")

MAX_PAGE_SIZE = 100


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, length: int) -> list[Any] | None:
    """Decode a cursor made by encode_cursor; a tampered cursor is a clean 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise DomainError("bad_cursor", "The page cursor is not valid.") from exc
    if not isinstance(values, list) or len(values) != length:
        raise DomainError("bad_cursor", "The page cursor is not valid.")
    for value in values:
        if not isinstance(value, int | float | str) or isinstance(value, bool):
            raise DomainError("bad_cursor", "The page cursor is not valid.")
    return values


def clamp_limit(limit: int | None, default: int = 20) -> int:
    if limit is None:
        return default
    if limit < 1 or limit > MAX_PAGE_SIZE:
        raise DomainError("bad_limit", f"limit must be between 1 and {MAX_PAGE_SIZE}.")
    return limit
