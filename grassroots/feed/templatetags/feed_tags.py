"""Template helpers for cards and infinite scroll."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.translation import get_language, gettext

register = template.Library()

ALT_CHARS = 30
_SPACES = re.compile(r"\s+")


@register.filter
def card_alt(note: Any) -> str:
    """Alt text of a card cover: the title, else the first words of the body.

    Uses the `card_excerpt` annotation of feed.queries.with_card_fields when present, so a
    card never loads the whole body (and never triggers a query for a deferred body).
    """
    if note.title:
        return str(note.title)
    excerpt = getattr(note, "card_excerpt", None)
    if excerpt is None and "body" not in note.get_deferred_fields():
        excerpt = note.body
    excerpt = _SPACES.sub(" ", excerpt or "").strip()
    if excerpt:
        return excerpt if len(excerpt) <= ALT_CHARS else excerpt[:ALT_CHARS].rstrip() + "…"
    return gettext("Note cover")


@register.filter
def compact_count(value: Any) -> str:
    """12345 → "1.2万" in Chinese, "12.3k" in English; small numbers unchanged."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    if (get_language() or "").startswith("zh"):
        if number < 10_000:
            return str(number)
        return _trim(number / 10_000) + "万"
    if number < 1_000:
        return str(number)
    if number < 1_000_000:
        return _trim(number / 1_000) + "k"
    return _trim(number / 1_000_000) + "M"


def _trim(amount: float) -> str:
    # One decimal place, none when it is zero: 1.0万 reads as 1万.
    text = f"{int(amount * 10) / 10:.1f}"
    return text[:-2] if text.endswith(".0") else text


@register.simple_tag(takes_context=True)
def next_page_url(context: template.Context, cursor: str) -> str:
    """The current URL with `cursor` replaced: what the sentinel fetches next."""
    request = context.get("request")
    if request is None:
        return "?" + urlencode({"cursor": cursor})
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"{request.path}?{params.urlencode()}"
