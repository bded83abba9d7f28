"""Note counters stay exact under real concurrent writers (PostgreSQL; SQLite serialises them).

Each worker thread has its own connection, as gunicorn workers would; they start together
behind a barrier. New topics are inserted-or-ignored, note rows are locked before their
listed state changes, and counters move by F() updates, so the numbers add up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.testing import POSTGRES_ONLY, run_together
from grassroots.notes import actions
from grassroots.notes.models import Note, Topic

pytestmark = POSTGRES_ONLY


def assert_counters_exact() -> None:
    for user in User.objects.annotate(listed=Count("notes", filter=Q(notes__is_listed=True))):
        assert user.notes_count == user.listed, user.username
    for topic in Topic.objects.annotate(listed=Count("notes", filter=Q(notes__is_listed=True))):
        assert topic.note_count == topic.listed, topic.name


def test_concurrent_publishes_share_new_topics_and_count_exactly():
    author = UserFactory()
    others = UserFactory.create_batch(6)

    def publish(user: User, index: int) -> Callable[[], None]:
        def job() -> None:
            for round_ in range(3):
                actions.note_publish(
                    author=user, title=f"{index}-{round_}", body="#并发 #new", topics=["同时"]
                )

        return job

    run_together([publish(author, i) for i in range(4)] + [publish(u, 9) for u in others])
    assert Topic.objects.filter(name__in=["并发", "new", "同时"]).count() == 3
    assert set(Topic.objects.values_list("note_count", flat=True)) == {30}
    author.refresh_from_db()
    assert author.notes_count == 12
    assert_counters_exact()


def test_concurrent_hide_delete_and_edit_keep_counters_exact():
    author = UserFactory()
    staff = UserFactory(is_staff=True)
    notes = [actions.note_publish(author=author, title=f"n{i}", body="#t") for i in range(8)]
    ids = [note.pk for note in notes]

    def hide_and_show() -> None:
        for _ in range(3):
            actions.notes_hide(note_ids=ids, actor=staff)
            actions.notes_unhide(note_ids=ids, actor=staff)

    def delete_some() -> None:
        for note in notes[:4]:
            actions.note_delete(note=Note.objects.get(pk=note.pk), actor=author)

    def edit_topics() -> None:
        for note in notes[4:]:
            actions.note_update(note=Note.objects.get(pk=note.pk), editor=author, body="#u #t")

    def make_private() -> None:
        for note in notes[6:]:
            actions.note_update(
                note=Note.objects.get(pk=note.pk), editor=author, visibility="private"
            )

    run_together([hide_and_show, hide_and_show, delete_some, edit_topics, make_private])
    assert_counters_exact()
    assert Note.objects.filter(deleted_at__isnull=False).count() == 4
