"""Notes API: publish (multipart), read, edit, images, delete/restore, drafts; categories, topics.

`router` is mounted at /api/notes. `catalog_router` (categories tree and topics) is meant for
/api: GET /api/categories and GET /api/topics/{name}.
Only the fields declared in the In schemas are read: author, counters, listing state, hot
score and the like cannot be set through the API (mass assignment is ignored).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.security import SessionAuth

from grassroots.accounts.auth import TokenAuth
from grassroots.accounts.models import User
from grassroots.core.errors import DomainError, NotFound, ValidationFailed
from grassroots.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from grassroots.notes import actions
from grassroots.notes.models import Note
from grassroots.notes.queries import (
    category_tree,
    drafts_for,
    note_for_editor,
    note_for_staff,
    note_for_viewer,
    topic_by_name,
)
from grassroots.notes.schemas import NoteOut, NotePage

router = Router(tags=["notes"])
catalog_router = Router(tags=["notes"])


def _anonymous(request: HttpRequest) -> bool:
    """Last resort of PUBLIC_READ: anonymous callers read what is public."""
    return True


PUBLIC_READ = [TokenAuth(), SessionAuth(csrf=True), _anonymous]


# --- schemas --------------------------------------------------------------------------------------


class NoteCreateIn(Schema):
    """Multipart fields of POST /api/notes (pictures go in `images`, repeated, in order)."""

    title: str = Field("", description="At most 20 characters.")
    body: str = Field("", description="At most 1000 characters; #topics and @mentions count.")
    topics: list[str] = Field(default_factory=list, description="Up to 10 with the body's tags.")
    category: str | None = Field(None, description="A top or sub category slug.")
    place_name: str = ""
    place_city: str = ""
    visibility: str = Field("public", description="public or private (only me).")
    status: str = Field("published", description="published or draft.")
    alt_texts: list[str] = Field(
        default_factory=list, description="Descriptions of the images, in the same order."
    )
    products: list[int] = Field(
        default_factory=list, description="Product cards: up to 5 ids of products on sale."
    )
    order_line: int | None = Field(
        None, description="A delivered order line of yours: the note is a verified purchase."
    )


class NotePatchIn(Schema):
    """JSON body of PATCH /api/notes/{id}; omitted fields keep their value."""

    title: str | None = None
    body: str | None = None
    topics: list[str] | None = None
    category: str | None = Field(None, description='A slug, or "" to clear the category.')
    place_name: str | None = None
    place_city: str | None = None
    visibility: str | None = None
    status: str | None = None
    image_alt_texts: dict[int, str] | None = Field(
        None, description="New descriptions of existing images, by image id."
    )
    products: list[int] | None = Field(
        None, description="Replace the product cards (ids, in order); [] removes them."
    )


class ImagesAddIn(Schema):
    alt_texts: list[str] = Field(default_factory=list)


class ImageOrderIn(Schema):
    order: list[int] = Field(description="Every image id of the note, in the new order.")


class CategoryChildOut(Schema):
    slug: str
    name_zh: str
    name_en: str


class CategoryTreeOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    children: list[CategoryChildOut]


class TopicOut(Schema):
    name: str
    note_count: int
    follower_count: int
    created_at: datetime
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("feed:topic", args=[obj.name])


# --- helpers --------------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> Any:
    return request.user


def _member(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _note_out(note_id: int, viewer: Any) -> Note:
    return note_for_viewer(note_id=note_id, viewer=viewer)


def _uploads(images: list[UploadedFile] | None) -> list[UploadedFile]:
    return list(images or [])


# --- notes ----------------------------------------------------------------------------------------


@router.post("", response={201: NoteOut}, summary="Publish a note (multipart)")
def note_create(
    request: HttpRequest,
    payload: Form[NoteCreateIn],
    images: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[Note]:
    """Fields as form fields, pictures as repeated `images` files (0–18, JPEG/PNG/WebP/HEIC).

    A draft (`status=draft`) is visible only to its author."""
    uploads = _uploads(images)
    note = actions.note_publish(
        author=_member(request),
        title=payload.title,
        body=payload.body,
        images=uploads,
        alt_texts=payload.alt_texts[: len(uploads)],
        topics=payload.topics,
        category=payload.category or None,
        place_name=payload.place_name,
        place_city=payload.place_city,
        visibility=payload.visibility,
        status=payload.status,
        products=payload.products,
        verified_order_line=payload.order_line,
    )
    return Status(201, _note_out(note.pk, request.user))


@router.get("/drafts", response=NotePage, summary="My drafts")
def note_drafts(
    request: HttpRequest, cursor: str | None = None, limit: int | None = None
) -> Page[Note]:
    """The caller's drafts, last edited first."""
    size = clamp_limit(limit)
    qs = drafts_for(user=_member(request))
    values = decode_cursor(cursor, 2)
    if values is not None:
        try:
            moment = datetime.fromisoformat(str(values[0]))
            last_id = int(values[1])
        except ValueError as exc:
            raise DomainError("bad_cursor", _("The page cursor is not valid.")) from exc
        qs = qs.filter(updated_at__lte=moment).exclude(updated_at=moment, id__gte=last_id)
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor([rows[-1].updated_at.isoformat(), rows[-1].pk])
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/{int:note_id}", response=NoteOut, auth=PUBLIC_READ, summary="A note")
def note_get(request: HttpRequest, note_id: int) -> Note:
    """Anyone may read a listed note; drafts and "only me" notes only their author."""
    return _note_out(note_id, _viewer(request))


@router.patch("/{int:note_id}", response=NoteOut, summary="Edit a note")
def note_patch(request: HttpRequest, note_id: int, payload: NotePatchIn) -> Note:
    """Change the given fields of one of your notes (JSON). Images: see /images."""
    user = _member(request)
    note = note_for_editor(note_id=note_id, user=user)
    actions.note_update(
        note=note,
        editor=user,
        title=payload.title,
        body=payload.body,
        topics=payload.topics,
        category=payload.category,
        place_name=payload.place_name,
        place_city=payload.place_city,
        visibility=payload.visibility,
        status=payload.status,
        image_alt_texts=payload.image_alt_texts,
        products=payload.products,
    )
    return _note_out(note_id, user)


@router.delete("/{int:note_id}", response={204: None}, summary="Delete a note")
def note_remove(request: HttpRequest, note_id: int) -> Status[None]:
    """Soft delete (the author or staff); staff can restore it for 30 days."""
    user = _member(request)
    if user.is_staff:
        # As on the delete page: staff reach public notes (hidden or deleted ones too) and
        # their own, never another member's drafts or "only me" notes.
        note = note_for_viewer(note_id=note_id, viewer=user)
    else:
        note = note_for_editor(note_id=note_id, user=user)
    if note.deleted_at is None:
        actions.note_delete(note=note, actor=user)
    return Status(204, None)


@router.post("/{int:note_id}/restore", response=NoteOut, summary="Restore a deleted note (staff)")
def note_restore(request: HttpRequest, note_id: int) -> Note:
    user = _member(request)
    note = note_for_staff(note_id=note_id, user=user)
    actions.note_restore(note=note, actor=user)
    return note_for_staff(note_id=note_id, user=user)


# --- images ---------------------------------------------------------------------------------------


@router.post("/{int:note_id}/images", response=NoteOut, summary="Add pictures (multipart)")
def note_images_add(
    request: HttpRequest,
    note_id: int,
    payload: Form[ImagesAddIn],
    images: File[list[UploadedFile]],
) -> Note:
    """Append pictures (repeated `images` files, optional `alt_texts`) after the existing ones."""
    user = _member(request)
    note = note_for_editor(note_id=note_id, user=user)
    uploads = _uploads(images)
    if not uploads:
        raise ValidationFailed("no_images", _("Attach at least one picture."), field="images")
    actions.note_update(
        note=note, editor=user, new_images=uploads, alt_texts=payload.alt_texts[: len(uploads)]
    )
    return _note_out(note_id, user)


@router.put("/{int:note_id}/images", response=NoteOut, summary="Reorder pictures")
def note_images_reorder(request: HttpRequest, note_id: int, payload: ImageOrderIn) -> Note:
    user = _member(request)
    note = note_for_editor(note_id=note_id, user=user)
    current = {image.pk for image in note.images.all()}
    if set(payload.order) != current or len(payload.order) != len(current):
        raise ValidationFailed(
            "bad_image_order", _("List every picture of the note exactly once."), field="order"
        )
    actions.note_update(note=note, editor=user, keep_image_ids=payload.order)
    return _note_out(note_id, user)


@router.delete("/{int:note_id}/images/{int:image_id}", response=NoteOut, summary="Remove a picture")
def note_image_remove(request: HttpRequest, note_id: int, image_id: int) -> Note:
    user = _member(request)
    note = note_for_editor(note_id=note_id, user=user)
    ids = [image.pk for image in note.images.all()]
    if image_id not in ids:
        raise NotFound(_("This image does not exist or is not available."))
    actions.note_update(note=note, editor=user, keep_image_ids=[pk for pk in ids if pk != image_id])
    return _note_out(note_id, user)


# --- categories and topics (mounted at /api) -------------------------------------------------


@catalog_router.get(
    "/categories", response=list[CategoryTreeOut], auth=None, summary="Category tree"
)
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    """The 20 top categories with their sub-categories; use a slug as a note's `category`."""
    return category_tree()


@catalog_router.get("/topics/{name}", response=TopicOut, auth=None, summary="A topic")
def topic(request: HttpRequest, name: str) -> Any:
    """A #topic by name (any case, with or without '#'), with its listed-note count."""
    return topic_by_name(name)
