"""Search API, suggestions side: /api/search/suggest, /hot and the caller's /history.

Suggestions and hot searches are public reads; history belongs to the authenticated user
(token or session + CSRF) and another user's entry answers 404 like a missing one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from grassroots.search.history import history_clear, history_delete, history_for
from grassroots.search.hot import hot_searches
from grassroots.search.suggest import suggest

router = Router(tags=["search"])


class SuggestionOut(Schema):
    text: str
    kind: str  # "query" | "topic" | "title"


class SuggestOut(Schema):
    items: list[SuggestionOut]


class HotOut(Schema):
    query: str
    searchers: int


class HotListOut(Schema):
    items: list[HotOut]


class HistoryEntryOut(Schema):
    id: int
    query: str
    searched_at: datetime


class HistoryOut(Schema):
    items: list[HistoryEntryOut]


class ClearedOut(Schema):
    deleted: int


@router.get("/suggest", response=SuggestOut, auth=None)
def suggest_queries(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Up to 10 completions of `q`: popular queries, topics, titles; pinyin and initials work."""
    items = suggest(q[:200]) if q.strip() else []
    return {"items": [{"text": item.text, "kind": item.kind} for item in items]}


@router.get("/hot", response=HotListOut, auth=None)
def hot(request: HttpRequest) -> dict[str, Any]:
    """Rising searches of the last 24 hours (distinct searchers, refreshed every minute)."""
    return {
        "items": [{"query": item.query, "searchers": item.searchers} for item in hot_searches()]
    }


@router.get("/history", response=HistoryOut)
def history(request: HttpRequest) -> dict[str, Any]:
    """The caller's last 20 distinct searches, newest first."""
    return {"items": history_for(user=request.user)}


@router.delete("/history", response=ClearedOut)
def history_delete_all(request: HttpRequest) -> dict[str, int]:
    """Forget all of the caller's searches."""
    return {"deleted": history_clear(user=request.user)}


@router.delete("/history/{entry_id}", response={204: None})
def history_delete_one(request: HttpRequest, entry_id: int) -> Status[None]:
    """Forget one search of the caller."""
    history_delete(user=request.user, entry_id=entry_id)
    return Status(204, None)
