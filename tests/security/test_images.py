"""Uploads are judged by their bytes: oversize files, decompression bombs, GIFs, HTML/SVG
named .jpg and truncated JPEGs get a 4xx with a message through the publish page, the edit
page, the API and the avatar forms, and leave no note, image row or file behind.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from grassroots.accounts.actions import token_create
from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes import actions as notes
from grassroots.notes.models import Note, NoteImage
from grassroots.notes.tests.factories import image_bytes
from tests.security.helpers import audit_markup, json_of, media_files

pytestmark = pytest.mark.django_db

MAX_BYTES = 60_000  # the cap in these tests, so "oversize" stays cheap to send


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def oversize_jpeg() -> bytes:
    # A valid picture padded past the cap: refused for its size alone.
    return image_bytes() + b"\x00" * (MAX_BYTES + 1)


def truncated_jpeg() -> bytes:
    noise = Image.effect_noise((320, 240), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


BAD_UPLOADS: dict[str, tuple[bytes, str]] = {
    # name: (bytes, what the message says)
    "oversize": (oversize_jpeg(), "too large"),
    "bomb": (png_declaring(50_000, 50_000), "too many pixels"),
    "needle": (png_declaring(1, 30_000), "too long and narrow"),
    "gif": (image_bytes("GIF"), "not a supported image"),
    "html": (b"<!doctype html><html><script>alert(1)</script></html>", "not a supported image"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "not a supported image",
    ),
    "truncated": (truncated_jpeg(), "damaged"),
}


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _small_byte_cap(settings):
    settings.GRASSROOTS_IMAGE_MAX_BYTES = MAX_BYTES


@pytest.fixture
def author(db) -> Any:
    return UserFactory(username="author")


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bearer(user: Any) -> Client:
    _token, key = token_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _assert_page_refusal(response: Any, message: str) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    audit = audit_markup(response.content.decode())
    assert message in audit.shown.lower(), message
    assert not audit.live


def _assert_api_refusal(response: Any, message: str) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    body = json_of(response)
    assert message in body["message"].lower(), body


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_publish_page_refuses_bad_images(author, case):
    data, message = BAD_UPLOADS[case]
    client = _logged_in(author)
    for images in ([upload(data)], [upload(image_bytes(), "good.jpg"), upload(data)]):
        response = client.post(
            "/publish",
            {
                "title": "t",
                "body": "b",
                "visibility": "public",
                "action": "publish",
                "images": images,
            },
        )
        _assert_page_refusal(response, message)
        assert not Note.objects.exists() and not NoteImage.objects.exists()
        assert media_files() == []


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_api_publish_refuses_bad_images(author, case):
    data, message = BAD_UPLOADS[case]
    client = _bearer(author)
    for images in ([upload(data)], [upload(image_bytes(), "good.jpg"), upload(data)]):
        response = client.post("/api/notes", {"title": "t", "body": "b", "images": images})
        _assert_api_refusal(response, message)
        assert not Note.objects.exists() and not NoteImage.objects.exists()
        assert media_files() == []


def test_adding_bad_images_to_a_note_changes_nothing(author):
    note = notes.note_publish(author=author, title="t", body="b", images=[image_bytes()])
    stored = media_files()
    page, api = _logged_in(author), _bearer(author)
    image_id = note.images.get().pk
    for data, message in BAD_UPLOADS.values():
        response = page.post(
            f"/n/{note.pk}/edit",
            {
                "title": "t",
                "body": "b",
                "visibility": "public",
                "keep_image_ids": [image_id],
                "images": [upload(data)],
            },
        )
        _assert_page_refusal(response, message)
        response = api.post(f"/api/notes/{note.pk}/images", {"images": [upload(data)]})
        _assert_api_refusal(response, message)
    assert list(note.images.values_list("pk", flat=True)) == [image_id]
    assert media_files() == stored


def test_bad_avatars_are_refused(author):
    page, api = _logged_in(author), _bearer(author)
    for data, message in BAD_UPLOADS.values():
        response = page.post("/settings/", {"display_name": "A", "avatar": upload(data)})
        _assert_page_refusal(response, message)
        response = api.post("/api/me/avatar", {"avatar": upload(data)})
        _assert_api_refusal(response, message)
    author.refresh_from_db()
    assert author.avatar == ""
    assert media_files() == []


def test_empty_files_are_refused(author):
    response = _logged_in(author).post(
        "/publish",
        {"title": "t", "body": "b", "visibility": "public", "images": [upload(b"")]},
    )
    assert 400 <= response.status_code < 500
    response = _bearer(author).post("/api/notes", {"title": "t", "images": [upload(b"")]})
    assert 400 <= response.status_code < 500 and json_of(response)["message"]
    assert not Note.objects.exists() and media_files() == []


def test_accepted_pictures_are_re_encoded_without_metadata_or_trailing_bytes(author):
    picture = Image.new("RGB", (80, 60), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    exif[0x8825] = {2: (31.0, 14.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    polyglot = buffer.getvalue() + b"<script>alert(1)</script>"
    response = _bearer(author).post("/api/notes", {"title": "t", "images": [upload(polyglot)]})
    assert response.status_code == 201
    stored = media_files()
    assert len(stored) == 3
    for path in stored:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        assert content[:4] == b"RIFF" and content[8:12] == b"WEBP"
        assert b"<script>" not in content and b"SpyCam" not in content
        assert not Image.open(io.BytesIO(content)).getexif()
