"""Search results as the API returns them: NoteOut-shaped dicts built from three lean queries.

`/api/search/notes` returns every hit as the note object (grassroots.notes.schemas.NoteOut)
plus `snippet`, `answer` and `score`. Building that through ORM objects, prefetch and ninja's
schema validation cost more than the search itself, so this module reads the same columns
with three plain SQL queries (notes joined with author and category, then images, then
topics; table and column names come from the models) and writes the dicts directly, in
NoteOut's field order. `grassroots/search/tests/test_cards.py` checks that
the output equals NoteOut's for the same notes, so the two cannot drift apart silently.

Visibility: only listed notes are read (`is_listed`), whatever ids are asked for.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.accounts.templatetags.accounts_tags import avatar_version_of
from grassroots.notes.models import Category, Note, NoteImage, NoteTopic, Topic

_SENTINEL = 987_654_321
_IMAGE_SIZES = ("large", "medium", "thumb")

# Note columns read for a card, in this order (after the author and category columns).
NOTE_COLUMNS = (
    "id",
    "external_id",
    "title",
    "body",
    "author_id",
    "category_id",
    "place_name",
    "place_city",
    "visibility",
    "status",
    "image_count",
    "cover_width",
    "cover_height",
    "created_at",
    "published_at",
    "updated_at",
    "like_count",
    "collect_count",
    "comment_count",
)
_DATETIMES = ("created_at", "published_at", "updated_at")


def _column(model: Any, name: str) -> str:
    return str(connection.ops.quote_name(model._meta.get_field(name).column))


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


@functools.cache
def _notes_sql(count: int) -> str:
    """One query: listed notes among `count` ids with author and category (and its parent)."""
    note, user, category = _table(Note), _table(User), _table(Category)
    columns = ", ".join(f"n.{_column(Note, name)}" for name in NOTE_COLUMNS)
    marks = ", ".join(["%s"] * count)
    return (
        f"SELECT {columns}, u.{_column(User, 'username')}, "  # noqa: S608 - no user input
        f"u.{_column(User, 'display_name')}, u.{_column(User, 'avatar')}, "
        f"c.{_column(Category, 'slug')}, c.{_column(Category, 'name_zh')}, "
        f"c.{_column(Category, 'name_en')}, c.{_column(Category, 'parent')}, "
        f"p.{_column(Category, 'slug')} "
        f"FROM {note} n JOIN {user} u ON u.id = n.{_column(Note, 'author')} "
        f"LEFT JOIN {category} c ON c.id = n.{_column(Note, 'category')} "
        f"LEFT JOIN {category} p ON p.id = c.{_column(Category, 'parent')} "
        # `AND n.is_listed`, not `= %s`: with a bound value SQLite walks the listed-notes index.
        f"WHERE n.id IN ({marks}) AND n.{_column(Note, 'is_listed')}"
    )


def _json_time(value: Any) -> str | None:
    """A database datetime as the API writes it (DjangoJSONEncoder's form: ISO 8601, UTC as
    "Z", milliseconds), formatted here once instead of by the encoder's fallback per value.
    SQLite returns naive UTC text, PostgreSQL aware datetimes."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(UTC).isoformat()
    if moment.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


_url_templates: dict[str, dict[str, str]] = {}


def _templates() -> dict[str, str]:
    """URL patterns with a sentinel id, reversed once per script prefix."""
    prefix = get_script_prefix()
    found = _url_templates.get(prefix)
    if found is None:
        found = {
            "detail": reverse("notes:detail", args=[_SENTINEL]),
            "cover": reverse("notes:cover", args=[_SENTINEL]),
            **{size: reverse("notes:image", args=[_SENTINEL, size]) for size in _IMAGE_SIZES},
        }
        _url_templates[prefix] = found
    return found


def _url(template: str, object_id: int) -> str:
    return template.replace(str(_SENTINEL), str(object_id), 1)


def _avatar_url(username: str, avatar: str | None) -> str | None:
    if not avatar:
        return None
    url = reverse("accounts:avatar", args=[username])
    return f"{url}?v={avatar_version_of(avatar)}"


def note_cards(note_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """NoteOut-shaped dicts of the listed notes among `note_ids`, by id (three queries);
    datetimes are already in their JSON form."""
    ids = list(dict.fromkeys(int(note_id) for note_id in note_ids))
    if not ids:
        return {}
    rows = _rows(_notes_sql(len(ids)), ids)
    if not rows:
        return {}
    listed = [row[0] for row in rows]
    marks = ", ".join(["%s"] * len(listed))
    templates = _templates()
    images: dict[int, list[dict[str, Any]]] = defaultdict(list)
    image_sql = (
        f"SELECT {_column(NoteImage, 'note')}, id, {_column(NoteImage, 'position')}, "  # noqa: S608
        f"{_column(NoteImage, 'width')}, {_column(NoteImage, 'height')}, "
        f"{_column(NoteImage, 'alt_text')} FROM {_table(NoteImage)} "
        f"WHERE {_column(NoteImage, 'note')} IN ({marks}) "
        f"ORDER BY {_column(NoteImage, 'note')}, {_column(NoteImage, 'position')}, id"
    )
    for note_id, image_id, position, width, height, alt_text in _rows(image_sql, listed):
        images[note_id].append(
            {
                "id": image_id,
                "position": position,
                "width": width,
                "height": height,
                "alt_text": alt_text,
                "url": _url(templates["large"], image_id),
                "medium_url": _url(templates["medium"], image_id),
                "thumb_url": _url(templates["thumb"], image_id),
            }
        )
    topics: dict[int, list[str]] = defaultdict(list)
    topic_sql = (
        f"SELECT nt.{_column(NoteTopic, 'note')}, t.{_column(Topic, 'name')} "  # noqa: S608
        f"FROM {_table(NoteTopic)} nt JOIN {_table(Topic)} t "
        f"ON t.id = nt.{_column(NoteTopic, 'topic')} "
        f"WHERE nt.{_column(NoteTopic, 'note')} IN ({marks}) "
        f"ORDER BY nt.{_column(NoteTopic, 'note')}, nt.{_column(NoteTopic, 'position')}, nt.id"
    )
    for note_id, name in _rows(topic_sql, listed):
        topics[note_id].append(name)
    cards: dict[int, dict[str, Any]] = {}
    width = len(NOTE_COLUMNS)
    for values in rows:
        row = dict(zip(NOTE_COLUMNS, values[:width], strict=True))
        (username, display_name, avatar, slug, name_zh, name_en, parent_id, parent_slug) = values[
            width:
        ]
        note_id = row["id"]
        category = None
        if row["category_id"] is not None:
            category = {
                "slug": slug,
                "name_zh": name_zh,
                "name_en": name_en,
                "parent": parent_slug if parent_id else None,
            }
        place = None
        if row["place_name"] or row["place_city"]:
            place = {"name": row["place_name"], "city": row["place_city"]}
        cards[note_id] = {
            "id": note_id,
            "external_id": row["external_id"],
            "title": row["title"],
            "body": row["body"],
            "author": {
                "id": row["author_id"],
                "username": username,
                "display_name": str(display_name or username),
                "avatar_url": _avatar_url(username, avatar),
            },
            "images": images.get(note_id, []),
            "topics": topics.get(note_id, []),
            "category": category,
            "place": place,
            "visibility": row["visibility"],
            "status": row["status"],
            "is_text_only": row["image_count"] == 0,
            "cover": {
                "url": _url(templates["cover"], note_id),
                "width": row["cover_width"],
                "height": row["cover_height"],
            },
            **{name: _json_time(row[name]) for name in _DATETIMES},
            "like_count": row["like_count"],
            "collect_count": row["collect_count"],
            "comment_count": row["comment_count"],
            "url": _url(templates["detail"], note_id),
        }
    return cards
