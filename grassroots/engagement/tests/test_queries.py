# Queries attach per-viewer attributes (first_replies, viewer_liked…) that mypy cannot see.
# mypy: disable-error-code="attr-defined,union-attr"
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import DomainError, NotFound
from grassroots.engagement import actions, queries
from grassroots.engagement import boards as board_actions
from grassroots.engagement.tests.factories import (
    CommentFactory,
    NoteFactory,
    NotificationFactory,
)
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def thread(note, *, comments, replies_each=0, start=None):
    """Comments created a minute apart (oldest first), each with replies a second apart."""
    start = start or timezone.now() - timedelta(days=1)
    made = []
    for i in range(comments):
        top = CommentFactory(note=note, created_at=start + timedelta(minutes=i), body=f"c{i}")
        for j in range(replies_each):
            CommentFactory(
                note=note,
                parent=top,
                reply_to=top,
                created_at=top.created_at + timedelta(seconds=j + 1),
                body=f"c{i}r{j}",
            )
        top.reply_count = replies_each
        top.save(update_fields=["reply_count"])
        made.append(top)
    return made


# --- viewer states ---------------------------------------------------------------------------


def test_viewer_note_states_in_two_queries(django_assert_num_queries):
    viewer = UserFactory()
    notes = NoteFactory.create_batch(4)
    actions.note_like(user=viewer, note=notes[0])
    actions.note_collect(user=viewer, note=notes[1])
    actions.note_like(user=UserFactory(), note=notes[2])
    with django_assert_num_queries(2):
        liked, collected = queries.viewer_note_states(viewer=viewer, note_ids=[n.pk for n in notes])
    assert liked == {notes[0].pk}
    assert collected == {notes[1].pk}
    with django_assert_num_queries(0):
        assert queries.viewer_note_states(viewer=AnonymousUser(), note_ids=[1]) == (set(), set())
        assert queries.viewer_note_states(viewer=viewer, note_ids=[]) == (set(), set())


def test_unread_count_is_one_query(django_assert_num_queries):
    me = UserFactory()
    NotificationFactory.create_batch(3, recipient=me)
    NotificationFactory(recipient=me, read_at=timezone.now())
    with django_assert_num_queries(1):
        assert queries.unread_notification_count(user=me) == 3


def test_unread_count_without_a_member_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert queries.unread_notification_count(user=AnonymousUser()) == 0
        assert queries.unread_notification_count(user=UserFactory.build()) == 0
        assert queries.unread_notification_count(user=None) == 0


# --- comments --------------------------------------------------------------------------------


def test_comments_page_oldest_first_pages_without_gaps_or_repeats():
    note = NoteFactory()
    made = thread(note, comments=7)
    seen: list[int] = []
    cursor = None
    while True:
        page = queries.comments_page(note=note, viewer=None, cursor=cursor, limit=3)
        seen.extend(c.pk for c in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [c.pk for c in made]


def test_comments_page_hot_order_by_likes_then_time():
    note = NoteFactory()
    made = thread(note, comments=4)
    for comment, likes in zip(made, [0, 5, 5, 1], strict=True):
        comment.like_count = likes
        comment.save(update_fields=["like_count"])
    first = queries.comments_page(note=note, viewer=None, limit=2, sort="hot")
    second = queries.comments_page(
        note=note, viewer=None, limit=2, sort="hot", cursor=first.next_cursor
    )
    order = [c.pk for c in first.items + second.items]
    assert order == [made[1].pk, made[2].pk, made[3].pk, made[0].pk]
    assert second.next_cursor is None
    with pytest.raises(DomainError):
        queries.comments_page(note=note, viewer=None, sort="random")


def test_comments_page_hides_removed_comments_and_their_threads():
    note = NoteFactory()
    kept, hidden, deleted = thread(note, comments=3, replies_each=1)
    hidden.hidden_at = timezone.now()
    hidden.save()
    deleted.deleted_at = timezone.now()
    deleted.save()
    CommentFactory(note=note, parent=kept, reply_to=kept, deleted_at=timezone.now())
    page = queries.comments_page(note=note, viewer=None)
    assert [c.pk for c in page.items] == [kept.pk]
    assert [r.body for r in page.items[0].first_replies] == ["c0r0"]


def test_first_two_replies_then_replies_page_continues():
    note = NoteFactory()
    (top,) = thread(note, comments=1, replies_each=5)
    page = queries.comments_page(note=note, viewer=None)
    comment = page.items[0]
    assert [r.body for r in comment.first_replies] == ["c0r0", "c0r1"]
    assert comment.more_replies_cursor
    rest = queries.replies_page(
        comment=queries.comment_for_viewer(comment_id=top.pk, viewer=None),
        viewer=None,
        cursor=comment.more_replies_cursor,
        limit=2,
    )
    assert [r.body for r in rest.items] == ["c0r2", "c0r3"]
    last = queries.replies_page(comment=comment, viewer=None, cursor=rest.next_cursor, limit=2)
    assert [r.body for r in last.items] == ["c0r4"]
    assert last.next_cursor is None


def test_comments_page_query_count_is_constant(django_assert_num_queries):
    viewer = UserFactory()
    small_note, big_note = NoteFactory(), NoteFactory()
    thread(small_note, comments=2, replies_each=1)
    for top in thread(big_note, comments=15, replies_each=4):
        actions.comment_like(user=viewer, comment=top)
    small, _page = count_queries(
        lambda: queries.comments_page(note=small_note, viewer=viewer, limit=20)
    )
    assert small == 3
    with django_assert_num_queries(3):
        page = queries.comments_page(note=big_note, viewer=viewer, limit=20)
        # Everything the template touches is loaded already.
        for comment in page.items:
            assert comment.viewer_liked is True
            assert comment.author.username
            for reply in comment.first_replies:
                assert reply.author.username
                assert reply.viewer_liked is False


def test_can_delete_flags():
    note = NoteFactory()
    mine = CommentFactory(note=note)
    other = CommentFactory(note=note)
    page = queries.comments_page(note=note, viewer=mine.author)
    flags = {c.pk: c.can_delete for c in page.items}
    assert flags == {mine.pk: True, other.pk: False}
    page = queries.comments_page(note=note, viewer=note.author)
    assert all(c.can_delete for c in page.items)
    page = queries.comments_page(note=note, viewer=AnonymousUser())
    assert not any(c.can_delete for c in page.items)


def test_comment_for_viewer_checks_the_note():
    private = NoteFactory(private=True)
    comment = CommentFactory(note=private, author=private.author)
    with pytest.raises(NotFound):
        queries.comment_for_viewer(comment_id=comment.pk, viewer=UserFactory())
    assert queries.comment_for_viewer(comment_id=comment.pk, viewer=private.author).pk == comment.pk
    with pytest.raises(NotFound):
        queries.comment_for_viewer(comment_id=10**9, viewer=None)


def test_bad_cursor_is_a_domain_error():
    note = NoteFactory()
    with pytest.raises(DomainError):
        queries.comments_page(note=note, viewer=None, cursor="garbage")
    from grassroots.core.pagination import encode_cursor

    with pytest.raises(DomainError):
        queries.comments_page(note=note, viewer=None, cursor=encode_cursor(["not a date", 1]))


# --- boards ----------------------------------------------------------------------------------


def test_private_boards_only_for_their_owner():
    owner = UserFactory()
    public = board_actions.board_create(owner=owner, name="Public")
    secret = board_actions.board_create(owner=owner, name="Secret", is_private=True)
    stranger = UserFactory()
    assert {b.pk for b in queries.boards_for_viewer(owner=owner, viewer=owner)} == {
        public.pk,
        secret.pk,
    }
    assert [b.pk for b in queries.boards_for_viewer(owner=owner, viewer=stranger)] == [public.pk]
    assert [b.pk for b in queries.boards_for_viewer(owner=owner, viewer=None)] == [public.pk]
    for viewer in (stranger, None, AnonymousUser()):
        with pytest.raises(NotFound):
            queries.board_for_viewer(board_id=secret.pk, viewer=viewer)
    assert queries.board_for_viewer(board_id=secret.pk, viewer=owner).pk == secret.pk


def test_boards_for_viewer_previews_without_n_plus_one(django_assert_num_queries):
    owner = UserFactory()
    for i in range(5):
        board = board_actions.board_create(owner=owner, name=f"b{i}")
        for note in NoteFactory.create_batch(4):
            actions.note_collect(user=owner, note=note, board=board)
    hidden = NoteFactory(private=True)
    actions.note_collect(user=hidden.author, note=hidden)
    with django_assert_num_queries(2):
        boards = queries.boards_for_viewer(owner=owner, viewer=None)
        assert all(len(b.preview_notes) == 3 for b in boards)
        assert all(n.title for b in boards for n in b.preview_notes)


def test_board_notes_page_shows_only_notes_the_viewer_may_see():
    owner = UserFactory()
    board = board_actions.board_create(owner=owner, name="Mixed")
    listed = NoteFactory()
    later_private = NoteFactory()
    own_private = NoteFactory(private=True, author=owner)
    for note in (listed, later_private, own_private):
        actions.note_collect(user=owner, note=note, board=board)
    Note.objects.filter(pk=later_private.pk).update(is_listed=False, visibility="private")
    stranger_view = queries.board_notes_page(board=board, viewer=UserFactory())
    assert [n.pk for n in stranger_view.items] == [listed.pk]
    owner_view = queries.board_notes_page(board=board, viewer=owner)
    assert [n.pk for n in owner_view.items] == [own_private.pk, listed.pk]


def test_board_notes_page_newest_collect_first_and_paged(django_assert_num_queries):
    owner = UserFactory()
    board = board_actions.board_create(owner=owner, name="Many")
    notes = NoteFactory.create_batch(5)
    for note in notes:
        actions.note_collect(user=owner, note=note, board=board)
    with django_assert_num_queries(1):
        first = queries.board_notes_page(board=board, viewer=None, limit=3)
        assert all(n.author.username for n in first.items)
    second = queries.board_notes_page(board=board, viewer=None, limit=3, cursor=first.next_cursor)
    assert [n.pk for n in first.items + second.items] == [n.pk for n in reversed(notes)]
    assert second.next_cursor is None


def test_liked_notes_page_keyset_and_visibility():
    fan = UserFactory()
    notes = NoteFactory.create_batch(4)
    for note in notes:
        actions.note_like(user=fan, note=note)
    Note.objects.filter(pk=notes[1].pk).update(is_listed=False, visibility="private")
    first = queries.liked_notes_page(user=fan, viewer=None, limit=2)
    second = queries.liked_notes_page(user=fan, viewer=None, limit=2, cursor=first.next_cursor)
    assert [n.pk for n in first.items + second.items] == [notes[3].pk, notes[2].pk, notes[0].pk]
    assert second.next_cursor is None
    # The author of the private note still sees it among the likes.
    mine = queries.liked_notes_page(user=fan, viewer=notes[1].author, limit=10)
    assert notes[1].pk in [n.pk for n in mine.items]


# --- notifications ---------------------------------------------------------------------------


def test_notifications_page_one_query_and_availability(django_assert_num_queries):
    me = UserFactory()
    for _ in range(6):
        actor = UserFactory()
        note = NoteFactory(author=me)
        actions.note_like(user=actor, note=note)
        actions.comment_create(note=note, author=actor, body="hey")
    gone = NoteFactory(author=me)
    actions.note_like(user=UserFactory(), note=gone)
    Note.objects.filter(pk=gone.pk).update(is_listed=False, deleted_at=timezone.now())
    with django_assert_num_queries(1):
        page = queries.notifications_page(user=me, limit=50)
        for item in page.items:
            assert item.actor.username
            assert item.note.title
            if item.comment_id:
                assert item.comment.body
    assert len(page.items) == 13
    assert page.items[0].note_id == gone.pk
    assert page.items[0].note_available is False
    assert all(item.note_available for item in page.items[1:])
    comments = queries.notifications_page(user=me, group="comments")
    assert {item.kind for item in comments.items} == {"comment"}
    with pytest.raises(DomainError):
        queries.notifications_page(user=me, group="spam")


def test_notifications_page_paging_is_newest_first():
    me = UserFactory()
    made = [NotificationFactory(recipient=me) for _ in range(5)]
    first = queries.notifications_page(user=me, limit=2)
    rest = queries.notifications_page(user=me, limit=10, cursor=first.next_cursor)
    assert [n.pk for n in first.items + rest.items] == [n.pk for n in reversed(made)]
    assert queries.notifications_page(user=UserFactory()).items == []
