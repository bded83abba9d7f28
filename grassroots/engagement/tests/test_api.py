from __future__ import annotations

import pytest
from django.test import Client

from grassroots.accounts.actions import token_create
from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Collect, Comment, NoteLike, Notification
from grassroots.engagement.tests.factories import NoteFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def api(member):
    client = Client()
    client.force_login(member)
    return client


def fresh(obj):
    obj.refresh_from_db()
    return obj


# --- likes -----------------------------------------------------------------------------------


def test_like_and_unlike_return_state_and_count(api, member):
    note = NoteFactory()
    first = api.post(f"/api/notes/{note.pk}/like")
    assert first.status_code == 200
    assert first.json() == {"note_id": note.pk, "liked": True, "like_count": 1, "changed": True}
    again = api.post(f"/api/notes/{note.pk}/like").json()
    assert (again["liked"], again["like_count"], again["changed"]) == (True, 1, False)
    gone = api.delete(f"/api/notes/{note.pk}/like").json()
    assert (gone["liked"], gone["like_count"], gone["changed"]) == (False, 0, True)
    assert api.delete(f"/api/notes/{note.pk}/like").json()["changed"] is False


def test_anonymous_writes_are_refused():
    note = NoteFactory()
    client = Client()
    assert client.post(f"/api/notes/{note.pk}/like").status_code == 401
    assert (
        client.post(f"/api/notes/{note.pk}/comments", {"body": "x"}, "application/json").status_code
        == 401
    )
    assert client.get("/api/notifications").status_code == 401
    assert not NoteLike.objects.exists()


@pytest.mark.parametrize("note_kwargs", [{"private": True}, {"draft": True}])
def test_other_users_hidden_notes_are_404_everywhere(api, note_kwargs):
    note = NoteFactory(**note_kwargs)
    comment = Comment.objects.create(
        note=note, author=note.author, body="secret", created_at=note.created_at
    )
    urls = [
        ("post", f"/api/notes/{note.pk}/like"),
        ("delete", f"/api/notes/{note.pk}/like"),
        ("post", f"/api/notes/{note.pk}/collect"),
        ("get", f"/api/notes/{note.pk}/comments"),
        ("post", f"/api/notes/{note.pk}/comments"),
        ("get", f"/api/comments/{comment.pk}/replies"),
        ("post", f"/api/comments/{comment.pk}/like"),
        ("delete", f"/api/comments/{comment.pk}"),
    ]
    for method, url in urls:
        response = getattr(api, method)(url, {"body": "hi"}, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    note = fresh(note)
    assert (note.like_count, note.collect_count, note.comment_count) == (0, 0, 0)
    assert Comment.objects.count() == 1 and fresh(comment).deleted_at is None


# --- collects and boards -----------------------------------------------------------------------


def test_collect_default_then_move_then_uncollect(api, member):
    note = NoteFactory()
    body = api.post(f"/api/notes/{note.pk}/collect", content_type="application/json").json()
    default = Board.objects.get(owner=member, is_default=True)
    assert body == {
        "note_id": note.pk,
        "collected": True,
        "collect_count": 1,
        "board_id": default.pk,
        "changed": True,
    }
    trips = api.post("/api/boards", {"name": "Trips"}, content_type="application/json").json()
    moved = api.post(
        f"/api/notes/{note.pk}/collect", {"board_id": trips["id"]}, content_type="application/json"
    ).json()
    assert (moved["board_id"], moved["collect_count"], moved["changed"]) == (trips["id"], 1, True)
    gone = api.delete(f"/api/notes/{note.pk}/collect").json()
    assert (gone["collected"], gone["collect_count"], gone["board_id"]) == (False, 0, None)


def test_collect_into_unknown_or_foreign_board_is_404_and_changes_nothing(api):
    note = NoteFactory()
    foreign = board_actions.board_create(owner=UserFactory(), name="Theirs")
    for board_id in (10**9, foreign.pk):
        response = api.post(
            f"/api/notes/{note.pk}/collect", {"board_id": board_id}, content_type="application/json"
        )
        assert response.status_code == 404
    assert fresh(note).collect_count == 0
    assert not Collect.objects.exists()
    bad = api.post(
        f"/api/notes/{note.pk}/collect", {"board_id": "many"}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_board_crud(api, member):
    created = api.post(
        "/api/boards",
        {"name": "Cafés", "description": "flat whites", "is_private": True},
        content_type="application/json",
    )
    assert created.status_code == 201
    board = created.json()
    assert (board["name"], board["is_private"], board["owner"]["username"]) == (
        "Cafés",
        True,
        member.username,
    )
    dup = api.post("/api/boards", {"name": "Cafés"}, content_type="application/json")
    assert dup.status_code == 409
    assert dup.json()["code"] == "board_name_taken" and dup.json()["message"]
    empty = api.post("/api/boards", {"name": "  "}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["field"] == "name"

    patched = api.patch(
        f"/api/boards/{board['id']}", {"is_private": False}, content_type="application/json"
    ).json()
    assert (patched["name"], patched["is_private"]) == ("Cafés", False)
    assert [b["name"] for b in api.get("/api/boards").json()] == ["Cafés"]

    assert api.delete(f"/api/boards/{board['id']}").status_code == 204
    assert not Board.objects.filter(pk=board["id"]).exists()
    actions.note_collect(user=member, note=NoteFactory())
    default = Board.objects.get(owner=member, is_default=True)
    refused = api.delete(f"/api/boards/{default.pk}")
    assert refused.status_code == 409 and refused.json()["code"] == "default_board"


def test_private_boards_are_unreachable_by_id_for_others(member):
    owner = UserFactory()
    secret = board_actions.board_create(owner=owner, name="Secret", is_private=True)
    public = board_actions.board_create(owner=owner, name="Open")
    note = NoteFactory()
    actions.note_collect(user=owner, note=note, board=secret)
    stranger = Client()
    stranger.force_login(member)
    for client in (Client(), stranger):
        assert client.get(f"/api/boards/{secret.pk}").status_code == 404
        assert client.get(f"/api/boards/{secret.pk}/notes").status_code == 404
        boards = client.get(f"/api/users/{owner.username}/boards").json()
        assert [b["id"] for b in boards] == [public.pk]
    assert (
        stranger.patch(
            f"/api/boards/{secret.pk}", {"name": "mine"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert stranger.delete(f"/api/boards/{secret.pk}").status_code == 404
    assert (
        stranger.patch(
            f"/api/boards/{public.pk}", {"name": "mine"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert fresh(public).name == "Open"
    owner_client = Client()
    owner_client.force_login(owner)
    notes = owner_client.get(f"/api/boards/{secret.pk}/notes").json()
    assert [n["id"] for n in notes["items"]] == [note.pk]


def test_board_notes_and_likes_use_the_note_shape(api, member):
    owner = UserFactory()
    board = board_actions.board_create(owner=owner, name="Food")
    notes = NoteFactory.create_batch(3, topics=["火锅"])
    for note in notes:
        actions.note_collect(user=owner, note=note, board=board)
        actions.note_like(user=owner, note=note)
    page = Client().get(f"/api/boards/{board.pk}/notes?limit=2").json()
    assert [n["id"] for n in page["items"]] == [notes[2].pk, notes[1].pk]
    item = page["items"][0]
    assert {"id", "external_id", "title", "body", "author", "images", "topics"} <= set(item)
    assert item["topics"] == ["火锅"]
    rest = Client().get(f"/api/boards/{board.pk}/notes?cursor={page['next_cursor']}").json()
    assert [n["id"] for n in rest["items"]] == [notes[0].pk]
    likes = api.get(f"/api/users/{owner.username}/likes?limit=10").json()
    assert [n["id"] for n in likes["items"]] == [n.pk for n in reversed(notes)]
    assert api.get("/api/users/nobody-here/likes").status_code == 404
    assert api.get(f"/api/boards/{board.pk}/notes?cursor=bogus").status_code == 400


# --- comments --------------------------------------------------------------------------------


def test_comment_create_list_replies_and_paging(api, member):
    note = NoteFactory()
    created = api.post(
        f"/api/notes/{note.pk}/comments", {"body": "  first!  "}, content_type="application/json"
    )
    assert created.status_code == 201
    top = created.json()
    assert (top["body"], top["author"]["username"], top["parent_id"]) == (
        "first!",
        member.username,
        None,
    )
    replier_user = UserFactory()
    replier = Client()
    replier.force_login(replier_user)
    ids: list[int] = []
    for i in range(4):
        target = ids[-1] if ids else top["id"]
        reply = replier.post(
            f"/api/notes/{note.pk}/comments",
            {"body": f"reply {i}", "reply_to": target},
            content_type="application/json",
        ).json()
        assert reply["parent_id"] == top["id"]
        ids.append(reply["id"])
    assert reply["reply_to_author"]["username"] == replier_user.username

    listing = Client().get(f"/api/notes/{note.pk}/comments").json()
    assert [c["id"] for c in listing["items"]] == [top["id"]]
    first = listing["items"][0]
    assert [r["id"] for r in first["replies"]] == ids[:2]
    assert first["reply_count"] == 4 and first["more_replies_cursor"]
    more = (
        Client()
        .get(f"/api/comments/{top['id']}/replies?cursor={first['more_replies_cursor']}")
        .json()
    )
    assert [r["id"] for r in more["items"]] == ids[2:]
    assert fresh(note).comment_count == 5

    for _ in range(3):
        api.post(
            f"/api/notes/{note.pk}/comments", {"body": "more"}, content_type="application/json"
        )
    page = Client().get(f"/api/notes/{note.pk}/comments?limit=2").json()
    rest = (
        Client().get(f"/api/notes/{note.pk}/comments?limit=2&cursor={page['next_cursor']}").json()
    )
    assert len(page["items"]) == 2 and len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert Client().get(f"/api/notes/{note.pk}/comments?limit=1000").status_code == 400


@pytest.mark.parametrize("body", ["", "   ", "x" * 1000])
def test_bad_comment_bodies_are_422_and_change_nothing(api, body):
    note = NoteFactory()
    response = api.post(
        f"/api/notes/{note.pk}/comments", {"body": body}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body" and response.json()["message"]
    assert not Comment.objects.exists()
    assert fresh(note).comment_count == 0


def test_reply_to_unknown_comment_is_404(api):
    note = NoteFactory()
    response = api.post(
        f"/api/notes/{note.pk}/comments",
        {"body": "hi", "reply_to": 10**9},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_delete_and_like(api, member):
    note = NoteFactory()
    theirs = actions.comment_create(note=note, author=UserFactory(), body="theirs")
    mine = actions.comment_create(note=note, author=member, body="mine")
    assert api.delete(f"/api/comments/{theirs.pk}").status_code == 403
    liked = api.post(f"/api/comments/{theirs.pk}/like").json()
    assert liked == {"comment_id": theirs.pk, "liked": True, "like_count": 1, "changed": True}
    assert api.post(f"/api/comments/{theirs.pk}/like").json()["like_count"] == 1
    assert api.delete(f"/api/comments/{theirs.pk}/like").json()["like_count"] == 0
    assert api.delete(f"/api/comments/{mine.pk}").status_code == 204
    assert api.delete(f"/api/comments/{mine.pk}").status_code == 404
    assert fresh(note).comment_count == 1


# --- notifications and topics ------------------------------------------------------------------


def test_notifications_list_and_mark_read(api, member):
    note = NoteFactory(author=member)
    fans = UserFactory.create_batch(3)
    for fan in fans:
        actions.note_like(user=fan, note=note)
    actions.comment_create(note=note, author=fans[0], body="<b>hi</b>")
    body = api.get("/api/notifications").json()
    assert body["unread_count"] == 4
    assert [n["kind"] for n in body["items"]] == ["comment", "like", "like", "like"]
    assert body["items"][0]["comment_body"] == "<b>hi</b>"
    assert body["items"][0]["note_id"] == note.pk and body["items"][0]["read"] is False
    marked = api.post(
        "/api/notifications/read",
        {"ids": [body["items"][0]["id"]]},
        content_type="application/json",
    ).json()
    assert marked == {"marked": 1, "unread_count": 3}
    assert api.post("/api/notifications/read", content_type="application/json").json() == {
        "marked": 3,
        "unread_count": 0,
    }
    likes = api.get("/api/notifications?group=likes").json()
    assert {n["kind"] for n in likes["items"]} == {"like"}
    assert api.get("/api/notifications?group=nope").status_code == 400


def test_topic_follow_and_unfollow(api):
    topic = TopicFactory(name="露营")
    body = api.post("/api/topics/露营/follow").json()
    assert body == {"topic": "露营", "following": True, "follower_count": 1}
    assert api.post("/api/topics/%23露营/follow").json()["follower_count"] == 1
    assert api.delete("/api/topics/露营/follow").json() == {
        "topic": "露营",
        "following": False,
        "follower_count": 0,
    }
    assert api.post("/api/topics/nope-never/follow").status_code == 404
    assert fresh(topic).follower_count == 0


# --- auth and CSRF -----------------------------------------------------------------------------


def test_session_writes_need_the_csrf_token_but_tokens_do_not(member):
    note = NoteFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    refused = browser.post(f"/api/notes/{note.pk}/like")
    assert refused.status_code in (401, 403)
    assert not NoteLike.objects.exists()

    browser.get("/boards/new")  # a page with a form sets the CSRF cookie
    allowed = browser.post(
        f"/api/notes/{note.pk}/like", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert allowed.status_code == 200 and allowed.json()["liked"] is True

    _token, key = token_create(user=UserFactory())
    app = Client(enforce_csrf_checks=True)
    response = app.post(f"/api/notes/{note.pk}/like", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["like_count"] == 2


def test_token_users_see_their_own_private_boards_on_public_reads():
    owner = UserFactory()
    secret = board_actions.board_create(owner=owner, name="Secret", is_private=True)
    _token, key = token_create(user=owner)
    response = Client().get(f"/api/boards/{secret.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["name"] == "Secret"
    assert Client().get(f"/api/boards/{secret.pk}").status_code == 404


def test_notification_rows_are_the_recipients_own(api, member):
    Notification.objects.create(recipient=UserFactory(), actor=member, kind="follow")
    assert api.get("/api/notifications").json()["items"] == []


def test_collect_and_mark_read_accept_an_empty_body(api):
    note = NoteFactory()
    # What `curl -X POST` sends: no body, no content type.
    assert api.generic("POST", f"/api/notes/{note.pk}/collect").status_code == 200
    assert api.generic("POST", "/api/notifications/read").json()["marked"] == 0
    assert fresh(note).collect_count == 1
