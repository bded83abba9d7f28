"""Counters stay exact under real concurrent requests (PostgreSQL; SQLite serialises writers).

Each worker thread has its own database connection, as gunicorn workers would; they start
together behind a barrier and repeat clicks, so unique constraints, savepoints and F()
updates are what keep the numbers right.
"""

from __future__ import annotations

from collections.abc import Callable

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.testing import POSTGRES_ONLY, run_together
from grassroots.engagement import actions
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Collect, Comment, NoteLike
from grassroots.engagement.tests.factories import NoteFactory
from grassroots.notes.models import Note

pytestmark = POSTGRES_ONLY


def clicks(action: Callable[..., object], times: int, **kwargs: object) -> Callable[[], None]:
    def job() -> None:
        for _ in range(times):
            action(**kwargs)

    return job


def test_concurrent_likes_and_repeated_clicks_count_exactly():
    note = NoteFactory()
    fans = UserFactory.create_batch(20)
    # Every fan likes from two "tabs" at once, three clicks each.
    run_together(
        [clicks(actions.note_like, 3, user=fan, note=note) for fan in fans for _tab in range(2)]
    )
    note.refresh_from_db()
    assert NoteLike.objects.filter(note=note).count() == 20
    assert note.like_count == 20
    assert User.objects.get(pk=note.author_id).likes_collects_received == 20

    # Half of them unlike from two tabs while the other half click like again.
    run_together(
        [clicks(actions.note_unlike, 2, user=fan, note=note) for fan in fans[:10] for _ in (1, 2)]
        + [clicks(actions.note_like, 2, user=fan, note=note) for fan in fans[10:]]
    )
    note.refresh_from_db()
    assert NoteLike.objects.filter(note=note).count() == 10
    assert note.like_count == 10
    assert User.objects.get(pk=note.author_id).likes_collects_received == 10
    assert note.hot_score > 0


def test_concurrent_collects_make_one_default_board_each_and_exact_counts():
    note = NoteFactory()
    other_note = NoteFactory(author=note.author)
    fans = UserFactory.create_batch(10)
    # Each fan collects two notes at once: both requests need the (not yet existing)
    # default board, and each note is clicked twice.
    run_together(
        [
            clicks(actions.note_collect, 2, user=fan, note=n)
            for fan in fans
            for n in (note, other_note)
        ]
    )
    for n in (note, other_note):
        n.refresh_from_db()
        assert Collect.objects.filter(note=n).count() == n.collect_count == 10
    for fan in fans:
        boards = list(Board.objects.filter(owner=fan))
        assert len(boards) == 1 and boards[0].is_default
        assert boards[0].note_count == Collect.objects.filter(board=boards[0]).count() == 2
    assert User.objects.get(pk=note.author_id).likes_collects_received == 20


def test_concurrent_moves_and_uncollects_keep_board_counts_exact():
    fan = UserFactory()
    notes = NoteFactory.create_batch(6)
    boards = [board_actions.board_create(owner=fan, name=f"b{i}") for i in range(3)]
    for n in notes:
        actions.note_collect(user=fan, note=n, board=boards[0])
    jobs: list[Callable[[], None]] = []
    for i, n in enumerate(notes):
        jobs.append(clicks(actions.note_collect, 2, user=fan, note=n, board=boards[1]))
        jobs.append(clicks(actions.note_collect, 2, user=fan, note=n, board=boards[2]))
        if i % 2:
            jobs.append(clicks(actions.note_uncollect, 1, user=fan, note=n))
    run_together(jobs)
    for board in boards:
        board.refresh_from_db()
        assert board.note_count == Collect.objects.filter(board=board).count()
    for n in notes:
        n.refresh_from_db()
        assert n.collect_count == Collect.objects.filter(note=n).count()
    total = Collect.objects.filter(user=fan).count()
    assert sum(b.note_count for b in boards) == total
    assert (
        User.objects.get(pk=notes[0].author_id).likes_collects_received
        == Collect.objects.filter(note=notes[0]).count()
    )


def test_concurrent_replies_and_deletes_keep_comment_counts_exact():
    note = NoteFactory()
    top = actions.comment_create(note=note, author=UserFactory(), body="top")
    writers = UserFactory.create_batch(12)
    early = [
        actions.comment_create(note=note, author=w, body="early", reply_to=top) for w in writers[:4]
    ]
    jobs: list[Callable[[], None]] = [
        clicks(actions.comment_create, 2, note=note, author=w, body="hi", reply_to=top)
        for w in writers[4:]
    ]
    jobs += [clicks(actions.comment_delete, 2, comment=c, actor=c.author) for c in early]
    jobs += [clicks(actions.comment_like, 2, user=w, comment=top) for w in writers]
    run_together(jobs)
    visible_replies = Comment.objects.filter(
        parent=top, deleted_at__isnull=True, hidden_at__isnull=True
    ).count()
    top.refresh_from_db()
    note.refresh_from_db()
    assert visible_replies == 16
    assert top.reply_count == visible_replies
    assert note.comment_count == 1 + visible_replies
    assert top.like_count == 12
    assert Note.objects.get(pk=note.pk).comment_count == note.comment_count
