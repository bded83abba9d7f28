"""Generated covers for text-only notes: where they live and how they are (re)made.

A text card is rendered lazily on the first request for it and stored at
covers/<note id>-<hash of its text>.webp, so a changed title gets a new file (and a new
URL in caches) while an unchanged one is served from storage. notes.actions deletes the old
file when the text changes or the note is purged.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from grassroots.core.images import render_text_cover
from grassroots.notes.models import Note

COVER_TEXT_MAX_CHARS = 40
COVER_VERSION = "1"  # bump to re-render every card after a design change


def cover_source_text(title: str, body: str) -> str:
    """What a text card shows: the title, or else the start of the body."""
    if title.strip():
        return title.strip()
    first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if len(first_line) > COVER_TEXT_MAX_CHARS:
        return first_line[: COVER_TEXT_MAX_CHARS - 1] + "…"
    return first_line


def text_cover_path_for(*, note_id: int, title: str, body: str) -> str:
    text = cover_source_text(title, body)
    digest = hashlib.sha256(f"{COVER_VERSION}:{note_id}:{text}".encode()).hexdigest()[:16]
    return f"covers/{int(note_id)}-{digest}.webp"


def text_cover_path(note: Note) -> str:
    return text_cover_path_for(note_id=note.pk, title=note.title, body=note.body)


def ensure_text_cover(note: Note) -> str:
    """The storage path of the note's text card, rendering and storing it on first use."""
    path = text_cover_path(note)
    if default_storage.exists(path):
        return path
    content = render_text_cover(title=cover_source_text(note.title, note.body), seed=note.pk)
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:
        # Another request stored the same card meanwhile; keep theirs, drop our copy.
        default_storage.delete(saved)
    return path
