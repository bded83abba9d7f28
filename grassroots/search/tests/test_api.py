import pytest
from django.test import Client

from grassroots.accounts.actions import follow_user
from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.actions import comment_create
from grassroots.search.models import SearchQuery
from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db


def get(path, client=None, **params):
    return (client or Client()).get(path, params)


def test_notes_returns_note_objects_with_snippet_and_answer():
    note = publish("开了的红酒", "开了的红酒放三个月还能喝吗？", category="food-wine")
    comment = comment_create(
        note=note, author=UserFactory(), body="开瓶后的红酒冷藏最多放三到五天，三个月就别喝了。"
    )
    index_all()
    response = get("/api/search/notes", q="红酒开瓶后能放多久")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    item = body["items"][0]
    for key in ("id", "external_id", "title", "body", "author", "images", "topics", "cover", "url"):
        assert key in item
    assert item["id"] == note.pk
    assert "<mark>" in item["snippet"]
    assert item["answer"]["source"] == "comment"
    assert item["answer"]["comment_id"] == comment.pk
    assert body["answer"]["comment_id"] == comment.pk


def test_notes_logs_the_query():
    publish("红酒", "红酒")
    index_all()
    get("/api/search/notes", q="  紅酒 ")
    logged = SearchQuery.objects.get()
    assert (logged.query, logged.result_count) == ("红酒", 1)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": ""}, "query_required"),
        ({"q": "红酒", "sort": "random"}, "bad_sort"),
        ({"q": "红酒", "type": "video"}, "bad_type"),
        ({"q": "红酒", "time": "century"}, "bad_time"),
        ({"q": "红酒", "limit": 1000}, "bad_limit"),
        ({"q": "红酒", "category": "nope"}, "bad_category"),
    ],
)
def test_bad_parameters_are_4xx_with_a_message(params, code):
    response = get("/api/search/notes", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert not SearchQuery.objects.exists()


def test_non_numeric_limit_is_422():
    response = get("/api/search/notes", q="红酒", limit="many")
    assert response.status_code == 422


def test_thousand_character_query():
    publish("红酒", "红酒")
    index_all()
    response = get("/api/search/notes", q="红酒" * 500)
    assert response.status_code == 200
    assert response.json()["total"] == 1


def test_filters_and_sort_parameters():
    viewer = UserFactory()
    followed = UserFactory()
    mine = publish("红酒", "红酒", author=followed, place_city="上海")
    publish("红酒", "红酒")
    follow_user(follower=viewer, followee=followed)
    index_all()
    client = Client()
    client.force_login(viewer)
    body = get("/api/search/notes", client, q="红酒", following="true", sort="latest").json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    body = get("/api/search/notes", q="红酒", city="上海", type="text", time="day").json()
    assert [item["id"] for item in body["items"]] == [mine.pk]


def test_xss_in_note_text_stays_inert():
    publish("<b>红酒</b>", "<img src=x onerror=alert(1)> 红酒")
    index_all()
    item = get("/api/search/notes", q="红酒").json()["items"][0]
    assert "<img" not in item["snippet"]
    assert "&lt;img" in item["snippet"]


def test_users_and_topics_endpoints():
    UserFactory(username="wine_lover", display_name="红酒达人")
    publish("红酒", "好喝 #红酒推荐")
    users = get("/api/search/users", q="红酒").json()
    assert users["total"] == 1
    assert users["items"][0]["username"] == "wine_lover"
    topics = get("/api/search/topics", q="红酒").json()
    assert topics["items"][0]["name"] == "红酒推荐"
    assert get("/api/search/users", q="").status_code == 400
    assert get("/api/search/topics", q="x", limit=0).status_code == 400


def test_api_log_rows_are_written_in_batches(settings):
    from grassroots.search import actions

    publish("红酒", "红酒")
    index_all()
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    get("/api/search/notes", q="红酒")
    get("/api/search/notes", q="  ")  # a 400: nothing to log
    get("/api/search/notes", q="白酒")
    assert not SearchQuery.objects.exists()
    assert actions.pending_log_rows() == 2
    assert actions.search_log_flush() == 2
    assert sorted(SearchQuery.objects.values_list("query", "result_count")) == [
        ("白酒", 0),
        ("红酒", 1),
    ]
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    get("/api/search/notes", q="红酒")
    assert SearchQuery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_timer_writes_the_batch_when_no_other_search_comes(settings):
    import time

    from grassroots.search import actions

    settings.SEARCH_LOG_FLUSH_SECONDS = 0.2
    actions.search_query_buffer(query="红酒", result_count=2)
    assert actions.pending_log_rows() == 1
    deadline = time.monotonic() + 10
    while not SearchQuery.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert actions.pending_log_rows() == 0
    assert list(SearchQuery.objects.values_list("query", "result_count")) == [("红酒", 2)]
