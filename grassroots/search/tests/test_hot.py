"""Hot searches: rising distinct searchers, spam-resistant, smoothed, cached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.search.hot import (
    DEMAND_DAYS,
    MIN_SEARCHERS,
    demand_purge,
    demand_record,
    hot_searches,
    rising_queries,
    searcher_key,
)
from grassroots.search.models import SearchDemand

pytestmark = pytest.mark.django_db


def ask(query, searchers, *, hours_ago=1, start=0):
    at = timezone.now() - timedelta(hours=hours_ago)
    for n in range(start, start + searchers):
        demand_record(query=query, searcher=f"s{n}", at=at)


def hot_texts(**kwargs):
    return [item.query for item in rising_queries(**kwargs)]


def test_one_client_repeating_a_query_counts_once():
    for _ in range(50):
        demand_record(query="刷榜", searcher="bot")
    assert SearchDemand.objects.filter(query="刷榜").count() == 1
    assert hot_texts() == []  # one searcher is below the minimum


def test_many_searchers_make_a_query_hot():
    ask("红酒保存", MIN_SEARCHERS)
    ask("只有两人", MIN_SEARCHERS - 1)
    assert hot_texts() == ["红酒保存"]
    item = rising_queries()[0]
    assert item.searchers == MIN_SEARCHERS
    assert item.baseline == 0


def test_rising_beats_steady_popular():
    # "steady": 10 searchers every day this week and today; "rising": none before, 6 today.
    for day in range(1, 8):
        ask("steady", 10, hours_ago=24 * day + 2, start=day * 100)
    ask("steady", 10)
    ask("rising", 6)
    assert hot_texts() == ["rising", "steady"]


def test_spam_from_one_searcher_cannot_outrank_real_interest():
    for _ in range(200):
        demand_record(query="spam", searcher="one-client")
    ask("spam", MIN_SEARCHERS - 2, start=500)  # accomplices: still below the minimum together
    ask("real", MIN_SEARCHERS)
    assert hot_texts() == ["real"]
    ask("spam", 1, start=900)  # one more real searcher: now it counts as the 3 people it is
    assert [(item.query, item.searchers) for item in rising_queries()] == [
        ("real", MIN_SEARCHERS),
        ("spam", MIN_SEARCHERS),
    ]


def test_old_demand_is_purged():
    ask("old", 5, hours_ago=24 * DEMAND_DAYS + 1)
    ask("new", 5)
    assert demand_purge() == 5
    assert set(SearchDemand.objects.values_list("query", flat=True)) == {"new"}


def test_hot_searches_are_cached_for_a_minute(django_assert_num_queries):
    ask("cached", MIN_SEARCHERS)
    assert [item.query for item in hot_searches()] == ["cached"]
    ask("later", 9)
    with django_assert_num_queries(0):
        assert [item.query for item in hot_searches()] == ["cached"]


def test_searcher_key_is_a_hash_of_user_session_or_ip():
    factory = RequestFactory()
    user = UserFactory()
    one = factory.get("/", REMOTE_ADDR="10.0.0.1")
    one.user = user
    two = factory.get("/", REMOTE_ADDR="10.0.0.2")
    two.user = user
    assert searcher_key(one) == searcher_key(two)  # the same user from two addresses
    assert searcher_key(one) != f"u:{user.pk}"
    assert len(searcher_key(one)) == 16
    from django.contrib.auth.models import AnonymousUser

    anon_a = factory.get("/", REMOTE_ADDR="10.0.0.1")
    anon_a.user = AnonymousUser()
    anon_b = factory.get("/", REMOTE_ADDR="10.0.0.9")
    anon_b.user = AnonymousUser()
    assert searcher_key(anon_a) != searcher_key(anon_b)
    assert "10.0.0.1" not in searcher_key(anon_a)
