"""The shared image pipeline (grassroots.core.images): validation by content, caps, metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grassroots.core.images import (
    ImageRejected,
    load_clean_image,
    store_avatar,
    store_note_image,
)
from grassroots.notes.tests.factories import image_bytes


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares width x height (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _jpeg_with_exif(size=(300, 200), orientation: int | None = None, gps: bool = True) -> bytes:
    picture = Image.new("RGB", size, (10, 120, 200))
    # A marker pixel block in the top-left corner to check the rotation direction.
    for x in range(40):
        for y in range(40):
            picture.putpixel((x, y), (255, 0, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def _open_stored(path: str) -> Image.Image:
    with default_storage.open(path, "rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_accepted_formats_are_stored_as_webp_in_three_sizes(fmt):
    stored = store_note_image(image_bytes(fmt, size=(2000, 1500)), note_id=7)
    assert (stored.width, stored.height) == (1440, 1080)
    for path, box in ((stored.large, 1440), (stored.medium, 720), (stored.thumb, 240)):
        assert path.startswith("notes/7/") and path.endswith(".webp")
        picture = _open_stored(path)
        assert picture.format == "WEBP"
        assert picture.width <= box
    assert _open_stored(stored.medium).size == (720, 540)
    assert _open_stored(stored.thumb).size == (240, 180)


def test_uploaded_file_objects_are_accepted():
    upload = SimpleUploadedFile("photo.png", image_bytes("PNG", size=(100, 300)), "image/png")
    stored = store_note_image(upload, note_id=1)
    assert (stored.width, stored.height) == (100, 300)  # never upscaled, ratio kept


def test_aspect_ratio_is_kept_for_tall_images():
    stored = store_note_image(image_bytes("JPEG", size=(1000, 3000)), note_id=1)
    assert (stored.width, stored.height) == (480, 1440)
    medium = _open_stored(stored.medium)
    assert medium.size == (480, 1440)
    assert abs(medium.height / medium.width - 3.0) < 0.01


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(image_bytes("GIF"), id="gif"),
        pytest.param(image_bytes("BMP"), id="bmp"),
        pytest.param(image_bytes("TIFF"), id="tiff"),
        pytest.param(b"just some text, not a picture", id="text"),
        pytest.param(b"%PDF-1.4\n%fake", id="pdf"),
        pytest.param(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", id="eps"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", id="svg"),
        pytest.param(image_bytes("PNG")[:40], id="truncated-png"),
        pytest.param(image_bytes("JPEG")[:100], id="truncated-jpeg"),
    ],
)
def test_other_content_is_rejected_whatever_its_name(data):
    upload = SimpleUploadedFile("holiday.jpg", data, "image/jpeg")
    with pytest.raises(ImageRejected) as caught:
        store_note_image(upload, note_id=1)
    assert caught.value.status == 422
    assert caught.value.message
    assert not default_storage.exists("notes/1")


def test_a_gif_named_png_is_rejected_and_a_png_named_gif_is_accepted():
    with pytest.raises(ImageRejected, match="JPEG, PNG, WebP or HEIC"):
        store_note_image(SimpleUploadedFile("a.png", image_bytes("GIF")), note_id=1)
    stored = store_note_image(SimpleUploadedFile("a.gif", image_bytes("PNG")), note_id=1)
    assert stored.width == 64


def test_empty_upload_is_rejected():
    with pytest.raises(ImageRejected) as caught:
        store_note_image(b"", note_id=1)
    assert caught.value.code == "image_empty"


def test_oversize_bytes_are_rejected_before_decoding(settings):
    settings.GRASSROOTS_IMAGE_MAX_BYTES = 2000
    data = image_bytes("PNG", size=(400, 400), color=(1, 2, 3))
    big = data + b"\0" * 3000  # trailing junk past the cap
    with pytest.raises(ImageRejected) as caught:
        store_note_image(SimpleUploadedFile("x.png", big), note_id=1)
    assert caught.value.code == "image_too_large"
    with pytest.raises(ImageRejected) as caught:
        store_note_image(big, note_id=1)
    assert caught.value.code == "image_too_large"


@pytest.mark.parametrize("size", [(50_000, 50_000), (12_000, 12_000), (7_000, 7_000)])
def test_decompression_bombs_are_refused_from_the_header(size):
    # 2.5 G, 144 M and 49 M pixels; the cap is 40 M. Nothing is decoded or allocated.
    with pytest.raises(ImageRejected) as caught:
        store_note_image(_png_header_only(*size), note_id=1)
    assert caught.value.code == "image_too_many_pixels"
    assert caught.value.status == 422


def test_pixel_cap_follows_the_setting(settings):
    settings.GRASSROOTS_IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ImageRejected, match="too many pixels"):
        store_note_image(image_bytes("JPEG", size=(101, 100)), note_id=1)
    assert store_note_image(image_bytes("JPEG", size=(100, 100)), note_id=1).width == 100


def test_extreme_aspect_ratios_are_refused():
    with pytest.raises(ImageRejected) as caught:
        store_note_image(image_bytes("PNG", size=(5000, 10)), note_id=1)
    assert caught.value.code == "image_bad_ratio"


def test_exif_and_gps_are_stripped():
    original = Image.open(io.BytesIO(_jpeg_with_exif()))
    assert original.getexif().get(0x8825) is not None  # the input really has GPS
    stored = store_note_image(_jpeg_with_exif(), note_id=3)
    for path in (stored.large, stored.medium, stored.thumb):
        picture = _open_stored(path)
        assert not picture.getexif()
        assert "exif" not in picture.info and "xmp" not in picture.info
        assert "icc_profile" not in picture.info
        with default_storage.open(path, "rb") as handle:
            raw = handle.read()
        assert b"PhoneMaker" not in raw and b"Exif" not in raw


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must be shown rotated 90° clockwise.
    stored = store_note_image(_jpeg_with_exif(size=(300, 200), orientation=6), note_id=3)
    assert (stored.width, stored.height) == (200, 300)
    picture = _open_stored(stored.large).convert("RGB")
    red = picture.getpixel((picture.width - 10, 10))
    other = picture.getpixel((10, 10))
    assert isinstance(red, tuple) and isinstance(other, tuple)
    assert red[0] > 200 and red[2] < 80  # the red corner moved from top-left to top-right
    assert other[2] > 150


def test_transparency_is_flattened_onto_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    picture = load_clean_image(buffer.getvalue())
    assert picture.mode == "RGB"
    assert picture.getpixel((5, 5)) == (255, 255, 255)


def test_sixteen_bit_png_is_converted():
    buffer = io.BytesIO()
    Image.new("I;16", (20, 20), 30000).save(buffer, "PNG")
    stored = store_note_image(buffer.getvalue(), note_id=2)
    assert stored.width == 20


def test_avatar_is_a_square_256_webp_center_crop():
    path = store_avatar(image_bytes("JPEG", size=(800, 400)), user_id=12)
    assert path.startswith("avatars/12/") and path.endswith(".webp")
    picture = _open_stored(path)
    assert picture.size == (256, 256) and picture.format == "WEBP"


def test_avatar_rejects_fake_images():
    with pytest.raises(ImageRejected):
        store_avatar(SimpleUploadedFile("me.jpg", b"<html>not an image</html>"), user_id=1)
