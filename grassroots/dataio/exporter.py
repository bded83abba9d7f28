"""JSONL export in the import schema (docs/data.md), streamed in id order.

Exported: every user (profile fields only: no password, email or staff flags), every note that
is not deleted or hidden (drafts and only-me notes too, with their status and visibility, so a
move to another instance keeps them), visible comments, likes, collects (with board names),
follows and topic follows. Notes and comments without an external_id get a stable one made
from their id ("note-123", "comment-456"). Note images are copied (large size) next to the
file, into "<file name>-media/", and referenced relative to the file.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db.models import Q

from grassroots.accounts.models import Follow, User
from grassroots.engagement.models import Collect, Comment, NoteLike, TopicFollow
from grassroots.notes.models import Note, NoteImage, NoteTopic

BATCH = 2_000
VISIBLE_COMMENT = Q(deleted_at__isnull=True, hidden_at__isnull=True)
EXPORTED_NOTE = Q(deleted_at__isnull=True, hidden_at__isnull=True)


def note_key(note_id: int, external_id: str | None) -> str:
    return external_id or f"note-{note_id}"


def comment_key(comment_id: int, external_id: str | None) -> str:
    return external_id or f"comment-{comment_id}"


def _batched(rows: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _iso(moment: Any) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


class Exporter:
    def __init__(self, path: Path, *, images: bool = True) -> None:
        self.path = path
        self.images = images
        self.media_dir = path.with_name(f"{path.stem}-media")
        self.counts: Counter[str] = Counter()
        self.note_keys: dict[int, str] = {}

    def run(self) -> Counter[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w", encoding="utf-8") as out:
            self._users(out)
            self._notes(out)
            self._comments(out)
            self._likes(out)
            self._collects(out)
            self._follows(out)
            self._topic_follows(out)
        return self.counts

    def _write(self, out: IO[str], record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.counts[record["type"]] += 1

    def _users(self, out: IO[str]) -> None:
        rows = User.objects.order_by("id").values_list(
            "username", "display_name", "bio", "place", "gender", "age_range"
        )
        for username, display_name, bio, place, gender, age_range in rows.iterator(BATCH):
            record = {"type": "user", "username": username, "display_name": display_name}
            record.update({"bio": bio, "place": place, "gender": gender, "age_range": age_range})
            self._write(out, {key: value for key, value in record.items() if value != ""})

    def _notes(self, out: IO[str]) -> None:
        rows = (
            Note.objects.filter(EXPORTED_NOTE)
            .order_by("id")
            .values_list(
                "id",
                "external_id",
                "author__username",
                "title",
                "body",
                "category__slug",
                "created_at",
                "visibility",
                "status",
                "place_name",
                "place_city",
                "image_count",
            )
        )
        for batch in _batched(rows.iterator(BATCH)):
            ids = [row[0] for row in batch]
            topics: dict[int, list[str]] = defaultdict(list)
            for note_id, name in (
                NoteTopic.objects.filter(note_id__in=ids)
                .order_by("note_id", "position")
                .values_list("note_id", "topic__name")
            ):
                topics[note_id].append(name)
            images: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
            if self.images:
                for note_id, position, large, alt in (
                    NoteImage.objects.filter(note_id__in=ids)
                    .order_by("note_id", "position")
                    .values_list("note_id", "position", "large", "alt_text")
                ):
                    images[note_id].append((position, large, alt))
            for (
                note_id,
                external_id,
                author,
                title,
                body,
                category,
                created_at,
                visibility,
                status,
                place_name,
                place_city,
                _image_count,
            ) in batch:
                key = note_key(note_id, external_id)
                self.note_keys[note_id] = key
                record: dict[str, Any] = {
                    "type": "note",
                    "external_id": key,
                    "author": author,
                    "title": title,
                    "body": body,
                    "topics": topics.get(note_id, []),
                    "category": category,
                    "created_at": _iso(created_at),
                }
                if visibility != Note.Visibility.PUBLIC:
                    record["visibility"] = visibility
                if status != Note.Status.PUBLISHED:
                    record["status"] = status
                if place_name or place_city:
                    record["place"] = {"name": place_name, "city": place_city}
                if images.get(note_id):
                    record["images"] = [
                        self._copy_image(key, position, large)
                        for position, large, _alt in images[note_id]
                    ]
                    record["alt_texts"] = [alt for _position, _large, alt in images[note_id]]
                self._write(out, record)

    def _copy_image(self, key: str, position: int, storage_path: str) -> str:
        self.media_dir.mkdir(parents=True, exist_ok=True)
        safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in key)
        suffix = Path(storage_path).suffix or ".webp"
        name = f"{safe}-{position}{suffix}"
        with (
            default_storage.open(storage_path, "rb") as source,
            (self.media_dir / name).open("wb") as target,
        ):
            shutil.copyfileobj(source, target)
        self.counts["image_files"] += 1
        return f"{self.media_dir.name}/{name}"

    def _comments(self, out: IO[str]) -> None:
        rows = (
            Comment.objects.filter(VISIBLE_COMMENT, note__in=Note.objects.filter(EXPORTED_NOTE))
            .exclude(parent__isnull=False, parent__deleted_at__isnull=False)
            .exclude(parent__isnull=False, parent__hidden_at__isnull=False)
            .order_by("id")
            .values_list(
                "id",
                "external_id",
                "note_id",
                "author__username",
                "body",
                "created_at",
                "reply_to_id",
                "reply_to__external_id",
                "reply_to__deleted_at",
                "reply_to__hidden_at",
                "parent_id",
                "parent__external_id",
            )
        )
        for row in rows.iterator(BATCH):
            (
                comment_id,
                external_id,
                note_id,
                author,
                body,
                created_at,
                reply_id,
                reply_external,
                reply_deleted,
                reply_hidden,
                parent_id,
                parent_external,
            ) = row
            target = None
            if reply_id is not None and reply_deleted is None and reply_hidden is None:
                target = comment_key(reply_id, reply_external)
            elif parent_id is not None:
                target = comment_key(parent_id, parent_external)
            self._write(
                out,
                {
                    "type": "comment",
                    "external_id": comment_key(comment_id, external_id),
                    "note": self.note_keys[note_id],
                    "author": author,
                    "body": body,
                    "created_at": _iso(created_at),
                    "reply_to": target,
                },
            )

    def _likes(self, out: IO[str]) -> None:
        rows = NoteLike.objects.order_by("id").values_list("user__username", "note_id")
        for username, note_id in rows.iterator(BATCH):
            if note_id in self.note_keys:
                self._write(
                    out, {"type": "like", "user": username, "note": self.note_keys[note_id]}
                )

    def _collects(self, out: IO[str]) -> None:
        rows = Collect.objects.order_by("id").values_list(
            "user__username", "note_id", "board__name", "board__is_default"
        )
        for username, note_id, board, is_default in rows.iterator(BATCH):
            if note_id in self.note_keys:
                record = {"type": "collect", "user": username, "note": self.note_keys[note_id]}
                if not is_default:
                    record["board"] = board
                self._write(out, record)

    def _follows(self, out: IO[str]) -> None:
        rows = Follow.objects.order_by("id").values_list("follower__username", "followee__username")
        for follower, followee in rows.iterator(BATCH):
            self._write(out, {"type": "follow", "user": follower, "target": followee})

    def _topic_follows(self, out: IO[str]) -> None:
        rows = TopicFollow.objects.order_by("id").values_list("user__username", "topic__name")
        for username, topic in rows.iterator(BATCH):
            self._write(out, {"type": "topic_follow", "user": username, "topic": topic})


def export_jsonl(path: Path, *, images: bool = True) -> Counter[str]:
    """Write the instance's content to `path` (see the module docstring); returns counts."""
    return Exporter(path, images=images).run()
