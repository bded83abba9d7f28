"""Template helpers for notes: the body with #topics and @mentions linked, the topics not
already in it, image alt texts."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from grassroots.notes.queries import HASHTAG_RE, MENTION_RE, is_valid_topic, normalize_topic

register = template.Library()

_LINKABLE = re.compile(f"(?:{HASHTAG_RE.pattern})|(?:{MENTION_RE.pattern})")


def _topic_link(raw: str, name: str) -> str:
    try:
        url = reverse("feed:topic", args=[name])
    except NoReverseMatch:
        return escape(raw)
    return format_html('<a class="topic-link" href="{}">{}</a>', url, raw)


def _mention_link(raw: str, username: str) -> str:
    url = reverse("accounts:profile", args=[username])
    return format_html('<a class="mention" href="{}">{}</a>', url, raw)


@register.simple_tag
def note_body_html(body: str, mentioned: Collection[str] = ()) -> SafeString:
    """The body as HTML: every character escaped, then #topics and @mentions made links.

    Only users in `mentioned` (lower-case usernames that exist) become links; other @words
    stay text. Line breaks are kept by CSS (white-space: pre-wrap).
    """
    text = body or ""
    known = {name.lower() for name in mentioned}
    parts: list[str] = []
    position = 0
    for match in _LINKABLE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        raw = match.group(0)
        topic, username = match.group(1), match.group(2)
        if topic is not None:
            name = normalize_topic(topic)
            parts.append(_topic_link(raw, name) if is_valid_topic(name) else escape(raw))
        elif username is not None and username.lower() in known:
            parts.append(_mention_link(raw, username))
        else:
            parts.append(escape(raw))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped or format_html


@register.filter
def untagged_topics(topics: Iterable[Any], body: str) -> list[Any]:
    """The topics not already linked as #tags in the body: the row under the body shows only
    these (a topic from the topics field, or one written with a full-width ＃)."""
    matches = _LINKABLE.finditer(body or "")
    tagged = {normalize_topic(match.group(1)) for match in matches if match.group(1)}
    return [topic for topic in topics if topic.name not in tagged]


@register.simple_tag
def image_alt(image: Any, number: int, note: Any) -> str:
    """An image's own description, or "Image N of <title>"."""
    if getattr(image, "alt_text", ""):
        return str(image.alt_text)
    title = note.title or _("this note")
    return _("Image %(n)d of %(title)s") % {"n": number, "title": title}
