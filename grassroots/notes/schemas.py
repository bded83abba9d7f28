"""The note object of the API, shared by notes, feed, engagement and (later) search."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Schema

from grassroots.accounts.schemas import UserBrief


class CategoryOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class ImageOut(Schema):
    id: int
    position: int
    width: int
    height: int
    alt_text: str
    url: str
    medium_url: str
    thumb_url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("notes:image", args=[obj.id, "large"])

    @staticmethod
    def resolve_medium_url(obj: Any) -> str:
        return reverse("notes:image", args=[obj.id, "medium"])

    @staticmethod
    def resolve_thumb_url(obj: Any) -> str:
        return reverse("notes:image", args=[obj.id, "thumb"])


class CoverOut(Schema):
    url: str
    width: int
    height: int


class PlaceOut(Schema):
    name: str
    city: str


class NoteOut(Schema):
    """A note as every list and detail endpoint returns it.

    Querysets passed here must select_related("author", "category__parent") and
    prefetch_related("images", "topics"): see notes.queries.with_detail_relations.
    """

    id: int
    external_id: str | None
    title: str
    body: str
    author: UserBrief
    images: list[ImageOut]
    topics: list[str]
    category: CategoryOut | None
    place: PlaceOut | None
    visibility: str
    status: str
    is_text_only: bool
    cover: CoverOut
    created_at: datetime
    published_at: datetime | None
    updated_at: datetime
    like_count: int
    collect_count: int
    comment_count: int
    url: str

    @staticmethod
    def resolve_images(obj: Any) -> list[Any]:
        return list(obj.images.all())

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return [topic.name for topic in obj.topics.all()]

    @staticmethod
    def resolve_place(obj: Any) -> dict[str, str] | None:
        if not (obj.place_name or obj.place_city):
            return None
        return {"name": obj.place_name, "city": obj.place_city}

    @staticmethod
    def resolve_cover(obj: Any) -> dict[str, Any]:
        return {
            "url": reverse("notes:cover", args=[obj.id]),
            "width": obj.cover_width,
            "height": obj.cover_height,
        }

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("notes:detail", args=[obj.id])


class NotePage(Schema):
    items: list[NoteOut]
    next_cursor: str | None = None
