"""Consistency checks of a corpus: every stored counter equals its row count.

Used by the tests after seeding and importing, and handy after a bulk load:
`counter_mismatches()` returns, per counter, how many rows disagree (all zeros when exact).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, IntegerField, Model, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from grassroots.accounts.models import Follow, User
from grassroots.engagement.models import Board, Collect, Comment, CommentLike, NoteLike, TopicFollow
from grassroots.notes.models import Note, NoteTopic, Topic


def _count(model: type[Model], **filters: Any) -> Coalesce:
    subquery = (
        model._default_manager.filter(**filters)
        .order_by()
        .values(next(iter(filters)))
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))


def _mismatches(queryset: Any, stored: str, expected: Any) -> int:
    annotated = queryset.annotate(expected=expected)
    return int(annotated.exclude(**{stored: F("expected")}).count())


def counter_mismatches() -> dict[str, int]:
    """Counter name → number of rows whose stored value differs from the rows it counts."""
    visible_comment = Q(deleted_at__isnull=True, hidden_at__isnull=True)
    visible_comments = (
        Comment.objects.filter(visible_comment, note=OuterRef("pk"))
        .exclude(parent__isnull=False, parent__deleted_at__isnull=False)
        .order_by()
        .values("note")
        .annotate(n=Count("*"))
        .values("n")
    )
    return {
        "note.like_count": _mismatches(
            Note.objects, "like_count", _count(NoteLike, note=OuterRef("pk"))
        ),
        "note.collect_count": _mismatches(
            Note.objects, "collect_count", _count(Collect, note=OuterRef("pk"))
        ),
        "note.comment_count": _mismatches(
            Note.objects,
            "comment_count",
            Coalesce(Subquery(visible_comments, output_field=IntegerField()), Value(0)),
        ),
        "comment.reply_count": _mismatches(
            Comment.objects,
            "reply_count",
            _count(Comment, parent=OuterRef("pk"), deleted_at__isnull=True, hidden_at__isnull=True),
        ),
        "comment.like_count": _mismatches(
            Comment.objects, "like_count", _count(CommentLike, comment=OuterRef("pk"))
        ),
        "user.notes_count": _mismatches(
            User.objects, "notes_count", _count(Note, author=OuterRef("pk"), is_listed=True)
        ),
        "user.followers_count": _mismatches(
            User.objects, "followers_count", _count(Follow, followee=OuterRef("pk"))
        ),
        "user.following_count": _mismatches(
            User.objects, "following_count", _count(Follow, follower=OuterRef("pk"))
        ),
        "user.likes_collects_received": _mismatches(
            User.objects.annotate(
                likes_in=_count(NoteLike, note__author=OuterRef("pk")),
                collects_in=_count(Collect, note__author=OuterRef("pk")),
            ),
            "likes_collects_received",
            F("likes_in") + F("collects_in"),
        ),
        "topic.note_count": _mismatches(
            Topic.objects,
            "note_count",
            _count(NoteTopic, topic=OuterRef("pk"), note__is_listed=True),
        ),
        "topic.follower_count": _mismatches(
            Topic.objects, "follower_count", _count(TopicFollow, topic=OuterRef("pk"))
        ),
        "board.note_count": _mismatches(
            Board.objects, "note_count", _count(Collect, board=OuterRef("pk"))
        ),
        "note.is_listed": _listed_mismatches(),
    }


def _listed_mismatches() -> int:
    listed = Q(
        status=Note.Status.PUBLISHED,
        visibility=Note.Visibility.PUBLIC,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )
    return int(
        Note.objects.filter(listed, is_listed=False).count()
        + Note.objects.filter(~listed, is_listed=True).count()
    )
