"""Feed API: discover (with channels), following, topic and profile note lists.

Public lists (auth=None) still honour a bearer token or the session when one is sent, so an
author reading their own profile through the API sees their drafts; an invalid token is a 401,
not a silent anonymous read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.errors import AuthenticationError

from grassroots.accounts.auth import TokenAuth
from grassroots.accounts.queries import user_by_username
from grassroots.core.pagination import Page
from grassroots.feed.queries import (
    discover_page,
    following_page,
    profile_notes_page,
    topic_notes_page,
)
from grassroots.notes.models import Note
from grassroots.notes.queries import topic_by_name, with_detail_relations
from grassroots.notes.schemas import NotePage

router = Router(tags=["feed"])

_token_auth = TokenAuth()


def _viewer(request: HttpRequest) -> Any:
    """The caller on a public endpoint: token user, session user or anonymous."""
    if request.headers.get("Authorization"):
        user = _token_auth(request)
        if user is None:
            raise AuthenticationError()
        return user
    return request.user


def _note_out_relations(notes: QuerySet[Note]) -> QuerySet[Note]:
    """What NoteOut reads, fetched in a fixed number of queries per page."""
    return with_detail_relations(notes)


@router.get("/discover", response=NotePage, auth=None, summary="Discover feed (hot)")
def discover(
    request: HttpRequest,
    category: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> Page[Note]:
    """Listed notes ranked by the hot score (docs/ranking.md); `category` is a top or sub
    category slug. Follow `next_cursor` for the next page."""
    return discover_page(
        viewer=_viewer(request),
        category=category or None,
        cursor=cursor,
        limit=limit,
        prepare=_note_out_relations,
    )


@router.get("/following", response=NotePage, summary="Notes of people you follow")
def following(
    request: HttpRequest, cursor: str | None = None, limit: int | None = None
) -> Page[Note]:
    return following_page(
        viewer=request.user, cursor=cursor, limit=limit, prepare=_note_out_relations
    )


@router.get("/topics/{name}", response=NotePage, auth=None, summary="Notes with a topic")
def topic_notes(
    request: HttpRequest,
    name: str,
    sort: str = "hot",
    cursor: str | None = None,
    limit: int | None = None,
) -> Page[Note]:
    """`sort` is "hot" (default) or "latest"."""
    return topic_notes_page(
        topic=topic_by_name(name),
        viewer=_viewer(request),
        sort=sort,
        cursor=cursor,
        limit=limit,
        prepare=_note_out_relations,
    )


@router.get("/users/{username}/notes", response=NotePage, auth=None, summary="A member's notes")
def user_notes(
    request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None
) -> Page[Note]:
    """Listed notes, newest first; the member themself also gets drafts and "only me" notes."""
    return profile_notes_page(
        author=user_by_username(username),
        viewer=_viewer(request),
        cursor=cursor,
        limit=limit,
        prepare=_note_out_relations,
    )
