"""matching_notes: every analysed word required, index analysis, cap, clear error."""

from __future__ import annotations

import time
from typing import Any

import pytest

from grassroots.engagement.tests.factories import CommentFactory
from grassroots.search import indexer
from grassroots.search.matching import SearchIndexUnavailable, matching_note_ids, matching_notes
from grassroots.search.tests.helpers import index_all, publish


def test_all_words_required_with_the_index_analysis(db: Any) -> None:
    stroller = publish("Strollers compared", "the headrest is too low")
    neck = publish("婴儿推车", "宝宝脖子歪，没有头托")
    publish("推车收纳", "折叠很方便")
    index_all()
    assert matching_note_ids("stroller", limit=10) == [stroller.pk]
    assert matching_note_ids("strollers headrest", limit=10) == [stroller.pk]
    assert matching_note_ids("stroller sunscreen", limit=10) == []
    assert matching_note_ids("寶寶 頭托", limit=10) == [neck.pk]
    assert len(matching_note_ids("推车", limit=10)) == 2


def test_comment_words_cap_and_window(db: Any) -> None:
    notes = [publish(f"遮阳 {i}", "出门记录") for i in range(3)]
    CommentFactory.create(note=notes[0], body="这个遮阳棚太小了")
    indexer.rebuild()
    assert matching_note_ids("遮阳棚", limit=10) == [notes[0].pk]
    capped = matching_notes("遮阳", limit=2)
    assert capped.total == 3 and len(capped.ids) == 2 and capped.capped
    assert matching_note_ids("遮阳", limit=10, published_before=int(time.time()) - 3600) == []


def test_missing_index_is_a_clear_error(db: Any) -> None:
    publish("推车", "宝宝脖子歪")
    with pytest.raises(SearchIndexUnavailable, match="grassroots reindex"):
        matching_note_ids("推车", limit=10)
