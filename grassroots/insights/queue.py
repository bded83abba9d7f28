"""Outbox of the insight analysis: notes whose text, state or comments changed.

Written by notes and engagement actions inside their own transaction (like the search outbox),
so a committed change is never missed and a rolled-back one never queued. Likes and collects
don't queue: they change no sentence. `insights.pipeline.update` drains the queue; bulk
loads that bypass actions (seed, import) are caught by its watermark or `insights_rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable

from grassroots.insights.models import InsightQueue


def notes_changed(*, note_ids: Iterable[int]) -> None:
    """Queue several notes for re-analysis in the caller's transaction."""
    ids = list(dict.fromkeys(int(note_id) for note_id in note_ids))
    if ids:
        InsightQueue.objects.bulk_create([InsightQueue(note_id=note_id) for note_id in ids])


def note_changed(*, note_id: int) -> None:
    """The note's text or state, or one of its comments, changed."""
    notes_changed(note_ids=[note_id])
