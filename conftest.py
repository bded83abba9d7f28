"""Suite-wide fixtures: isolated media, fast password hashing, a clean cache per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture(autouse=True)
def _isolated_search(settings, tmp_path):
    """Every test gets its own search index directory and writes API search-log rows at once:
    a batched row flushed later by a timer thread would land, committed, in a later test."""
    from grassroots.search import index as search_index
    from grassroots.search.actions import search_log_discard

    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.SEARCH_RELOAD_SECONDS = 0.0
    settings.SEARCH_LOG_FLUSH_SECONDS = 0.0
    search_log_discard()
    search_index.reset()
    yield
    search_log_discard()
    search_index.reset()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    # The product defaults to zh-Hans; tests read English source strings unless they ask
    # for another language (Accept-Language or the language cookie).
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in accounts); tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _taxonomy_present(request):
    """Transactional tests (browser, concurrency) flush every table when they end, including
    the categories a data migration loaded; put the shipped taxonomy back for the next test."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from grassroots.notes.models import Category
    from grassroots.notes.taxonomy import sync_taxonomy

    if not Category.objects.exists():
        sync_taxonomy(Category)
