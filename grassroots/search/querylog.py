"""What a search from the pages writes, besides the query log row itself.

One search from the results page: the SearchQuery log row (grassroots.search.actions: text and
result count only), the user's history entry (logged-in users) and one demand row per searcher
and day for hot searches — the last only when the query found something, so junk never trends.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from grassroots.search.actions import search_query_record
from grassroots.search.history import history_record
from grassroots.search.hot import demand_purge, demand_record
from grassroots.search.models import SearchQuery

MAX_CLICKED_IDS = 50
PURGE_KEY = "search:demand:purged"
PURGE_EVERY_SECONDS = 3600


@transaction.atomic
def search_performed(
    *, query: str, result_count: int, user: Any, searcher: str
) -> SearchQuery | None:
    """Log one search and feed personal history and hot searches; None for an empty query."""
    logged = search_query_record(query=query, result_count=result_count)
    if logged is None:
        return None
    history_record(user=user, query=logged.query)
    if result_count > 0:
        demand_record(query=logged.query, searcher=searcher)
    if cache.add(PURGE_KEY, 1, PURGE_EVERY_SECONDS):
        # At most once an hour per shared cache: drop demand hashes past their window.
        transaction.on_commit(demand_purge)
    return logged


@transaction.atomic
def search_clicked(*, query_id: int, note_id: int) -> bool:
    """Record that a result of a logged search was opened; each note counts once per search."""
    logged = SearchQuery.objects.select_for_update().filter(pk=query_id).first()
    if logged is None:
        return False
    clicked = list(logged.clicked_note_ids or [])
    if note_id in clicked or len(clicked) >= MAX_CLICKED_IDS:
        return False
    SearchQuery.objects.filter(pk=query_id).update(
        clicked_note_ids=[*clicked, note_id], click_count=F("click_count") + 1
    )
    return True
