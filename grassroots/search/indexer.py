"""Keeps the index in step with the database: outbox replay and full rebuilds.

apply_pending() reads SearchEvent rows in id order, re-reads the affected notes with their
visible comments in bulk, deletes their documents and adds back the listed ones, commits,
and only then deletes the events it applied. A crash anywhere before that delete leaves the
events in place; replaying them is idempotent (delete + add from the current database state).

rebuild() writes a fresh generation from the database and swaps it in atomically, holding the
writer lock so the indexer pauses; events written meanwhile stay in the outbox and are
applied to the new generation afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from django.db import transaction
from django.db.models import Q

from grassroots.engagement.models import Comment
from grassroots.notes.models import LISTED, Note, NoteTopic
from grassroots.search import index as search_index
from grassroots.search.models import SearchEvent

# Comments per note fed to the index, most liked first (the rest rarely carry the answer).
COMMENTS_PER_NOTE = 200
APPLY_WRITER_HEAP = 64_000_000
REBUILD_WRITER_HEAP = 256_000_000
REBUILD_BATCH = 2_000

_writer_state: dict[str, Any] = {}
_writer_guard = threading.Lock()


def forget_writer() -> None:
    with _writer_guard:
        _writer_state.clear()


def _writer_for(path: Path) -> tantivy.IndexWriter:
    """The process's writer for the live generation (re-opened after a swap or fork)."""
    key = (str(path), os.getpid())
    if _writer_state.get("key") != key:
        _writer_state.clear()
        index = search_index.open_index(path)
        _writer_state.update(
            key=key, index=index, writer=index.writer(heap_size=APPLY_WRITER_HEAP, num_threads=1)
        )
    writer: tantivy.IndexWriter = _writer_state["writer"]
    return writer


# --- loading notes -------------------------------------------------------------------------


def _visible_comments(note_ids: list[int]) -> dict[int, list[str]]:
    """Visible comments' bodies per note: not deleted or hidden, and their thread visible."""
    rows = (
        Comment.objects.filter(
            note_id__in=note_ids, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .filter(
            Q(parent__isnull=True)
            | Q(parent__deleted_at__isnull=True, parent__hidden_at__isnull=True)
        )
        .order_by("note_id", "-like_count", "id")
        .values_list("note_id", "body")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for note_id, body in rows.iterator(chunk_size=5000):
        bucket = found[note_id]
        if len(bucket) < COMMENTS_PER_NOTE:
            bucket.append(body)
    return found


def _topics(note_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        NoteTopic.objects.filter(note_id__in=note_ids)
        .order_by("note_id", "position")
        .values_list("note_id", "topic__name")
    )
    for note_id, name in rows:
        found[note_id].append(name)
    return found


NOTE_COLUMNS = (
    "id",
    "title",
    "body",
    "published_at",
    "like_count",
    "collect_count",
    "comment_count",
    "category_id",
    "top_category_id",
    "place_city",
    "image_count",
    "author_id",
)


def load_sources(note_ids: Iterable[int]) -> list[search_index.NoteSource]:
    """Listed notes among `note_ids` as index sources (three queries, whatever the count)."""
    ids = sorted(set(note_ids))
    if not ids:
        return []
    # `is_listed=True` (not LISTED) so SQLite seeks the ids by primary key.
    rows = list(
        Note.objects.filter(pk__in=ids, is_listed=True).order_by("pk").values_list(*NOTE_COLUMNS)
    )
    return _sources_from_rows(rows)


def _sources_from_rows(rows: list[tuple[Any, ...]]) -> list[search_index.NoteSource]:
    listed_ids = [row[0] for row in rows]
    topics = _topics(listed_ids)
    comments = _visible_comments(listed_ids)
    sources = []
    for (
        note_id,
        title,
        body,
        published_at,
        likes,
        collects,
        comment_count,
        category_id,
        top_category_id,
        city,
        image_count,
        author_id,
    ) in rows:
        sources.append(
            search_index.NoteSource(
                note_id=note_id,
                title=title,
                body=body,
                published_ts=int(published_at.timestamp()) if published_at else 0,
                like_count=likes,
                collect_count=collects,
                comment_count=comment_count,
                category_id=category_id,
                top_category_id=top_category_id,
                city=city,
                is_text_only=image_count == 0,
                author_id=author_id,
                topics=topics.get(note_id, []),
                comments=comments.get(note_id, []),
            )
        )
    return sources


# --- applying the outbox -------------------------------------------------------------------


def apply_pending(batch: int = 1000) -> int:
    """Apply up to `batch` outbox events in id order; returns how many events were applied."""
    root = search_index.index_root()
    search_index.ensure_index(root)
    with search_index.writer_lock(root):
        events = list(
            SearchEvent.objects.order_by("id").values_list("id", "note_id")[: max(1, batch)]
        )
        if not events:
            return 0
        path = search_index.current_generation(root) or search_index.ensure_index(root)
        with _writer_guard:
            writer = _writer_for(path)
            note_ids = sorted({note_id for _event_id, note_id in events})
            sources = load_sources(note_ids)
            for note_id in note_ids:
                writer.delete_documents_by_term("note_id", note_id)
            for source in sources:
                writer.add_document(search_index.make_document(source))
            writer.commit()
        # Only events we read: ones committed meanwhile with a lower id (concurrent
        # transactions commit out of order) are kept for the next round.
        with transaction.atomic():
            SearchEvent.objects.filter(pk__in=[event_id for event_id, _n in events]).delete()
    search_index.reader().refresh(force=True)
    return len(events)


def pending_count() -> int:
    return SearchEvent.objects.count()


# --- rebuilding ----------------------------------------------------------------------------


def _listed_rows(batch: int) -> Iterator[list[tuple[Any, ...]]]:
    """Listed notes in id order, in batches (keyset paging: constant cost per batch)."""
    last = 0
    while True:
        rows = list(
            # `is_listed=True` (not LISTED) so SQLite walks the primary key in order.
            Note.objects.filter(is_listed=True, pk__gt=last)
            .order_by("pk")
            .values_list(*NOTE_COLUMNS)[:batch]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def listed_count() -> int:
    return Note.objects.filter(LISTED).count()


def _analyse_chunk(sources: list[search_index.NoteSource]) -> list[dict[str, str]]:
    """Worker side of a parallel rebuild: text analysis only, no database."""
    return [search_index.analysed_fields(source) for source in sources]


def default_workers() -> int:
    """Analysis processes for a rebuild: one per spare core; none on a two-core machine,
    where measured serial indexing was as fast (the main process and tantivy need the rest)."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else min(8, cores - 1)


def rebuild(
    *,
    batch: int = REBUILD_BATCH,
    progress: Callable[[int], None] | None = None,
    heap_size: int = REBUILD_WRITER_HEAP,
    num_threads: int = 0,
    workers: int | None = None,
) -> int:
    """Rebuild the whole index from the database into a new generation; returns notes indexed.

    With workers > 1, text analysis (the bulk of the cost) runs in forked worker processes
    while this process reads the database and feeds the tantivy writer.
    """
    workers = default_workers() if workers is None else max(1, workers)
    root = search_index.index_root()
    with search_index.writer_lock(root):
        path = search_index.new_generation(root)
        # Fork the workers before the writer starts its threads.
        pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
        try:
            index = search_index.open_index(path)
            writer = index.writer(heap_size=heap_size, num_threads=num_threads)
            indexed = _feed(writer, batch=batch, pool=pool, workers=workers, progress=progress)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        search_index.publish_generation(path, root)
        forget_writer()
    search_index.reader().refresh(force=True)
    return indexed


def _feed(
    writer: tantivy.IndexWriter,
    *,
    batch: int,
    pool: Any,
    workers: int,
    progress: Callable[[int], None] | None,
) -> int:
    indexed = 0
    pending: deque[tuple[list[search_index.NoteSource], Any]] = deque()

    def drain_one() -> None:
        sources, outcome = pending.popleft()
        for source, analysed in zip(sources, outcome.get(), strict=True):
            writer.add_document(search_index.make_document(source, analysed))
        if progress is not None:
            progress(len(sources))

    for rows in _listed_rows(batch):
        sources = _sources_from_rows(rows)
        indexed += len(sources)
        if pool is None:
            for source in sources:
                writer.add_document(search_index.make_document(source))
            if progress is not None:
                progress(len(sources))
            continue
        step = max(1, len(sources) // workers)
        for start in range(0, len(sources), step):
            chunk = sources[start : start + step]
            pending.append((chunk, pool.apply_async(_analyse_chunk, (chunk,))))
        while len(pending) > 3 * workers:
            drain_one()
    while pending:
        drain_one()
    return indexed
