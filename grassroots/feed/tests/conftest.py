from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from grassroots.feed.ranking import hot_score
from grassroots.feed.tests.factories import NoteFactory

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def make_note():
    """A note whose hot_score matches its counts and publication time (as the actions keep it)."""

    def make(*, hours=0, likes=0, collects=0, comments=0, **kwargs):
        at = kwargs.pop("created_at", T0 + timedelta(hours=hours))
        kwargs.setdefault("published_at", at)
        return NoteFactory(
            created_at=at,
            like_count=likes,
            collect_count=collects,
            comment_count=comments,
            hot_score=hot_score(likes=likes, collects=collects, comments=comments, published_at=at),
            **kwargs,
        )

    return make
