"""Reads for the feeds: discover (hot), channels, following, topics and profile note lists.

Every list is a keyset page over an index (see Note.Meta.indexes), so a deep page costs what
the first page costs: (hot_score, id) for discover and channels, (published_at, id) for
latest-first lists. Visibility: other people only ever see `is_listed` notes (published,
public, not deleted, not hidden); an author sees their own drafts and "only me" notes on
their own profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grassroots.accounts.models import Follow, User
from grassroots.core.errors import DomainError, NotFound
from grassroots.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from grassroots.notes.models import LISTED, Category, Note, Topic

# What a card shows (feed/partials/_card.html) plus the keyset columns; the rest stays deferred.
CARD_FIELDS = (
    "id",
    "title",
    "author_id",
    "status",
    "visibility",
    "image_count",
    "cover_width",
    "cover_height",
    "like_count",
    "hot_score",
    "published_at",
    "created_at",
    "updated_at",
    "author__id",
    "author__username",
    "author__display_name",
    "author__avatar",
)
CARD_EXCERPT_CHARS = 60
SORTS = ("hot", "latest")


Prepare = Callable[[QuerySet[Note]], QuerySet[Note]]


def with_card_fields(notes: QuerySet[Note]) -> QuerySet[Note]:
    """Only what a card renders: author joined, body replaced by a short excerpt for alt text."""
    return (
        notes.select_related("author")
        .only(*CARD_FIELDS)
        .annotate(card_excerpt=Substr("body", 1, CARD_EXCERPT_CHARS))
    )


# --- channels (the category taxonomy, cached: it changes only with a migration) -------------


@dataclass(frozen=True)
class Channel:
    id: int
    slug: str
    name_zh: str
    name_en: str
    parent_id: int | None

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def is_top(self) -> bool:
        return self.parent_id is None


@dataclass(frozen=True)
class Taxonomy:
    tops: list[Channel]
    by_slug: dict[str, Channel] = field(default_factory=dict)
    children: dict[int, list[Channel]] = field(default_factory=dict)
    by_id: dict[int, Channel] = field(default_factory=dict)

    def top_of(self, channel: Channel) -> Channel:
        return channel if channel.parent_id is None else self.by_id[channel.parent_id]


TAXONOMY_CACHE_KEY = "feed:taxonomy:v1"
TAXONOMY_CACHE_SECONDS = 60 * 60


def channel_taxonomy() -> Taxonomy:
    """The two-level category tree for channel bars and filters; one query per cache hour."""
    cached = cache.get(TAXONOMY_CACHE_KEY)
    if isinstance(cached, Taxonomy):
        return cached
    rows = Category.objects.order_by("position", "id").values_list(
        "id", "slug", "name_zh", "name_en", "parent_id"
    )
    channels = [Channel(*row) for row in rows]
    tops = [channel for channel in channels if channel.parent_id is None]
    children: dict[int, list[Channel]] = {top.id: [] for top in tops}
    for channel in channels:
        if channel.parent_id is not None and channel.parent_id in children:
            children[channel.parent_id].append(channel)
    taxonomy = Taxonomy(
        tops=tops,
        by_slug={channel.slug: channel for channel in channels},
        children=children,
        by_id={channel.id: channel for channel in channels},
    )
    cache.set(TAXONOMY_CACHE_KEY, taxonomy, TAXONOMY_CACHE_SECONDS)
    return taxonomy


def channel_by_slug(slug: str) -> Channel:
    """A top or sub category by slug, or NotFound."""
    channel = channel_taxonomy().by_slug.get(slug or "")
    if channel is None:
        raise NotFound(_("This category does not exist."), code="unknown_category")
    return channel


# --- keysets --------------------------------------------------------------------------------


def _bad_cursor() -> DomainError:
    return DomainError("bad_cursor", _("The page cursor is not valid."))


def _hot_after(cursor: str | None) -> Q:
    values = decode_cursor(cursor, 2)
    if values is None:
        return Q()
    score, last_id = values
    if not isinstance(score, int | float) or not isinstance(last_id, int):
        raise _bad_cursor()
    # `hot_score <= s` is the index range; the OR only breaks ties inside it.
    return Q(hot_score__lte=score) & (Q(hot_score__lt=score) | Q(id__lt=last_id))


def _hot_key(note: Note) -> list[Any]:
    return [note.hot_score, note.pk]


def _time_after(cursor: str | None, column: str) -> Q:
    values = decode_cursor(cursor, 2)
    if values is None:
        return Q()
    moment_raw, last_id = values
    if not isinstance(moment_raw, str) or not isinstance(last_id, int):
        raise _bad_cursor()
    try:
        moment = datetime.fromisoformat(moment_raw)
    except ValueError as exc:
        raise _bad_cursor() from exc
    if moment.tzinfo is None:
        raise _bad_cursor()
    return Q(**{f"{column}__lte": moment}) & (Q(**{f"{column}__lt": moment}) | Q(id__lt=last_id))


def _published_key(note: Note) -> list[Any]:
    # Listed notes are published, so published_at is set; created_at only guards bad rows.
    return [(note.published_at or note.created_at).isoformat(), note.pk]


def _page(notes: QuerySet[Note], *, limit: int, key: Callable[[Note], list[Any]]) -> Page[Note]:
    rows = list(notes[: limit + 1])
    next_cursor = encode_cursor(key(rows[limit - 1])) if len(rows) > limit else None
    return Page(items=rows[:limit], next_cursor=next_cursor)


def _check_sort(sort: str) -> str:
    if sort not in SORTS:
        raise DomainError("bad_sort", _("sort must be “hot” or “latest”."), field="sort")
    return sort


# --- feeds ----------------------------------------------------------------------------------


def discover_page(
    *,
    viewer: Any,
    category: str | None = None,
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare = with_card_fields,
) -> Page[Note]:
    """Listed notes by (-hot_score, -id), optionally in a top or sub category (by slug).

    Uses note_discover_idx, note_channel_idx (top category) or note_subchannel_idx (sub
    category): an index range scan, never a sort. `viewer` is accepted for the personal feed
    to come; the ranking is the same for everyone today. `prepare` shapes the rows (card
    fields by default; the API passes the full note relations).
    """
    size = clamp_limit(limit)
    notes = discover_queryset(category=category, cursor=cursor)
    return _page(prepare(notes), limit=size, key=_hot_key)


def discover_queryset(*, category: str | None = None, cursor: str | None = None) -> QuerySet[Note]:
    """The ordered, filtered rows behind discover_page (exposed for EXPLAIN checks)."""
    notes = Note.objects.filter(LISTED)
    if category:
        channel = channel_by_slug(category)
        if channel.is_top:
            notes = notes.filter(top_category_id=channel.id)
        else:
            notes = notes.filter(category_id=channel.id)
    return notes.filter(_hot_after(cursor)).order_by("-hot_score", "-id")


def following_page(
    *,
    viewer: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare = with_card_fields,
) -> Page[Note]:
    """Listed notes of the people `viewer` follows, newest first.

    `extra["follows_anyone"]` tells an empty first page "follow someone" from "nothing yet".
    """
    size = clamp_limit(limit)
    if viewer is None or not viewer.is_authenticated:
        return Page(items=[], extra={"follows_anyone": False})
    followees = Follow.objects.filter(follower_id=viewer.pk).values("followee_id")
    notes = (
        Note.objects.filter(LISTED, author_id__in=followees)
        .filter(_time_after(cursor, "published_at"))
        .order_by("-published_at", "-id")
    )
    page = _page(prepare(notes), limit=size, key=_published_key)
    if not page.items and not cursor:
        page.extra["follows_anyone"] = Follow.objects.filter(follower_id=viewer.pk).exists()
    else:
        page.extra["follows_anyone"] = True
    return page


def topic_notes_page(
    *,
    topic: Topic,
    viewer: Any,
    sort: str = "hot",
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare = with_card_fields,
) -> Page[Note]:
    """Listed notes tagged with `topic`, hottest (default) or newest first."""
    size = clamp_limit(limit)
    _check_sort(sort)
    notes = Note.objects.filter(LISTED, notetopic__topic=topic)
    if sort == "hot":
        notes = notes.filter(_hot_after(cursor)).order_by("-hot_score", "-id")
        return _page(prepare(notes), limit=size, key=_hot_key)
    notes = notes.filter(_time_after(cursor, "published_at")).order_by("-published_at", "-id")
    return _page(prepare(notes), limit=size, key=_published_key)


def profile_notes_page(
    *,
    author: User,
    viewer: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare = with_card_fields,
) -> Page[Note]:
    """A member's notes, newest first.

    Others see listed notes only (note_author_idx). The author also sees their drafts and
    "only me" notes, ordered by publication time or, for drafts, creation time; deleted and
    hidden notes stay out (deleted ones are recovered by staff, hidden ones by moderation).
    """
    size = clamp_limit(limit)
    is_owner = viewer is not None and viewer.is_authenticated and viewer.pk == author.pk
    notes = profile_notes_queryset(author=author, own=is_owner, cursor=cursor)
    return _page(prepare(notes), limit=size, key=_shown_key if is_owner else _published_key)


def profile_notes_queryset(*, author: User, own: bool, cursor: str | None = None) -> QuerySet[Note]:
    """The ordered rows behind profile_notes_page (exposed for EXPLAIN checks)."""
    if not own:
        return (
            Note.objects.filter(LISTED, author_id=author.pk)
            .filter(_time_after(cursor, "published_at"))
            .order_by("-published_at", "-id")
        )
    return (
        Note.objects.filter(author_id=author.pk, deleted_at__isnull=True, hidden_at__isnull=True)
        .alias(shown_at=Coalesce("published_at", "created_at"))
        .filter(_time_after(cursor, "shown_at"))
        .order_by("-shown_at", "-id")
    )


def _shown_key(note: Note) -> list[Any]:
    return [(note.published_at or note.created_at).isoformat(), note.pk]
