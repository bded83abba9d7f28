"""The discover score: log-scaled weighted engagement plus publication time ("hot" ranking).

    score = log10(1 + W_LIKE·likes + W_COLLECT·collects + W_COMMENT·comments)
            + (published_at − EPOCH) / TAU            (seconds)

Weights: a like costs one tap, a collect says "I will come back to this" (W_COLLECT = 2 ≥
W_LIKE = 1), a comment costs writing (W_COMMENT = 3 > W_LIKE). TAU = 45 000 s, so ten times the
weighted engagement is worth TAU seconds = 12.5 hours of freshness.

Why this is exponential time decay: at any moment `now`, ranking by

    E · 10^(−(now − published_at) / TAU)          (E = weighted engagement, + 1)

decays every note's engagement by the same factor per second (half-life TAU·log10 2 ≈ 3.8 h).
Its log10 is log10(E) + published_at/TAU − now/TAU, and the last term is the same for every
note, so the order is exactly the order of `score`. The score therefore never has to be
recomputed as time passes: it changes only when a count (or the publication time) changes,
which is why it can live in an indexed column (Note.hot_score, indexes note_discover_idx,
note_channel_idx, note_subchannel_idx) and discover is an index range scan. Counts are
log-scaled so a note with 10 000 likes does not bury everything else for weeks.

Keep `hot_score()` (Python) and `hot_score_expression()` (SQL) in step: the bulk seed and the
tests use the first, `refresh_hot_score()` and `rescore_all()` the second.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Expression, F, FloatField, Func, Value
from django.db.models.functions import Cast, Coalesce, Ln

from grassroots.notes.models import Note

W_LIKE = 1
W_COLLECT = 2
W_COMMENT = 3
# 2024-01-01T00:00:00Z: keeps the time term small (≈ 700 per year) so floats stay precise.
EPOCH = 1_704_067_200
TAU = 45_000.0

RESCORE_BATCH = 20_000


def weighted_engagement(*, likes: int, collects: int, comments: int) -> int:
    return W_LIKE * likes + W_COLLECT * collects + W_COMMENT * comments


def hot_score(*, likes: int, collects: int, comments: int, published_at: datetime) -> float:
    """The discover score of a note with these counts, published at `published_at` (aware)."""
    engagement = weighted_engagement(
        likes=max(likes, 0), collects=max(collects, 0), comments=max(comments, 0)
    )
    return math.log10(1 + engagement) + (published_at.timestamp() - EPOCH) / TAU


class EpochSeconds(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, as a float (SQLite and PostgreSQL)."""

    output_field = FloatField()
    arity = 1

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django stores aware datetimes as UTC text; julianday() parses it with its fraction.
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)",
        )


def hot_score_expression() -> Expression:
    """hot_score() as an SQL expression over the row's own columns (for set-based UPDATEs)."""
    engagement = (
        Value(1)
        + F("like_count") * W_LIKE
        + F("collect_count") * W_COLLECT
        + F("comment_count") * W_COMMENT
    )
    log10 = Ln(Cast(engagement, FloatField())) / Value(math.log(10))
    published = Coalesce(F("published_at"), F("created_at"))
    recency = (EpochSeconds(published) - Value(float(EPOCH))) / Value(TAU)
    return log10 + recency


def refresh_hot_score(*, note_id: int) -> None:
    """Recompute one note's score from its current counts, in one UPDATE.

    Called by notes/engagement actions after any change to the counts or to the publication
    time. The counts are read by the UPDATE itself (`SET hot_score = f(like_count, …) WHERE
    id = …`), not read first and written later, so two concurrent likes cannot leave a stale
    score: whichever UPDATE runs last sees both increments (PostgreSQL re-reads the locked row
    under READ COMMITTED; SQLite serialises writers). If the refresh ran outside the counter's
    transaction and raced it, the score would lag by at most that one event until the next
    change or `rescore_all()`; the ranking is derived data, never the source of truth.
    """
    Note.objects.filter(pk=note_id).update(hot_score=hot_score_expression())


def rescore_all(
    *, batch_size: int = RESCORE_BATCH, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every note's score in id-range batches; returns the number of notes updated.

    Each batch is one set-based UPDATE (short write transactions, so SQLite readers and the
    web process keep going during a rebuild of a million notes). `progress(done, total)` is
    called after each batch.
    """
    bounds = Note.objects.order_by("pk").values_list("pk", flat=True)
    first = bounds.first()
    last = bounds.last()
    if first is None or last is None:
        return 0
    total = Note.objects.count()
    done = 0
    start = first
    while start <= last:
        stop = start + batch_size
        done += Note.objects.filter(pk__gte=start, pk__lt=stop).update(
            hot_score=hot_score_expression()
        )
        if progress is not None:
            progress(done, total)
        start = stop
    return done
