"""The search box dropdown and the suggestion API: completions, hot, history (private)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.accounts.actions import token_create
from grassroots.accounts.tests.factories import UserFactory
from grassroots.feed.tests.factories import TopicFactory
from grassroots.search.history import history_for, history_record
from grassroots.search.hot import MIN_SEARCHERS, demand_record
from grassroots.search.models import SearchHistoryEntry
from grassroots.search.suggest import suggest_index_reset

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_index():
    suggest_index_reset()
    yield
    suggest_index_reset()


def options(response):
    return re.findall(
        r'role="option"[^>]*><a href="[^"]*"[^>]*>([^<]*)</a>', response.content.decode()
    )


def make_hot(query):
    for n in range(MIN_SEARCHERS):
        demand_record(query=query, searcher=f"hot-{n}")


# --- the search box --------------------------------------------------------------------------


def test_search_box_points_at_results_and_asks_for_suggestions(client):
    html = client.get(reverse("feed:discover")).content.decode()
    box = re.search(r'<form class="searchbox".*?</form>', html, re.S)
    assert box is not None
    assert f'action="{reverse("search:results")}"' in box.group(0)
    assert f'hx-get="{reverse("search:suggest")}"' in box.group(0)
    assert 'role="combobox"' in box.group(0)
    assert "search/search.js" in box.group(0)


def test_dropdown_while_typing_uses_pinyin(client):
    TopicFactory(name="推车", note_count=8)
    response = client.get(reverse("search:suggest"), {"q": "tuiche"}, **HTMX)
    assert response.status_code == 200
    assert 'role="listbox"' in response.content.decode()
    assert options(response) == ["#推车"]


def test_dropdown_when_empty_has_history_and_hot(client):
    make_hot("红酒保存")
    member = UserFactory()
    history_record(user=member, query="婴儿推车")
    anonymous = client.get(reverse("search:suggest"), **HTMX)
    assert options(anonymous) == ["红酒保存"]
    client.force_login(member)
    response = client.get(reverse("search:suggest"), {"q": ""}, **HTMX)
    assert options(response) == ["婴儿推车", "红酒保存"]
    assert 'data-testid="history-clear"' in response.content.decode()


def test_query_echo_in_the_dropdown_is_escaped(client):
    TopicFactory(name="xss", note_count=1)
    html = client.get(
        reverse("search:suggest"), {"q": "<script>alert(1)</script>"}
    ).content.decode()
    assert "<script>" not in html


def test_history_remove_and_clear_from_the_dropdown(client):
    member, other = UserFactory(), UserFactory()
    for q in ("一", "二", "三"):
        history_record(user=member, query=q)
    history_record(user=other, query="别人的")
    theirs = SearchHistoryEntry.objects.get(user=other)
    mine = SearchHistoryEntry.objects.get(user=member, query="二")
    client.force_login(member)
    assert (
        client.post(reverse("search:history_delete"), {"entry": theirs.pk}, **HTMX).status_code
        == 404
    )
    assert [e.query for e in history_for(user=other)] == ["别人的"]
    response = client.post(reverse("search:history_delete"), {"entry": mine.pk}, **HTMX)
    assert response.status_code == 200
    assert options(response) == ["三", "一"]
    response = client.post(reverse("search:history_clear"))
    assert response.status_code == 302
    assert history_for(user=member) == []
    assert [e.query for e in history_for(user=other)] == ["别人的"]


def test_history_clear_needs_csrf():
    member = UserFactory()
    history_record(user=member, query="一")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(reverse("search:history_clear")).status_code == 403
    assert len(history_for(user=member)) == 1


def test_anonymous_cannot_delete_history(client):
    member = UserFactory()
    history_record(user=member, query="一")
    entry = SearchHistoryEntry.objects.get()
    assert client.post(reverse("search:history_delete"), {"entry": entry.pk}).status_code == 404
    client.post(reverse("search:history_clear"))
    assert SearchHistoryEntry.objects.count() == 1


def test_results_start_page_lists_history_and_hot(client):
    make_hot("防晒霜")
    member = UserFactory()
    history_record(user=member, query="<b>我的</b>")
    client.force_login(member)
    html = client.get(reverse("search:results")).content.decode()
    assert 'data-testid="search-history"' in html
    assert "&lt;b&gt;我的&lt;/b&gt;" in html
    assert 'data-testid="search-hot"' in html and "防晒霜" in html


# --- API -------------------------------------------------------------------------------------


def test_api_suggest_and_hot_are_public(client):
    TopicFactory(name="推车", note_count=8)
    make_hot("推车")
    body = client.get("/api/search/suggest", {"q": "tc"}).json()
    assert body == {"items": [{"text": "推车", "kind": "topic"}]}
    assert client.get("/api/search/suggest", {"q": ""}).json() == {"items": []}
    assert client.get("/api/search/suggest", {"q": "x" * 5000}).status_code == 200
    assert client.get("/api/search/hot").json() == {
        "items": [{"query": "推车", "searchers": MIN_SEARCHERS}]
    }


def test_api_history_is_private(client):
    member, other = UserFactory(), UserFactory()
    history_record(user=member, query="我的")
    history_record(user=other, query="别人的")
    theirs = SearchHistoryEntry.objects.get(user=other)
    assert client.get("/api/search/history").status_code == 401
    _token, key = token_create(user=member)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = client.get("/api/search/history", **auth).json()
    assert [item["query"] for item in body["items"]] == ["我的"]
    response = client.delete(f"/api/search/history/{theirs.pk}", **auth)
    assert response.status_code == 404
    assert response.json()["code"] == "history_entry_not_found"
    assert SearchHistoryEntry.objects.filter(pk=theirs.pk).exists()
    mine = SearchHistoryEntry.objects.get(user=member)
    assert client.delete(f"/api/search/history/{mine.pk}", **auth).status_code == 204
    history_record(user=member, query="再来")
    assert client.delete("/api/search/history", **auth).json() == {"deleted": 1}
    assert [e.query for e in history_for(user=other)] == ["别人的"]


def test_api_history_delete_with_a_session_needs_csrf():
    member = UserFactory()
    history_record(user=member, query="我的")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.delete("/api/search/history").status_code == 403
    assert len(history_for(user=member)) == 1
