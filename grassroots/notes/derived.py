"""Derived note state: the listed flag, counters, topic links, mention notifications.

`Note.is_listed` = published and public and not deleted and not hidden. `User.notes_count`
and `Topic.note_count` count listed notes only; they move by F() updates computed from what
a note contributed before and after a change (callers hold the note's row lock).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.db.models.functions import Greatest, Lower
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.notes.models import Note, NoteMention, NoteTopic, Topic
from grassroots.notes.queries import parse_mentions


def listed_state(note: Note) -> bool:
    return (
        note.status == Note.Status.PUBLISHED
        and note.visibility == Note.Visibility.PUBLIC
        and note.deleted_at is None
        and note.hidden_at is None
    )


def bump(model: type[User] | type[Topic], ids: Iterable[int], field: str, delta: int) -> None:
    ids = sorted(set(ids))
    if not ids or not delta:
        return
    value: Any = F(field) + delta if delta > 0 else Greatest(F(field) - (-delta), 0)
    model.objects.filter(pk__in=ids).update(**{field: value})


@dataclass(frozen=True)
class Counted:
    """What a note contributes to counters: nothing unless listed."""

    listed: bool
    topic_ids: frozenset[int]

    @property
    def counted_topics(self) -> frozenset[int]:
        return self.topic_ids if self.listed else frozenset()


def apply_counter_changes(author_id: int, before: Counted, after: Counted) -> None:
    if before.listed != after.listed:
        bump(User, [author_id], "notes_count", 1 if after.listed else -1)
    bump(Topic, before.counted_topics - after.counted_topics, "note_count", -1)
    bump(Topic, after.counted_topics - before.counted_topics, "note_count", 1)


def topic_ids_of(note_id: int) -> frozenset[int]:
    return frozenset(NoteTopic.objects.filter(note_id=note_id).values_list("topic_id", flat=True))


def set_topics(note: Note, names: list[str], *, is_new: bool = False) -> frozenset[int]:
    """Attach exactly these topics (in order), creating missing ones; returns their ids."""
    if not is_new:
        NoteTopic.objects.filter(note_id=note.pk).delete()
    if not names:
        return frozenset()
    # Concurrent publishers may create the same new topic: insert-or-ignore, then read back.
    Topic.objects.bulk_create([Topic(name=name) for name in names], ignore_conflicts=True)
    ids = dict(Topic.objects.filter(name__in=names).values_list("name", "id"))
    NoteTopic.objects.bulk_create(
        [
            NoteTopic(note_id=note.pk, topic_id=ids[name], position=position)
            for position, name in enumerate(names)
            if name in ids
        ]
    )
    return frozenset(ids.values())


def sync_mentions(note: Note, *, author: User, is_new: bool = False) -> None:
    """Mention rows follow the body; notify not-yet-notified users once the note is listed."""
    names = parse_mentions(note.body)
    if is_new and not names:
        return  # nothing to add and nothing to remove: spare the fast publish path a query
    wanted: dict[int, User] = {}
    if names:
        users = (
            User.objects.annotate(username_lower=Lower("username"))
            .filter(username_lower__in=[name.lower() for name in names], is_active=True)
            .exclude(pk=author.pk)
        )
        wanted = {user.pk: user for user in users}
    if not is_new:
        NoteMention.objects.filter(note_id=note.pk).exclude(user_id__in=list(wanted)).delete()
    if not wanted:
        return
    NoteMention.objects.bulk_create(
        [NoteMention(note_id=note.pk, user_id=user_id) for user_id in wanted],
        ignore_conflicts=True,
    )
    if not note.is_listed:
        return
    pending = list(
        NoteMention.objects.filter(note_id=note.pk, notified_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    if not pending:
        return
    from grassroots.engagement.actions import notification_create

    for user_id in pending:
        notification_create(recipient=wanted[user_id], actor=author, kind="mention", note=note)
    NoteMention.objects.filter(note_id=note.pk, user_id__in=pending).update(
        notified_at=timezone.now()
    )


def refresh_hot_score(note_id: int) -> None:
    from grassroots.feed.ranking import refresh_hot_score

    refresh_hot_score(note_id=note_id)
