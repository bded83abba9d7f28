import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from grassroots.accounts.models import Follow, User
from grassroots.dataio.importer import import_jsonl
from grassroots.engagement.models import Board, Collect, Comment, NoteLike, TopicFollow
from grassroots.notes.models import Note, NoteImage, Topic
from grassroots.notes.tests.factories import image_bytes
from grassroots.seed.checks import counter_mismatches

MODELS = (User, Note, NoteImage, Comment, NoteLike, Collect, Follow)


def write_jsonl(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def community(tmp_path: Path) -> list:
    (tmp_path / "photos").mkdir(exist_ok=True)
    (tmp_path / "photos" / "wine.jpg").write_bytes(image_bytes())
    return [
        {"type": "user", "username": "mia", "display_name": "Mia", "bio": "爱喝酒"},
        {"type": "user", "username": "li", "display_name": "小李"},
        {
            "type": "note",
            "external_id": "n1",
            "author": "mia",
            "title": "开了的红酒还能喝吗",
            "body": "放了三个月 #红酒",
            "topics": ["红酒"],
            "category": "food-wine",
            "created_at": "2026-01-02T03:04:05Z",
            "images": ["photos/wine.jpg"],
            "alt_texts": ["一瓶红酒"],
        },
        {"type": "note", "external_id": "n2", "author": "li", "title": "周末露营", "body": "好玩"},
        {
            "type": "comment",
            "external_id": "c1",
            "note": "n1",
            "author": "li",
            "body": "冰箱里放三五天",
            "created_at": "2026-01-03T00:00:00+08:00",
            "reply_to": None,
        },
        {
            "type": "comment",
            "external_id": "c2",
            "note": "n1",
            "author": "mia",
            "body": "谢谢",
            "reply_to": "c1",
        },
        {"type": "like", "user": "li", "note": "n1"},
        {"type": "collect", "user": "li", "note": "n1", "board": "酒"},
        {"type": "follow", "user": "li", "target": "mia"},
        {"type": "topic_follow", "user": "li", "topic": "#红酒"},
    ]


@pytest.mark.django_db
def test_import_writes_through_the_actions_with_exact_counters(tmp_path):
    path = write_jsonl(tmp_path / "data.jsonl", community(tmp_path))
    report = import_jsonl(path)
    assert report.errors == []
    assert report.created == {
        "user": 2,
        "note": 2,
        "comment": 2,
        "like": 1,
        "collect": 1,
        "follow": 1,
        "topic_follow": 1,
    }
    note = Note.objects.get(external_id="n1")
    assert note.author.username == "mia" and note.category_id
    assert note.category is not None and note.category.slug == "food-wine"
    assert note.created_at.isoformat() == "2026-01-02T03:04:05+00:00"
    assert [t.name for t in note.topics.all()] == ["红酒"]
    image = NoteImage.objects.get(note=note)
    assert image.alt_text == "一瓶红酒" and default_storage.exists(image.large)
    assert (note.like_count, note.collect_count, note.comment_count) == (1, 1, 2)
    reply = Comment.objects.get(external_id="c2")
    assert reply.parent is not None and reply.parent.external_id == "c1"
    mia = User.objects.get(username="mia")
    assert mia.followers_count == 1 and mia.display_name == "Mia"
    assert not mia.has_usable_password()
    assert Board.objects.get(owner__username="li", name="酒").note_count == 1
    assert TopicFollow.objects.filter(user__username="li", topic__name="红酒").exists()
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)


@pytest.mark.django_db
def test_importing_twice_changes_nothing(tmp_path):
    path = write_jsonl(tmp_path / "data.jsonl", community(tmp_path))
    import_jsonl(path)
    before = [
        model.objects.count()
        for model in (User, Note, NoteImage, Comment, NoteLike, Collect, Follow)
    ]
    second = import_jsonl(path)
    assert second.errors == [] and sum(second.created.values()) == 0
    assert sum(second.unchanged.values()) == 10
    after = [
        model.objects.count()
        for model in (User, Note, NoteImage, Comment, NoteLike, Collect, Follow)
    ]
    assert after == before
    assert Note.objects.get(external_id="n1").like_count == 1


@pytest.mark.django_db
def test_bad_lines_are_reported_with_numbers_and_nothing_half_imported(tmp_path):
    (tmp_path / "fake.jpg").write_bytes(b"this is not an image")
    (tmp_path / "good.png").write_bytes(image_bytes("PNG"))
    records = [
        {"type": "user", "username": "mia"},  # 1
        "{not json",  # 2
        {"type": "pet", "name": "cat"},  # 3
        {"type": "note", "author": "mia", "title": "no id"},  # 4
        {"type": "note", "external_id": "n1", "author": "mia", "title": "x" * 21},  # 5
        {  # 6: the second image is fake: the whole note (and its first image) must not exist
            "type": "note",
            "external_id": "n2",
            "author": "mia",
            "title": "两张图",
            "images": ["good.png", "fake.jpg"],
        },
        {"type": "note", "external_id": "n3", "author": "ghost", "title": "谁"},  # 7
        {"type": "comment", "external_id": "c1", "note": "n2", "author": "mia", "body": "hi"},  # 8
        {
            "type": "note",
            "external_id": "n4",
            "author": "mia",
            "title": "ok",
            "images": ["../outside.jpg"],
        },  # 9
        {
            "type": "note",
            "external_id": "n5",
            "author": "mia",
            "title": "好的",
            "created_at": "2026-01-02 03:04",
        },  # 10: no time zone
        {"type": "note", "external_id": "n6", "author": "mia", "title": "能导入"},  # 11
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    report = import_jsonl(path)
    lines = dict(report.errors)
    assert set(lines) == {2, 3, 4, 5, 6, 7, 8, 9, 10}
    assert "not valid JSON" in lines[2]
    assert "type" in lines[3]
    assert "external_id" in lines[4]
    assert "title" in lines[5]
    assert "fake.jpg" in lines[6] or "Image 2" in lines[6]
    assert "ghost" in lines[7]
    assert "line 6" in lines[8]
    assert "outside" in lines[9]
    assert "time zone" in lines[10]
    assert list(Note.objects.values_list("external_id", flat=True)) == ["n6"]
    assert NoteImage.objects.count() == 0
    assert not default_storage.exists("notes") or not any(
        files for _dirs, files in [default_storage.listdir("notes")]
    )
    with pytest.raises(CommandError, match="9 line"):
        call_command("import_jsonl", str(path), verbosity=0)


@pytest.mark.django_db
def test_a_line_that_is_not_utf8_is_reported_and_the_rest_imported(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"type": "user", "username": "mia"}\n'
        b'{"type": "user", "username": "\xff\xfe"}\n'
        b"\n"
        b'{"type": "note", "external_id": "n1", "author": "mia", "title": "ok"}\n'
    )
    report = import_jsonl(path)
    assert [line for line, _message in report.errors] == [2]
    assert "UTF-8" in report.errors[0][1]
    assert report.lines == 4
    assert Note.objects.filter(external_id="n1", author__username="mia").exists()


@pytest.mark.django_db
def test_dry_run_and_missing_file(tmp_path):
    path = write_jsonl(tmp_path / "data.jsonl", community(tmp_path))
    call_command("import_jsonl", str(path), dry_run=True, verbosity=0)
    assert not User.objects.exists() and not Note.objects.exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_jsonl", str(tmp_path / "missing.jsonl"))


def content():
    notes = {
        note.external_id: (
            note.author.username,
            note.title,
            note.body,
            note.category_id,
            note.status,
            note.visibility,
            note.created_at,
            note.like_count,
            note.collect_count,
            note.comment_count,
            note.image_count,
            tuple(t.name for t in note.topics.all()),
        )
        for note in Note.objects.select_related("author").prefetch_related("topics")
    }
    comments = set(
        Comment.objects.values_list(
            "external_id", "note__external_id", "author__username", "body", "parent__external_id"
        )
    )
    users = set(
        User.objects.values_list(
            "username",
            "display_name",
            "bio",
            "place",
            "followers_count",
            "following_count",
            "notes_count",
        )
    )
    return notes, comments, users


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_round_trips(tmp_path):
    call_command(
        "seed",
        users=12,
        notes=60,
        seed=3,
        anchor="2026-05-01",
        images=True,
        manifest=str(tmp_path / "m.json"),
        verbosity=0,
    )
    before = content()
    path = tmp_path / "out" / "export.jsonl"
    call_command("export_jsonl", str(path), verbosity=0)
    kinds = [json.loads(line)["type"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("note") == 60 and kinds.count("user") == 12
    assert any((path.parent / "export-media").iterdir())
    User.objects.all().delete()
    Topic.objects.all().delete()
    assert not Note.objects.exists()
    call_command("import_jsonl", str(path), verbosity=0)
    assert content() == before
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)
