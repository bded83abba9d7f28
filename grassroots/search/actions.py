"""Writes for search made by the API: the query log row (pages use search.querylog).

API searches are logged in batches: each process keeps the rows of its last
SEARCH_LOG_FLUSH_SECONDS (default 1 s; at most LOG_BATCH_MAX rows) in memory and writes them
with one INSERT, from the next search after that time, from a timer when no search comes,
or when the process exits. On SQLite,
one INSERT per search was a write transaction per request, and the workers queued for the
one write lock. The rows hold only the normalised query text and its result count (no user,
no IP), so losing the last second of them in a crash loses nothing personal or essential.
Pages still write their row at once (search.querylog: a click on a result refers to it).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

from grassroots import text as text_analysis
from grassroots.search.models import SearchQuery

LOGGED_QUERY_MAX_CHARS = 200
LOG_BATCH_MAX = 200
DEFAULT_FLUSH_SECONDS = 1.0

logger = logging.getLogger(__name__)

_pending: list[SearchQuery] = []
_pending_since = 0.0
_pending_lock = threading.Lock()


def _normalised(query: str) -> str:
    return " ".join(text_analysis.normalize(query or "").split())[:LOGGED_QUERY_MAX_CHARS]


def search_query_record(*, query: str, result_count: int) -> SearchQuery | None:
    """Log a search (normalised text, how many results). Empty queries are not logged."""
    normalised = _normalised(query)
    if not normalised:
        return None
    return SearchQuery.objects.create(query=normalised, result_count=max(0, int(result_count)))


def flush_seconds() -> float:
    return float(getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS))


def search_query_buffer(*, query: str, result_count: int) -> None:
    """Log an API search in the process's batch (see the module docstring)."""
    global _pending_since
    normalised = _normalised(query)
    if not normalised:
        return
    row = SearchQuery(query=normalised, result_count=max(0, int(result_count)))
    now = time.monotonic()
    seconds = flush_seconds()
    with _pending_lock:
        first = not _pending
        if first:
            _pending_since = now
        _pending.append(row)
        due = len(_pending) >= LOG_BATCH_MAX or now - _pending_since >= seconds
    if due:
        search_log_flush()
    elif first:
        # If no other search comes, a timer writes the batch (quiet sites, last searches).
        timer = threading.Timer(seconds, _timed_flush)
        timer.daemon = True
        timer.start()


def _timed_flush() -> None:
    try:
        search_log_flush()
    finally:
        connections.close_all()  # this timer thread's own connection


def search_log_flush() -> int:
    """Write the process's pending log rows (one INSERT); returns how many were written."""
    with _pending_lock:
        rows = list(_pending)
        _pending.clear()
    if not rows:
        return 0
    try:
        SearchQuery.objects.bulk_create(rows)
    except DatabaseError:  # a log must never fail a search
        logger.warning("search log: %d rows dropped", len(rows), exc_info=True)
        return 0
    return len(rows)


def pending_log_rows() -> int:
    with _pending_lock:
        return len(_pending)


def search_log_discard() -> None:
    """Forget the pending rows without writing them (tests start and end with none)."""
    with _pending_lock:
        _pending.clear()


@atexit.register
def _flush_at_exit() -> None:
    with contextlib.suppress(Exception):
        search_log_flush()
