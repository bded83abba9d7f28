"""Generated text covers for text-only notes."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from grassroots.core.images import COVER_PALETTE, cover_palette_index, cover_text, render_text_cover
from grassroots.notes.covers import cover_source_text, text_cover_path_for


def _render(title: str, seed: int = 1) -> Image.Image:
    picture = Image.open(io.BytesIO(render_text_cover(title=title, seed=seed, fmt="PNG")))
    picture.load()
    return picture.convert("RGB")


def _ink_pixels(picture: Image.Image, blank: Image.Image) -> int:
    difference = ImageChops.difference(picture, blank).convert("L")
    return sum(difference.histogram()[61:])


def test_cover_is_a_900_by_1200_webp():
    data = render_text_cover(title="周末露营装备清单", seed=3)
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "WEBP"
    assert picture.size == (900, 1200)


def test_chinese_title_is_drawn():
    blank = _render("", seed=5)
    chinese = _render("开了三个月的红酒还能喝吗", seed=5)
    # Thousands of pixels differ from the decoration-only card: the glyphs are there.
    assert _ink_pixels(chinese, blank) > 20_000


def test_english_and_mixed_titles_are_drawn():
    blank = _render("", seed=2)
    assert _ink_pixels(_render("Weekend hike, worth it!", seed=2), blank) > 10_000
    assert _ink_pixels(_render("iPhone 15 续航实测", seed=2), blank) > 10_000


def test_missing_glyphs_are_dropped_not_boxed():
    # Emoji are not in Noto Sans CJK: the card is drawn as if they were not there.
    assert cover_text("好喝😋🍷!") == "好喝 !"
    with_emoji = _render("好喝😋", seed=4)
    without = _render("好喝", seed=4)
    assert _ink_pixels(with_emoji, without) == 0


@pytest.mark.parametrize(
    "title",
    ["😋😋😋", "\u200d\u202e\x00控制字符", "a" * 200, "长" * 300, "line\nbreaks\r\n", " ", "🇨🇳"],
)
def test_odd_titles_never_crash(title):
    picture = _render(title, seed=9)
    assert picture.size == (900, 1200)


def test_palette_is_picked_by_seed_and_stable():
    assert cover_palette_index(42) == cover_palette_index(42)
    assert len({cover_palette_index(seed) for seed in range(200)}) == len(COVER_PALETTE)
    assert render_text_cover(title="同一张", seed=8) == render_text_cover(title="同一张", seed=8)


def test_cover_source_text_prefers_title_then_body_start():
    assert cover_source_text("标题", "正文") == "标题"
    assert cover_source_text("", "\n第一行\n第二行") == "第一行"
    assert len(cover_source_text("", "字" * 100)) == 40


def test_cover_path_changes_with_the_text():
    first = text_cover_path_for(note_id=5, title="a", body="")
    assert first.startswith("covers/5-") and first.endswith(".webp")
    assert first == text_cover_path_for(note_id=5, title="a", body="other body")
    assert first != text_cover_path_for(note_id=5, title="b", body="")
