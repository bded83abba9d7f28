"""Search tests: each test gets its own index directory and fresh readers/writers."""

from __future__ import annotations

import pytest

from grassroots.search import index as search_index
from grassroots.search.actions import search_log_discard


@pytest.fixture(autouse=True)
def _isolated_search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.SEARCH_RELOAD_SECONDS = 0.0
    settings.SEARCH_LOG_FLUSH_SECONDS = 0.0  # API log rows are written at once in tests
    search_log_discard()
    search_index.reset()
    yield
    search_log_discard()
    search_index.reset()
