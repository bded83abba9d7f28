"""Unanswered questions: search demand the notes do not meet yet.

From the query log (SearchQuery: normalised text, result count, clicks — no user id), a query
is *unanswered* when it was searched at least `min_searches` times in the last `days` days and
either never found anything or found notes nobody opened. Staff see the whole list
(/search/unanswered); sharers see, on a topic page, the questions mentioning that topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from grassroots.search.models import SearchQuery
from grassroots.search.suggest import clean_query

DEFAULT_DAYS = 30
MIN_SEARCHES = 3
FEW_RESULTS = 3
TOPIC_MIN_SEARCHES = 2


@dataclass(frozen=True)
class UnansweredQuery:
    query: str
    searches: int
    zero_result_searches: int
    clicks: int
    max_results: int

    @property
    def reason(self) -> str:
        return "no_results" if self.max_results == 0 else "no_clicks"


def _grouped(since: Any) -> Any:
    return (
        SearchQuery.objects.filter(created_at__gte=since)
        .values("query")
        .annotate(
            searches=Count("id"),
            zero=Count("id", filter=Q(result_count=0)),
            clicks=Sum("click_count"),
            max_results=Max("result_count"),
        )
    )


def _rows(queryset: Any, limit: int) -> list[UnansweredQuery]:
    return [
        UnansweredQuery(
            query=row["query"],
            searches=row["searches"],
            zero_result_searches=row["zero"],
            clicks=row["clicks"] or 0,
            max_results=row["max_results"] or 0,
        )
        for row in queryset.order_by("-searches", "query")[:limit]
    ]


def unanswered_queries(
    *, days: int = DEFAULT_DAYS, min_searches: int = MIN_SEARCHES, limit: int = 100
) -> list[UnansweredQuery]:
    """Frequent queries of the last `days` days with no results or no clicks, most asked first."""
    since = timezone.now() - timedelta(days=max(1, days))
    grouped = _grouped(since).filter(searches__gte=max(1, min_searches))
    return _rows(grouped.filter(Q(max_results=0) | Q(clicks=0)), limit)


def topic_questions(
    *, topic_name: str, days: int = DEFAULT_DAYS, limit: int = 5
) -> list[UnansweredQuery]:
    """Questions asked about a topic that lack good answers: few results or nobody clicked."""
    name = clean_query(topic_name)
    if not name:
        return []
    since = timezone.now() - timedelta(days=max(1, days))
    grouped = (
        _grouped(since)
        .filter(query__contains=name)
        .exclude(query__in=[name, f"#{name}"])
        .filter(searches__gte=TOPIC_MIN_SEARCHES)
        .filter(Q(max_results__lt=FEW_RESULTS) | Q(clicks=0))
    )
    return _rows(grouped, limit)
