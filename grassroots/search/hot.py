"""Hot searches: queries rising over the last 24 hours against the seven days before.

Spam resistance: what is counted is distinct *searchers* per query and day, not searches.
Each search stores at most one SearchDemand row per (query, searcher, day) — a searcher is a
keyed hash (HMAC with SECRET_KEY, 16 hex chars) of the user id, else the session key, else the
client IP — so one client repeating a query, or reloading the page, adds nothing. Rows are
deleted after DEMAND_DAYS (the comparison window), so the hashes live only as long as needed.

Score of a query q:
    recent(q)   = distinct searchers of q in the last 24 h
    baseline(q) = searcher-days of q in the 7 days before, divided by 7 (a daily average)
    rising(q)   = (recent + 1) / (baseline + SMOOTHING)   — only when recent >= MIN_SEARCHERS
The smoothing keeps a query seen once last week and twice today from outranking a steady
favourite that doubled. The list is cached for CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from grassroots.search.models import SearchDemand

MIN_SEARCHERS = 3
SMOOTHING = 2.0
BASELINE_DAYS = 7
DEMAND_DAYS = BASELINE_DAYS + 1
CACHE_SECONDS = 60
CACHE_KEY = "search:hot:v1"
HOT_SIZE = 10
QUERY_CHARS = 100


@dataclass(frozen=True)
class HotQuery:
    query: str
    searchers: int  # distinct searchers in the last 24 h
    baseline: float  # average distinct searchers per day over the 7 days before
    score: float


def searcher_key(request: HttpRequest) -> str:
    """A keyed, non-reversible id of who is searching: user, else session, else IP."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"u:{user.pk}"
    elif getattr(request, "session", None) is not None and request.session.session_key:
        raw = f"s:{request.session.session_key}"
    else:
        raw = f"ip:{_client_ip(request)}"
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()[:16]


def _client_ip(request: HttpRequest) -> str:
    header = getattr(settings, "GRASSROOTS_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


@transaction.atomic
def demand_record(*, query: str, searcher: str, at: Any = None) -> None:
    """Count `searcher` once for `query` today (repeats are ignored by a unique constraint)."""
    query = query.strip()[:QUERY_CHARS]
    if not query or not searcher:
        return
    now = at or timezone.now()
    SearchDemand.objects.bulk_create(
        [SearchDemand(query=query, searcher=searcher, day=now.date(), first_seen=now)],
        ignore_conflicts=True,
    )


@transaction.atomic
def demand_purge(*, now: Any = None) -> int:
    """Delete demand rows older than the comparison window (their hashes are no longer needed)."""
    now = now or timezone.now()
    deleted, _by_model = SearchDemand.objects.filter(
        first_seen__lt=now - timedelta(days=DEMAND_DAYS)
    ).delete()
    return deleted


def rising_queries(*, now: Any = None, limit: int = HOT_SIZE) -> list[HotQuery]:
    """Queries ranked by how much their searcher count rose today; computed, not cached."""
    now = now or timezone.now()
    day_ago = now - timedelta(hours=24)
    week_ago = day_ago - timedelta(days=BASELINE_DAYS)
    recent = dict(
        SearchDemand.objects.filter(first_seen__gte=day_ago, first_seen__lte=now)
        .values("query")
        .annotate(n=Count("searcher", distinct=True))
        .filter(n__gte=MIN_SEARCHERS)
        .values_list("query", "n")
    )
    if not recent:
        return []
    before: dict[str, int] = defaultdict(int)
    for query, n in (
        SearchDemand.objects.filter(
            query__in=list(recent), first_seen__gte=week_ago, first_seen__lt=day_ago
        )
        .values("query")
        .annotate(n=Count("id"))
        .values_list("query", "n")
    ):
        before[query] = n
    ranked = []
    for query, searchers in recent.items():
        baseline = before[query] / BASELINE_DAYS
        score = (searchers + 1) / (baseline + SMOOTHING)
        ranked.append(HotQuery(query=query, searchers=searchers, baseline=baseline, score=score))
    ranked.sort(key=lambda item: (-item.score, -item.searchers, item.query))
    return ranked[:limit]


def hot_searches(*, limit: int = HOT_SIZE) -> list[HotQuery]:
    """The rising queries, cached for a minute for every process sharing the cache."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = rising_queries(limit=HOT_SIZE)
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return list(cached)[:limit]
