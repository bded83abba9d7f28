"""Search API: /api/search/notes, /users, /topics (public reads; visibility still applies)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import NinjaJSONEncoder

from grassroots.accounts.schemas import UserBrief
from grassroots.notes.schemas import NoteOut
from grassroots.search import actions, engine
from grassroots.search.cards import note_cards

router = Router(tags=["search"])


class AnswerOut(Schema):
    text: str
    source: str
    comment_id: int | None
    note_id: int


class NoteHitOut(NoteOut):
    snippet: str
    answer: AnswerOut | None
    score: float


class NoteSearchOut(Schema):
    items: list[NoteHitOut]
    total: int
    answer: AnswerOut | None


class UserHitOut(UserBrief):
    bio: str
    followers_count: int
    notes_count: int


class UserSearchOut(Schema):
    items: list[UserHitOut]
    total: int


class TopicOut(Schema):
    name: str
    note_count: int
    follower_count: int


class TopicSearchOut(Schema):
    items: list[TopicOut]
    total: int


def _note_with_hit(hit: engine.SearchHit) -> Any:
    """The note carrying its hit's snippet, answer and score (what NoteHitOut reads)."""
    note: Any = hit.note
    note.snippet = hit.snippet
    note.score = hit.score
    note.answer = _answer_dict(hit.answer)
    return note


def note_hit_dict(hit: engine.SearchHit) -> dict[str, Any]:
    """One result as the API returns it (encode with ninja's NinjaJSONEncoder for the same
    JSON: `grassroots search --json` does)."""
    data: dict[str, Any] = NoteHitOut.from_orm(_note_with_hit(hit)).dict()
    return data


def _answer_dict(answer: engine.Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    return {
        "text": answer.text,
        "source": answer.source,
        "comment_id": answer.comment_id,
        "note_id": answer.note_id,
    }


def _viewer(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@router.get("/notes", response=NoteSearchOut, auth=None)
def search_notes(
    request: HttpRequest,
    q: str = "",
    sort: str = "overall",
    type: str | None = None,  # noqa: A002 - the documented parameter name
    time: str | None = None,
    category: str | None = None,
    city: str | None = None,
    following: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> HttpResponse:
    """Notes matching q: NoteOut plus `snippet` (HTML, <mark>) and `answer` when found.

    The response is written directly (grassroots.search.cards builds NoteOut-shaped dicts;
    a test keeps them equal to NoteOut): validating 20 notes through the schema on every
    search cost more than the search. `response=NoteSearchOut` still documents the shape.
    """
    result = engine.search_notes(
        query=q,
        viewer=_viewer(request),
        sort=sort,
        note_type=type or None,
        time=time or None,
        category=category or None,
        city=city or None,
        following_only=following,
        limit=limit,
        offset=offset,
        cards=False,
        rows_loader=note_cards,  # the visibility check, and the note objects in one go
    )
    if offset == 0:
        actions.search_query_buffer(query=q, result_count=result.total)
    items = [
        {**hit.row, "snippet": hit.snippet, "answer": _answer_dict(hit.answer), "score": hit.score}
        for hit in result.items
        if hit.row is not None
    ]
    shown = {item["id"] for item in items}
    answer = result.answer if result.answer and result.answer.note_id in shown else None
    data = {"items": items, "total": result.total, "answer": _answer_dict(answer)}
    return HttpResponse(
        json.dumps(data, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8"
    )


@router.get("/users", response=UserSearchOut, auth=None)
def search_users(request: HttpRequest, q: str = "", limit: int = 20, offset: int = 0) -> Any:
    return engine.search_users(query=q, limit=limit, offset=offset)


@router.get("/topics", response=TopicSearchOut, auth=None)
def search_topics(request: HttpRequest, q: str = "", limit: int = 20, offset: int = 0) -> Any:
    return engine.search_topics(query=q, limit=limit, offset=offset)
