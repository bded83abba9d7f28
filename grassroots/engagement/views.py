"""Pages and htmx partials for engagement. Views only call actions and queries.

Every state-changing view is a plain form POST that redirects back (`next`) when JavaScript
is off, and returns the re-rendered partial when htmx sent it. Toggles post the state they
want (`state=on|off`), so a double click never flips twice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from grassroots.accounts.models import User
from grassroots.core.errors import DomainError, Forbidden, NotFound
from grassroots.engagement import actions, queries
from grassroots.engagement import boards as board_actions
from grassroots.engagement.board_names import board_display_name
from grassroots.engagement.models import Board, Comment
from grassroots.notes.models import Note
from grassroots.notes.queries import topic_by_name

NOTIFICATION_TABS = (
    ("", _("All")),
    ("likes", _("Likes and collects")),
    ("comments", _("Comments and @")),
    ("follows", _("New followers")),
)


# --- helpers ------------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _login_response(request: HttpRequest, next_url: str) -> HttpResponse:
    """Send an anonymous visitor to log in and come back to `next_url`."""
    if _is_htmx(request):
        login = reverse(settings.LOGIN_URL)
        return HttpResponseClientRedirect(f"{login}?{urlencode({'next': next_url})}")
    return redirect_to_login(next_url, login_url=settings.LOGIN_URL)


def _member(request: HttpRequest) -> User:
    """The logged-in user of a login_required view."""
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _wanted_state(request: HttpRequest, current: bool) -> bool:
    """The state a toggle asks for: explicit `state=on|off`, else the opposite of now."""
    state = request.POST.get("state")
    if state == "on":
        return True
    if state == "off":
        return False
    return not current


def _note_url(note_id: int) -> str:
    return reverse("notes:detail", args=[note_id])


def _int_or_404(value: str | None, message: str) -> int:
    try:
        return int(value or "")
    except ValueError as exc:
        raise NotFound(message) from exc


# --- note like / collect ------------------------------------------------------------------


def _note_actions_response(
    request: HttpRequest, *, note_id: int, next_url: str, **extra: Any
) -> HttpResponse:
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    liked, collected = queries.viewer_note_states(viewer=request.user, note_ids=[note.pk])
    context = {
        "note": note,
        "liked": note.pk in liked,
        "collected": note.pk in collected,
        "next": next_url,
        **extra,
    }
    return render(request, "engagement/partials/_note_actions.html", context)


@require_POST
def like(request: HttpRequest, note_id: int) -> HttpResponse:
    """engagement:like — POST state=on|off (or toggle)."""
    next_url = _safe_next(request, _note_url(note_id))
    if not request.user.is_authenticated:
        return _login_response(request, next_url)
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    liked, _collected = queries.viewer_note_states(viewer=request.user, note_ids=[note.pk])
    if _wanted_state(request, note.pk in liked):
        actions.note_like(user=request.user, note=note)
    else:
        actions.note_unlike(user=request.user, note=note)
    if _is_htmx(request):
        return _note_actions_response(request, note_id=note_id, next_url=next_url)
    return HttpResponseRedirect(next_url)


@require_http_methods(["GET", "POST"])
def collect(request: HttpRequest, note_id: int) -> HttpResponse:
    """engagement:collect — GET: board chooser; POST state=on|off, optional board_id."""
    next_url = _safe_next(request, _note_url(note_id))
    if not request.user.is_authenticated:
        return _login_response(request, next_url)
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    if request.method == "GET":
        boards, current = queries.boards_for_chooser(user=request.user, note=note)
        context = {"note": note, "boards": boards, "current": current, "next": next_url}
        template = (
            "engagement/partials/_board_chooser.html"
            if _is_htmx(request)
            else "engagement/collect.html"
        )
        return render(request, template, context)

    _liked, collected = queries.viewer_note_states(viewer=request.user, note_ids=[note.pk])
    board_id = request.POST.get("board_id")
    wants = True if board_id else _wanted_state(request, note.pk in collected)
    if wants:
        board: Board | None = None
        if board_id:
            board = queries.board_owned_by(
                board_id=_int_or_404(board_id, str(_("This board does not exist."))),
                user=request.user,
            )
        actions.note_collect(user=request.user, note=note, board=board)
    else:
        actions.note_uncollect(user=request.user, note=note)
    if _is_htmx(request):
        extra: dict[str, Any] = {}
        if wants and not board_id:
            # Collected into the default board: offer to move it right away.
            boards, current = queries.boards_for_chooser(user=request.user, note=note)
            extra = {"chooser_boards": boards, "chooser_current": current}
        return _note_actions_response(request, note_id=note_id, next_url=next_url, **extra)
    return HttpResponseRedirect(next_url)


# --- comments -----------------------------------------------------------------------------


def _comments_context(
    request: HttpRequest, note: Note, *, cursor: str | None, sort: str
) -> dict[str, Any]:
    page = queries.comments_page(note=note, viewer=request.user, cursor=cursor, sort=sort)
    return {"note": note, "comments": page, "sort": sort}


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, note_id: int) -> HttpResponse:
    """engagement:comments — GET a page of comments; POST a comment or a reply."""
    if request.method == "POST":
        return _comment_post(request, note_id)
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    sort = request.GET.get("sort") or "time"
    context = _comments_context(request, note, cursor=request.GET.get("cursor"), sort=sort)
    if _is_htmx(request):
        return render(request, "engagement/partials/_comment_list.html", context)
    return render(request, "engagement/comments.html", context)


def _comment_post(request: HttpRequest, note_id: int) -> HttpResponse:
    next_url = _safe_next(request, _note_url(note_id))
    if not request.user.is_authenticated:
        return _login_response(request, next_url)
    note = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    reply_to: Comment | None = None
    if request.POST.get("reply_to"):
        reply_to = queries.comment_for_viewer(
            comment_id=_int_or_404(request.POST["reply_to"], str(_("Comment not found."))),
            viewer=request.user,
        )
    comment = actions.comment_create(
        note=note, author=request.user, body=request.POST.get("body", ""), reply_to=reply_to
    )
    if not _is_htmx(request):
        return HttpResponseRedirect(f"{next_url.split('#')[0]}#comment-{comment.pk}")
    comment = queries.comment_for_viewer(comment_id=comment.pk, viewer=request.user)
    if comment.reply_to_id:
        comment.reply_to = reply_to
    queries.comment_with_state(comment=comment, viewer=request.user)
    refreshed = queries.note_for_engagement(note_id=note_id, viewer=request.user)
    context = {"comment": comment, "note": refreshed, "fresh": True, "count_oob": True}
    return render(request, "engagement/partials/_comment_created.html", context)


def replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """engagement:replies — GET more replies of a top-level comment."""
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    page = queries.replies_page(
        comment=comment, viewer=request.user, cursor=request.GET.get("cursor")
    )
    context = {"parent": comment, "note": comment.note, "replies": page}
    if _is_htmx(request):
        return render(request, "engagement/partials/_reply_list.html", context)
    queries.comment_with_state(comment=comment, viewer=request.user)
    return render(request, "engagement/replies.html", context)


@require_POST
def comment_like(request: HttpRequest, comment_id: int) -> HttpResponse:
    """engagement:comment_like — POST state=on|off (or toggle)."""
    fallback = reverse("engagement:replies", args=[comment_id])
    next_url = _safe_next(request, fallback)
    if not request.user.is_authenticated:
        return _login_response(request, next_url)
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    queries.comment_with_state(comment=comment, viewer=request.user)
    if _wanted_state(request, comment.viewer_liked):  # type: ignore[attr-defined]
        actions.comment_like(user=request.user, comment=comment)
    else:
        actions.comment_unlike(user=request.user, comment=comment)
    if not _is_htmx(request):
        return HttpResponseRedirect(next_url)
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    queries.comment_with_state(comment=comment, viewer=request.user)
    return render(
        request,
        "engagement/partials/_comment_like.html",
        {"comment": comment, "next": next_url},
    )


@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """engagement:comment_delete — soft delete by its author, the note author or staff."""
    if not request.user.is_authenticated:
        return _login_response(request, _safe_next(request, "/"))
    comment = queries.comment_for_viewer(comment_id=comment_id, viewer=request.user)
    actions.comment_delete(comment=comment, actor=request.user)
    if _is_htmx(request):
        note = queries.note_for_engagement(note_id=comment.note_id, viewer=request.user)
        return render(request, "engagement/partials/_comment_count_oob.html", {"note": note})
    return HttpResponseRedirect(_safe_next(request, _note_url(comment.note_id)) + "#comments")


# --- boards -------------------------------------------------------------------------------


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False, widget=forms.Textarea
    )
    is_private = forms.BooleanField(label=_("Only me"), required=False)


def _board_url(board: Board) -> str:
    return reverse("engagement:board", args=[board.pk])


def board(request: HttpRequest, board_id: int) -> HttpResponse:
    """engagement:board — the notes of a board as masonry cards (infinite scroll)."""
    board_obj = queries.board_for_viewer(board_id=board_id, viewer=request.user)
    page = queries.board_notes_page(
        board=board_obj, viewer=request.user, cursor=request.GET.get("cursor")
    )
    liked_ids, _collected = queries.viewer_note_states(
        viewer=request.user, note_ids=[n.pk for n in page.items]
    )
    next_url = (
        f"{_board_url(board_obj)}?{urlencode({'cursor': page.next_cursor})}"
        if page.next_cursor
        else None
    )
    context = {"board": board_obj, "page": page, "liked_ids": liked_ids, "next_url": next_url}
    if _is_htmx(request) and request.GET.get("cursor"):
        return render(request, "feed/partials/_cards.html", context)
    return render(request, "engagement/board.html", context)


def _form_errors_from(form: BoardForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request: HttpRequest) -> HttpResponse:
    """engagement:board_create — a new board; with `note` it also collects that note into it."""
    note_id = request.POST.get("note") or request.GET.get("note") or ""
    form = BoardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Look the note up first: a note the viewer cannot see is a 404 that creates nothing.
        note = (
            queries.note_for_engagement(
                note_id=_int_or_404(note_id, str(_("Note not found."))), viewer=request.user
            )
            if note_id
            else None
        )
        try:
            new_board = board_actions.board_create(
                owner=_member(request),
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_private=form.cleaned_data["is_private"],
            )
        except DomainError as error:
            _form_errors_from(form, error)
        else:
            if note is not None:
                actions.note_collect(user=_member(request), note=note, board=new_board)
                return HttpResponseRedirect(_safe_next(request, _note_url(note.pk)))
            return HttpResponseRedirect(_board_url(new_board))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "note_id": note_id, "next": _safe_next(request, "")}
    return render(request, "engagement/board_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, board_id: int) -> HttpResponse:
    """engagement:board_edit — owner only."""
    board_obj = queries.board_for_viewer(board_id=board_id, viewer=request.user)
    if board_obj.owner_id != request.user.pk:
        raise Forbidden(str(_("Only the owner can change this board.")))
    initial = {
        "name": board_display_name(board_obj),
        "description": board_obj.description,
        "is_private": board_obj.is_private,
    }
    form = BoardForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            board_actions.board_update(
                board=board_obj,
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_private=form.cleaned_data["is_private"],
            )
        except DomainError as error:
            _form_errors_from(form, error)
        else:
            return HttpResponseRedirect(_board_url(board_obj))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "board": board_obj}
    return render(request, "engagement/board_form.html", context, status=status)


@login_required
@require_POST
def board_delete(request: HttpRequest, board_id: int) -> HttpResponse:
    """engagement:board_delete — owner only; its notes move to the default board."""
    board_obj = queries.board_for_viewer(board_id=board_id, viewer=request.user)
    board_actions.board_delete(board=board_obj, actor=_member(request))
    profile = reverse("accounts:profile", args=[request.user.get_username()])
    return HttpResponseRedirect(f"{profile}?tab=boards")


# --- notifications ------------------------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """engagement:notifications — newest first by tab; shown unread ones become read."""
    group = request.GET.get("group") or ""
    page = queries.notifications_page(
        user=request.user, cursor=request.GET.get("cursor"), group=group or None
    )
    unread_ids = [item.pk for item in page.items if item.read_at is None]
    if unread_ids:
        actions.notifications_mark_read(user=_member(request), ids=unread_ids)
    today = timezone.localdate()
    for item in page.items:
        day = timezone.localdate(item.created_at)
        item.day = day  # type: ignore[attr-defined]
        item.is_today = day == today  # type: ignore[attr-defined]
    params = {"cursor": page.next_cursor, **({"group": group} if group else {})}
    next_url = (
        f"{reverse('engagement:notifications')}?{urlencode(params)}" if page.next_cursor else None
    )
    context = {
        "page": page,
        "group": group,
        "tabs": NOTIFICATION_TABS,
        "next_url": next_url,
        "nav": "notifications",
    }
    if _is_htmx(request) and request.GET.get("cursor"):
        return render(request, "engagement/partials/_notification_list.html", context)
    return render(request, "engagement/notifications.html", context)


# --- topics -------------------------------------------------------------------------------


@require_POST
def topic_follow(request: HttpRequest, name: str) -> HttpResponse:
    """engagement:topic_follow — POST state=on|off (or toggle)."""
    next_url = _safe_next(request, reverse("feed:topic", args=[name]))
    if not request.user.is_authenticated:
        return _login_response(request, next_url)
    topic = topic_by_name(name)
    following = queries.topic_followed(viewer=request.user, topic=topic)
    if _wanted_state(request, following):
        actions.topic_follow(user=request.user, topic=topic)
    else:
        actions.topic_unfollow(user=request.user, topic=topic)
    if not _is_htmx(request):
        return HttpResponseRedirect(next_url)
    topic = topic_by_name(name)
    context = {
        "topic": topic,
        "following": queries.topic_followed(viewer=request.user, topic=topic),
        "next": next_url,
    }
    return render(request, "engagement/partials/_topic_follow_button.html", context)
