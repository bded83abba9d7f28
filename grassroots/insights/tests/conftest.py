"""Insight test helpers (the search index of each test is isolated by the root conftest)."""

from __future__ import annotations

from grassroots.search import index as search_index


def build_search_index() -> None:
    """Index every listed note as it is now (what `grassroots reindex` does)."""
    from grassroots.search import indexer

    indexer.rebuild()
    search_index.reset()
