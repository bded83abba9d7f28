"""Input cleaning for notes: limits, normalisation and the errors bad input gets.

Every function returns the value to store or raises ValidationFailed naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from grassroots.core.errors import ValidationFailed
from grassroots.notes.models import Category, Note
from grassroots.notes.queries import TOPIC_MAX_CHARS, is_valid_topic, normalize_topic, parse_topics

TITLE_MAX_CHARS = 20
BODY_MAX_CHARS = 1000
IMAGES_MAX = 18
TOPICS_MAX = 10
ALT_TEXT_MAX_CHARS = 200
PLACE_NAME_MAX_CHARS = 60
PLACE_CITY_MAX_CHARS = 30
EXTERNAL_ID_MAX_CHARS = 64

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_title(value: str) -> str:
    text = _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", str(value or "")))
    text = " ".join(text.split())
    if len(text) > TITLE_MAX_CHARS:
        raise ValidationFailed(
            "title_too_long",
            _("A title has at most %(max)d characters.") % {"max": TITLE_MAX_CHARS},
            field="title",
        )
    return text


def clean_body(value: str) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > BODY_MAX_CHARS:
        raise ValidationFailed(
            "body_too_long",
            _("The text has at most %(max)d characters.") % {"max": BODY_MAX_CHARS},
            field="body",
        )
    return text


def clean_line(value: str, *, field: str, max_chars: int) -> str:
    text = _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", str(value or "")))
    text = " ".join(text.split())
    if len(text) > max_chars:
        raise ValidationFailed(
            "too_long", _("At most %(max)d characters.") % {"max": max_chars}, field=field
        )
    return text


def clean_choice(value: str, choices: Any, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationFailed("bad_choice", _("Choose one of the options."), field=field)
    return str(value)


def clean_topics(explicit: Iterable[str] | None, body: str) -> list[str]:
    """Explicit topics first, then #hashtags of the body; normalised, unique, at most 10."""
    names: dict[str, None] = {}
    for raw in explicit or ():
        name = normalize_topic(raw)
        if not name:
            continue
        if not is_valid_topic(name):
            raise ValidationFailed(
                "bad_topic",
                _("Topics have 1–%(max)d characters and no punctuation: %(name)s")
                % {"max": TOPIC_MAX_CHARS, "name": name[:40]},
                field="topics",
            )
        names.setdefault(name, None)
    for name in parse_topics(body):
        names.setdefault(name, None)
    if len(names) > TOPICS_MAX:
        raise ValidationFailed(
            "too_many_topics",
            _("A note has at most %(max)d topics.") % {"max": TOPICS_MAX},
            field="topics",
        )
    return list(names)


def clean_category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.select_related("parent").filter(slug=str(slug)).first()
    if category is None:
        raise ValidationFailed(
            "unknown_category", _("Choose a category from the list."), field="category"
        )
    return category


def clean_alt_texts(alt_texts: Sequence[str], count: int) -> list[str]:
    if len(alt_texts) > count:
        raise ValidationFailed(
            "bad_alt_texts", _("There are more image descriptions than images."), field="alt_texts"
        )
    cleaned = [
        clean_line(text, field="alt_texts", max_chars=ALT_TEXT_MAX_CHARS) for text in alt_texts
    ]
    return cleaned + [""] * (count - len(cleaned))


def check_image_count(count: int) -> None:
    if count > IMAGES_MAX:
        raise ValidationFailed(
            "too_many_images",
            _("A note has at most %(max)d images.") % {"max": IMAGES_MAX},
            field="images",
        )


def check_has_content(*, title: str, body: str, image_count: int, status: str) -> None:
    if status == Note.Status.PUBLISHED and not (title or body):
        raise ValidationFailed(
            "note_empty", _("Write a title or some text before publishing."), field="title"
        )
    if not (title or body or image_count):
        raise ValidationFailed("note_empty", _("Add a title, text or a picture."), field="title")
