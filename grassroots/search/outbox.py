"""Outbox writes: record that a note's search document must be refreshed.

Called by notes and engagement actions inside their transaction. Within one transaction a
note gets one event however many times it changes (a bulk hide or a like burst), which keeps
the indexer's work proportional to notes, not to writes. Deduplication is scoped to the
savepoint level the event was written at: if an inner savepoint rolls back, its events and
its memory of them go together, so a later call in the outer block writes the event again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from grassroots.search.models import SearchEvent


class _WrittenInTransaction:
    """Registered as an on_commit callback only to live exactly as long as the savepoint.

    Django drops on_commit callbacks of a rolled-back savepoint or transaction, so finding
    this marker in `run_on_commit` means the events it remembers are still pending.
    """

    def __init__(self) -> None:
        self.note_ids: set[int] = set()

    def __call__(self) -> None:
        return None


def _new_note_ids(note_ids: Iterable[int]) -> list[int]:
    """The ids not yet recorded in the current transaction (and remember them)."""
    wanted = list(dict.fromkeys(int(note_id) for note_id in note_ids))
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return wanted
    alive = set(connection.savepoint_ids)
    current: _WrittenInTransaction | None = None
    seen: set[int] = set()
    for sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _WrittenInTransaction) and set(sids) <= alive:
            seen |= func.note_ids
            if set(sids) == alive:
                current = func
    if current is None:
        current = _WrittenInTransaction()
        transaction.on_commit(current)
    fresh = [note_id for note_id in wanted if note_id not in seen]
    current.note_ids.update(fresh)
    return fresh


def notes_changed(*, note_ids: Iterable[int], kind: str = SearchEvent.Kind.NOTE) -> None:
    """Record events for several notes in the caller's transaction."""
    fresh = _new_note_ids(note_ids)
    if fresh:
        SearchEvent.objects.bulk_create([SearchEvent(note_id=i, kind=kind) for i in fresh])


def note_changed(*, note_id: int) -> None:
    """The note's text, state or counters changed: refresh its search document."""
    notes_changed(note_ids=[note_id])


def comment_changed(*, comment_id: int) -> None:
    """A comment appeared, disappeared or changed: refresh its note's document."""
    from grassroots.engagement.models import Comment

    note_id = Comment.objects.filter(pk=comment_id).values_list("note_id", flat=True).first()
    if note_id is not None:
        notes_changed(note_ids=[note_id], kind=SearchEvent.Kind.COMMENT)
