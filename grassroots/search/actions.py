"""Writes for search made by the API: the query log row (pages use search.querylog)."""

from __future__ import annotations

from grassroots import text as text_analysis
from grassroots.search.models import SearchQuery

LOGGED_QUERY_MAX_CHARS = 200


def search_query_record(*, query: str, result_count: int) -> SearchQuery | None:
    """Log a search (normalised text, how many results). Empty queries are not logged."""
    normalised = " ".join(text_analysis.normalize(query or "").split())[:LOGGED_QUERY_MAX_CHARS]
    if not normalised:
        return None
    return SearchQuery.objects.create(query=normalised, result_count=max(0, int(result_count)))
