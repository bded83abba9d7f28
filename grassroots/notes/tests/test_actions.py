"""notes.actions: publish, edit, delete/restore, hide, purge; counters, topics, mentions, files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.core.images import ImageRejected
from grassroots.engagement.models import Board, Collect, NoteLike, Notification
from grassroots.notes import actions
from grassroots.notes.covers import ensure_text_cover, text_cover_path
from grassroots.notes.models import Note, NoteImage, NoteMention, Topic
from grassroots.notes.tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def publish(author, **kwargs):
    kwargs.setdefault("title", "标题")
    kwargs.setdefault("body", "正文")
    return actions.note_publish(author=author, **kwargs)


def assert_counters_exact():
    """notes_count and Topic.note_count equal a recount of listed notes."""
    for user in User.objects.annotate(listed=Count("notes", filter=Q(notes__is_listed=True))):
        assert user.notes_count == user.listed, user.username
    for topic in Topic.objects.annotate(listed=Count("notes", filter=Q(notes__is_listed=True))):
        assert topic.note_count == topic.listed, topic.name


def files_under(folder):
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for sub in folders:
        found += files_under(f"{folder}/{sub}")
    return found


def topic_counts():
    return dict(Topic.objects.values_list("name", "note_count"))


def stored_paths(note):
    return [p for image in note.images.all() for p in (image.large, image.medium, image.thumb)]


# --- publish ------------------------------------------------------------------------------------


def test_publish_a_note_with_everything():
    author = UserFactory()
    note = publish(
        author,
        title="  开了三个月的红酒  ",
        body="还能喝吗？#红酒 #Wine",
        images=[image_bytes("JPEG", size=(300, 400)), image_bytes("PNG")],
        alt_texts=["酒瓶"],
        topics=["#生活小窍门"],
        category="food-wine",
        place_name="家里",
        place_city="上海",
    )
    note.refresh_from_db()
    assert note.title == "开了三个月的红酒"
    assert note.is_listed and note.status == "published" and note.visibility == "public"
    assert note.published_at == note.created_at == note.updated_at
    assert note.category.slug == "food-wine" and note.top_category.slug == "food"
    assert (note.place_name, note.place_city) == ("家里", "上海")
    assert note.image_count == 2 and (note.cover_width, note.cover_height) == (300, 400)
    images = list(note.images.all())
    assert [i.position for i in images] == [0, 1]
    assert [i.alt_text for i in images] == ["酒瓶", ""]
    assert all(default_storage.exists(path) for path in stored_paths(note))
    assert [t.name for t in note.topics.order_by("notetopic__position")] == [
        "生活小窍门",
        "红酒",
        "wine",
    ]
    author.refresh_from_db()
    assert author.notes_count == 1
    assert topic_counts() == {"生活小窍门": 1, "红酒": 1, "wine": 1}
    assert note.hot_score > 0  # ranked at publication


def test_text_only_note_gets_the_text_card_size():
    note = publish(UserFactory(), title="只有文字")
    assert note.image_count == 0 and (note.cover_width, note.cover_height) == (900, 1200)


def test_title_may_be_empty_when_there_is_a_body():
    note = publish(UserFactory(), title="", body="只有正文也可以")
    assert note.is_listed


def test_draft_is_never_listed_and_counts_nothing():
    author = UserFactory()
    note = publish(author, status="draft", body="#草稿")
    assert not note.is_listed and note.published_at is None
    author.refresh_from_db()
    assert author.notes_count == 0 and topic_counts() == {"草稿": 0}


def test_private_note_is_not_listed():
    author = UserFactory()
    note = publish(author, visibility="private", body="#私密")
    assert not note.is_listed and note.published_at is not None
    author.refresh_from_db()
    assert author.notes_count == 0 and topic_counts() == {"私密": 0}


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"title": "字" * 21}, "title_too_long", "title"),
        ({"body": "字" * 1001}, "body_too_long", "body"),
        ({"title": "", "body": ""}, "note_empty", "title"),
        ({"title": "   ", "body": "\n\n"}, "note_empty", "title"),
        ({"topics": [f"t{i}" for i in range(11)]}, "too_many_topics", "topics"),
        (
            {"body": " ".join(f"#t{i}" for i in range(6)), "topics": [f"u{i}" for i in range(5)]},
            "too_many_topics",
            "topics",
        ),
        ({"topics": ["x" * 31]}, "bad_topic", "topics"),
        ({"topics": ["a/b"]}, "bad_topic", "topics"),
        ({"category": "no-such-category"}, "unknown_category", "category"),
        ({"visibility": "friends"}, "bad_choice", "visibility"),
        ({"status": "archived"}, "bad_choice", "status"),
        ({"place_name": "p" * 61}, "too_long", "place_name"),
        ({"images": [b"x"] * 19}, "too_many_images", "images"),
        ({"images": [image_bytes()], "alt_texts": ["a", "b"]}, "bad_alt_texts", "alt_texts"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(kwargs, code, field):
    author = UserFactory()
    with pytest.raises(ValidationFailed) as caught:
        publish(author, **kwargs)
    assert caught.value.code == code and caught.value.field == field
    assert caught.value.status == 422
    assert Note.objects.count() == 0 and Topic.objects.count() == 0
    author.refresh_from_db()
    assert author.notes_count == 0
    assert files_under("notes") == []


def test_title_of_exactly_twenty_characters_and_body_of_a_thousand_are_fine():
    note = publish(UserFactory(), title="字" * 20, body="字" * 1000)
    assert len(note.title) == 20 and len(note.body) == 1000


def test_a_rejected_image_removes_the_files_of_the_images_before_it():
    with pytest.raises(ImageRejected) as caught:
        publish(UserFactory(), images=[image_bytes(), image_bytes("PNG"), image_bytes("GIF")])
    assert "3" in caught.value.message  # says which image
    assert Note.objects.count() == 0 and NoteImage.objects.count() == 0
    assert files_under("notes") == []


def test_files_are_deleted_when_the_transaction_fails_after_storing(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("grassroots.notes.actions.set_topics", explode)
    with pytest.raises(RuntimeError):
        publish(UserFactory(), images=[image_bytes(), image_bytes()])
    assert Note.objects.count() == 0
    assert files_under("notes") == []


def test_external_id_makes_publishing_idempotent():
    author = UserFactory()
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    first = publish(author, external_id="n1", created_at=when, body="#导入")
    again = publish(author, external_id="n1", title="changed")
    assert again.pk == first.pk and again.title == "标题"
    assert first.created_at == first.published_at == when
    author.refresh_from_db()
    assert author.notes_count == 1 and topic_counts() == {"导入": 1}
    with pytest.raises(Conflict):
        publish(UserFactory(), external_id="n1")


def test_naive_created_at_is_refused():
    with pytest.raises(ValidationFailed):
        publish(UserFactory(), created_at=datetime(2026, 1, 1))  # noqa: DTZ001


def test_topics_are_normalised_and_shared():
    a, b = UserFactory(), UserFactory()
    publish(a, body="#Coffee #ＣＯＦＦＥＥ #咖啡#", topics=["coffee", " #咖啡 "])
    publish(b, topics=["COFFEE"])
    assert topic_counts() == {"coffee": 2, "咖啡": 1}
    assert_counters_exact()


# --- mentions -----------------------------------------------------------------------------------


def mention_notifications(user):
    return Notification.objects.filter(recipient=user, kind="mention").count()


def test_mentions_notify_existing_users_once():
    author = UserFactory(username="mia")
    li, wang = UserFactory(username="li_li"), UserFactory(username="Wang")
    note = publish(author, body="@li_li @wang @LI_LI @nobody @mia 一起去 a@b.com")
    assert set(note.mentions.values_list("username", flat=True)) == {"li_li", "Wang"}
    assert mention_notifications(li) == 1 and mention_notifications(wang) == 1
    assert Notification.objects.filter(recipient=author).count() == 0  # no self-notification
    actions.note_update(note=note, editor=author, body="@li_li again @wang")
    assert mention_notifications(li) == 1 and mention_notifications(wang) == 1


def test_mentions_in_drafts_and_private_notes_notify_only_when_listed():
    author, li = UserFactory(), UserFactory(username="li")
    draft = publish(author, status="draft", body="@li 看看")
    private = publish(author, visibility="private", body="@li 私密")
    assert mention_notifications(li) == 0
    assert NoteMention.objects.filter(user=li).count() == 2
    actions.note_update(note=draft, editor=author, status="published")
    assert mention_notifications(li) == 1
    actions.note_update(note=private, editor=author, visibility="public")
    assert mention_notifications(li) == 2
    actions.note_update(note=private, editor=author, visibility="private")
    actions.note_update(note=private, editor=author, visibility="public")
    assert mention_notifications(li) == 2


def test_at_most_twenty_mentions_are_read():
    author = UserFactory()
    users = [UserFactory(username=f"friend{i}") for i in range(25)]
    note = publish(author, body=" ".join(f"@{u.username}" for u in users))
    assert note.mentions.count() == 20


def test_removed_mentions_are_dropped():
    author = UserFactory()
    UserFactory(username="li")
    note = publish(author, body="@li")
    actions.note_update(note=note, editor=author, body="nobody")
    assert note.mentions.count() == 0


# --- edit ---------------------------------------------------------------------------------------


def test_edit_changes_fields_and_reindexes_topics():
    author = UserFactory()
    note = publish(author, body="#旧话题 正文", topics=["保留"], category="food-wine")
    note = actions.note_update(note=note, editor=author, title="新标题", body="#新话题 正文")
    assert note.title == "新标题"
    assert [t.name for t in note.topics.order_by("notetopic__position")] == ["保留", "新话题"]
    assert topic_counts() == {"旧话题": 0, "保留": 1, "新话题": 1}
    assert note.published_at is not None and note.updated_at > note.published_at
    note = actions.note_update(note=note, editor=author, topics=["only"])
    assert [t.name for t in note.topics.order_by("notetopic__position")] == ["only", "新话题"]
    note = actions.note_update(note=note, editor=author, category="")
    assert note.category is None and note.top_category is None
    note = actions.note_update(note=note, editor=author, category="travel")
    assert note.category is not None and note.category.slug == "travel"
    assert note.top_category is not None and note.top_category.slug == "travel"
    assert_counters_exact()


def test_edit_keeps_unchanged_fields():
    author = UserFactory()
    note = publish(author, title="不变", body="#a", place_name="店", place_city="北京")
    note = actions.note_update(note=note, editor=author, place_city="上海")
    assert (note.title, note.body, note.place_name, note.place_city) == ("不变", "#a", "店", "上海")
    assert [t.name for t in note.topics.all()] == ["a"]


def test_edit_images_keep_reorder_remove_and_add(django_capture_on_commit_callbacks):
    author = UserFactory()
    note = publish(
        author,
        images=[
            image_bytes(size=(100, 100)),
            image_bytes(size=(200, 100)),
            image_bytes(size=(100, 300)),
        ],
        alt_texts=["a", "b", "c"],
    )
    a, b, c = note.images.all()
    removed = [a.large, a.medium, a.thumb]
    with django_capture_on_commit_callbacks(execute=True):
        note = actions.note_update(
            note=note,
            editor=author,
            keep_image_ids=[c.pk, b.pk],
            new_images=[image_bytes(size=(50, 50))],
            alt_texts=["d"],
            image_alt_texts={b.pk: "B!"},
        )
    images = list(note.images.order_by("position"))
    assert [(i.pk, i.position, i.alt_text) for i in images[:2]] == [(c.pk, 0, "c"), (b.pk, 1, "B!")]
    assert images[2].alt_text == "d" and images[2].position == 2
    assert note.image_count == 3 and (note.cover_width, note.cover_height) == (100, 300)
    assert not any(default_storage.exists(path) for path in removed)
    assert all(default_storage.exists(path) for path in stored_paths(note))


def test_edit_refuses_images_of_another_note():
    author = UserFactory()
    note = publish(author, images=[image_bytes()])
    other = publish(author, images=[image_bytes()])
    with pytest.raises(ValidationFailed):
        actions.note_update(note=note, editor=author, keep_image_ids=[other.images.get().pk])
    with pytest.raises(ValidationFailed):
        actions.note_update(note=note, editor=author, image_alt_texts={other.images.get().pk: "x"})
    assert note.images.count() == 1


def test_edit_cannot_exceed_eighteen_images():
    author = UserFactory()
    note = publish(author, images=[image_bytes(size=(8, 8))] * 18)
    with pytest.raises(ValidationFailed) as caught:
        actions.note_update(note=note, editor=author, new_images=[image_bytes()])
    assert caught.value.code == "too_many_images"
    assert note.images.count() == 18


def test_removing_every_image_makes_a_text_note():
    author = UserFactory()
    note = publish(author, images=[image_bytes(size=(300, 200))])
    note = actions.note_update(note=note, editor=author, keep_image_ids=[])
    assert note.image_count == 0 and (note.cover_width, note.cover_height) == (900, 1200)


def test_only_the_author_can_edit():
    note = publish(UserFactory())
    staff = UserFactory(is_staff=True)
    for editor in (UserFactory(), staff):
        with pytest.raises(NotFound):
            actions.note_update(note=note, editor=editor, title="hacked")
    note.refresh_from_db()
    assert note.title == "标题"


def test_a_bad_edit_changes_nothing():
    author = UserFactory()
    note = publish(author, body="#keep")
    with pytest.raises(ValidationFailed):
        actions.note_update(note=note, editor=author, title="字" * 21, body="#gone")
    note.refresh_from_db()
    assert note.body == "#keep" and topic_counts() == {"keep": 1}


def test_publishing_a_draft_sets_published_at_and_counts():
    author = UserFactory()
    draft = publish(author, status="draft", body="#d")
    note = actions.note_update(note=draft, editor=author, status="published")
    assert note.is_listed and note.published_at is not None and note.hot_score > 0
    author.refresh_from_db()
    assert author.notes_count == 1 and topic_counts() == {"d": 1}
    first = note.published_at
    note = actions.note_update(note=note, editor=author, status="draft")
    note = actions.note_update(note=note, editor=author, status="published")
    assert note.published_at == first  # first publication only
    assert_counters_exact()


def test_changed_title_replaces_the_text_card(django_capture_on_commit_callbacks):
    author = UserFactory()
    note = publish(author, title="旧标题")
    old = ensure_text_cover(note)
    assert default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        note = actions.note_update(note=note, editor=author, title="新标题")
    assert not default_storage.exists(old)
    assert text_cover_path(note) != old


# --- delete, restore, hide --------------------------------------------------------------------


def test_delete_restore_and_counters():
    author, staff = UserFactory(), UserFactory(is_staff=True)
    note = publish(author, body="#t")
    assert actions.note_delete(note=note, actor=author) is True
    assert note.deleted_at is not None and not note.is_listed
    assert actions.note_delete(note=note, actor=author) is False  # idempotent
    author.refresh_from_db()
    assert author.notes_count == 0 and topic_counts() == {"t": 0}
    with pytest.raises(Forbidden):
        actions.note_restore(note=note, actor=author)
    assert actions.note_restore(note=note, actor=staff) is True
    note.refresh_from_db()
    assert note.is_listed and note.deleted_at is None
    assert_counters_exact()


def test_strangers_cannot_delete_but_staff_can():
    note = publish(UserFactory())
    with pytest.raises(NotFound):
        actions.note_delete(note=note, actor=UserFactory())
    assert actions.note_delete(note=note, actor=UserFactory(is_staff=True))


def test_restore_is_limited_to_thirty_days():
    author, staff = UserFactory(), UserFactory(is_staff=True)
    note = publish(author)
    actions.note_delete(note=note, actor=author)
    Note.objects.filter(pk=note.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    with pytest.raises(Conflict) as caught:
        actions.note_restore(note=note, actor=staff)
    assert caught.value.code == "restore_expired"
    assert actions.notes_restore(note_ids=[note.pk], actor=staff) == 0


def test_hide_and_unhide_in_bulk():
    author, staff = UserFactory(), UserFactory(is_staff=True)
    notes = [publish(author, body="#h") for _ in range(3)]
    draft = publish(author, status="draft", body="#h")
    ids = [n.pk for n in notes] + [draft.pk, 999_999]
    with pytest.raises(Forbidden):
        actions.notes_hide(note_ids=ids, actor=author)
    assert actions.notes_hide(note_ids=ids, actor=staff) == 4
    assert actions.notes_hide(note_ids=ids, actor=staff) == 0
    author.refresh_from_db()
    assert author.notes_count == 0 and topic_counts() == {"h": 0}
    assert not Note.objects.filter(is_listed=True).exists()
    assert actions.notes_unhide(note_ids=ids, actor=staff) == 4
    author.refresh_from_db()
    assert author.notes_count == 3 and topic_counts() == {"h": 3}
    assert_counters_exact()


def test_hidden_note_that_is_deleted_and_restored_stays_hidden():
    author, staff = UserFactory(), UserFactory(is_staff=True)
    note = publish(author)
    actions.notes_hide(note_ids=[note.pk], actor=staff)
    actions.note_delete(note=note, actor=author)
    actions.note_restore(note=note, actor=staff)
    note.refresh_from_db()
    assert note.hidden_at is not None and not note.is_listed
    assert_counters_exact()


def test_counters_stay_exact_through_a_busy_life():
    mia, li = UserFactory(), UserFactory()
    staff = UserFactory(is_staff=True)
    a = publish(mia, body="#x #y")
    b = publish(mia, body="#y", visibility="private")
    c = publish(li, body="#x", status="draft")
    actions.note_update(note=b, editor=mia, visibility="public", body="#z")
    actions.note_update(note=c, editor=li, status="published")
    actions.notes_hide(note_ids=[a.pk], actor=staff)
    actions.note_update(note=a, editor=mia, body="#w")
    actions.notes_unhide(note_ids=[a.pk], actor=staff)
    actions.note_delete(note=c, actor=staff)
    actions.note_update(note=a, editor=mia, topics=["x"], body="no tags")
    assert_counters_exact()
    assert topic_counts() == {"x": 1, "y": 0, "z": 1, "w": 0}


# --- purge --------------------------------------------------------------------------------------


def test_purge_removes_expired_notes_with_their_files(django_capture_on_commit_callbacks):
    author, fan = UserFactory(), UserFactory()
    old = publish(author, images=[image_bytes()])
    text_only = publish(author, title="文字")
    recent = publish(author, images=[image_bytes()])
    board = Board.objects.create(owner=fan, name="收藏", is_default=True, note_count=1)
    Collect.objects.create(user=fan, note=old, board=board)
    NoteLike.objects.create(user=fan, note=old)
    Note.objects.filter(pk=old.pk).update(like_count=1, collect_count=1)
    User.objects.filter(pk=author.pk).update(likes_collects_received=2)
    cover = ensure_text_cover(text_only)
    paths = stored_paths(old)
    for note in (old, text_only, recent):
        actions.note_delete(note=note, actor=author)
    past = timezone.now() - timedelta(days=31)
    Note.objects.filter(pk__in=[old.pk, text_only.pk]).update(deleted_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.note_purge_expired() == 2
    assert list(Note.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not any(default_storage.exists(path) for path in [*paths, cover])
    assert all(default_storage.exists(path) for path in stored_paths(recent))
    board.refresh_from_db()
    author.refresh_from_db()
    assert board.note_count == 0 and author.likes_collects_received == 0
    assert actions.note_purge_expired() == 0


def test_refresh_hot_score_is_called_after_publish(monkeypatch):
    seen = []
    monkeypatch.setattr(actions, "refresh_hot_score", lambda note_id: seen.append(note_id))
    note = publish(UserFactory())
    assert seen == [note.pk]


def test_purge_command(capsys):
    from django.core.management import call_command

    author = UserFactory()
    note = publish(author)
    actions.note_delete(note=note, actor=author)
    Note.objects.filter(pk=note.pk).update(deleted_at=timezone.now() - timedelta(days=40))
    call_command("purge_deleted_notes")
    assert "Purged 1 notes" in capsys.readouterr().out
    assert not Note.objects.exists()
