"""The JSONL record types (docs/data.md) and their shape checks.

`parse_record(obj, base_dir)` checks one decoded line: known type, known fields, required
fields present, types right, dates with a time zone, image paths inside the file's folder
and existing. Content rules (lengths, categories, image bytes…) are the domain actions' job
and are reported the same way when the record is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

# Field → (kind, required). Kinds: str, str?, (nullable str), list[str], datetime, place.
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "user": {
        "username": ("str", True),
        "display_name": ("str", False),
        "bio": ("str", False),
        "place": ("str", False),
        "gender": ("str", False),
        "age_range": ("str", False),
        "avatar": ("path", False),
    },
    "note": {
        "external_id": ("str", True),
        "author": ("str", True),
        "title": ("str", False),
        "body": ("str", False),
        "topics": ("list", False),
        "category": ("str?", False),
        "created_at": ("datetime", False),
        "images": ("paths", False),
        "alt_texts": ("list", False),
        "place": ("place", False),
        "visibility": ("str", False),
        "status": ("str", False),
    },
    "comment": {
        "external_id": ("str", True),
        "note": ("str", True),
        "author": ("str", True),
        "body": ("str", True),
        "created_at": ("datetime", False),
        "reply_to": ("str?", False),
    },
    "like": {"user": ("str", True), "note": ("str", True)},
    "collect": {"user": ("str", True), "note": ("str", True), "board": ("str?", False)},
    "follow": {"user": ("str", True), "target": ("str", True)},
    "topic_follow": {"user": ("str", True), "topic": ("str", True)},
}
# Records are written in this order whatever their order in the file, so a note may come
# before its author's user line; a reply must still come after the comment it replies to.
TYPE_ORDER = {kind: position for position, kind in enumerate(FIELDS)}
MAX_LINE_CHARS = 100_000


class RecordError(ValueError):
    """A line that cannot be a record; the message says why (without the line number)."""


@dataclass(frozen=True)
class Record:
    line: int
    type: str
    data: dict[str, Any]


def _check_path(value: Any, base_dir: Path, field: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{field}: expected a file path")
    relative = Path(value)
    if relative.is_absolute():
        raise RecordError(f"{field}: {value!r} must be relative to the JSONL file")
    resolved = (base_dir / relative).resolve()
    if not resolved.is_relative_to(base_dir.resolve()):
        raise RecordError(f"{field}: {value!r} is outside the JSONL file's folder")
    if not resolved.is_file():
        raise RecordError(f"{field}: file {value!r} not found")
    return resolved


def _check(kind: str, value: Any, field: str, base_dir: Path) -> Any:
    if kind == "str":
        if not isinstance(value, str):
            raise RecordError(f"{field}: expected a string")
        return value
    if kind == "str?":
        if value is not None and not isinstance(value, str):
            raise RecordError(f"{field}: expected a string or null")
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise RecordError(f"{field}: expected a list of strings")
        return value
    if kind == "paths":
        if not isinstance(value, list):
            raise RecordError(f"{field}: expected a list of file paths")
        return [_check_path(item, base_dir, field) for item in value]
    if kind == "path":
        return None if value is None else _check_path(value, base_dir, field)
    if kind == "datetime":
        if value is None:
            return None
        if not isinstance(value, str):
            raise RecordError(f"{field}: expected an ISO 8601 date-time string")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise RecordError(f"{field}: {value!r} is not an ISO 8601 date-time") from exc
        if moment.tzinfo is None:
            raise RecordError(f"{field}: {value!r} needs a time zone (e.g. Z or +08:00)")
        return moment
    if kind == "place":
        if value is None:
            return {"name": "", "city": ""}
        if not isinstance(value, dict) or set(value) - {"name", "city"}:
            raise RecordError(f'{field}: expected {{"name": …, "city": …}}')
        if not all(isinstance(item, str) for item in value.values()):
            raise RecordError(f"{field}: name and city are strings")
        return {"name": value.get("name", ""), "city": value.get("city", "")}
    raise AssertionError(kind)  # pragma: no cover - FIELDS uses only the kinds above


def parse_record(obj: Any, *, line: int, base_dir: Path) -> Record:
    """Check one decoded JSON line; raises RecordError with a readable message."""
    if not isinstance(obj, dict):
        raise RecordError("expected a JSON object")
    kind = obj.get("type")
    if kind not in FIELDS:
        known = ", ".join(FIELDS)
        raise RecordError(f"type: expected one of {known}, got {kind!r}")
    spec = FIELDS[kind]
    unknown = sorted(set(obj) - set(spec) - {"type"})
    if unknown:
        raise RecordError(f"unknown field(s) for a {kind}: {', '.join(unknown)}")
    data: dict[str, Any] = {}
    for field, (field_kind, required) in spec.items():
        if field not in obj:
            if required:
                raise RecordError(f"{field}: required for a {kind}")
            continue
        data[field] = _check(field_kind, obj[field], field, base_dir)
        if required and isinstance(data[field], str) and not data[field].strip():
            raise RecordError(f"{field}: cannot be empty")
    return Record(line=line, type=str(kind), data=data)
