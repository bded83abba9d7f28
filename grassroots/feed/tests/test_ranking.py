"""The discover score: formula properties, the SQL form, refresh, rebuild, the command."""

from __future__ import annotations

import math
import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F

from grassroots.feed.ranking import (
    TAU,
    hot_score,
    refresh_hot_score,
    rescore_all,
)
from grassroots.feed.tests.factories import NoteFactory
from grassroots.notes.models import Note

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def score(likes=0, collects=0, comments=0, at=T0):
    return hot_score(likes=likes, collects=collects, comments=comments, published_at=at)


def test_collect_weighs_at_least_a_like():
    assert score(collects=1) >= score(likes=1)
    assert score(collects=10) >= score(likes=10)


def test_comment_weighs_more_than_a_like():
    assert score(comments=1) > score(likes=1)
    assert score(comments=10) > score(likes=10)


def test_newer_beats_older_at_equal_engagement():
    for likes in (0, 1, 50, 10_000):
        assert score(likes=likes, at=T0 + timedelta(seconds=1)) > score(likes=likes, at=T0)


def test_score_is_monotone_in_every_count():
    base = {"likes": 3, "collects": 2, "comments": 1}
    for name in base:
        more = dict(base, **{name: base[name] + 1})
        assert score(**more) > score(**base)


def test_ten_times_the_engagement_is_worth_tau_seconds_of_freshness():
    # 1 + 9 = 10 → log10 = 1, exactly TAU seconds of recency.
    assert score(likes=9) == pytest.approx(score(likes=0, at=T0 + timedelta(seconds=TAU)))
    assert pytest.approx(12.5) == TAU / 3600


def test_order_equals_exponentially_decayed_engagement():
    now = T0 + timedelta(days=2)
    notes = [(0, T0), (40, T0 - timedelta(hours=20)), (5, T0 + timedelta(hours=6)), (900, T0)]

    def decayed(likes, at):
        return (1 + likes) * 10 ** (-(now - at).total_seconds() / TAU)

    by_score = sorted(notes, key=lambda n: score(likes=n[0], at=n[1]))
    by_decay = sorted(notes, key=lambda n: decayed(*n))
    assert by_score == by_decay


def test_negative_counts_are_treated_as_zero():
    assert score(likes=-5) == score()
    assert math.isfinite(score())


@pytest.mark.django_db
def test_refresh_hot_score_reads_the_current_counts():
    note = NoteFactory(published_at=T0, created_at=T0)
    Note.objects.filter(pk=note.pk).update(
        like_count=F("like_count") + 7, collect_count=3, comment_count=2
    )
    refresh_hot_score(note_id=note.pk)
    note.refresh_from_db()
    assert note.hot_score == pytest.approx(score(likes=7, collects=3, comments=2), abs=1e-7)


@pytest.mark.django_db
def test_refresh_uses_created_at_for_unpublished_notes():
    draft = NoteFactory(draft=True, created_at=T0, published_at=None, like_count=4)
    refresh_hot_score(note_id=draft.pk)
    draft.refresh_from_db()
    assert draft.hot_score == pytest.approx(score(likes=4), abs=1e-7)


@pytest.mark.django_db
def test_refresh_of_a_missing_note_does_nothing():
    refresh_hot_score(note_id=987654)


@pytest.mark.django_db
def test_rescore_all_fixes_every_note_in_batches():
    notes = [
        NoteFactory(published_at=T0 + timedelta(hours=i), like_count=i, hot_score=-1.0)
        for i in range(7)
    ]
    calls = []
    assert rescore_all(batch_size=2, progress=lambda done, total: calls.append((done, total))) == 7
    assert calls[-1] == (7, 7)
    assert len(calls) >= 4
    for note in notes:
        note.refresh_from_db()
        expected = score(likes=note.like_count, at=note.published_at)
        assert note.hot_score == pytest.approx(expected, abs=1e-7)


@pytest.mark.django_db
def test_rescore_all_on_an_empty_table():
    assert rescore_all() == 0


@pytest.mark.django_db
def test_rescore_command_reports_progress_and_total():
    NoteFactory.create_batch(3, hot_score=0.0)
    out = StringIO()
    call_command("rescore", "--batch-size", "2", stdout=out)
    assert "rescored 3 / 3 notes" in out.getvalue()
    assert "Rescored 3 notes" in out.getvalue()
    assert not Note.objects.filter(hot_score=0.0).exists()


@pytest.mark.django_db
def test_rescore_command_rejects_a_bad_batch_size():
    with pytest.raises(CommandError, match="batch-size"):
        call_command("rescore", "--batch-size", "0", stdout=StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_leave_an_exact_score():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    note = NoteFactory(published_at=T0)
    workers, per_worker = 6, 5
    barrier = threading.Barrier(workers)
    errors = []

    def like_many():
        try:
            barrier.wait()
            for _ in range(per_worker):
                with transaction.atomic():
                    Note.objects.filter(pk=note.pk).update(like_count=F("like_count") + 1)
                    refresh_hot_score(note_id=note.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=like_many) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    note.refresh_from_db()
    assert note.like_count == workers * per_worker
    assert note.hot_score == pytest.approx(score(likes=workers * per_worker), abs=1e-9)
