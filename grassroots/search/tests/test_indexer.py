from typing import Any

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.actions import comment_create, comments_hide
from grassroots.notes.actions import note_delete, note_update, notes_hide, notes_unhide
from grassroots.notes.tests.factories import NoteFactory
from grassroots.search import engine, index, indexer
from grassroots.search.models import SearchEvent
from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db


def found_ids(query, **kwargs):
    return [hit.note.pk for hit in engine.search_notes(query=query, **kwargs).items]


def test_published_note_becomes_searchable_after_apply():
    note = publish("红酒保存", "开了的红酒放冰箱可以保存三天")
    assert found_ids("红酒") == []
    assert indexer.apply_pending() == 1
    assert found_ids("红酒") == [note.pk]
    assert not SearchEvent.objects.exists()


def test_deleted_hidden_and_private_notes_leave_the_index():
    deleted = publish("红酒一", "红酒的故事")
    hidden = publish("红酒二", "红酒的故事")
    private = publish("红酒三", "红酒的故事")
    index_all()
    assert len(found_ids("红酒")) == 3
    staff = UserFactory(is_staff=True)
    note_delete(note=deleted, actor=deleted.author)
    notes_hide(note_ids=[hidden.pk], actor=staff)
    note_update(note=private, editor=private.author, visibility="private")
    index_all()
    assert found_ids("红酒") == []
    assert index.reader().searcher().num_docs == 0
    notes_unhide(note_ids=[hidden.pk], actor=staff)
    index_all()
    assert found_ids("红酒") == [hidden.pk]


def test_edit_replaces_the_document():
    note = publish("旧标题", "关于咖啡机的笔记")
    index_all()
    note_update(note=note, editor=note.author, body="关于面包机的笔记")
    index_all()
    assert found_ids("咖啡机") == []
    assert found_ids("面包机") == [note.pk]
    assert index.reader().searcher().num_docs == 1


def test_replaying_events_is_idempotent():
    note = publish("红酒", "红酒的故事")
    index_all()
    SearchEvent.objects.create(note_id=note.pk)
    SearchEvent.objects.create(note_id=note.pk)
    index_all()
    assert found_ids("红酒") == [note.pk]
    assert index.reader().searcher().num_docs == 1


def test_events_stay_when_the_index_commit_fails(monkeypatch):
    note = publish("红酒", "红酒的故事")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index, "make_document", broken)
    with pytest.raises(OSError):
        indexer.apply_pending()
    assert SearchEvent.objects.filter(note_id=note.pk).exists()
    monkeypatch.undo()
    index.reset()
    index_all()
    assert found_ids("红酒") == [note.pk]


def test_comments_are_indexed_and_hidden_comments_removed():
    note = publish("开瓶之后", "昨天开了一瓶酒")
    comment = comment_create(note=note, author=UserFactory(), body="醒酒器可以让单宁柔和")
    index_all()
    assert found_ids("醒酒器") == [note.pk]
    comments_hide(comment_ids=[comment.pk], actor=UserFactory(is_staff=True))
    index_all()
    assert found_ids("醒酒器") == []


def test_reindex_rebuilds_from_the_database_and_swaps_generations():
    # Factory rows bypass the outbox: only a rebuild can find them.
    listed: Any = NoteFactory(title="咖啡豆", body="新鲜烘焙的咖啡豆", is_listed=True)
    NoteFactory(title="咖啡豆", body="草稿", status="draft", is_listed=False)
    before = index.ensure_index()
    assert found_ids("咖啡豆") == []
    assert indexer.rebuild() == 1
    after = index.current_generation()
    assert after is not None and after != before
    assert found_ids("咖啡豆") == [listed.pk]
    # One previous generation is kept for readers that just opened it; older ones go.
    indexer.rebuild()
    assert not before.exists() and after.exists()
    assert found_ids("咖啡豆") == [listed.pk]


def test_reindex_command_prints_the_rate(capsys):
    NoteFactory(title="咖啡豆", body="新鲜烘焙", is_listed=True)
    from django.core.management import call_command

    call_command("reindex")
    assert "Indexed 1 notes" in capsys.readouterr().out
    assert found_ids("咖啡豆")


def test_indexer_once_command_applies_pending_events(capsys):
    note = publish("红酒", "红酒的故事")
    from django.core.management import call_command

    call_command("indexer", "--once")
    assert "Applied 1 events" in capsys.readouterr().out
    assert found_ids("红酒") == [note.pk]


def test_parallel_rebuild_matches_the_serial_one():
    notes: list[Any] = [
        NoteFactory(title=f"咖啡豆{i}", body="新鲜烘焙", is_listed=True) for i in range(7)
    ]
    assert indexer.rebuild(workers=2, batch=3) == 7
    assert sorted(found_ids("咖啡豆")) == sorted(n.pk for n in notes)
    assert indexer.rebuild(workers=1, batch=3) == 7
    assert sorted(found_ids("咖啡豆")) == sorted(n.pk for n in notes)


def test_an_index_built_with_another_schema_is_reported_outdated(tmp_path):
    import tantivy

    from grassroots.search import index as search_index

    path = tmp_path / "gen-old"
    path.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("note_id", stored=True, indexed=True, fast=True)
    tantivy.Index(builder.build(), path=str(path))
    assert not search_index.is_compatible(path)
    assert not search_index.is_compatible(None)
    with pytest.raises(search_index.OutdatedIndex, match="grassroots reindex"):
        search_index.open_index(path)
    assert search_index.is_compatible(search_index.ensure_index())
