"""Feed pages: discover and its category channels, following, topics.

Each page renders in full on a normal request; the infinite-scroll sentinel asks for the next
page with htmx and gets only the cards (feed/partials/_cards.html).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from grassroots.core.pagination import Page
from grassroots.engagement.queries import topic_followed, viewer_note_states
from grassroots.feed.queries import (
    channel_by_slug,
    channel_taxonomy,
    discover_page,
    following_page,
    topic_notes_page,
)
from grassroots.notes.models import Note
from grassroots.notes.queries import topic_by_name

PAGE_SIZE = 20
CARDS_TEMPLATE = "feed/partials/_cards.html"


def _wants_cards_only(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    # A boosted link is a whole-page navigation; only the sentinel asks for bare cards.
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    # The same URL answers with a full page or bare cards: keep caches from mixing them.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _cards_context(request: HttpRequest, page: Page[Note]) -> dict[str, Any]:
    liked_ids, _collected = viewer_note_states(
        viewer=request.user, note_ids=[note.pk for note in page.items]
    )
    return {"page": page, "liked_ids": liked_ids}


@require_GET
def discover(request: HttpRequest) -> HttpResponse:
    # ?q= is left to the search issue; discover ignores it for now.
    return _channel_page(request, slug=None)


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    return _channel_page(request, slug=slug)


def _channel_page(request: HttpRequest, *, slug: str | None) -> HttpResponse:
    channel = channel_by_slug(slug) if slug is not None else None
    page = discover_page(
        viewer=request.user, category=slug, cursor=request.GET.get("cursor"), limit=PAGE_SIZE
    )
    context = _cards_context(request, page)
    if _wants_cards_only(request):
        return _render(request, CARDS_TEMPLATE, context)
    taxonomy = channel_taxonomy()
    top = taxonomy.top_of(channel) if channel is not None else None
    context.update(
        nav="discover",
        channels=taxonomy.tops,
        channel=channel,
        active_top=top,
        active_sub=channel if channel is not None and not channel.is_top else None,
        sub_channels=taxonomy.children.get(top.id, []) if top is not None else [],
    )
    return _render(request, "feed/discover.html", context)


@require_GET
@login_required
def following(request: HttpRequest) -> HttpResponse:
    page = following_page(viewer=request.user, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    context = _cards_context(request, page)
    if _wants_cards_only(request):
        return _render(request, CARDS_TEMPLATE, context)
    context.update(nav="following", follows_anyone=page.extra.get("follows_anyone", True))
    return _render(request, "feed/following.html", context)


@require_GET
def topic(request: HttpRequest, name: str) -> HttpResponse:
    found = topic_by_name(name)
    sort = request.GET.get("sort") or "hot"
    page = topic_notes_page(
        topic=found,
        viewer=request.user,
        sort=sort,
        cursor=request.GET.get("cursor"),
        limit=PAGE_SIZE,
    )
    context = _cards_context(request, page)
    if _wants_cards_only(request):
        return _render(request, CARDS_TEMPLATE, context)
    context.update(
        topic=found,
        sort=sort,
        following=topic_followed(viewer=request.user, topic=found),
    )
    return _render(request, "feed/topic.html", context)
