"""Factories for engagement. Rows only: counters are untouched (use engagement.actions for
anything that tests counts)."""

from __future__ import annotations

import factory
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
    Notification,
    TopicFollow,
)
from grassroots.notes.tests.factories import NoteFactory, TopicFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    description = ""
    is_private = False
    is_default = False


class CommentFactory(factory.django.DjangoModelFactory):
    """A top-level comment; pass parent= (and reply_to=) for a reply."""

    class Meta:
        model = Comment

    note = factory.SubFactory(NoteFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")
    created_at = factory.LazyFunction(timezone.now)


class NoteLikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteLike

    user = factory.SubFactory(UserFactory)
    note = factory.SubFactory(NoteFactory)


class CollectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collect

    user = factory.SubFactory(UserFactory)
    note = factory.SubFactory(NoteFactory)
    board = factory.SubFactory(BoardFactory, owner=factory.SelfAttribute("..user"))


class CommentLikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentLike

    user = factory.SubFactory(UserFactory)
    comment = factory.SubFactory(CommentFactory)


class TopicFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicFollow

    user = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(TopicFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(UserFactory)
    kind = Notification.Kind.LIKE
    note = factory.SubFactory(NoteFactory, author=factory.SelfAttribute("..recipient"))
