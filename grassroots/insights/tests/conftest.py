"""Insight tests: each test gets its own search index directory (a q scope reads the index)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from grassroots.search import index as search_index


@pytest.fixture(autouse=True)
def _isolated_search_index(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.SEARCH_RELOAD_SECONDS = 0.0
    search_index.reset()
    yield
    search_index.reset()


def build_search_index() -> None:
    """Index every listed note as it is now (what `grassroots reindex` does)."""
    from grassroots.search import indexer

    indexer.rebuild()
    search_index.reset()
