"""The image pipeline: validate uploads by content, strip metadata, re-encode, store sizes.

Every picture that enters Grassroots (note images, avatars) passes through here, and every
generated text card (covers of text-only notes) is drawn here. Uploads are trusted for
nothing: the bytes decide the format, the header's declared size is checked against the
pixel cap before anything is decoded, EXIF/GPS and colour profiles are dropped and the
pixels are re-encoded as WebP.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pillow_heif
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from grassroots.core.errors import ValidationFailed

pillow_heif.register_heif_opener()

# Formats we accept, as Pillow names them. Passing this list to Image.open also stops Pillow
# from trying every other plugin (EPS would shell out to Ghostscript, for one).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
WEBP_QUALITY = 82
LARGE_LONG_EDGE = 1440
MEDIUM_BOX = (720, 1440)  # card size: 720 wide, long images capped at 2:1
THUMB_BOX = (240, 480)
AVATAR_SIZE = 256
MAX_ASPECT_RATIO = 20  # a 1 x 40M "image" is an attack, not a long screenshot
COVER_SIZE = (900, 1200)


class ImageRejected(ValidationFailed):
    """An upload that is not an image we accept; the message says why, for the user."""

    def __init__(
        self, message: str, *, code: str = "image_rejected", field: str = "images"
    ) -> None:
        super().__init__(code, message, field=field)


@dataclass(frozen=True)
class StoredImage:
    """The stored sizes of one note image; width/height are those of the large size."""

    width: int
    height: int
    large: str
    medium: str
    thumb: str

    @property
    def paths(self) -> tuple[str, str, str]:
        return (self.large, self.medium, self.thumb)


Upload = bytes | IO[bytes] | Any  # Django File/UploadedFile, a binary file object, or bytes


# --- reading and validating ---------------------------------------------------------------


def _read_capped(upload: Upload, max_bytes: int) -> bytes:
    """The upload's bytes; refuses (without reading it all) anything over max_bytes."""
    too_big = ImageRejected(
        _("The image is too large (at most %(mb)s MB).") % {"mb": _format_mb(max_bytes)},
        code="image_too_large",
    )
    if isinstance(upload, bytes | bytearray | memoryview):
        data = bytes(upload)
        if len(data) > max_bytes:
            raise too_big
        return data
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise too_big
    if hasattr(upload, "seek"):
        # A non-seekable stream is read from where it is.
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    chunks: list[bytes] = []
    total = 0
    reader = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    for chunk in reader:
        total += len(chunk)
        if total > max_bytes:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _format_mb(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}"


def _unsupported() -> ImageRejected:
    return ImageRejected(
        _("This file is not a supported image. Use JPEG, PNG, WebP or HEIC."),
        code="image_unsupported",
    )


def _open_checked(data: bytes) -> Image.Image:
    """Open, verify and fully decode an image, checking format and size before decoding."""
    if not data:
        raise ImageRejected(_("The image file is empty."), code="image_empty")
    max_pixels = int(settings.GRASSROOTS_IMAGE_MAX_PIXELS)
    try:
        # Reading the header only: the declared size is known, no pixel is allocated yet.
        probe = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        width, height = probe.size
        _check_dimensions(width, height, max_pixels)
        probe.verify()  # structural checks (PNG CRCs, …); the object is unusable afterwards
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        if image.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the large size.
            image.draft("RGB", (LARGE_LONG_EDGE, LARGE_LONG_EDGE))
        image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except (UnidentifiedImageError, SyntaxError, ValueError, TypeError, EOFError) as exc:
        raise _unsupported() from exc
    except (OSError, MemoryError) as exc:
        raise ImageRejected(
            _("The image could not be read; it may be damaged."), code="image_damaged"
        ) from exc
    return image


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        _("The image has too many pixels (at most %(mp)s megapixels).")
        % {"mp": max(1, max_pixels // 1_000_000)},
        code="image_too_many_pixels",
    )


def _check_dimensions(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise _unsupported()
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ImageRejected(
            _("The image is too long and narrow (at most %(ratio)s:1).")
            % {"ratio": MAX_ASPECT_RATIO},
            code="image_bad_ratio",
        )


def _to_clean_rgb(image: Image.Image) -> Image.Image:
    """Apply EXIF orientation, flatten transparency onto white and drop all metadata."""
    try:
        oriented = ImageOps.exif_transpose(image)
    except (ValueError, TypeError, SyntaxError, OSError):
        oriented = image  # an unreadable EXIF block is dropped below anyway
    if oriented is None:  # pragma: no cover - only with in_place=True
        oriented = image
    try:
        if oriented.mode in ("RGBA", "LA", "PA") or (
            oriented.mode == "P" and "transparency" in oriented.info
        ):
            rgba = oriented.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
        elif oriented.mode.startswith("I") or oriented.mode == "F":
            # 16-bit and float greyscale: scale into 8 bits before converting.
            flat = ImageOps.autocontrast(oriented.convert("F").convert("L")).convert("RGB")
        else:
            flat = oriented.convert("RGB")
    except (ValueError, OSError) as exc:
        raise _unsupported() from exc
    # A fresh image carries no info dict: no EXIF, GPS, XMP, ICC profile or comments survive.
    clean = Image.new("RGB", flat.size)
    clean.paste(flat)
    return clean


def _fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Scale down (never up) to fit in box, keeping the aspect ratio."""
    width, height = image.size
    scale = min(box[0] / width, box[1] / height, 1.0)
    if scale >= 1.0:
        return image.copy()
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode_webp(image: Image.Image, quality: int = WEBP_QUALITY) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()


def load_clean_image(upload: Upload) -> Image.Image:
    """Validate an upload and return its pixels as an oriented, metadata-free RGB image."""
    data = _read_capped(upload, int(settings.GRASSROOTS_IMAGE_MAX_BYTES))
    image = _open_checked(data)
    try:
        return _to_clean_rgb(image)
    finally:
        image.close()


# --- storing ------------------------------------------------------------------------------


def _save(path: str, content: bytes) -> str:
    return default_storage.save(path, ContentFile(content))


def delete_stored_files(paths: Iterable[str]) -> None:
    """Remove stored files, ignoring ones already gone (used to undo failed writes)."""
    for path in paths:
        if not path:
            continue
        try:
            default_storage.delete(path)
        except OSError:  # pragma: no cover - storage hiccup; an orphan file is harmless
            continue


def store_display_sizes(upload: Upload, *, folder: str) -> StoredImage:
    """Validate an upload and store its large, medium and thumbnail WebP sizes in `folder`."""
    image = load_clean_image(upload)
    large = _fit(image, (LARGE_LONG_EDGE, LARGE_LONG_EDGE))
    sizes = {
        "large": large,
        "medium": _fit(large, MEDIUM_BOX),
        "thumb": _fit(large, THUMB_BOX),
    }
    stem = f"{folder}/{secrets.token_hex(8)}"
    written: list[str] = []
    try:
        for name, picture in sizes.items():
            written.append(_save(f"{stem}-{name}.webp", _encode_webp(picture)))
    except BaseException:
        delete_stored_files(written)
        raise
    return StoredImage(
        width=large.width,
        height=large.height,
        large=written[0],
        medium=written[1],
        thumb=written[2],
    )


def store_square(upload: Upload, *, folder: str) -> str:
    """Validate an upload and store it as a 256x256 centre-cropped WebP; returns its path."""
    image = load_clean_image(upload)
    square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    return _save(f"{folder}/{secrets.token_hex(8)}.webp", _encode_webp(square, 85))


def store_note_image(upload: Upload, *, note_id: int) -> StoredImage:
    """A note's picture in its display sizes (notes/<id>/…)."""
    return store_display_sizes(upload, folder=f"notes/{int(note_id)}")


def store_avatar(upload: Upload, *, user_id: int) -> str:
    """A profile picture (avatars/<id>/…)."""
    return store_square(upload, folder=f"avatars/{int(user_id)}")


# --- generated text covers ----------------------------------------------------------------

# (top colour, bottom colour, text colour): soft Xiaohongshu-like card backgrounds.
COVER_PALETTE: Sequence[tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]] = (
    ((255, 236, 210), (252, 182, 159), (74, 38, 26)),  # peach
    ((224, 195, 252), (142, 197, 252), (36, 30, 78)),  # lavender sky
    ((212, 252, 121), (150, 230, 161), (22, 60, 36)),  # fresh green
    ((255, 241, 235), (172, 224, 249), (30, 52, 80)),  # morning
    ((253, 219, 146), (209, 253, 255), (60, 44, 20)),  # lemonade
    ((255, 154, 158), (254, 207, 239), (90, 20, 40)),  # rose
    ((246, 211, 101), (253, 160, 133), (80, 34, 12)),  # sunset
    ((193, 223, 196), (222, 236, 221), (28, 58, 40)),  # sage
    ((48, 52, 68), (24, 26, 36), (250, 244, 230)),  # ink night
    ((255, 255, 255), (236, 233, 230), (40, 40, 40)),  # paper
)
COVER_MARGIN = 96
COVER_FONT_SIZES = (120, 108, 96, 84, 72, 64, 56, 48, 42)
_LINE_SPACING = 1.32
_NO_LINE_START = set("，。！？、；：）》」』】〕…—,.!?;:)]}%”’")


def _cover_font_path() -> Path:
    # find_spec locates the package without importing it (its __init__ imports matplotlib).
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The mplfonts package (Noto Sans CJK SC) is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansCJKsc-Regular.otf"


@functools.lru_cache(maxsize=16)
def _cover_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_cover_font_path()), size)


@functools.lru_cache(maxsize=1)
def _missing_glyph_mask() -> bytes:
    # A private-use code point has no glyph: what it renders is the font's .notdef box.
    return _glyph_signature("\ue000")


def _glyph_signature(char: str) -> bytes:
    canvas = Image.new("L", (48, 48))
    ImageDraw.Draw(canvas).text((4, 4), char, font=_cover_font(32), fill=255)
    return canvas.tobytes()


@functools.lru_cache(maxsize=4096)
def _has_glyph(char: str) -> bool:
    if char.isspace():
        return True
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return False
    return _glyph_signature(char) != _missing_glyph_mask()


def cover_text(text: str) -> str:
    """The text as it can be drawn: NFC, glyphs the font lacks (emoji…) dropped, spaces folded."""
    text = unicodedata.normalize("NFC", text or "")
    kept = "".join(ch if _has_glyph(ch) else " " for ch in text)
    lines = [" ".join(line.split()) for line in kept.splitlines()]
    return "\n".join(line for line in lines if line)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(line: str) -> list[str]:
    """Break points: each CJK character alone, Latin words whole, spaces kept as tokens."""
    tokens: list[str] = []
    word = ""
    for char in line:
        if char.isspace() or _is_wide(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" " if char.isspace() else char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking; closing punctuation never starts a line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for piece in _tokens(paragraph):
            if font.getlength(current + piece) <= width:
                current += piece
            elif piece in _NO_LINE_START:
                current += piece  # keep closing punctuation on the line it closes
            elif piece == " ":
                lines.append(current)
                current = ""
            elif font.getlength(piece) <= width:
                if current.strip():
                    lines.append(current.rstrip())
                current = piece
            else:
                # A word wider than a whole line: break it by characters.
                for char in piece:
                    if current.strip() and font.getlength(current + char) > width:
                        lines.append(current.rstrip())
                        current = ""
                    current += char
        if current.strip():
            lines.append(current.rstrip())
    return [line.strip() for line in lines if line.strip()]


def _layout(text: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    width = COVER_SIZE[0] - 2 * COVER_MARGIN
    height = COVER_SIZE[1] - 2 * COVER_MARGIN - 160
    for size in COVER_FONT_SIZES:
        font = _cover_font(size)
        lines = _wrap(text, font, width)
        if len(lines) * size * _LINE_SPACING <= height:
            return font, lines
    font = _cover_font(COVER_FONT_SIZES[-1])
    max_lines = int(height // (COVER_FONT_SIZES[-1] * _LINE_SPACING))
    lines = _wrap(text, font, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, len(lines[-1]) - 1)] + "…"
    return font, lines


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize(COVER_SIZE, Image.Resampling.BICUBIC)


@functools.lru_cache(maxsize=1)
def _quote_mark() -> Image.Image:
    """The opening quote's ink, cropped tight (CJK fonts set it at the right of a wide cell)."""
    mask = Image.new("L", (300, 300))
    ImageDraw.Draw(mask).text((0, 0), "“", font=_cover_font(220), fill=255)
    bbox = mask.getbbox()
    return mask.crop(bbox) if bbox else mask


def cover_palette_index(seed: int) -> int:
    digest = hashlib.blake2b(str(int(seed)).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % len(COVER_PALETTE)


def render_text_cover(*, title: str, seed: int, fmt: str = "WEBP") -> bytes:
    """A 900x1200 text card: the title set large in Noto Sans CJK SC on a seeded gradient.

    Characters the font cannot draw (emoji, control characters) are left out rather than
    drawn as boxes; an empty title gives a card with only its decoration.
    """
    top, bottom, ink = COVER_PALETTE[cover_palette_index(seed)]
    canvas = _gradient(top, bottom)
    draw = ImageDraw.Draw(canvas)
    accent = tuple(round(c * 0.78 + i * 0.22) for c, i in zip(top, ink, strict=True))
    # A large opening quote mark and a short rule: the look of a hand-made text card.
    canvas.paste(accent, (COVER_MARGIN, COVER_MARGIN), _quote_mark())
    draw.rounded_rectangle(
        (
            COVER_MARGIN,
            COVER_SIZE[1] - COVER_MARGIN - 14,
            COVER_MARGIN + 120,
            COVER_SIZE[1] - COVER_MARGIN,
        ),
        radius=7,
        fill=ink,
    )
    text = cover_text(title)
    if text:
        font, lines = _layout(text)
        size = int(font.size)
        line_height = round(size * _LINE_SPACING)
        block = line_height * len(lines)
        y = max(COVER_MARGIN + 120, (COVER_SIZE[1] - block) // 2 - 20)
        stroke = max(1, size // 40)  # a hairline stroke in the ink colour reads as semibold
        for line in lines:
            draw.text(
                (COVER_MARGIN, y), line, font=font, fill=ink, stroke_width=stroke, stroke_fill=ink
            )
            y += line_height
    buffer = io.BytesIO()
    if fmt.upper() == "PNG":
        canvas.save(buffer, "PNG", optimize=True)
    else:
        canvas.save(buffer, "WEBP", quality=85, method=4)
    return buffer.getvalue()


def store_text_cover(*, title: str, seed: int, path: str) -> str:
    """Render a text card and store it at path (replacing what is there); returns the path."""
    if default_storage.exists(path):
        return path
    return _save(path, render_text_cover(title=title, seed=seed))
