"""Template helpers: relative times and self-loading engagement blocks for other apps' pages.

`{% note_actions note %}` and `{% note_comments note %}` let the note detail page (notes app)
include the like/collect bar and the comment thread without knowing how they are queried;
each costs a fixed number of queries (2 and 3).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from grassroots.engagement import queries
from grassroots.engagement.board_names import board_display_name

register = template.Library()


@register.filter
def board_name(board: Any) -> str:
    """`{{ board|board_name }}`: the default board's generated name in the reader's language."""
    return board_display_name(board)


@register.filter
def ago(moment: datetime | None) -> str:
    """Short relative time: "just now", "5 minutes ago", "3 hours ago", "2 days ago", a date."""
    if moment is None:
        return ""
    seconds = int((timezone.now() - moment).total_seconds())
    if seconds < 60:
        return gettext("just now")
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 24:
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    days = hours // 24
    if days < 7:
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    local = timezone.localtime(moment)
    if local.year == timezone.localtime().year:
        return date_format(local, "MONTH_DAY_FORMAT")
    return date_format(local, "DATE_FORMAT")


@register.inclusion_tag("engagement/partials/_note_actions.html", takes_context=True)
def note_actions(context: template.Context, note: Any) -> dict[str, Any]:
    """The like / collect / comment bar for one note (two queries for the viewer's state)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    liked, collected = queries.viewer_note_states(viewer=viewer, note_ids=[note.pk])
    return {
        "request": request,
        "user": viewer,
        "csrf_token": context.get("csrf_token"),
        "note": note,
        "liked": note.pk in liked,
        "collected": note.pk in collected,
    }


@register.inclusion_tag("engagement/partials/_comments.html", takes_context=True)
def note_comments(context: template.Context, note: Any, sort: str = "time") -> dict[str, Any]:
    """The comment section of a note the page already checked is visible (three queries)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if request is not None and request.GET.get("sort") in queries.COMMENT_SORTS:
        sort = request.GET["sort"]
    page = queries.comments_page(note=note, viewer=viewer, sort=sort)
    return {
        "request": request,
        "user": viewer,
        "csrf_token": context.get("csrf_token"),
        "note": note,
        "comments": page,
        "sort": sort,
    }


@register.inclusion_tag("engagement/partials/_topic_follow_button.html", takes_context=True)
def topic_follow_button(context: template.Context, topic: Any) -> dict[str, Any]:
    """Follow/unfollow button of a topic (one query for the viewer's state)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return {
        "request": request,
        "user": viewer,
        "csrf_token": context.get("csrf_token"),
        "topic": topic,
        "following": queries.topic_followed(viewer=viewer, topic=topic),
    }
