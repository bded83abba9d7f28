"""Template helpers for showing members."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()

AVATAR_TONES = 8  # .avatar-tone-0 … .avatar-tone-7 in accounts.css


@register.filter
def avatar_tone(person: Any) -> int:
    """A stable colour class index for a letter avatar, from the member's id."""
    try:
        return int(getattr(person, "pk", 0) or 0) % AVATAR_TONES
    except (TypeError, ValueError):
        return 0


def avatar_version_of(path: str) -> str:
    """A short cache-busting token: the stored file's random name, new with every upload."""
    return str(path or "").rsplit("/", 1)[-1].split(".", 1)[0][-16:]


@register.filter
def avatar_version(person: Any) -> str:
    return avatar_version_of(str(getattr(person, "avatar", "") or ""))


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@register.filter
def compact_count(value: Any) -> str:
    """12345 → "1.2万" in Chinese, "12.3k" in English; small numbers unchanged."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "0"
    if (get_language() or "").startswith("zh"):
        if number >= 100_000_000:
            return _one_decimal(number / 100_000_000) + "亿"
        if number >= 10_000:
            return _one_decimal(number / 10_000) + "万"
        return str(number)
    if number >= 1_000_000:
        return _one_decimal(number / 1_000_000) + "M"
    if number >= 10_000:
        return _one_decimal(number / 1_000) + "k"
    return str(number)
