"""The results page: cards with snippets, answer block, tabs, sorts, filters, paging, clicks."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.actions import comment_create
from grassroots.feed.tests.factories import TopicFactory
from grassroots.search.models import SearchDemand, SearchHistoryEntry, SearchQuery
from grassroots.search.suggest import suggest_index_reset
from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CARD_IDS = re.compile(r'<article class="card" data-note-id="(\d+)"')


def card_ids(response):
    return [int(i) for i in CARD_IDS.findall(response.content.decode())]


def find(pattern, text, group=1):
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(group)


def results(client, **params):
    return client.get(reverse("search:results"), params)


def sentinel_url(response):
    match = re.search(r'class="sentinel" hx-get="([^"]+)"', response.content.decode())
    return unescape(match.group(1)) if match else None


def test_empty_query_shows_the_search_start(client):
    response = results(client)
    assert response.status_code == 200
    assert 'data-testid="search-page"' in response.content.decode()
    assert not SearchQuery.objects.exists()


def test_cards_with_highlighted_snippets_and_logging(client):
    wine = publish("红酒保存", "开了的红酒放冰箱可以保存三天")
    publish("防晒霜", "夏天出门要涂防晒")
    index_all()
    response = results(client, q="红酒")
    assert response.status_code == 200
    html = response.content.decode()
    assert card_ids(response) == [wine.pk]
    snippet = re.search(r'<p class="card-snippet"[^>]*>(.*?)</p>', html, re.S)
    assert snippet is not None and "<mark>红酒</mark>" in snippet.group(1)
    logged = SearchQuery.objects.get()
    assert (logged.query, logged.result_count) == ("红酒", 1)
    assert 'data-search-token="' in html


def test_xss_in_the_query_and_the_note_is_inert(client):
    publish("<b>红酒</b>", '<img src=x onerror="alert(1)"> 红酒 <script>alert(2)</script>')
    index_all()
    query = '红酒"><script>alert(3)</script>'
    html = results(client, q=query).content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "<b>红酒" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    html = results(client, q="红酒").content.decode()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html or "alert(2)" not in html
    assert "<script>alert(2)" not in html


def test_answer_block_from_a_comment_links_to_the_comment(client):
    note = publish("开瓶红酒", "周末开了一瓶红酒，喝了一半")
    comment = comment_create(
        note=note, author=UserFactory(), body="开了的红酒塞好放冰箱，三五天内喝完就行。"
    )
    index_all()
    response = results(client, q="开了的红酒放多久还能喝")
    html = response.content.decode()
    match = re.search(r'data-testid="search-answer".*?</section>', html, re.S)
    assert match is not None
    block = match.group(0)
    assert "<mark>" in block
    link = unescape(find(r'href="([^"]+)" data-testid="answer-link"', block))
    assert link.startswith(reverse("search:go", args=[note.pk]))
    redirect = client.get(link)
    assert redirect.status_code == 302
    assert (
        redirect["Location"] == reverse("notes:detail", args=[note.pk]) + f"#comment-{comment.pk}"
    )
    logged = SearchQuery.objects.get()
    assert logged.click_count == 1
    assert logged.clicked_note_ids == [note.pk]


def test_sorts_and_filters_are_passed_and_bad_values_fall_back(client):
    for i in range(3):
        publish(f"红酒{i}", "红酒")
    index_all()
    for sort in ("overall", "latest", "likes", "comments", "collects"):
        assert len(card_ids(results(client, q="红酒", sort=sort))) == 3
    response = results(client, q="红酒", sort="nonsense", type="video", time="year", category="no")
    assert response.status_code == 200
    assert len(card_ids(response)) == 3
    assert len(card_ids(results(client, q="红酒", type="image"))) == 0
    assert len(card_ids(results(client, q="红酒", type="text", time="week"))) == 3


def test_following_filter_only_for_members(client):
    followed = UserFactory()
    member = UserFactory()
    from grassroots.accounts.actions import follow_user

    follow_user(follower=member, followee=followed)
    mine = publish("红酒甲", "红酒", author=followed)
    publish("红酒乙", "红酒")
    index_all()
    assert len(card_ids(results(client, q="红酒", following="1"))) == 2  # ignored when anonymous
    client.force_login(member)
    assert card_ids(results(client, q="红酒", following="1")) == [mine.pk]


def test_paging_with_htmx_and_no_second_log_row(client):
    for i in range(25):
        publish(f"红酒笔记{i}", "红酒")
    index_all()
    first = results(client, q="红酒")
    assert len(card_ids(first)) == 20
    next_url = sentinel_url(first)
    assert next_url is not None and "offset=20" in next_url
    second = client.get(next_url, **HTMX)
    assert second.status_code == 200
    assert "<html" not in second.content.decode()
    assert len(card_ids(second)) == 5
    assert sentinel_url(second) is None
    assert not set(card_ids(first)) & set(card_ids(second))
    assert SearchQuery.objects.count() == 1
    # A filter or sort change of the same search keeps its log row too.
    assert "t=" in next_url
    token = unquote(find(r"t=([^&]+)", next_url))
    client.get(reverse("search:results"), {"q": "红酒", "sort": "latest", "t": token})
    assert SearchQuery.objects.count() == 1


def test_zero_results_offers_did_you_mean(client):
    suggest_index_reset()
    TopicFactory(name="红酒", note_count=12)
    response = results(client, q="红久")
    html = response.content.decode()
    assert 'data-testid="search-empty"' in html
    assert 'data-testid="did-you-mean"' in html
    assert "?q=%E7%BA%A2%E9%85%92" in html
    suggest_index_reset()


def test_users_and_topics_tabs(client):
    UserFactory(username="winelover", display_name="红酒爱好者")
    TopicFactory(name="红酒", note_count=3)
    users = results(client, q="红酒", tab="users")
    assert 'data-testid="user-row"' in users.content.decode()
    topics = results(client, q="红酒", tab="topics")
    assert 'data-testid="topic-result"' in topics.content.decode()
    assert "/t/%E7%BA%A2%E9%85%92" in topics.content.decode()
    assert not SearchQuery.objects.exists()


def test_history_and_demand_are_fed_by_member_searches(client):
    publish("红酒", "红酒")
    index_all()
    member = UserFactory()
    client.force_login(member)
    results(client, q="红酒")
    results(client, q="红酒")
    results(client, q="没有结果的问题")
    assert list(
        SearchHistoryEntry.objects.filter(user=member)
        .order_by("-searched_at")
        .values_list("query", flat=True)
    ) == ["没有结果的问题", "红酒"]
    # One searcher: one demand row; queries without results are not demand.
    assert list(SearchDemand.objects.values_list("query", flat=True)) == ["红酒"]


def test_click_beacon_needs_csrf_and_a_valid_token(client):
    note = publish("红酒", "红酒")
    index_all()
    html = results(client, q="红酒").content.decode()
    token = find(r'data-search-token="([^"]+)"', html)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("search:click"), {"t": token, "note": note.pk}).status_code == 403
    assert client.post(reverse("search:click"), {"t": "forged", "note": note.pk}).status_code == 204
    assert SearchQuery.objects.get().click_count == 0
    assert client.post(reverse("search:click"), {"t": token, "note": note.pk}).status_code == 204
    assert client.post(reverse("search:click"), {"t": token, "note": note.pk}).status_code == 204
    logged = SearchQuery.objects.get()
    assert (logged.click_count, logged.clicked_note_ids) == (1, [note.pk])


def test_go_redirect_only_to_notes(client):
    response = client.get(reverse("search:go", args=[123]), {"t": "x", "c": "javascript:1"})
    assert response["Location"] == reverse("notes:detail", args=[123])


def test_query_budget_is_constant_in_page_size(client, django_assert_num_queries):
    member = UserFactory()
    client.force_login(member)
    for i in range(3):
        publish(f"红酒少{i}", "红酒")
    index_all()
    results(client, q="红酒")  # warm caches (taxonomy, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        results(client, q="红酒")
    for i in range(20):
        publish(f"红酒多{i}", "红酒")
    index_all()
    with CaptureQueriesContext(connection) as many:
        results(client, q="红酒")
    assert len(many) == len(few)
    assert len(few) <= 20


def test_snippet_filter_trusts_only_mark_tags():
    from grassroots.search.templatetags.search_tags import highlighted

    assert highlighted("开了的<mark>红酒</mark> &amp; 奶酪") == "开了的<mark>红酒</mark> &amp; 奶酪"
    unsafe = highlighted('<mark>红酒</mark><img src=x onerror="alert(1)">')
    assert "<img" not in unsafe
    assert "<mark>" not in unsafe


def test_long_and_blank_queries_are_handled(client):
    assert results(client, q="红" * 1000).status_code == 200
    assert results(client, q="   ").status_code == 200
    assert SearchQuery.objects.count() == 1


def test_page_reads_in_chinese(client):
    publish("红酒", "红酒")
    index_all()
    html = client.get(
        reverse("search:results"), {"q": "红酒"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    for word in ("综合", "最新", "最多点赞", "最多评论", "最多收藏", "笔记", "用户", "话题"):
        assert word in html


def test_users_and_topics_tab_budgets_are_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())

    def count(tab):
        with CaptureQueriesContext(connection) as queries:
            assert results(client, q="wine", tab=tab).status_code == 200
        return len(queries)

    for i in range(2):
        UserFactory(username=f"wine{i}")
        TopicFactory(name=f"wine{i}", note_count=1)
    count("users")
    few_users, few_topics = count("users"), count("topics")
    for i in range(2, 8):
        UserFactory(username=f"wine{i}")
        TopicFactory(name=f"wine{i}", note_count=1)
    assert count("users") == few_users
    assert count("topics") == few_topics
