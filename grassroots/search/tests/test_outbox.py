import pytest
from django.db import transaction

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.actions import comment_create, note_like
from grassroots.notes.actions import note_delete, note_update
from grassroots.search import outbox
from grassroots.search.models import SearchEvent
from grassroots.search.tests.helpers import publish

pytestmark = pytest.mark.django_db


def test_publish_writes_one_event_in_the_same_transaction():
    note = publish("红酒", "开了的红酒能放多久")
    assert list(SearchEvent.objects.values_list("note_id", flat=True)) == [note.pk]


def test_rolled_back_write_leaves_no_event():
    author = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish("红酒", "开了的红酒能放多久", author=author)
        raise RuntimeError("boom")
    assert not SearchEvent.objects.exists()


def test_edits_likes_comments_and_deletes_each_record_an_event():
    note = publish("红酒", "开了的红酒能放多久")
    reader = UserFactory()
    SearchEvent.objects.all().delete()
    note_update(note=note, editor=note.author, body="新的正文")
    note_like(user=reader, note=note)
    comment_create(note=note, author=reader, body="冰箱里三天")
    note_delete(note=note, actor=note.author)
    assert SearchEvent.objects.filter(note_id=note.pk).count() == 4


def test_one_event_per_note_per_transaction():
    note = publish("红酒", "body")
    SearchEvent.objects.all().delete()
    with transaction.atomic():
        for _ in range(3):
            outbox.note_changed(note_id=note.pk)
        outbox.notes_changed(note_ids=[note.pk, note.pk])
    assert SearchEvent.objects.count() == 1


def test_event_rolled_back_with_its_savepoint_is_written_again():
    note = publish("红酒", "body")
    SearchEvent.objects.all().delete()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.note_changed(note_id=note.pk)
            raise RuntimeError("inner failure")
        outbox.note_changed(note_id=note.pk)
    assert SearchEvent.objects.count() == 1


def test_comment_changed_records_its_note():
    note = publish("红酒", "body")
    comment = comment_create(note=note, author=UserFactory(), body="三天内喝完")
    SearchEvent.objects.all().delete()
    outbox.comment_changed(comment_id=comment.pk)
    event = SearchEvent.objects.get()
    assert (event.note_id, event.kind) == (note.pk, "comment")
