"""Reads for engagement: viewer states, comment threads, boards, likes, notifications.

Every list is keyset-paged (`core.pagination` cursors) and fetched with a fixed number of
queries whatever the page size: relations are select_related, first replies come from one
window-function prefetch, per-viewer states from one IN query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from grassroots.core.errors import DomainError, NotFound
from grassroots.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
    Notification,
    TopicFollow,
)
from grassroots.notes.models import Note, Topic
from grassroots.notes.queries import note_for_viewer, visible_notes, with_card_relations

FIRST_REPLIES = 2
COMMENT_SORTS = ("time", "hot")
BOARD_PREVIEW_NOTES = 3
NOTIFICATION_GROUPS: dict[str, tuple[str, ...]] = {
    "likes": (
        Notification.Kind.LIKE,
        Notification.Kind.COLLECT,
        Notification.Kind.COMMENT_LIKE,
    ),
    "comments": (
        Notification.Kind.COMMENT,
        Notification.Kind.REPLY,
        Notification.Kind.MENTION,
        Notification.Kind.IDEA_ADOPTED,
    ),
    "follows": (Notification.Kind.FOLLOW,),
}
VISIBLE_COMMENT = Q(deleted_at__isnull=True, hidden_at__isnull=True)


def _authenticated(viewer: Any) -> bool:
    return bool(viewer is not None and getattr(viewer, "is_authenticated", False))


def _parse_time(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError("bad_cursor", "The page cursor is not valid.") from exc


def _after_desc(time_field: str, id_field: str, cursor: str | None) -> Q:
    """Keyset condition for rows after the cursor in (time DESC, id DESC) order."""
    values = decode_cursor(cursor, 2)
    if values is None:
        return Q()
    moment, row_id = _parse_time(values[0]), values[1]
    return Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, f"{id_field}__lt": row_id})


def _after_asc(cursor: str | None) -> Q:
    """Keyset condition for comments after the cursor in (created_at, id) order."""
    values = decode_cursor(cursor, 2)
    if values is None:
        return Q()
    moment, row_id = _parse_time(values[0]), values[1]
    return Q(created_at__gt=moment) | Q(created_at=moment, id__gt=row_id)


def _time_cursor(moment: datetime, row_id: int) -> str:
    return encode_cursor([moment.isoformat(), row_id])


def _page(rows: list[Any], limit: int, cursor_of: Any) -> Page[Any]:
    """Cut a limit+1 fetch into a page and the cursor of its last row."""
    has_more = len(rows) > limit
    items = rows[:limit]
    next_cursor = cursor_of(items[-1]) if has_more and items else None
    return Page(items=items, next_cursor=next_cursor)


# --- notifications count (nav bar, every page) ------------------------------------------


def unread_notification_count(*, user: Any) -> int:
    """One indexed COUNT (notif_unread_idx, partial on read_at IS NULL); 0 for anonymous."""
    if not _authenticated(user) or user.pk is None:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


# --- per-viewer states --------------------------------------------------------------------


def viewer_note_states(*, viewer: Any, note_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """(ids the viewer liked, ids the viewer collected) among note_ids; two queries at most."""
    ids = list(note_ids)
    if not _authenticated(viewer) or not ids:
        return set(), set()
    liked = set(
        NoteLike.objects.filter(user_id=viewer.pk, note_id__in=ids).values_list(
            "note_id", flat=True
        )
    )
    collected = set(
        Collect.objects.filter(user_id=viewer.pk, note_id__in=ids).values_list("note_id", flat=True)
    )
    return liked, collected


def topic_followed(*, viewer: Any, topic: Topic) -> bool:
    if not _authenticated(viewer):
        return False
    return TopicFollow.objects.filter(user_id=viewer.pk, topic_id=topic.pk).exists()


def followed_topic_ids(*, viewer: Any, topic_ids: Iterable[int]) -> set[int]:
    ids = list(topic_ids)
    if not _authenticated(viewer) or not ids:
        return set()
    return set(
        TopicFollow.objects.filter(user_id=viewer.pk, topic_id__in=ids).values_list(
            "topic_id", flat=True
        )
    )


# --- comments -----------------------------------------------------------------------------


def _can_delete_comment(comment: Comment, note: Note, viewer: Any) -> bool:
    if not _authenticated(viewer):
        return False
    return bool(viewer.pk == comment.author_id or viewer.pk == note.author_id or viewer.is_staff)


def _decorate_comments(comments: list[Comment], *, note: Note, viewer: Any) -> None:
    """Attach viewer_liked / can_delete (one query for all comments and replies)."""
    everything = list(comments)
    for comment in comments:
        everything.extend(getattr(comment, "first_replies", []))
    liked: set[int] = set()
    if _authenticated(viewer) and everything:
        liked = set(
            CommentLike.objects.filter(
                user_id=viewer.pk, comment_id__in=[c.pk for c in everything]
            ).values_list("comment_id", flat=True)
        )
    for comment in everything:
        comment.note = note
        comment.viewer_liked = comment.pk in liked  # type: ignore[attr-defined]
        comment.can_delete = _can_delete_comment(comment, note, viewer)  # type: ignore[attr-defined]


def _replies_queryset() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(VISIBLE_COMMENT)
        .select_related("author", "reply_to__author")
        .order_by("created_at", "id")
    )


def comments_page(
    *,
    note: Note,
    viewer: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    sort: str = "time",
) -> Page[Comment]:
    """Top-level comments of a note the caller already checked is visible to the viewer.

    Order: `time` (default) is oldest first, like a conversation; its keyset (created_at, id)
    never moves, so "load more" neither repeats nor skips a comment. `hot` is most liked
    first (Xiaohongshu's default), ties by time; like counts can change between pages, so a
    comment may move across a page boundary while someone scrolls.
    Each comment carries `first_replies` (its first FIRST_REPLIES visible replies, one
    window-function query for the page), `more_replies_cursor`, `viewer_liked`, `can_delete`.
    Three queries per page at most.
    """
    size = clamp_limit(limit)
    if sort not in COMMENT_SORTS:
        raise DomainError("bad_sort", _("Unknown sort order."))
    qs = Comment.objects.filter(VISIBLE_COMMENT, note_id=note.pk, parent__isnull=True)
    if sort == "hot":
        values = decode_cursor(cursor, 3)
        if values is not None:
            likes, moment, row_id = values[0], _parse_time(values[1]), values[2]
            qs = qs.filter(
                Q(like_count__lt=likes)
                | Q(like_count=likes, created_at__gt=moment)
                | Q(like_count=likes, created_at=moment, id__gt=row_id)
            )
        qs = qs.order_by("-like_count", "created_at", "id")

        def cursor_of(c: Comment) -> str:
            return encode_cursor([c.like_count, c.created_at.isoformat(), c.pk])

    else:
        qs = qs.filter(_after_asc(cursor)).order_by("created_at", "id")

        def cursor_of(c: Comment) -> str:
            return _time_cursor(c.created_at, c.pk)

    qs = qs.select_related("author").prefetch_related(
        Prefetch("replies", queryset=_replies_queryset()[:FIRST_REPLIES], to_attr="first_replies")
    )
    page = _page(list(qs[: size + 1]), size, cursor_of)
    for comment in page.items:
        shown = comment.first_replies
        more = comment.reply_count > len(shown) and len(shown) == FIRST_REPLIES
        comment.more_replies_cursor = (
            _time_cursor(shown[-1].created_at, shown[-1].pk) if more else None
        )
    _decorate_comments(page.items, note=note, viewer=viewer)
    return page


def replies_page(
    *, comment: Comment, viewer: Any, cursor: str | None = None, limit: int | None = 20
) -> Page[Comment]:
    """Visible replies of a top-level comment, oldest first (keyset on created_at, id)."""
    size = clamp_limit(limit)
    qs = _replies_queryset().filter(_after_asc(cursor), parent_id=comment.pk)
    page = _page(list(qs[: size + 1]), size, lambda c: _time_cursor(c.created_at, c.pk))
    _decorate_comments(page.items, note=comment.note, viewer=viewer)
    return page


def note_for_engagement(*, note_id: int, viewer: Any) -> Note:
    """The note if the viewer may see it (notes.queries.note_for_viewer), else NotFound."""
    return note_for_viewer(note_id=note_id, viewer=viewer, detail=False)


def comment_for_viewer(*, comment_id: int, viewer: Any) -> Comment:
    """A visible comment on a note the viewer can see; NotFound otherwise."""
    comment = Comment.objects.select_related("author").filter(pk=comment_id).first()
    if comment is None or not comment.is_visible:
        raise NotFound(_("This comment does not exist or was removed."))
    try:
        comment.note = note_for_engagement(note_id=comment.note_id, viewer=viewer)
    except NotFound as exc:
        # The same answer as an unknown id: nothing may tell that a hidden note has comments.
        raise NotFound(_("This comment does not exist or was removed.")) from exc
    return comment


def comment_with_state(*, comment: Comment, viewer: Any) -> Comment:
    """Attach viewer_liked / can_delete to one comment (for re-rendering it after a change)."""
    _decorate_comments([comment], note=comment.note, viewer=viewer)
    return comment


# --- boards -------------------------------------------------------------------------------


def boards_for_viewer(*, owner: Any, viewer: Any) -> list[Board]:
    """The owner's boards the viewer may see (private ones only for the owner).

    Each board carries `preview_notes`: up to BOARD_PREVIEW_NOTES listed notes most recently
    collected into it (one window-function prefetch for all boards).
    """
    qs = Board.objects.filter(owner_id=owner.pk).select_related("owner")
    if not (_authenticated(viewer) and viewer.pk == owner.pk):
        qs = qs.filter(is_private=False)
    previews = (
        Collect.objects.filter(note__is_listed=True)
        .select_related("note")
        .order_by("-created_at", "-id")
    )
    qs = qs.prefetch_related(
        Prefetch("collects", queryset=previews[:BOARD_PREVIEW_NOTES], to_attr="preview_collects")
    )
    boards: list[Board] = list(qs.order_by("-is_default", "-updated_at", "-id"))
    for board in boards:
        board.preview_notes = [c.note for c in board.preview_collects]  # type: ignore[attr-defined]
    return boards


def boards_for_chooser(*, user: Any, note: Note | None = None) -> tuple[list[Board], int | None]:
    """The user's own boards for the collect chooser, and the board holding `note` (if any)."""
    boards = list(Board.objects.filter(owner_id=user.pk).order_by("-is_default", "-updated_at"))
    current: int | None = None
    if note is not None:
        current = (
            Collect.objects.filter(user_id=user.pk, note_id=note.pk)
            .values_list("board_id", flat=True)
            .first()
        )
    return boards, current


def board_for_viewer(*, board_id: int, viewer: Any) -> Board:
    """A board by id; another user's private board is NotFound, exactly like a missing one."""
    board = Board.objects.select_related("owner").filter(pk=board_id).first()
    if board is None or not board.owner.is_active:
        raise NotFound(_("This board does not exist."))
    if board.is_private and not (_authenticated(viewer) and viewer.pk == board.owner_id):
        raise NotFound(_("This board does not exist."))
    return board


def board_owned_by(*, board_id: int, user: Any) -> Board:
    """One of the user's own boards (for collecting into it); NotFound for anyone else's."""
    board = Board.objects.filter(pk=board_id, owner_id=user.pk).first()
    if board is None:
        raise NotFound(_("This board does not exist."))
    return board


Prepare = Callable[[QuerySet[Note]], QuerySet[Note]]


def _visible_cards(viewer: Any, prepare: Prepare | None) -> QuerySet[Note]:
    """Notes the viewer may list, loaded for cards (or by `prepare`, e.g. for NoteOut)."""
    return (prepare or with_card_relations)(visible_notes(viewer))


def board_notes_page(
    *,
    board: Board,
    viewer: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare | None = None,
) -> Page[Note]:
    """Notes in a board (the caller checked board_for_viewer) that the viewer may see,
    most recently collected first."""
    size = clamp_limit(limit)
    qs = (
        _visible_cards(viewer, prepare)
        .filter(collects__board_id=board.pk)
        .annotate(collected_at=F("collects__created_at"), collect_pk=F("collects__id"))
    )
    qs = qs.filter(_after_desc("collected_at", "collect_pk", cursor)).order_by(
        "-collected_at", "-collect_pk"
    )
    rows = list(qs[: size + 1])
    return _page(rows, size, lambda n: _time_cursor(n.collected_at, n.collect_pk))


def liked_notes_page(
    *,
    user: Any,
    viewer: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    prepare: Prepare | None = None,
) -> Page[Note]:
    """Notes `user` liked that the viewer may see, most recently liked first."""
    size = clamp_limit(limit)
    qs = (
        _visible_cards(viewer, prepare)
        .filter(likes__user_id=user.pk)
        .annotate(liked_at=F("likes__created_at"), like_pk=F("likes__id"))
    )
    qs = qs.filter(_after_desc("liked_at", "like_pk", cursor)).order_by("-liked_at", "-like_pk")
    rows = list(qs[: size + 1])
    return _page(rows, size, lambda n: _time_cursor(n.liked_at, n.like_pk))


# --- notifications ------------------------------------------------------------------------


def notifications_page(
    *,
    user: Any,
    cursor: str | None = None,
    limit: int | None = 20,
    group: str | None = None,
) -> Page[Notification]:
    """The user's notifications, newest first; `group` = likes | comments | follows.

    One query: actor, note and comment are joined. Each row carries `note_available` (the
    recipient can still open the note) and `comment_available`.
    """
    size = clamp_limit(limit)
    qs = Notification.objects.filter(recipient_id=user.pk)
    if group:
        if group not in NOTIFICATION_GROUPS:
            raise DomainError("bad_group", _("Unknown notification group."))
        qs = qs.filter(kind__in=NOTIFICATION_GROUPS[group])
    qs = (
        qs.filter(_after_desc("created_at", "id", cursor))
        .select_related("actor", "note", "comment")
        .order_by("-created_at", "-id")
    )
    page = _page(list(qs[: size + 1]), size, lambda n: _time_cursor(n.created_at, n.pk))
    for item in page.items:
        note = item.note
        item.note_available = note is not None and (
            note.is_listed or (note.author_id == user.pk and note.deleted_at is None)
        )
        item.comment_available = item.comment is not None and item.comment.is_visible
    return page
