"""CSRF on every state-changing page: found by walking the URL configuration, not by a list.

Every route of the site (admin and the API aside; the API has its own test) is posted to by a
logged-in browser that holds the CSRF cookie but sends no token, or a forged one: each answer
must be Django's CSRF refusal and no row of any table may change. A probe with a valid token
(rolled back) tells which routes really accept POST, and the test insists on finding at least
the known ones, so a routing change cannot make it pass by finding nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from tests.security.helpers import changed_tables, db_state, with_csrf_cookie

pytestmark = pytest.mark.django_db

# Django's admin has its own CSRF protection and tests; the API is checked in test_csrf_api;
# i18n/ is Django's set_language, checked on its own below.
SKIPPED_PREFIXES = ("admin/", "api/", "i18n/")
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Routes that must accept POST (forms and htmx actions). More may exist; none may be missing.
KNOWN_POST_ROUTES = {
    "accounts:signup",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:settings",
    "accounts:token_create",
    "accounts:token_revoke",
    "accounts:follow",
    "notes:publish",
    "notes:edit",
    "notes:delete",
    "engagement:like",
    "engagement:collect",
    "engagement:comments",
    "engagement:comment_like",
    "engagement:comment_delete",
    "engagement:board_create",
    "engagement:board_edit",
    "engagement:board_delete",
    "engagement:topic_follow",
    "brands:apply",
    "brands:verify",
    "brands:settings",
    "brands:members",
    "brands:member_role",
    "brands:member_remove",
    "brands:products",
    "brands:product_edit",
    "brands:product_delete",
    "brands:competitors",
    "brands:competitor_remove",
    "brands:campaign_new",
    "brands:campaign_analyse",
    "brands:idea_adopt",
}
# Read-only routes the probe must find closed to POST (else the probe itself is broken).
KNOWN_GET_ONLY_ROUTES = {
    "healthz",
    "feed:discover",
    "feed:topic",
    "notes:detail",
    "notes:image",
    "notes:cover",
    "notes:drafts",
    "accounts:profile",
    "accounts:avatar",
    "brands:mine",
    "brands:home",
    "brands:campaign",
    "insights:workspace",
    "insights:explore",
    "insights:theme",
    "insights:export_themes",
    "insights:export_series",
    "insights:print",
}
MIN_ROUTES = 35

# Data that would make most forms valid, so a missing CSRF check would show as a change.
FORM_DATA = {
    "title": "csrf title",
    "body": "posted by an attacker",
    "visibility": "public",
    "action": "follow",
    "state": "on",
    "name": "csrf board",
    "description": "csrf",
    "display_name": "Hacked",
    "bio": "hacked",
    "username": "member",
    "password": "pass-word-123",
    "email": "member@example.com",
    "old_password": "pass-word-123",
    "new_password": "a-much-newer-secret-42",
    "new_password1": "a-much-newer-secret-42",
    "new_password2": "a-much-newer-secret-42",
}


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    """(route, qualified name, pattern) for every URL pattern, through every include()."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}{entry.name}" if entry.name else route
            yield route, name, entry


def page_routes() -> list[tuple[str, str, Any]]:
    routes = [
        item
        for item in walk(get_resolver().url_patterns)
        if not item[0].startswith(SKIPPED_PREFIXES)
    ]
    for _route, name, entry in routes:
        assert isinstance(entry.pattern, RoutePattern), f"{name}: regex routes need a URL builder"
    return routes


def build_url(route: str, values: dict[str, str]) -> str:
    def value_for(match: re.Match[str]) -> str:
        name = match.group("name")
        assert name in values, f"no test object for URL parameter <{name}> in {route!r}"
        return values[name]

    return "/" + _PARAMETER.sub(value_for, route)


def routes_with_urls(site: Any) -> list[tuple[str, str, Any]]:
    found = []
    for route, name, entry in page_routes():
        url = build_url(route, site.url_kwargs())
        assert resolve(url).func is entry.callback, f"{url} does not resolve to {name}"
        found.append((name, url, entry))
    return found


def accepts_post(probe: Client, url: str) -> bool:
    """Whether the view takes POST at all: a valid-token request, rolled back afterwards.

    The probe's cookies are put back too, so a probe that logs out or rotates the session
    does not change the next one (the rolled-back session row is still there).
    """
    cookies = probe.cookies
    probe.cookies = SimpleCookie(cookies.output(header="", sep=";"))
    try:
        with transaction.atomic():
            status = probe.post(url, FORM_DATA).status_code
            transaction.set_rollback(True)
    finally:
        probe.cookies = cookies
    return status != 405


def test_the_walk_finds_every_app_and_real_parameters(site):
    names = {name for name, _url, _entry in routes_with_urls(site)}
    assert len(names) >= MIN_ROUTES
    for app in ("accounts", "notes", "engagement", "feed"):
        assert any(name.startswith(f"{app}:") for name in names), app
    assert names >= KNOWN_POST_ROUTES


def test_every_page_post_without_a_csrf_token_is_refused_and_changes_nothing(site, strict_client):
    strict_client.force_login(site.member)
    cookie = with_csrf_cookie(strict_client)
    forged = "A" * 64
    routes = routes_with_urls(site)
    refused: list[str] = []
    state = db_state()
    for name, url, _entry in routes:
        for extra, headers in (
            ({}, {}),  # the token left out
            ({"csrfmiddlewaretoken": forged}, {"HTTP_X_CSRFTOKEN": forged}),  # a made-up one
        ):
            response = strict_client.post(url, {**FORM_DATA, **extra}, **headers)
            assert response.status_code == 403, (name, url, response.status_code)
            assert b"CSRF verification failed" in response.content, (name, url)
        after = db_state()  # whole rows of every table: an UPDATE shows too
        assert not changed_tables(state, after), (name, changed_tables(state, after))
        state = after
        refused.append(name)
    # Still the member's own session and cookie: nothing logged the browser out or rotated it.
    assert strict_client.cookies[settings.CSRF_COOKIE_NAME].value == cookie
    assert strict_client.get("/settings/").status_code == 200

    probe = Client()
    probe.force_login(site.member)
    post_routes = {name for name, url, _entry in routes if accepts_post(probe, url)}
    assert len(refused) >= MIN_ROUTES
    missing = KNOWN_POST_ROUTES - post_routes
    assert not missing, f"these routes no longer accept POST: {sorted(missing)}"
    assert len(post_routes) >= len(KNOWN_POST_ROUTES)
    assert not post_routes & KNOWN_GET_ONLY_ROUTES, sorted(post_routes & KNOWN_GET_ONLY_ROUTES)


def test_htmx_posts_without_the_header_token_are_refused(site, strict_client):
    """htmx sends the token as a header (from <body hx-headers>): without it, the same 403."""
    strict_client.force_login(site.member)
    with_csrf_cookie(strict_client)
    urls = {name: url for name, url, _entry in routes_with_urls(site)}
    before = db_state()
    for name in (
        "engagement:like",
        "engagement:collect",
        "accounts:follow",
        "engagement:topic_follow",
    ):
        response = strict_client.post(urls[name], {"state": "on"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 403, name
    assert not changed_tables(before, db_state())


def test_a_valid_token_is_accepted(site, strict_client):
    """The positive control: the same client with the page's token gets through."""
    strict_client.force_login(site.member)
    cookie = with_csrf_cookie(strict_client)
    url = f"/notes/{site.note.pk}/like"
    response = strict_client.post(url, {"state": "on"}, HTTP_X_CSRFTOKEN=cookie)
    assert response.status_code == 302
    site.note.refresh_from_db()
    assert site.note.like_count == 1


# --- Django's set_language -------------------------------------------------------------------


def test_set_language_changes_nothing_on_get_and_needs_the_token_on_post(strict_client):
    cookie_name = settings.LANGUAGE_COOKIE_NAME
    response = strict_client.get("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert cookie_name not in response.cookies

    token = with_csrf_cookie(strict_client)
    response = strict_client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 403
    assert cookie_name not in response.cookies

    response = strict_client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/"}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 302
    assert response.cookies[cookie_name].value == "zh-hans"


def test_set_language_is_in_the_url_configuration():
    routes = {route for route, _name, _entry in walk(get_resolver().url_patterns)}
    assert "i18n/setlang/" in routes
