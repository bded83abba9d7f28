"""Factories for engagement. Rows only: counters are untouched (use engagement.actions for
anything that tests counts).

NoteFactory and TopicFactory (notes app) are re-exported here typed for mypy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import factory
from django.utils import timezone

from grassroots.accounts.tests.factories import ModelMaker, UserFactory
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
from grassroots.notes.tests import factories as note_factories


class _BoardFactory(factory.django.DjangoModelFactory[Board]):
    class Meta:
        model = Board

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    description = ""
    is_private = False
    is_default = False


class _CommentFactory(factory.django.DjangoModelFactory[Comment]):
    """A top-level comment; pass parent= (and reply_to=) for a reply."""

    class Meta:
        model = Comment

    note = factory.SubFactory(note_factories.NoteFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")
    created_at = factory.LazyFunction(timezone.now)


class _NoteLikeFactory(factory.django.DjangoModelFactory[NoteLike]):
    class Meta:
        model = NoteLike

    user = factory.SubFactory(UserFactory)
    note = factory.SubFactory(note_factories.NoteFactory)


class _CollectFactory(factory.django.DjangoModelFactory[Collect]):
    class Meta:
        model = Collect

    user = factory.SubFactory(UserFactory)
    note = factory.SubFactory(note_factories.NoteFactory)
    board = factory.SubFactory(_BoardFactory, owner=factory.SelfAttribute("..user"))


class _CommentLikeFactory(factory.django.DjangoModelFactory[CommentLike]):
    class Meta:
        model = CommentLike

    user = factory.SubFactory(UserFactory)
    comment = factory.SubFactory(_CommentFactory)


class _TopicFollowFactory(factory.django.DjangoModelFactory[TopicFollow]):
    class Meta:
        model = TopicFollow

    user = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(note_factories.TopicFactory)


class _NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(UserFactory)
    kind = Notification.Kind.LIKE
    note = factory.SubFactory(
        note_factories.NoteFactory, author=factory.SelfAttribute("..recipient")
    )


if TYPE_CHECKING:
    NoteFactory: ModelMaker[Note]
    TopicFactory: ModelMaker[Topic]
    BoardFactory: ModelMaker[Board]
    CommentFactory: ModelMaker[Comment]
    NoteLikeFactory: ModelMaker[NoteLike]
    CollectFactory: ModelMaker[Collect]
    CommentLikeFactory: ModelMaker[CommentLike]
    TopicFollowFactory: ModelMaker[TopicFollow]
    NotificationFactory: ModelMaker[Notification]
else:
    NoteFactory = note_factories.NoteFactory
    TopicFactory = note_factories.TopicFactory
    BoardFactory = _BoardFactory
    CommentFactory = _CommentFactory
    NoteLikeFactory = _NoteLikeFactory
    CollectFactory = _CollectFactory
    CommentLikeFactory = _CommentLikeFactory
    TopicFollowFactory = _TopicFollowFactory
    NotificationFactory = _NotificationFactory
