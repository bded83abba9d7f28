"""Feed API: shapes, paging, visibility, optional auth on public lists, errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.actions import token_create
from grassroots.accounts.tests.factories import FollowFactory, UserFactory
from grassroots.feed.tests.factories import NoteFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOTE_KEYS = {
    "id",
    "external_id",
    "title",
    "body",
    "author",
    "images",
    "topics",
    "category",
    "place",
    "visibility",
    "status",
    "is_text_only",
    "cover",
    "created_at",
    "published_at",
    "updated_at",
    "like_count",
    "collect_count",
    "comment_count",
    "url",
}


def bearer(user):
    _token, key = token_create(user=user, name="feed-test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def secret_notes(author):
    now = timezone.now()
    return [
        NoteFactory(author=author, private=True),
        NoteFactory(author=author, draft=True),
        NoteFactory(author=author, deleted_at=now),
        NoteFactory(author=author, hidden_at=now),
    ]


def test_discover_returns_note_objects(client, make_note):
    note = make_note(title="Wine", category="food-wine", topics=["红酒"], likes=4)
    response = client.get("/api/feed/discover")
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    assert set(item) >= NOTE_KEYS
    assert item["id"] == note.pk
    assert item["author"]["username"] == note.author.username
    assert item["topics"] == ["红酒"]
    assert item["category"] == {
        "slug": "food-wine",
        "name_zh": "酒类",
        "name_en": "Wine & spirits",
        "parent": "food",
    }
    assert item["like_count"] == 4
    assert item["cover"]["url"] == reverse("notes:cover", args=[note.pk])


def test_discover_pages_with_next_cursor(client, make_note):
    notes = [make_note(hours=i) for i in range(11)]
    seen, cursor = [], None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/feed/discover", params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [n.pk for n in reversed(notes)]


def test_discover_category_filter(client, make_note):
    wine = make_note(category="food-wine")
    make_note(category="travel-camping")
    assert ids(client.get("/api/feed/discover", {"category": "food"})) == [wine.pk]
    assert ids(client.get("/api/feed/discover", {"category": "food-wine"})) == [wine.pk]


def test_discover_never_returns_secret_notes(client, make_note):
    author = UserFactory()
    listed = make_note(author=author)
    secret_notes(author)
    assert ids(client.get("/api/feed/discover", **bearer(author))) == [listed.pk]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"cursor": "garbage"}, 400, "bad_cursor"),
        ({"limit": 0}, 400, "bad_limit"),
        ({"limit": 1000}, 400, "bad_limit"),
        ({"limit": "many"}, 422, "invalid"),
        ({"category": "no-such-category"}, 404, "unknown_category"),
    ],
)
def test_discover_bad_input(client, params, status, code):
    response = client.get("/api/feed/discover", params)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_public_list_with_an_invalid_token_is_401(client):
    response = client.get("/api/feed/discover", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_following_needs_auth(client):
    assert client.get("/api/feed/following").status_code == 401


def test_following_with_a_token(client, make_note):
    reader, author = UserFactory.create_batch(2)
    FollowFactory(follower=reader, followee=author)
    theirs = make_note(author=author)
    make_note()
    secret_notes(author)
    response = client.get("/api/feed/following", **bearer(reader))
    assert response.status_code == 200
    assert ids(response) == [theirs.pk]


def test_following_with_a_session_and_csrf_checks(make_note):
    reader, author = UserFactory.create_batch(2)
    FollowFactory(follower=reader, followee=author)
    theirs = make_note(author=author)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.get("/api/feed/following")  # a safe read needs no CSRF token
    assert response.status_code == 200
    assert ids(response) == [theirs.pk]


def test_topic_notes(client, make_note):
    topic = TopicFactory(name="露营")
    old_hit = make_note(hours=0, likes=800, topics=[topic])
    recent = make_note(hours=4, topics=[topic])
    NoteFactory(private=True, topics=[topic])
    assert ids(client.get("/api/feed/topics/露营")) == [old_hit.pk, recent.pk]
    assert ids(client.get("/api/feed/topics/露营", {"sort": "latest"})) == [recent.pk, old_hit.pk]


def test_topic_errors(client):
    assert client.get("/api/feed/topics/nothing").status_code == 404
    TopicFactory(name="wine")
    response = client.get("/api/feed/topics/wine", {"sort": "random"})
    assert response.status_code == 400
    assert response.json()["field"] == "sort"


def test_user_notes_for_visitors_and_for_the_author(make_note):
    author = UserFactory()
    listed = make_note(author=author, hours=-1)
    private, draft, _deleted, _hidden = secret_notes(author)
    anonymous = Client()
    url = f"/api/feed/users/{author.username}/notes"
    assert ids(anonymous.get(url)) == [listed.pk]
    assert ids(anonymous.get(url, **bearer(UserFactory()))) == [listed.pk]
    own = ids(anonymous.get(url, **bearer(author)))
    assert set(own) == {listed.pk, private.pk, draft.pk}
    session = Client()
    session.force_login(author)
    assert set(ids(session.get(url))) == {listed.pk, private.pk, draft.pk}


def test_user_notes_unknown_user(client):
    response = client.get("/api/feed/users/nobody-here/notes")
    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("count", [5, 30])
def test_discover_api_query_budget(client, make_note, count, django_assert_num_queries):
    for i in range(count):
        make_note(hours=i, topics=[f"t{i % 3}"])
    # notes with author and category, images, topics
    with django_assert_num_queries(3):
        assert len(ids(client.get("/api/feed/discover", {"limit": 30}))) == count
