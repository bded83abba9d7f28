"""JSONL import: check every line, then write each good record through the domain actions.

Each record is written in its own transaction, so a record that fails (bad title, rejected
image, unknown author…) leaves nothing behind, and the good records are imported anyway.
The report lists every failure as "line N: message"; the command then exits non-zero.
Re-importing a file changes nothing: users are matched by username, notes and comments by
external_id, likes/collects/follows are idempotent actions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction

from grassroots.accounts.actions import follow_user
from grassroots.accounts.models import User
from grassroots.accounts.queries import users_by_username_ci
from grassroots.core.errors import DomainError
from grassroots.dataio.actions import user_import
from grassroots.dataio.records import MAX_LINE_CHARS, TYPE_ORDER, Record, RecordError, parse_record
from grassroots.engagement.actions import comment_create, note_collect, note_like, topic_follow
from grassroots.engagement.boards import board_create
from grassroots.engagement.models import Board, Comment
from grassroots.notes.actions import note_publish
from grassroots.notes.models import Note, Topic
from grassroots.notes.queries import normalize_topic

CACHE_LIMIT = 50_000  # objects per lookup cache; bounded so huge files do not hold every note


def _remember(cache: dict[str, Any], key: str, value: Any) -> None:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


class MissingReference(Exception):
    """A record refers to a user/note/comment/topic that does not exist."""


@dataclass
class ImportReport:
    created: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    lines: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Raised to undo a dry run."""


def _decode(raw: bytes, number: int, base_dir: Path) -> Record:
    """One line's bytes → a checked Record; raises RecordError with the reason."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 text ({exc.reason})") from exc
    if len(line) > MAX_LINE_CHARS:
        raise RecordError(f"line is longer than {MAX_LINE_CHARS} characters")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg})") from exc
    return parse_record(obj, line=number, base_dir=base_dir)


def scan_records(path: Path, report: ImportReport) -> list[tuple[int, int, int]]:
    """Check every line; returns (type order, line number, byte offset) of the good ones.

    Only positions are kept, so a file of millions of records does not sit in memory; the
    writer re-reads each line at its offset, in write order.
    """
    base_dir = path.parent
    positions: list[tuple[int, int, int]] = []
    offset = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            report.lines = number
            here, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                record = _decode(raw, number, base_dir)
            except RecordError as exc:
                report.errors.append((number, str(exc)))
                continue
            positions.append((TYPE_ORDER[record.type], number, here))
    positions.sort()
    return positions


def iter_records(path: Path, positions: list[tuple[int, int, int]]) -> Iterator[Record]:
    """The records at these positions, in the given order."""
    base_dir = path.parent
    with path.open("rb") as handle:
        for _order, number, offset in positions:
            handle.seek(offset)
            yield _decode(handle.readline(), number, base_dir)


class Importer:
    def __init__(self) -> None:
        self.report = ImportReport()
        self.users: dict[str, User] = {}
        self.notes: dict[str, Note] = {}
        self.comments: dict[str, Comment] = {}
        self.failed: dict[tuple[str, str], int] = {}  # (kind, key) → line that failed

    def run(self, path: Path, *, dry_run: bool = False) -> ImportReport:
        positions = scan_records(path, self.report)
        records = iter_records(path, positions)
        if dry_run:
            try:
                with transaction.atomic():
                    self._write_all(records)
                    raise _Rollback
            except _Rollback:
                pass
        else:
            self._write_all(records)
        self.report.errors.sort()
        return self.report

    def _write_all(self, records: Iterator[Record]) -> None:
        for record in records:
            try:
                with transaction.atomic():
                    created = getattr(self, f"_write_{record.type}")(record.data)
            except DomainError as exc:
                where = f"{exc.field}: " if exc.field else ""
                self._fail(record, f"{where}{exc.message}")
            except MissingReference as exc:
                self._fail(record, str(exc))
            else:
                (self.report.created if created else self.report.unchanged)[record.type] += 1

    def _fail(self, record: Record, message: str) -> None:
        self.report.errors.append((record.line, f"{record.type}: {message}"))
        key = {"user": "username", "note": "external_id", "comment": "external_id"}.get(record.type)
        if key:
            self.failed[(record.type, str(record.data[key]).lower())] = record.line

    def _missing(self, kind: str, key: str) -> MissingReference:
        line = self.failed.get((kind, key.lower()))
        if line is not None:
            return MissingReference(f"{kind} {key!r} was not imported (see line {line})")
        return MissingReference(f"unknown {kind} {key!r}")

    # --- lookups ------------------------------------------------------------------------
    def user(self, username: str) -> User:
        key = username.strip().lower()
        user = self.users.get(key)
        if user is None:
            user = users_by_username_ci(username).first()
            if user is None:
                raise self._missing("user", username)
            _remember(self.users, key, user)
        return user

    def note(self, external_id: str) -> Note:
        note = self.notes.get(external_id)
        if note is None:
            note = Note.objects.filter(external_id=external_id).first()
            if note is None:
                raise self._missing("note", external_id)
            _remember(self.notes, external_id, note)
        return note

    def comment(self, external_id: str) -> Comment:
        comment = self.comments.get(external_id)
        if comment is None:
            comment = Comment.objects.filter(external_id=external_id).first()
            if comment is None:
                raise self._missing("comment", external_id)
            _remember(self.comments, external_id, comment)
        return comment

    # --- writers: each returns True when it created something -------------------------------
    def _write_user(self, data: dict[str, Any]) -> bool:
        with _opened(data.get("avatar")) as avatar:
            user, created = user_import(
                username=data["username"],
                display_name=data.get("display_name", ""),
                bio=data.get("bio", ""),
                place=data.get("place", ""),
                gender=data.get("gender", ""),
                age_range=data.get("age_range", ""),
                avatar=avatar,
            )
        _remember(self.users, user.username.lower(), user)
        return created

    def _write_note(self, data: dict[str, Any]) -> bool:
        external_id = data["external_id"]
        author = self.user(data["author"])
        existed = Note.objects.filter(external_id=external_id).exists()
        place = data.get("place") or {"name": "", "city": ""}
        with ExitStack() as stack:
            images = [stack.enter_context(_opened(path)) for path in data.get("images", [])]
            note = note_publish(
                author=author,
                title=data.get("title", ""),
                body=data.get("body", ""),
                images=images,
                alt_texts=data.get("alt_texts", [""] * len(images)),
                topics=data.get("topics"),
                category=data.get("category"),
                place_name=place["name"],
                place_city=place["city"],
                visibility=data.get("visibility", Note.Visibility.PUBLIC),
                status=data.get("status", Note.Status.PUBLISHED),
                external_id=external_id,
                created_at=data.get("created_at"),
            )
        _remember(self.notes, external_id, note)
        return not existed

    def _write_comment(self, data: dict[str, Any]) -> bool:
        external_id = data["external_id"]
        note = self.note(data["note"])
        author = self.user(data["author"])
        reply_to = self.comment(data["reply_to"]) if data.get("reply_to") else None
        existed = Comment.objects.filter(external_id=external_id).exists()
        comment = comment_create(
            note=note,
            author=author,
            body=data["body"],
            reply_to=reply_to,
            external_id=external_id,
            created_at=data.get("created_at"),
        )
        _remember(self.comments, external_id, comment)
        return not existed

    def _write_like(self, data: dict[str, Any]) -> bool:
        return note_like(user=self.user(data["user"]), note=self.note(data["note"]))

    def _write_collect(self, data: dict[str, Any]) -> bool:
        user = self.user(data["user"])
        note = self.note(data["note"])
        board = None
        if data.get("board"):
            board = Board.objects.filter(owner=user, name=data["board"]).first()
            if board is None:
                board = board_create(owner=user, name=data["board"])
        return note_collect(user=user, note=note, board=board)

    def _write_follow(self, data: dict[str, Any]) -> bool:
        return follow_user(follower=self.user(data["user"]), followee=self.user(data["target"]))

    def _write_topic_follow(self, data: dict[str, Any]) -> bool:
        name = normalize_topic(data["topic"])
        topic = Topic.objects.filter(name=name).first()
        if topic is None:
            raise self._missing("topic", data["topic"])
        return topic_follow(user=self.user(data["user"]), topic=topic)


class _opened:
    """Open an image path as a Django File (or yield None for no path)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: Any = None

    def __enter__(self) -> File[Any] | None:
        if self.path is None:
            return None
        self.handle = self.path.open("rb")
        return File(self.handle, name=self.path.name)

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def import_jsonl(path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import a JSONL file (see docs/data.md); never raises for bad lines, reports them."""
    return Importer().run(path, dry_run=dry_run)


def iter_errors(report: ImportReport) -> Iterator[str]:
    for line, message in report.errors:
        yield f"line {line}: {message}"
