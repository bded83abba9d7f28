"""Engagement API: likes, collects and boards, comments, notifications, topic follows.

Writes need a token or a session with the CSRF token (the API default). Public reads accept
anonymous callers too but still identify a token or session user, so visibility rules (own
private notes and boards) apply to whoever is asking.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from grassroots.accounts.auth import TokenAuth
from grassroots.accounts.models import User
from grassroots.accounts.schemas import UserBrief
from grassroots.core.errors import Forbidden
from grassroots.core.pagination import Page
from grassroots.engagement import actions, queries
from grassroots.engagement import boards as board_actions
from grassroots.engagement.board_names import board_display_name
from grassroots.engagement.models import Board, Comment, Notification
from grassroots.notes.queries import topic_by_name, with_detail_relations
from grassroots.notes.schemas import NotePage

router = Router(tags=["engagement"])


def _anonymous(request: HttpRequest) -> bool:
    """Last resort of PUBLIC_READ: let anonymous callers read what is public."""
    return True


PUBLIC_READ = [TokenAuth(), SessionAuth(csrf=True), _anonymous]


def _viewer(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _member(request: HttpRequest) -> User:
    """The authenticated caller (operations without PUBLIC_READ always have one)."""
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _user_by_username(username: str) -> Any:
    from grassroots.accounts.queries import user_by_username

    return user_by_username(username)


# --- schemas ------------------------------------------------------------------------------


class LikeStateOut(Schema):
    note_id: int
    liked: bool
    like_count: int
    changed: bool


class CollectIn(Schema):
    board_id: int | None = None


class CollectStateOut(Schema):
    note_id: int
    collected: bool
    collect_count: int
    board_id: int | None
    changed: bool


class CommentIn(Schema):
    body: str
    reply_to: int | None = None


class ReplyOut(Schema):
    id: int
    note_id: int
    parent_id: int | None
    reply_to_id: int | None
    reply_to_author: UserBrief | None
    author: UserBrief
    body: str
    like_count: int
    reply_count: int
    created_at: datetime
    liked: bool

    @staticmethod
    def resolve_reply_to_author(obj: Comment) -> Any:
        # Only set when replying to a reply (a reply to the top-level comment needs no @name).
        if obj.reply_to_id and obj.reply_to_id != obj.parent_id and obj.reply_to is not None:
            return obj.reply_to.author
        return None

    @staticmethod
    def resolve_liked(obj: Comment) -> bool:
        return bool(getattr(obj, "viewer_liked", False))


class CommentOut(ReplyOut):
    replies: list[ReplyOut]
    more_replies_cursor: str | None

    @staticmethod
    def resolve_replies(obj: Comment) -> list[Comment]:
        return list(getattr(obj, "first_replies", []))

    @staticmethod
    def resolve_more_replies_cursor(obj: Comment) -> str | None:
        return getattr(obj, "more_replies_cursor", None)


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None = None


class ReplyPage(Schema):
    items: list[ReplyOut]
    next_cursor: str | None = None


class CommentLikeOut(Schema):
    comment_id: int
    liked: bool
    like_count: int
    changed: bool


class BoardIn(Schema):
    name: str
    description: str = ""
    is_private: bool = False


class BoardPatch(Schema):
    name: str | None = None
    description: str | None = None
    is_private: bool | None = None


class BoardOut(Schema):
    id: int
    name: str
    description: str
    is_private: bool
    is_default: bool
    note_count: int
    owner: UserBrief
    created_at: datetime
    updated_at: datetime
    url: str

    @staticmethod
    def resolve_name(obj: Board) -> str:
        return board_display_name(obj)  # the stored name stays as it was made

    @staticmethod
    def resolve_url(obj: Board) -> str:
        return reverse("engagement:board", args=[obj.pk])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    actor: UserBrief
    note_id: int | None
    note_title: str | None
    comment_id: int | None
    comment_body: str | None
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_text(obj: Notification) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_note_id(obj: Notification) -> int | None:
        return obj.note_id if getattr(obj, "note_available", False) else None

    @staticmethod
    def resolve_note_title(obj: Notification) -> str | None:
        if obj.note is not None and getattr(obj, "note_available", False):
            return obj.note.title
        return None

    @staticmethod
    def resolve_comment_id(obj: Notification) -> int | None:
        return obj.comment_id if getattr(obj, "comment_available", False) else None

    @staticmethod
    def resolve_comment_body(obj: Notification) -> str | None:
        if obj.comment is not None and getattr(obj, "comment_available", False):
            return obj.comment.body
        return None

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None = None
    unread_count: int


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkReadOut(Schema):
    marked: int
    unread_count: int


class TopicFollowOut(Schema):
    topic: str
    following: bool
    follower_count: int


def _page(page: Page[Any]) -> dict[str, Any]:
    return {"items": page.items, "next_cursor": page.next_cursor}


# --- note likes and collects --------------------------------------------------------------


def _like_state(request: HttpRequest, note_id: int, changed: bool) -> dict[str, Any]:
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    liked, _collected = queries.viewer_note_states(viewer=request.user, note_ids=[note.pk])
    return {
        "note_id": note.pk,
        "liked": note.pk in liked,
        "like_count": note.like_count,
        "changed": changed,
    }


@router.post("/notes/{note_id}/like", response=LikeStateOut)
def like_note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    """Like a note (idempotent: liking twice changes nothing)."""
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    changed = actions.note_like(user=_member(request), note=note)
    return _like_state(request, note_id, changed)


@router.delete("/notes/{note_id}/like", response=LikeStateOut)
def unlike_note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    changed = actions.note_unlike(user=_member(request), note=note)
    return _like_state(request, note_id, changed)


def _collect_state(request: HttpRequest, note_id: int, changed: bool) -> dict[str, Any]:
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    _boards, current = queries.boards_for_chooser(user=request.user, note=note)
    return {
        "note_id": note.pk,
        "collected": current is not None,
        "collect_count": note.collect_count,
        "board_id": current,
        "changed": changed,
    }


@router.post("/notes/{note_id}/collect", response=CollectStateOut)
def collect_note(
    request: HttpRequest, note_id: int, payload: CollectIn | None = None
) -> dict[str, Any]:
    """Collect a note into a board (default board when board_id is omitted); moves it if
    it is already collected elsewhere."""
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    board = None
    if payload is not None and payload.board_id is not None:
        board = queries.board_owned_by(board_id=payload.board_id, user=request.user)
    changed = actions.note_collect(user=_member(request), note=note, board=board)
    return _collect_state(request, note_id, changed)


@router.delete("/notes/{note_id}/collect", response=CollectStateOut)
def uncollect_note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    changed = actions.note_uncollect(user=_member(request), note=note)
    return _collect_state(request, note_id, changed)


# --- comments -----------------------------------------------------------------------------


@router.get("/notes/{note_id}/comments", response=CommentPage, auth=PUBLIC_READ)
def list_comments(
    request: HttpRequest,
    note_id: int,
    cursor: str | None = None,
    limit: int = 20,
    sort: str = "time",
) -> dict[str, Any]:
    """Top-level comments, each with its first two replies. sort: time (oldest first) | hot."""
    viewer = _viewer(request)
    note = queries.note_for_engagement(note_id=note_id, viewer=viewer)
    page = queries.comments_page(note=note, viewer=viewer, cursor=cursor, limit=limit, sort=sort)
    return _page(page)


@router.post("/notes/{note_id}/comments", response={201: CommentOut})
def create_comment(request: HttpRequest, note_id: int, payload: CommentIn) -> Status[Comment]:
    """Comment on a note, or reply (reply_to: a comment id on the same note)."""
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    reply_to = None
    if payload.reply_to is not None:
        reply_to = queries.comment_for_viewer(comment_id=payload.reply_to, viewer=request.user)
    comment = actions.comment_create(
        note=note,
        author=_member(request),
        body=payload.body,
        reply_to=reply_to,
    )
    comment = queries.comment_for_viewer(comment_id=comment.pk, viewer=request.user)
    comment.reply_to = reply_to
    queries.comment_with_state(comment=comment, viewer=request.user)
    return Status(201, comment)


@router.get("/comments/{comment_id}/replies", response=ReplyPage, auth=PUBLIC_READ)
def list_replies(
    request: HttpRequest, comment_id: int, cursor: str | None = None, limit: int = 20
) -> dict[str, Any]:
    viewer = _viewer(request)
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=viewer)
    page = queries.replies_page(comment=comment, viewer=viewer, cursor=cursor, limit=limit)
    return _page(page)


@router.delete("/comments/{comment_id}", response={204: None})
def delete_comment(request: HttpRequest, comment_id: int) -> Status[None]:
    """Delete a comment: its author, the note's author or staff."""
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    actions.comment_delete(comment=comment, actor=_member(request))
    return Status(204, None)


def _comment_like_state(request: HttpRequest, comment_id: int, changed: bool) -> dict[str, Any]:
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    queries.comment_with_state(comment=comment, viewer=request.user)
    return {
        "comment_id": comment.pk,
        "liked": comment.viewer_liked,  # type: ignore[attr-defined]
        "like_count": comment.like_count,
        "changed": changed,
    }


@router.post("/comments/{comment_id}/like", response=CommentLikeOut)
def like_comment(request: HttpRequest, comment_id: int) -> dict[str, Any]:
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    changed = actions.comment_like(user=_member(request), comment=comment)
    return _comment_like_state(request, comment_id, changed)


@router.delete("/comments/{comment_id}/like", response=CommentLikeOut)
def unlike_comment(request: HttpRequest, comment_id: int) -> dict[str, Any]:
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    changed = actions.comment_unlike(user=_member(request), comment=comment)
    return _comment_like_state(request, comment_id, changed)


# --- boards -------------------------------------------------------------------------------


@router.get("/boards", response=list[BoardOut])
def my_boards(request: HttpRequest) -> list[Board]:
    """The caller's own boards, private ones included."""
    return queries.boards_for_viewer(owner=request.user, viewer=request.user)


@router.post("/boards", response={201: BoardOut})
def create_board(request: HttpRequest, payload: BoardIn) -> Status[Board]:
    board = board_actions.board_create(
        owner=_member(request),
        name=payload.name,
        description=payload.description,
        is_private=payload.is_private,
    )
    return Status(201, queries.board_for_viewer(board_id=board.pk, viewer=request.user))


@router.get("/boards/{board_id}", response=BoardOut, auth=PUBLIC_READ)
def get_board(request: HttpRequest, board_id: int) -> Board:
    return queries.board_for_viewer(board_id=board_id, viewer=_viewer(request))


@router.patch("/boards/{board_id}", response=BoardOut)
def update_board(request: HttpRequest, board_id: int, payload: BoardPatch) -> Board:
    board = queries.board_for_viewer(board_id=board_id, viewer=request.user)
    board_actions.board_update(
        board=board,
        actor=_member(request),
        name=payload.name,
        description=payload.description,
        is_private=payload.is_private,
    )
    return queries.board_for_viewer(board_id=board_id, viewer=request.user)


@router.delete("/boards/{board_id}", response={204: None})
def delete_board(request: HttpRequest, board_id: int) -> Status[None]:
    """Delete a board (not the default one); its notes move to the default board."""
    board = queries.board_for_viewer(board_id=board_id, viewer=request.user)
    board_actions.board_delete(board=board, actor=_member(request))
    return Status(204, None)


@router.get("/boards/{board_id}/notes", response=NotePage, auth=PUBLIC_READ)
def board_notes(
    request: HttpRequest, board_id: int, cursor: str | None = None, limit: int = 20
) -> dict[str, Any]:
    viewer = _viewer(request)
    board = queries.board_for_viewer(board_id=board_id, viewer=viewer)
    page = queries.board_notes_page(
        board=board, viewer=viewer, cursor=cursor, limit=limit, prepare=with_detail_relations
    )
    return _page(page)


@router.get("/users/{username}/boards", response=list[BoardOut], auth=PUBLIC_READ)
def user_boards(request: HttpRequest, username: str) -> list[Board]:
    owner = _user_by_username(username)
    return queries.boards_for_viewer(owner=owner, viewer=_viewer(request))


@router.get("/users/{username}/likes", response=NotePage, auth=PUBLIC_READ)
def user_likes(
    request: HttpRequest, username: str, cursor: str | None = None, limit: int = 20
) -> dict[str, Any]:
    """Notes the user liked that the caller may see, most recently liked first."""
    user = _user_by_username(username)
    page = queries.liked_notes_page(
        user=user,
        viewer=_viewer(request),
        cursor=cursor,
        limit=limit,
        prepare=with_detail_relations,
    )
    return _page(page)


# --- notifications ------------------------------------------------------------------------


@router.get("/notifications", response=NotificationPage)
def list_notifications(
    request: HttpRequest, cursor: str | None = None, limit: int = 20, group: str | None = None
) -> dict[str, Any]:
    """Newest first; group: likes | comments | follows. Reading does not mark them read."""
    page = queries.notifications_page(user=request.user, cursor=cursor, limit=limit, group=group)
    return {
        **_page(page),
        "unread_count": queries.unread_notification_count(user=request.user),
    }


@router.post("/notifications/read", response=MarkReadOut)
def mark_notifications_read(
    request: HttpRequest, payload: MarkReadIn | None = None
) -> dict[str, int]:
    """Mark the given notifications read, or all of them when ids is omitted."""
    ids = payload.ids if payload is not None else None
    marked = actions.notifications_mark_read(user=_member(request), ids=ids)
    return {"marked": marked, "unread_count": queries.unread_notification_count(user=request.user)}


# --- topics -------------------------------------------------------------------------------


def _topic_state(request: HttpRequest, name: str) -> dict[str, Any]:
    topic = topic_by_name(name)
    return {
        "topic": topic.name,
        "following": queries.topic_followed(viewer=request.user, topic=topic),
        "follower_count": topic.follower_count,
    }


@router.post("/topics/{name}/follow", response=TopicFollowOut)
def follow_topic(request: HttpRequest, name: str) -> dict[str, Any]:
    actions.topic_follow(user=_member(request), topic=topic_by_name(name))
    return _topic_state(request, name)


@router.delete("/topics/{name}/follow", response=TopicFollowOut)
def unfollow_topic(request: HttpRequest, name: str) -> dict[str, Any]:
    actions.topic_unfollow(user=_member(request), topic=topic_by_name(name))
    return _topic_state(request, name)
