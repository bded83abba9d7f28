"""Test helpers for accounts: images and raw note rows (no dependency on notes.actions)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from grassroots.accounts.models import User


def png_upload(name: str = "me.png", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 160, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_note(
    *,
    author: User,
    title: str = "A note",
    status: str = "published",
    visibility: str = "public",
    at: datetime | None = None,
    **fields: Any,
) -> Any:
    """A raw Note row with is_listed derived the way notes.actions derives it."""
    from grassroots.notes.models import Note

    moment = at or timezone.now() - timedelta(minutes=1)
    listed = status == "published" and visibility == "public" and not fields.get("deleted_at")
    return Note.objects.create(
        author=author,
        title=title,
        body=fields.pop("body", "Body text."),
        status=status,
        visibility=visibility,
        is_listed=listed and not fields.get("hidden_at"),
        created_at=moment,
        updated_at=moment,
        published_at=moment if status == "published" else None,
        **fields,
    )
