"""Writes for engagement: likes, collects, comments, topic follows, notifications (boards
themselves are written by engagement.boards).

Every counter moves by an F() update that runs only after a guarded row change: an insert
protected by a unique constraint (inside a savepoint, so a duplicate is a no-op, not an error)
or a conditional update/delete whose row count says whether anything changed. Repeated clicks
and concurrent requests therefore never double count. Rows are locked in one order everywhere
(comment → board → note → user) so concurrent PostgreSQL transactions cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.engagement.boards import default_board_for, lock_boards
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
    Notification,
    TopicFollow,
)
from grassroots.feed.ranking import refresh_hot_score
from grassroots.insights import queue as insights_queue
from grassroots.notes.models import Note, Topic
from grassroots.notes.queries import parse_mentions
from grassroots.search import outbox as search_outbox

COMMENT_MAX_CHARS = 500
MENTIONS_PER_COMMENT = 10
# Like-unlike-like within this window notifies the author once, not three times.
NOTIFICATION_DEDUP_WINDOW = timedelta(hours=24)
DEDUPLICATED_KINDS = frozenset(
    {
        Notification.Kind.LIKE,
        Notification.Kind.COLLECT,
        Notification.Kind.COMMENT_LIKE,
        Notification.Kind.FOLLOW,
    }
)


# --- helpers ----------------------------------------------------------------------------


def _increment(model: type[Model], pk: int, **deltas: int) -> None:
    """Add deltas to counters of one row in one UPDATE; never below zero."""
    changes: dict[str, Any] = {}
    for field_name, delta in deltas.items():
        if delta >= 0:
            changes[field_name] = F(field_name) + delta
        else:
            changes[field_name] = Greatest(F(field_name) - (-delta), 0)
    model._default_manager.filter(pk=pk).update(**changes)


def _note_is_engageable(note: Note, user: User) -> bool:
    """Listed notes, and the author's own published (even only-me) notes, can be engaged."""
    if note.is_listed:
        return True
    return (
        note.author_id == user.pk
        and note.status == Note.Status.PUBLISHED
        and note.deleted_at is None
        and note.hidden_at is None
    )


def _require_engageable(note: Note, user: User) -> None:
    if not _note_is_engageable(note, user):
        # Same answer as for a note that does not exist: do not reveal private notes.
        raise NotFound(_("This note does not exist or is not available."))


def _refresh_hot_score(note_id: int) -> None:
    """Re-rank the note in the same transaction so the score matches the committed counts."""
    refresh_hot_score(note_id=note_id)
    search_outbox.note_changed(note_id=note_id)  # counters and comments feed search too


def _insert_once(model: type[Model], **fields: Any) -> bool:
    """Insert a row guarded by a unique constraint; False when it already exists."""
    try:
        with transaction.atomic():  # savepoint: a duplicate leaves the outer transaction usable
            model._default_manager.create(**fields)
    except IntegrityError:
        return False
    return True


# --- notifications ----------------------------------------------------------------------


def notification_create(
    *,
    recipient: User,
    actor: User,
    kind: str,
    note: Note | None = None,
    comment: Comment | None = None,
) -> Notification | None:
    """Record a notification in the caller's transaction (it rolls back with the change).

    Skips self-notifications and inactive recipients. Likes, collects, comment likes and follows
    by the same actor on the same target within NOTIFICATION_DEDUP_WINDOW are recorded once.
    """
    if recipient.pk == actor.pk or not recipient.is_active:
        return None
    if kind not in Notification.Kind.values:
        raise ValidationFailed("bad_kind", f"Unknown notification kind: {kind}.")
    if kind in DEDUPLICATED_KINDS:
        since = timezone.now() - NOTIFICATION_DEDUP_WINDOW
        duplicate = Notification.objects.filter(
            recipient_id=recipient.pk,
            actor_id=actor.pk,
            kind=kind,
            note=note,
            comment=comment,
            created_at__gte=since,
        ).exists()
        if duplicate:
            return None
    return Notification.objects.create(
        recipient_id=recipient.pk, actor_id=actor.pk, kind=kind, note=note, comment=comment
    )


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or only `ids`); returns how many."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        id_list = [int(i) for i in ids]
        if not id_list:
            return 0
        unread = unread.filter(pk__in=id_list)
    return unread.update(read_at=timezone.now())


# --- note likes -------------------------------------------------------------------------


@transaction.atomic
def note_like(*, user: User, note: Note) -> bool:
    """Like a note the user can see. True when this call added the like."""
    _require_engageable(note, user)
    if not _insert_once(NoteLike, user_id=user.pk, note_id=note.pk):
        return False
    _increment(Note, note.pk, like_count=1)
    _increment(User, note.author_id, likes_collects_received=1)
    notification_create(recipient=note.author, actor=user, kind=Notification.Kind.LIKE, note=note)
    _refresh_hot_score(note.pk)
    return True


@transaction.atomic
def note_unlike(*, user: User, note: Note) -> bool:
    """Remove the user's like. True when this call removed it (unliking twice is a no-op)."""
    deleted, _rows = NoteLike.objects.filter(user_id=user.pk, note_id=note.pk).delete()
    if not deleted:
        return False
    _increment(Note, note.pk, like_count=-1)
    _increment(User, note.author_id, likes_collects_received=-1)
    _refresh_hot_score(note.pk)
    return True


# --- comment likes ----------------------------------------------------------------------


def _require_visible_comment(comment: Comment, user: User) -> None:
    if not comment.is_visible:
        raise NotFound(_("This comment does not exist or was removed."))
    _require_engageable(comment.note, user)


@transaction.atomic
def comment_like(*, user: User, comment: Comment) -> bool:
    """Like a visible comment on a note the user can see. True when this call added it."""
    _require_visible_comment(comment, user)
    if not _insert_once(CommentLike, user_id=user.pk, comment_id=comment.pk):
        return False
    _increment(Comment, comment.pk, like_count=1)
    notification_create(
        recipient=comment.author,
        actor=user,
        kind=Notification.Kind.COMMENT_LIKE,
        note=comment.note,
        comment=comment,
    )
    return True


@transaction.atomic
def comment_unlike(*, user: User, comment: Comment) -> bool:
    deleted, _rows = CommentLike.objects.filter(user_id=user.pk, comment_id=comment.pk).delete()
    if not deleted:
        return False
    _increment(Comment, comment.pk, like_count=-1)
    return True


# --- collects ---------------------------------------------------------------------------


def _touch_board(board_id: int, delta: int) -> None:
    if delta >= 0:
        count: Any = F("note_count") + delta
    else:
        count = Greatest(F("note_count") - (-delta), 0)
    Board.objects.filter(pk=board_id).update(note_count=count, updated_at=timezone.now())


@transaction.atomic
def note_collect(*, user: User, note: Note, board: Board | None = None) -> bool:
    """Collect a note into one of the user's boards (the default board when none is given).

    A user collects a note once: collecting it again into another board moves it there, and
    collecting it again into the same board changes nothing. True when anything changed.
    """
    _require_engageable(note, user)
    if board is None:
        board = default_board_for(user=user)
    elif board.owner_id != user.pk:
        raise NotFound(_("This board does not exist."))
    for _attempt in range(3):
        if _insert_once(Collect, user_id=user.pk, note_id=note.pk, board_id=board.pk):
            _touch_board(board.pk, 1)
            _increment(Note, note.pk, collect_count=1)
            _increment(User, note.author_id, likes_collects_received=1)
            notification_create(
                recipient=note.author, actor=user, kind=Notification.Kind.COLLECT, note=note
            )
            _refresh_hot_score(note.pk)
            return True
        existing = (
            Collect.objects.select_for_update().filter(user_id=user.pk, note_id=note.pk).first()
        )
        if existing is None:
            continue  # uncollected by a concurrent request in between: insert again
        if existing.board_id == board.pk:
            return False
        # Two boards change: lock them in id order so opposite moves cannot deadlock.
        lock_boards(existing.board_id, board.pk)
        moved = Collect.objects.filter(pk=existing.pk, board_id=existing.board_id).update(
            board_id=board.pk
        )
        if moved:
            _touch_board(existing.board_id, -1)
            _touch_board(board.pk, 1)
        return bool(moved)
    raise Conflict("collect_busy", _("Please try again."))


@transaction.atomic
def note_uncollect(*, user: User, note: Note) -> bool:
    """Remove the note from the user's collection. True when this call removed it."""
    existing = Collect.objects.select_for_update().filter(user_id=user.pk, note_id=note.pk).first()
    if existing is None:
        return False
    deleted, _rows = Collect.objects.filter(pk=existing.pk).delete()
    if not deleted:
        return False
    _touch_board(existing.board_id, -1)
    _increment(Note, note.pk, collect_count=-1)
    _increment(User, note.author_id, likes_collects_received=-1)
    _refresh_hot_score(note.pk)
    return True


# --- comments ---------------------------------------------------------------------------


def _clean_comment_body(body: str) -> str:
    cleaned = (body or "").strip()
    if not cleaned:
        raise ValidationFailed("comment_empty", _("Write something first."), field="body")
    if len(cleaned) > COMMENT_MAX_CHARS:
        raise ValidationFailed(
            "comment_too_long",
            _("A comment has at most %(max)d characters.") % {"max": COMMENT_MAX_CHARS},
            field="body",
        )
    return cleaned


def _mentioned_users(body: str, *, exclude_ids: set[int]) -> list[User]:
    names = [str(name) for name in parse_mentions(body)][:MENTIONS_PER_COMMENT]
    if not names:
        return []
    users = (
        User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=[name.lower() for name in names], is_active=True)
        .exclude(pk__in=exclude_ids)
    )
    return list(users)


@transaction.atomic
def comment_create(
    *,
    note: Note,
    author: User,
    body: str,
    reply_to: Comment | None = None,
    external_id: str | None = None,
    created_at: datetime | None = None,
) -> Comment:
    """Comment on a note the author can see, or reply to a comment on it.

    Replies are one level deep: replying to a reply attaches to its top-level comment and
    records the reply target in `reply_to`. Notifies the note author (comment), the replied-to
    author (reply) and @mentioned users. With `external_id` (import) the call is idempotent.
    """
    clean_body = _clean_comment_body(body)
    if external_id:
        existing = Comment.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing
    _require_engageable(note, author)
    parent: Comment | None = None
    if reply_to is not None:
        if reply_to.note_id != note.pk:
            raise ValidationFailed(
                "reply_wrong_note", _("That comment belongs to another note."), field="reply_to"
            )
        parent_id = reply_to.parent_id or reply_to.pk
        # Lock the thread so a concurrent hide/delete of the parent cannot miscount the reply.
        parent = Comment.objects.select_for_update().filter(pk=parent_id).first()
        target_visible = reply_to.is_visible if reply_to.pk != parent_id else True
        if parent is None or not parent.is_visible or not target_visible:
            raise NotFound(_("This comment does not exist or was removed."))
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                note=note,
                author=author,
                parent=parent,
                reply_to=reply_to,
                body=clean_body,
                external_id=external_id or None,
                created_at=created_at or timezone.now(),
            )
    except IntegrityError as exc:
        raise Conflict("comment_exists", _("This comment was already imported.")) from exc
    _increment(Note, note.pk, comment_count=1)
    if parent is not None:
        _increment(Comment, parent.pk, reply_count=1)

    notified: set[int] = {author.pk}
    if reply_to is None:
        notification_create(
            recipient=note.author,
            actor=author,
            kind=Notification.Kind.COMMENT,
            note=note,
            comment=comment,
        )
        notified.add(note.author_id)
    else:
        notification_create(
            recipient=reply_to.author,
            actor=author,
            kind=Notification.Kind.REPLY,
            note=note,
            comment=comment,
        )
        notified.add(reply_to.author_id)
    # Mentions only reach people who can open the note: not for an only-me note.
    if note.is_listed:
        for mentioned in _mentioned_users(clean_body, exclude_ids=notified):
            notification_create(
                recipient=mentioned,
                actor=author,
                kind=Notification.Kind.MENTION,
                note=note,
                comment=comment,
            )
    _refresh_hot_score(note.pk)
    insights_queue.note_changed(note_id=note.pk)
    return comment


def _comment_leaves_view(comment: Comment) -> None:
    """Counter changes for a comment that was visible and no longer is (caller holds locks)."""
    if comment.parent_id is None:
        # The thread goes with it: its visible replies stop counting towards the note.
        _increment(Note, comment.note_id, comment_count=-(1 + comment.reply_count))
        return
    parent = Comment.objects.filter(pk=comment.parent_id).only("deleted_at", "hidden_at").first()
    if parent is not None and parent.is_visible:
        _increment(Note, comment.note_id, comment_count=-1)
    _increment(Comment, comment.parent_id, reply_count=-1)


def _comment_returns_to_view(comment: Comment) -> None:
    if comment.parent_id is None:
        _increment(Note, comment.note_id, comment_count=1 + comment.reply_count)
        return
    parent = Comment.objects.filter(pk=comment.parent_id).only("deleted_at", "hidden_at").first()
    if parent is not None and parent.is_visible:
        _increment(Note, comment.note_id, comment_count=1)
    _increment(Comment, comment.parent_id, reply_count=1)


def _lock_comment(comment_id: int) -> Comment | None:
    """Lock a comment after its parent (fixed order: thread first)."""
    row = Comment.objects.filter(pk=comment_id).only("parent_id").first()
    if row is None:
        return None
    if row.parent_id is not None:
        Comment.objects.select_for_update().filter(pk=row.parent_id).first()
    return Comment.objects.select_for_update().filter(pk=comment_id).first()


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User) -> bool:
    """Soft-delete a comment: its author, the note's author or staff. True when it changed."""
    allowed = actor.pk == comment.author_id or actor.pk == comment.note.author_id or actor.is_staff
    if not allowed:
        raise Forbidden(_("You cannot delete this comment."))
    locked = _lock_comment(comment.pk)
    if locked is None or locked.deleted_at is not None:
        return False
    was_visible = locked.is_visible
    now = timezone.now()
    Comment.objects.filter(pk=locked.pk).update(deleted_at=now)
    comment.deleted_at = now
    if was_visible:
        _comment_leaves_view(locked)
        _refresh_hot_score(locked.note_id)
        insights_queue.note_changed(note_id=locked.note_id)
    return True


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise Forbidden(_("Only staff can moderate comments."))


@transaction.atomic
def comments_hide(*, comment_ids: Iterable[int], actor: User) -> int:
    """Hide comments from everyone (staff moderation); returns how many were hidden."""
    _require_staff(actor)
    changed = 0
    now = timezone.now()
    for comment_id in sorted(set(comment_ids)):
        locked = _lock_comment(comment_id)
        if locked is None or locked.hidden_at is not None:
            continue
        was_visible = locked.is_visible
        Comment.objects.filter(pk=comment_id).update(hidden_at=now)
        if was_visible:
            _comment_leaves_view(locked)
            _refresh_hot_score(locked.note_id)
            insights_queue.note_changed(note_id=locked.note_id)
        changed += 1
    return changed


@transaction.atomic
def comments_unhide(*, comment_ids: Iterable[int], actor: User) -> int:
    """Undo comments_hide; returns how many were unhidden."""
    _require_staff(actor)
    changed = 0
    for comment_id in sorted(set(comment_ids)):
        locked = _lock_comment(comment_id)
        if locked is None or locked.hidden_at is None:
            continue
        Comment.objects.filter(pk=comment_id).update(hidden_at=None)
        locked.hidden_at = None
        if locked.is_visible:
            _comment_returns_to_view(locked)
            _refresh_hot_score(locked.note_id)
            insights_queue.note_changed(note_id=locked.note_id)
        changed += 1
    return changed


# --- topics -----------------------------------------------------------------------------


@transaction.atomic
def topic_follow(*, user: User, topic: Topic) -> bool:
    """Follow a topic. True when this call added the follow."""
    if not _insert_once(TopicFollow, user_id=user.pk, topic_id=topic.pk):
        return False
    _increment(Topic, topic.pk, follower_count=1)
    return True


@transaction.atomic
def topic_unfollow(*, user: User, topic: Topic) -> bool:
    deleted, _rows = TopicFollow.objects.filter(user_id=user.pk, topic_id=topic.pk).delete()
    if not deleted:
        return False
    _increment(Topic, topic.pk, follower_count=-1)
    return True
