from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.engagement import actions
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
    Notification,
    TopicFollow,
)
from grassroots.engagement.tests.factories import (
    BoardFactory,
    NoteFactory,
    NotificationFactory,
    TopicFactory,
)
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db


def fresh(obj):
    obj.refresh_from_db()
    return obj


def kinds(recipient):
    return sorted(Notification.objects.filter(recipient=recipient).values_list("kind", flat=True))


# --- likes ----------------------------------------------------------------------------------


def test_like_is_idempotent_and_counts_exactly():
    note = NoteFactory()
    fan = UserFactory()
    assert actions.note_like(user=fan, note=note) is True
    assert actions.note_like(user=fan, note=note) is False
    assert fresh(note).like_count == 1
    assert fresh(note.author).likes_collects_received == 1
    assert NoteLike.objects.filter(note=note).count() == 1

    assert actions.note_unlike(user=fan, note=note) is True
    assert actions.note_unlike(user=fan, note=note) is False
    assert fresh(note).like_count == 0
    assert fresh(note.author).likes_collects_received == 0


def test_like_refreshes_the_hot_score():
    note = NoteFactory()
    before = fresh(note).hot_score
    actions.note_like(user=UserFactory(), note=note)
    assert fresh(note).hot_score > before


def test_like_unlike_like_notifies_the_author_once():
    note = NoteFactory()
    fan = UserFactory()
    actions.note_like(user=fan, note=note)
    actions.note_unlike(user=fan, note=note)
    actions.note_like(user=fan, note=note)
    assert kinds(note.author) == ["like"]


def test_like_notifies_again_after_the_dedup_window():
    note = NoteFactory()
    fan = UserFactory()
    actions.note_like(user=fan, note=note)
    Notification.objects.update(created_at=timezone.now() - timedelta(days=2))
    actions.note_unlike(user=fan, note=note)
    actions.note_like(user=fan, note=note)
    assert kinds(note.author) == ["like", "like"]


def test_liking_own_note_does_not_notify():
    note = NoteFactory()
    assert actions.note_like(user=note.author, note=note) is True
    assert kinds(note.author) == []


@pytest.mark.parametrize(
    "note_kwargs",
    [
        {"private": True},
        {"draft": True},
        {"deleted_at": timezone.now()},
        {"hidden_at": timezone.now()},
    ],
)
def test_cannot_like_collect_or_comment_a_note_one_cannot_see(note_kwargs):
    note = NoteFactory(**note_kwargs)
    other = UserFactory()
    with pytest.raises(NotFound):
        actions.note_like(user=other, note=note)
    with pytest.raises(NotFound):
        actions.note_collect(user=other, note=note)
    with pytest.raises(NotFound):
        actions.comment_create(note=note, author=other, body="hello")
    note = fresh(note)
    assert (note.like_count, note.collect_count, note.comment_count) == (0, 0, 0)
    assert not NoteLike.objects.exists()
    assert not Collect.objects.exists()
    assert not Board.objects.exists()
    assert not Comment.objects.exists()


def test_author_can_engage_with_own_only_me_note_but_not_a_draft():
    private = NoteFactory(private=True)
    assert actions.note_like(user=private.author, note=private) is True
    assert actions.note_collect(user=private.author, note=private) is True
    draft = NoteFactory(draft=True, author=private.author)
    with pytest.raises(NotFound):
        actions.note_like(user=draft.author, note=draft)


# --- collects and boards ---------------------------------------------------------------------


def test_collect_creates_the_default_board_once_and_counts():
    note = NoteFactory()
    fan = UserFactory()
    assert actions.note_collect(user=fan, note=note) is True
    assert actions.note_collect(user=fan, note=note) is False
    board = Board.objects.get(owner=fan)
    assert board.is_default and board.note_count == 1
    assert fresh(note).collect_count == 1
    assert fresh(note.author).likes_collects_received == 1
    assert kinds(note.author) == ["collect"]

    second = NoteFactory()
    actions.note_collect(user=fan, note=second)
    assert Board.objects.filter(owner=fan).count() == 1
    assert fresh(board).note_count == 2


def test_collect_into_another_board_moves_it_and_keeps_counts_exact():
    note = NoteFactory()
    fan = UserFactory()
    actions.note_collect(user=fan, note=note)
    default = Board.objects.get(owner=fan, is_default=True)
    trips = board_actions.board_create(owner=fan, name="Trips")
    assert actions.note_collect(user=fan, note=note, board=trips) is True
    assert actions.note_collect(user=fan, note=note, board=trips) is False
    assert (fresh(default).note_count, fresh(trips).note_count) == (0, 1)
    assert fresh(note).collect_count == 1
    assert fresh(note.author).likes_collects_received == 1
    assert Collect.objects.get().board_id == trips.pk

    assert actions.note_uncollect(user=fan, note=note) is True
    assert actions.note_uncollect(user=fan, note=note) is False
    assert (fresh(default).note_count, fresh(trips).note_count) == (0, 0)
    assert fresh(note).collect_count == 0
    assert fresh(note.author).likes_collects_received == 0


def test_cannot_collect_into_someone_elses_board():
    note = NoteFactory()
    fan = UserFactory()
    with pytest.raises(NotFound):
        actions.note_collect(user=fan, note=note, board=BoardFactory())
    assert fresh(note).collect_count == 0
    assert not Collect.objects.exists()


def test_likes_and_collects_received_add_up():
    note = NoteFactory()
    for _ in range(3):
        fan = UserFactory()
        actions.note_like(user=fan, note=note)
        actions.note_collect(user=fan, note=note)
    assert fresh(note.author).likes_collects_received == 6


def test_board_create_validates_and_names_are_unique_per_owner():
    owner = UserFactory()
    board = board_actions.board_create(owner=owner, name="  Hot   pot  ", description=" yum ")
    assert (board.name, board.description, board.is_private) == ("Hot pot", "yum", False)
    with pytest.raises(Conflict) as info:
        board_actions.board_create(owner=owner, name="Hot pot")
    assert info.value.field == "name" and info.value.message
    with pytest.raises(ValidationFailed):
        board_actions.board_create(owner=owner, name="   ")
    with pytest.raises(ValidationFailed):
        board_actions.board_create(owner=owner, name="x" * 31)
    with pytest.raises(ValidationFailed):
        board_actions.board_create(owner=owner, name="ok", description="d" * 201)
    # Another owner may use the same name.
    board_actions.board_create(owner=UserFactory(), name="Hot pot")
    assert Board.objects.filter(owner=owner).count() == 1


def test_board_update_is_owner_only_and_keeps_names_unique():
    owner = UserFactory()
    first = board_actions.board_create(owner=owner, name="First")
    second = board_actions.board_create(owner=owner, name="Second")
    with pytest.raises(Forbidden):
        board_actions.board_update(board=first, actor=UserFactory(), name="Mine")
    with pytest.raises(Conflict):
        board_actions.board_update(board=second, actor=owner, name="First")
    board_actions.board_update(board=second, actor=owner, name="Renamed", is_private=True)
    second = fresh(second)
    assert (second.name, second.is_private) == ("Renamed", True)
    assert fresh(first).name == "First"


def test_board_delete_moves_notes_to_the_default_board():
    owner = UserFactory()
    trips = board_actions.board_create(owner=owner, name="Trips")
    notes = NoteFactory.create_batch(2)
    for note in notes:
        actions.note_collect(user=owner, note=note, board=trips)
    actions.note_collect(user=owner, note=NoteFactory())
    default = Board.objects.get(owner=owner, is_default=True)
    with pytest.raises(Forbidden):
        board_actions.board_delete(board=trips, actor=UserFactory())
    with pytest.raises(Conflict):
        board_actions.board_delete(board=default, actor=owner)
    assert board_actions.board_delete(board=trips, actor=owner) == 2
    assert not Board.objects.filter(pk=trips.pk).exists()
    assert fresh(default).note_count == 3
    assert Collect.objects.filter(user=owner, board=default).count() == 3
    assert all(fresh(note).collect_count == 1 for note in notes)


def test_default_board_name_clash_gets_another_name():
    owner = UserFactory()
    board_actions.board_create(owner=owner, name=gettext("Default board"))
    actions.note_collect(user=owner, note=NoteFactory())
    default = Board.objects.get(owner=owner, is_default=True)
    assert default.name.startswith(gettext("Default board"))
    assert default.name != gettext("Default board")


# --- comments --------------------------------------------------------------------------------


def test_comment_create_strips_counts_and_notifies_the_note_author():
    note = NoteFactory()
    commenter = UserFactory()
    comment = actions.comment_create(note=note, author=commenter, body="  nice!  ")
    assert comment.body == "nice!"
    assert comment.parent_id is None
    assert fresh(note).comment_count == 1
    assert kinds(note.author) == ["comment"]


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 501, "字" * 1000])
def test_bad_comment_bodies_change_nothing(body):
    note = NoteFactory()
    with pytest.raises(ValidationFailed) as info:
        actions.comment_create(note=note, author=UserFactory(), body=body)
    assert info.value.field == "body"
    assert not Comment.objects.exists()
    assert fresh(note).comment_count == 0
    assert not Notification.objects.exists()


def test_500_characters_is_fine():
    comment = actions.comment_create(note=NoteFactory(), author=UserFactory(), body="字" * 500)
    assert len(comment.body) == 500


def test_reply_to_a_reply_attaches_to_the_top_level_comment():
    note = NoteFactory()
    alice, bob, carol = UserFactory.create_batch(3)
    top = actions.comment_create(note=note, author=alice, body="top")
    first = actions.comment_create(note=note, author=bob, body="reply", reply_to=top)
    second = actions.comment_create(note=note, author=carol, body="reply²", reply_to=first)
    assert (first.parent_id, first.reply_to_id) == (top.pk, top.pk)
    assert (second.parent_id, second.reply_to_id) == (top.pk, first.pk)
    assert fresh(top).reply_count == 2
    assert fresh(note).comment_count == 3
    assert kinds(alice) == ["reply"]
    assert kinds(bob) == ["reply"]
    assert kinds(note.author) == ["comment"]


def test_reply_must_target_a_comment_of_the_same_note():
    top = actions.comment_create(note=NoteFactory(), author=UserFactory(), body="top")
    other_note = NoteFactory()
    with pytest.raises(ValidationFailed):
        actions.comment_create(note=other_note, author=UserFactory(), body="x", reply_to=top)
    assert fresh(other_note).comment_count == 0


def test_cannot_reply_to_a_deleted_comment():
    note = NoteFactory()
    top = actions.comment_create(note=note, author=UserFactory(), body="top")
    actions.comment_delete(comment=top, actor=top.author)
    with pytest.raises(NotFound):
        actions.comment_create(note=note, author=UserFactory(), body="x", reply_to=fresh(top))
    assert fresh(note).comment_count == 0


def test_mentions_in_comments_notify_once_and_not_self():
    note = NoteFactory()
    commenter = UserFactory(username="writer")
    friend = UserFactory(username="Friend_1")
    actions.comment_create(
        note=note,
        author=commenter,
        body=f"@friend_1 look! @writer @{note.author.username} @nobody",
    )
    assert kinds(friend) == ["mention"]
    assert kinds(commenter) == []
    # The note author is notified of the comment, not a second time for the mention.
    assert kinds(note.author) == ["comment"]


def test_comment_external_id_is_idempotent():
    note = NoteFactory()
    author = UserFactory()
    first = actions.comment_create(note=note, author=author, body="hi", external_id="c1")
    again = actions.comment_create(note=note, author=author, body="hi", external_id="c1")
    assert first.pk == again.pk
    assert fresh(note).comment_count == 1


def test_comment_delete_permissions_and_counts():
    note = NoteFactory()
    author = UserFactory()
    comment = actions.comment_create(note=note, author=author, body="hello")
    with pytest.raises(Forbidden):
        actions.comment_delete(comment=comment, actor=UserFactory())
    assert actions.comment_delete(comment=comment, actor=note.author) is True
    assert actions.comment_delete(comment=fresh(comment), actor=note.author) is False
    assert fresh(comment).deleted_at is not None
    assert fresh(note).comment_count == 0

    own = actions.comment_create(note=note, author=author, body="again")
    assert actions.comment_delete(comment=own, actor=author) is True
    staff = UserFactory(is_staff=True)
    third = actions.comment_create(note=note, author=author, body="third")
    assert actions.comment_delete(comment=third, actor=staff) is True
    assert fresh(note).comment_count == 0


def test_deleting_a_thread_and_then_its_replies_never_double_counts():
    note = NoteFactory()
    top = actions.comment_create(note=note, author=UserFactory(), body="top")
    replies = [
        actions.comment_create(note=note, author=UserFactory(), body=f"r{i}", reply_to=top)
        for i in range(3)
    ]
    assert fresh(note).comment_count == 4
    actions.comment_delete(comment=replies[0], actor=replies[0].author)
    assert (fresh(note).comment_count, fresh(top).reply_count) == (3, 2)
    actions.comment_delete(comment=top, actor=top.author)
    assert fresh(note).comment_count == 0
    actions.comment_delete(comment=replies[1], actor=replies[1].author)
    assert fresh(note).comment_count == 0
    assert fresh(top).reply_count == 1


def test_hide_and_unhide_restore_counts():
    note = NoteFactory()
    top = actions.comment_create(note=note, author=UserFactory(), body="top")
    reply = actions.comment_create(note=note, author=UserFactory(), body="r", reply_to=top)
    staff = UserFactory(is_staff=True)
    with pytest.raises(Forbidden):
        actions.comments_hide(comment_ids=[top.pk], actor=UserFactory())
    assert actions.comments_hide(comment_ids=[top.pk, top.pk], actor=staff) == 1
    assert fresh(note).comment_count == 0
    assert actions.comments_hide(comment_ids=[reply.pk], actor=staff) == 1
    assert (fresh(note).comment_count, fresh(top).reply_count) == (0, 0)
    assert actions.comments_unhide(comment_ids=[top.pk, reply.pk], actor=staff) == 2
    assert (fresh(note).comment_count, fresh(top).reply_count) == (2, 1)


def test_comment_like_is_idempotent_and_notifies_once():
    comment = actions.comment_create(note=NoteFactory(), author=UserFactory(), body="hi")
    fan = UserFactory()
    assert actions.comment_like(user=fan, comment=comment) is True
    assert actions.comment_like(user=fan, comment=comment) is False
    assert fresh(comment).like_count == 1
    actions.comment_unlike(user=fan, comment=comment)
    actions.comment_like(user=fan, comment=comment)
    assert fresh(comment).like_count == 1
    assert kinds(comment.author) == ["comment_like"]
    assert actions.comment_unlike(user=fan, comment=comment) is True
    assert actions.comment_unlike(user=fan, comment=comment) is False
    assert fresh(comment).like_count == 0
    assert not CommentLike.objects.exists()


def test_cannot_like_a_removed_comment():
    comment = actions.comment_create(note=NoteFactory(), author=UserFactory(), body="hi")
    actions.comment_delete(comment=comment, actor=comment.author)
    with pytest.raises(NotFound):
        actions.comment_like(user=UserFactory(), comment=fresh(comment))
    assert fresh(comment).like_count == 0


# --- topics ----------------------------------------------------------------------------------


def test_topic_follow_is_idempotent():
    topic = TopicFactory()
    fan = UserFactory()
    assert actions.topic_follow(user=fan, topic=topic) is True
    assert actions.topic_follow(user=fan, topic=topic) is False
    assert fresh(topic).follower_count == 1
    assert actions.topic_unfollow(user=fan, topic=topic) is True
    assert actions.topic_unfollow(user=fan, topic=topic) is False
    assert fresh(topic).follower_count == 0
    assert not TopicFollow.objects.exists()


# --- notifications ---------------------------------------------------------------------------


def test_notification_create_skips_self_and_deduplicates_follows():
    alice, bob = UserFactory.create_batch(2)
    assert actions.notification_create(recipient=alice, actor=alice, kind="follow") is None
    assert actions.notification_create(recipient=alice, actor=bob, kind="follow") is not None
    assert actions.notification_create(recipient=alice, actor=bob, kind="follow") is None
    note = NoteFactory(author=alice)
    actions.notification_create(recipient=alice, actor=bob, kind="mention", note=note)
    actions.notification_create(recipient=alice, actor=bob, kind="mention", note=note)
    assert kinds(alice) == ["follow", "mention", "mention"]
    with pytest.raises(ValidationFailed):
        actions.notification_create(recipient=alice, actor=bob, kind="bogus")


def test_notification_skips_inactive_recipients():
    gone = UserFactory(is_active=False)
    assert actions.notification_create(recipient=gone, actor=UserFactory(), kind="follow") is None


def test_mark_read_by_ids_and_all_only_touches_own_notifications():
    me = UserFactory()
    mine = NotificationFactory.create_batch(3, recipient=me)
    theirs = NotificationFactory()
    assert actions.notifications_mark_read(user=me, ids=[mine[0].pk, theirs.pk]) == 1
    assert fresh(theirs).read_at is None
    assert actions.notifications_mark_read(user=me, ids=[]) == 0
    assert actions.notifications_mark_read(user=me) == 2
    assert actions.notifications_mark_read(user=me) == 0
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()


def test_deleted_note_keeps_counts_untouched_by_unlike():
    note = NoteFactory()
    fan = UserFactory()
    actions.note_like(user=fan, note=note)
    Note.objects.filter(pk=note.pk).update(is_listed=False, deleted_at=timezone.now())
    # Removing one's own like still works (nothing is revealed) and counts stay exact.
    assert actions.note_unlike(user=fan, note=fresh(note)) is True
    assert fresh(note).like_count == 0
