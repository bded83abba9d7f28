"""Generated photos for a demo seed: gradients, soft light and crisp shapes, several aspect ratios.

They go through the real image pipeline (grassroots.core.images), so the demo exercises the
same sizes and storage paths as uploads. Only for demo seeds: at most MAX_PHOTO_NOTES notes.
"""

from __future__ import annotations

import io
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from django.db import connection, transaction
from PIL import Image, ImageDraw, ImageFilter

from grassroots.accounts.models import User
from grassroots.core.images import store_avatar, store_note_image
from grassroots.notes.models import Note, NoteImage
from grassroots.seed.writer import (
    TableWriter,
    datetime_formatter,
    next_id,
    reset_sequences,
    update_rows,
)

PHOTO_SHARE = 0.4
MAX_PHOTO_NOTES = 1_200
# Photos per note: 1 + min(floor(Exp(rate)), 3), about 1.1 on average (one note in ten has
# 2–4, enough carousels to try). Every photo costs 60–70 ms of CPU, mostly the pipeline's
# three WebP encodes: ~1 330 photos keep the `make run` seed (3 000 notes) near 50 s on two
# idle cores.
PHOTO_EXTRA_RATE = 2.3
MAX_AVATARS = 150
AVATAR_SHARE = 0.5
PARALLEL_FROM = 40  # images; below this a process pool costs more than it saves
SHAPES = ((600, 800), (720, 720), (800, 600), (540, 810), (600, 800), (576, 768))
# Scenes are drawn at half size and enlarged once with bicubic resampling: edges come out
# smooth (anti-aliased) yet sharp, for a quarter of the drawing work. Only the out-of-focus
# light is blurred, on purpose.
DRAW_SCALE = 2

# Background gradients per top category (top colour, bottom colour).
PALETTES: dict[str, Sequence[tuple[tuple[int, int, int], tuple[int, int, int]]]] = {
    "food": (((255, 214, 165), (255, 160, 122)), ((250, 240, 220), (214, 170, 120))),
    "travel": (((135, 206, 250), (255, 228, 196)), ((255, 183, 130), (120, 110, 190))),
    "beauty": (((255, 218, 233), (250, 170, 200)), ((245, 230, 255), (200, 170, 240))),
    "home": (((240, 234, 220), (200, 190, 170)), ((225, 240, 230), (160, 200, 180))),
    "pets": (((255, 240, 210), (240, 200, 150)), ((220, 235, 255), (170, 190, 230))),
    "tech": (((60, 70, 90), (20, 24, 32)), ((220, 225, 235), (150, 160, 180))),
}
DEFAULT_PALETTES = (
    ((255, 236, 210), (252, 182, 159)),
    ((224, 195, 252), (142, 197, 252)),
    ((212, 252, 121), (150, 230, 161)),
    ((253, 219, 146), (209, 253, 255)),
    ((255, 154, 158), (254, 207, 239)),
)

RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _paint(
    image: Image.Image,
    colour: RGB,
    shape: Callable[[ImageDraw.ImageDraw], None],
    *,
    soften: float = 1.1,
) -> Image.Image:
    """`colour` laid over `image` through a mask drawn by `shape`. The mask's slight blur
    stands in for anti-aliasing, which PIL's drawing lacks (larger for soft shadows)."""
    mask = Image.new("L", image.size, 0)
    shape(ImageDraw.Draw(mask))
    mask = mask.filter(ImageFilter.GaussianBlur(soften))
    return Image.composite(Image.new("RGB", image.size, colour), image, mask)


def _hill(
    size: tuple[int, int], base: float, amplitude: float, rng: random.Random
) -> list[tuple[float, float]]:
    """Outline of a smooth rolling horizon: two sine waves sampled every 1/48 of the width."""
    width, height = size
    phase, phase2 = rng.random() * 6.3, rng.random() * 6.3
    waves = 1.2 + rng.random() * 1.5
    points = [(0.0, float(height))]
    for step in range(49):
        t = step / 48
        wave = math.sin(t * waves * math.pi + phase) + 0.35 * math.sin(t * waves * 9.7 + phase2)
        points.append((width * t, height * (base + amplitude * wave)))
    points.append((float(width), float(height)))
    return points


def synthetic_photo(seed: int, *, top: str = "", size: tuple[int, int] | None = None) -> bytes:
    """A pleasant abstract 'photo' (JPEG bytes): sky gradient, soft light, two layers of
    hills and a still-life object (a jar, a ball or books) with its shadow."""
    rng = random.Random(seed)
    full_width, full_height = size or SHAPES[int(rng.random() * len(SHAPES))]
    width, height = full_width // DRAW_SCALE, full_height // DRAW_SCALE
    palettes = PALETTES.get(top, DEFAULT_PALETTES)
    sky_top, sky_bottom = palettes[int(rng.random() * len(palettes))]
    # A 256-step vertical ramp stretched to size: smooth at any height, no banding to blur.
    ramp = Image.linear_gradient("L").resize((1, height), Image.Resampling.BILINEAR)
    ramp = ramp.resize((width, height), Image.Resampling.NEAREST)
    image = Image.composite(
        Image.new("RGB", (width, height), sky_bottom),
        Image.new("RGB", (width, height), sky_top),
        ramp,
    )

    # Out-of-focus light (bokeh and a low sun): drawn small, blurred, enlarged.
    small = (max(width // 2, 1), max(height // 2, 1))
    glow = Image.new("L", small, 0)
    draw = ImageDraw.Draw(glow)
    for _ in range(4 + int(rng.random() * 6)):
        radius = min(small) * (0.04 + rng.random() * 0.14)
        x, y = rng.random() * small[0], rng.random() * small[1] * 0.6
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=40 + int(rng.random() * 70)
        )
    sun_x, sun_y = small[0] * (0.2 + rng.random() * 0.6), small[1] * (0.25 + rng.random() * 0.2)
    sun = min(small) * 0.1
    draw.ellipse((sun_x - sun, sun_y - sun, sun_x + sun, sun_y + sun), fill=190)
    glow = glow.filter(ImageFilter.GaussianBlur(2)).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    image = Image.composite(Image.new("RGB", (width, height), (255, 252, 245)), image, glow)

    # Sharp shapes: far hills, near hills, an object standing on them with a soft shadow.
    ink = _mix(sky_bottom, (30, 30, 40), 0.55)
    horizon = 0.58 + rng.random() * 0.2
    size2 = (width, height)
    far, near = _hill(size2, horizon - 0.06, 0.03, rng), _hill(size2, horizon, 0.025, rng)
    image = _paint(image, _mix(sky_bottom, ink, 0.35), lambda d: d.polygon(far, fill=255))
    image = _paint(image, _mix(sky_bottom, ink, 0.7), lambda d: d.polygon(near, fill=255))
    side = min(width, height) * (0.12 + rng.random() * 0.08)
    cx, base = width * (0.3 + rng.random() * 0.4), height * (horizon + 0.08)
    shadow_box = (cx - side * 1.2, base - side * 0.14, cx + side * 1.6, base + side * 0.14)
    image = _paint(
        image, (24, 22, 30), lambda d: d.ellipse(shadow_box, fill=110), soften=side * 0.08
    )
    light, accent = (250, 250, 248), _mix(sky_top, ink, 0.5)
    kind = int(rng.random() * 3)
    if kind == 0:  # a jar with a label
        jar = (cx - side, base - side * 1.8, cx + side, base)
        band = (cx - side, base - side * 1.15, cx + side, base - side * 0.85)
        image = _paint(
            image, light, lambda d: d.rounded_rectangle(jar, radius=side * 0.3, fill=255)
        )
        image = _paint(image, accent, lambda d: d.rectangle(band, fill=255))
    elif kind == 1:  # a ball with a highlight
        ball = (cx - side, base - side * 2, cx + side, base)
        shine = (cx - side * 0.55, base - side * 1.6, cx - side * 0.15, base - side * 1.2)
        image = _paint(image, _mix(light, accent, 0.6), lambda d: d.ellipse(ball, fill=255))
        image = _paint(image, light, lambda d: d.ellipse(shine, fill=200))
    else:  # two stacked books
        lower = (cx - side * 1.2, base - side * 0.6, cx + side * 1.2, base)
        upper = (cx - side, base - side * 1.1, cx + side * 1.05, base - side * 0.6)
        image = _paint(
            image, accent, lambda d: d.rounded_rectangle(lower, radius=side * 0.08, fill=255)
        )
        image = _paint(
            image, light, lambda d: d.rounded_rectangle(upper, radius=side * 0.08, fill=255)
        )

    image = image.resize((full_width, full_height), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _store_note_photo(job: tuple[int, int, str, int]) -> tuple[int, int, Any]:
    note_id, position, top, photo_seed = job
    stored = store_note_image(synthetic_photo(photo_seed, top=top), note_id=note_id)
    return note_id, position, stored


def _store_avatar(job: tuple[int, int]) -> tuple[int, str]:
    user_id, photo_seed = job
    square = synthetic_photo(photo_seed, size=(400, 400))
    return user_id, store_avatar(square, user_id=user_id)


def _run(function: Any, jobs: list[Any]) -> list[Any]:
    if len(jobs) < PARALLEL_FROM:
        return [function(job) for job in jobs]
    # Workers only encode and write files; the database stays in this process.
    connection.close()
    workers = max(2, min(os.cpu_count() or 2, 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(function, jobs, chunksize=8))


def add_photos(*, seed: int) -> dict[str, float]:
    """Give a share of the (already seeded) notes 1–4 photos and some users an avatar."""
    started = time.perf_counter()
    rng = random.Random(seed + 7)
    # Photos are for small demo seeds: look at the first notes only, whatever the corpus size.
    notes = list(
        Note.objects.order_by("id").values_list("id", "title", "top_category__slug")[:5_000]
    )
    chosen = [note for note in notes if rng.random() < PHOTO_SHARE][:MAX_PHOTO_NOTES]
    jobs: list[tuple[int, int, str, int]] = []
    titles: dict[int, str] = {}
    for note_id, title, top in chosen:
        titles[note_id] = title
        count = 1 + min(int(rng.expovariate(PHOTO_EXTRA_RATE)), 3)
        for position in range(count):
            jobs.append((note_id, position, top or "", seed * 1_000_003 + note_id * 31 + position))
    users = list(User.objects.order_by("id").values_list("id", flat=True)[:5_000])
    avatar_jobs = [
        (user_id, seed * 7_919 + user_id) for user_id in users if rng.random() < AVATAR_SHARE
    ][:MAX_AVATARS]
    stored = sorted(_run(_store_note_photo, jobs), key=lambda item: (item[0], item[1]))
    avatars = _run(_store_avatar, avatar_jobs)
    writer = TableWriter(
        NoteImage,
        [
            "id",
            "note_id",
            "position",
            "width",
            "height",
            "large",
            "medium",
            "thumb",
            "alt_text",
            "created_at",
        ],
    )
    now = datetime_formatter()(int(time.time()))
    image_id = next_id(NoteImage)
    covers: dict[int, tuple[int, int, int]] = {}
    for note_id, position, image in stored:
        alt = f"{titles[note_id]} ({position + 1})"[:200]
        writer.add(
            (
                image_id,
                note_id,
                position,
                image.width,
                image.height,
                image.large,
                image.medium,
                image.thumb,
                alt,
                now,
            )
        )
        image_id += 1
        count, width, height = covers.get(note_id, (0, image.width, image.height))
        covers[note_id] = (count + 1, width, height)
    with transaction.atomic():
        writer.flush()
        update_rows(
            Note,
            ["image_count", "cover_width", "cover_height"],
            ((count, w, h, note_id) for note_id, (count, w, h) in sorted(covers.items())),
        )
        update_rows(User, ["avatar"], ((path, user_id) for user_id, path in sorted(avatars)))
        reset_sequences([NoteImage])
    return {
        "notes_with_photos": len(covers),
        "photos": len(stored),
        "avatars": len(avatars),
        "seconds": round(time.perf_counter() - started, 1),
    }
