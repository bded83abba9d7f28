"""Unanswered questions: frequent queries with no results or no clicks; the staff page and
the topic-page block."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.feed.tests.factories import TopicFactory
from grassroots.search.models import SearchQuery
from grassroots.search.unanswered import topic_questions, unanswered_queries

pytestmark = pytest.mark.django_db


def log(query, times, *, results=0, clicks=0, days_ago=0):
    rows = SearchQuery.objects.bulk_create(
        SearchQuery(query=query, result_count=results, click_count=clicks) for _ in range(times)
    )
    if days_ago:
        SearchQuery.objects.filter(pk__in=[row.pk for row in rows]).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )


def test_frequent_queries_without_results_or_clicks():
    log("开了的红酒放三个月还能喝吗", 5, results=0)
    log("推车 颈椎", 4, results=12, clicks=0)
    log("防晒霜推荐", 6, results=30, clicks=2)  # answered: people open results
    log("rare question", 2, results=0)  # not frequent
    log("old question", 9, results=0, days_ago=60)  # outside the window
    rows = unanswered_queries(days=30)
    assert [(row.query, row.searches, row.reason) for row in rows] == [
        ("开了的红酒放三个月还能喝吗", 5, "no_results"),
        ("推车 颈椎", 4, "no_clicks"),
    ]
    assert rows[0].zero_result_searches == 5
    assert [row.query for row in unanswered_queries(days=90)][0] == "old question"


def test_topic_questions_mention_the_topic_and_lack_answers():
    log("红酒开了能放多久", 3, results=1)
    log("红酒", 9, results=0)  # the bare topic name is no question
    log("红酒配什么菜", 5, results=40, clicks=7)  # well answered
    log("啤酒怎么存", 5, results=0)  # another topic
    assert [row.query for row in topic_questions(topic_name="红酒")] == ["红酒开了能放多久"]


def test_staff_page_lists_and_others_are_refused(client):
    log("<script>alert(1)</script>", 4, results=0)
    url = reverse("search:unanswered")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert html.count('data-testid="unanswered-row"') == 1
    assert client.get(url, {"days": "nonsense"}).status_code == 200


def test_topic_page_shows_the_questions_block(client):
    topic = TopicFactory(name="红酒", note_count=1)
    log("红酒开了能放多久", 3, results=0)
    log("啤酒怎么存", 3, results=0)
    html = client.get(reverse("feed:topic", args=[topic.name])).content.decode()
    assert 'data-testid="topic-questions"' in html
    assert "红酒开了能放多久" in html
    assert "啤酒怎么存" not in html


def test_topic_page_without_questions_has_no_block(client):
    topic = TopicFactory(name="冷门", note_count=1)
    html = client.get(reverse("feed:topic", args=[topic.name])).content.decode()
    assert 'data-testid="topic-questions"' not in html
