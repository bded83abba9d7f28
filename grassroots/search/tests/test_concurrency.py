"""Readers search while the indexer writes (PostgreSQL: real concurrent connections)."""

import threading

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.testing import POSTGRES_ONLY, run_together
from grassroots.search import engine, indexer
from grassroots.search.tests.helpers import index_all, publish

pytestmark = POSTGRES_ONLY


def test_searches_run_while_the_indexer_writes():
    author = UserFactory()
    first = [publish("红酒", f"红酒笔记 {i}", author=author) for i in range(5)]
    index_all()
    more_done = threading.Event()
    seen_totals: list[int] = []

    def write_and_index():
        for i in range(20):
            publish("红酒", f"新的红酒笔记 {i}", author=author)
            indexer.apply_pending()
        more_done.set()

    def search():
        while not more_done.is_set():
            result = engine.search_notes(query="红酒", limit=50)
            assert all(hit.note.is_listed for hit in result.items)
            seen_totals.append(result.total)

    run_together([write_and_index, search, search, search])
    assert seen_totals and min(seen_totals) >= len(first)
    index_all()
    assert engine.search_notes(query="红酒", limit=50).total == 25
