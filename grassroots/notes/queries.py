"""Reads for notes: visibility, relation loading, topics and mentions parsing, categories.

Visibility in one sentence: everyone sees listed notes (published, public, not deleted, not
hidden); authors also see their own drafts, "only me" and hidden notes; staff also see hidden
and deleted public notes (to moderate and restore them). Nobody else learns that a note
exists: every refusal is the same NotFound as for an id that was never used.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from grassroots.core.errors import NotFound
from grassroots.notes.models import LISTED, Category, Note, NoteImage, NoteMention, Topic

TOPIC_MAX_CHARS = 30
MENTIONS_MAX = 20
CATEGORY_TREE_CACHE_KEY = "notes:category-tree:v1"
CATEGORY_TREE_CACHE_SECONDS = 60 * 60

# A hashtag starts at "#" not glued to a word, URL or HTML entity, and runs until whitespace,
# "@", punctuation or a closing "#" (Xiaohongshu writes both "#红酒 " and "#红酒#"; the closing
# "#" is consumed so "#红酒#好喝" is one tag, not two).
_TOPIC_STOP = r"\s#@,.!?;:()\[\]{}<>\"'/\\|，。！？、；：（）【】《》「」『』“”‘’…·%&=+*^$~`"
HASHTAG_RE = re.compile(rf"(?<![A-Za-z0-9_&/])#([^{_TOPIC_STOP}]{{1,60}})#?")
# An @mention is an ASCII username (accounts allow [A-Za-z0-9_]); "a@b.com" is not a mention.
MENTION_RE = re.compile(r"(?<![A-Za-z0-9_.@])@([A-Za-z0-9_]{1,30})(?![A-Za-z0-9_@])")
_TOPIC_FORBIDDEN = re.compile("[" + _TOPIC_STOP.replace(r"\s", "") + r"\x00-\x1f\x7f]")


# --- parsing ------------------------------------------------------------------------------


def normalize_topic(name: str) -> str:
    """The stored form of a topic: NFKC, lower case, no '#', inner whitespace collapsed."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip().strip("#").strip()
    return " ".join(text.lower().split())


def is_valid_topic(name: str) -> bool:
    """True for a normalised name that can be a topic (length and characters)."""
    return 0 < len(name) <= TOPIC_MAX_CHARS and not _TOPIC_FORBIDDEN.search(name)


def parse_topics(text: str) -> list[str]:
    """Normalised #hashtags in text, first occurrence order, without duplicates.

    Tags longer than TOPIC_MAX_CHARS are not topics and are skipped.
    """
    seen: dict[str, None] = {}
    for match in HASHTAG_RE.finditer(unicodedata.normalize("NFKC", text or "")):
        name = normalize_topic(match.group(1))
        if is_valid_topic(name):
            seen.setdefault(name, None)
    return list(seen)


def parse_mentions(text: str) -> list[str]:
    """@usernames in text, first occurrence order, case-insensitively unique, at most 20."""
    found: dict[str, str] = {}
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1)
        found.setdefault(name.lower(), name)
        if len(found) >= MENTIONS_MAX:
            break
    return list(found.values())


# --- visibility -----------------------------------------------------------------------------


def _authenticated(viewer: Any) -> bool:
    return bool(viewer is not None and getattr(viewer, "is_authenticated", False))


def note_visible_to(note: Note, viewer: Any) -> bool:
    """Whether viewer may open this note (page, API, image and cover URLs)."""
    if note.is_listed:
        return True
    if not _authenticated(viewer):
        return False
    if note.author_id == viewer.pk:
        return note.deleted_at is None
    if viewer.is_staff:
        # Moderators see removed public notes (to review and restore), never private drafts.
        return note.status == Note.Status.PUBLISHED and note.visibility == Note.Visibility.PUBLIC
    return False


def _not_found() -> NotFound:
    return NotFound(_("This note does not exist or is not available."))


def visible_notes(viewer: Any) -> QuerySet[Note]:
    """Notes the viewer may list: listed ones, plus the viewer's own not-deleted notes."""
    if not _authenticated(viewer):
        return Note.objects.filter(LISTED)
    return Note.objects.filter(LISTED | Q(author_id=viewer.pk, deleted_at__isnull=True))


def with_card_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    """What a card needs besides the note: its author."""
    return notes.select_related("author")


def with_detail_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    """What the detail page and NoteOut need: author, category with parent, images, topics."""
    return notes.select_related("author", "category__parent").prefetch_related(
        Prefetch("images", queryset=NoteImage.objects.order_by("position")),
        Prefetch("topics", queryset=Topic.objects.order_by("notetopic__position")),
    )


def note_for_viewer(*, note_id: int, viewer: Any, detail: bool = True) -> Note:
    """The note if the viewer may see it, with detail relations loaded; NotFound otherwise."""
    qs = Note.objects.all()
    if detail:
        qs = with_detail_relations(qs)
    note = qs.filter(pk=note_id).first()
    if note is None or not note_visible_to(note, viewer):
        raise _not_found()
    return note


def note_for_editor(*, note_id: int, user: Any) -> Note:
    """One of the user's own not-deleted notes, with detail relations; NotFound otherwise."""
    if not _authenticated(user):
        raise _not_found()
    note = (
        with_detail_relations(Note.objects.filter(author_id=user.pk, deleted_at__isnull=True))
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        raise _not_found()
    return note


def note_for_staff(*, note_id: int, user: Any) -> Note:
    """Any note, for staff (restore); NotFound for everyone else and unknown ids."""
    if not (_authenticated(user) and user.is_staff):
        raise _not_found()
    note = with_detail_relations(Note.objects.all()).filter(pk=note_id).first()
    if note is None:
        raise _not_found()
    return note


def image_for_viewer(*, image_id: int, viewer: Any) -> NoteImage:
    """A note image whose note the viewer may see; NotFound otherwise (one query)."""
    image = NoteImage.objects.select_related("note").filter(pk=image_id).first()
    if image is None or not note_visible_to(image.note, viewer):
        raise NotFound(_("This image does not exist or is not available."))
    return image


def mentioned_usernames(*, note: Note) -> set[str]:
    """Lower-case usernames of the users this note mentions (and who exist); one query."""
    return {
        name.lower()
        for name in NoteMention.objects.filter(note_id=note.pk).values_list(
            "user__username", flat=True
        )
    }


def drafts_for(*, user: Any) -> QuerySet[Note]:
    """The user's drafts, last edited first."""
    return with_detail_relations(
        Note.objects.filter(author_id=user.pk, status=Note.Status.DRAFT, deleted_at__isnull=True)
    ).order_by("-updated_at", "-id")


# --- topics and categories ----------------------------------------------------------------


def topic_by_name(name: str) -> Topic:
    """The topic with this name (any case, with or without '#'); NotFound otherwise."""
    normalized = normalize_topic(name)
    topic = Topic.objects.filter(name=normalized).first() if is_valid_topic(normalized) else None
    if topic is None:
        raise NotFound(_("This topic does not exist."), code="unknown_topic")
    return topic


def category_by_slug(slug: str) -> Category:
    """A top or sub category with its parent loaded; NotFound otherwise."""
    category = Category.objects.select_related("parent").filter(slug=str(slug or "")).first()
    if category is None:
        raise NotFound(_("This category does not exist."), code="unknown_category")
    return category


def category_tree() -> list[dict[str, Any]]:
    """Top categories with their sub-categories, as plain data (cached; changes by migration).

    [{"slug", "name_zh", "name_en", "children": [{"slug", "name_zh", "name_en"}, …]}, …]
    """
    cached = cache.get(CATEGORY_TREE_CACHE_KEY)
    if isinstance(cached, list):
        return cached
    rows = list(
        Category.objects.order_by("position", "id").values(
            "id", "slug", "name_zh", "name_en", "parent_id"
        )
    )
    tops: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["parent_id"] is None:
            tops[row["id"]] = {
                "slug": row["slug"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "children": [],
            }
    for row in rows:
        parent = tops.get(row["parent_id"]) if row["parent_id"] is not None else None
        if parent is not None:
            parent["children"].append(
                {"slug": row["slug"], "name_zh": row["name_zh"], "name_en": row["name_en"]}
            )
    tree = list(tops.values())
    cache.set(CATEGORY_TREE_CACHE_KEY, tree, CATEGORY_TREE_CACHE_SECONDS)
    return tree
