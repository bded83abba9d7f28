"""Generated photos for a small demo seed: soft gradients and shapes, several aspect ratios.

They go through the real image pipeline (grassroots.core.images), so the demo exercises the
same sizes and storage paths as uploads. Only for small seeds: a few hundred notes.
"""

from __future__ import annotations

import io
import math
import random
import time
from collections.abc import Sequence
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

PHOTO_SHARE = 0.3
MAX_PHOTO_NOTES = 260
MAX_AVATARS = 150
AVATAR_SHARE = 0.5
PARALLEL_FROM = 40  # images; below this a process pool costs more than it saves
SHAPES = ((600, 800), (720, 720), (800, 600), (540, 810), (600, 800), (576, 768))
DRAW_SCALE = 4  # shapes are drawn at 1/4 size, blurred and scaled up: soft and cheap

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


def synthetic_photo(seed: int, *, top: str = "", size: tuple[int, int] | None = None) -> bytes:
    """A pleasant abstract 'photo' (JPEG bytes): gradient, soft light blobs, a horizon."""
    rng = random.Random(seed)
    full_width, full_height = size or SHAPES[int(rng.random() * len(SHAPES))]
    width, height = full_width // DRAW_SCALE, full_height // DRAW_SCALE
    palettes = PALETTES.get(top, DEFAULT_PALETTES)
    (r1, g1, b1), (r2, g2, b2) = palettes[int(rng.random() * len(palettes))]
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), (r2, g2, b2)),
        Image.new("RGB", (width, height), (r1, g1, b1)),
        gradient,
    )
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(4 + int(rng.random() * 6)):  # bokeh
        radius = int(min(width, height) * (0.05 + rng.random() * 0.18))
        x, y = int(rng.random() * width), int(rng.random() * height * 0.7)
        tint = (255, 255, 255, 40 + int(rng.random() * 70))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
    horizon = int(height * (0.55 + rng.random() * 0.25))
    shade = (max(r2 - 60, 0), max(g2 - 60, 0), max(b2 - 60, 0), 150)
    points = [(0, height)]
    for step in range(9):
        x = int(width * step / 8)
        wave = math.sin(step * 0.9 + rng.random()) * height * 0.04
        points.append((x, int(horizon + wave)))
    points.append((width, height))
    draw.polygon(points, fill=shade)
    subject = int(min(width, height) * (0.12 + rng.random() * 0.1))
    cx, cy = int(width * (0.3 + rng.random() * 0.4)), horizon - subject // 2
    draw.rounded_rectangle(
        (cx - subject, cy - subject, cx + subject, cy + subject),
        radius=subject // 3,
        fill=(255, 255, 255, 200),
    )
    image = Image.alpha_composite(
        image.convert("RGBA"), overlay.filter(ImageFilter.GaussianBlur(3))
    )
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
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
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
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
        count = 1 + min(int(rng.expovariate(0.9)), 3)
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
