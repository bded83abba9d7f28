"""Mass assignment: fields a caller may not set (staff flags, authors, owners, counters,
listing state, scores, deletion, import ids) and other people's object ids are ignored or
refused by every API body and form post; never applied.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grassroots.accounts.actions import token_create
from grassroots.accounts.models import ApiToken, User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions as engagement
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Collect, Comment, Notification
from grassroots.notes import actions as notes
from grassroots.notes.models import Note, NoteImage
from grassroots.notes.tests.factories import image_bytes
from tests.security.helpers import json_of

pytestmark = pytest.mark.django_db

# Fields of notes no author may set, with values that would show if they were applied.
NOTE_PRIVILEGED: dict[str, Any] = {
    "like_count": 999,
    "collect_count": 999,
    "comment_count": 999,
    "hot_score": 1e9,
    "is_listed": True,
    "deleted_at": "2020-01-01T00:00:00Z",
    "hidden_at": "2020-01-01T00:00:00Z",
    "external_id": "planted-id",
    "created_at": "2001-01-01T00:00:00Z",
    "published_at": "2001-01-01T00:00:00Z",
    "image_count": 7,
    "cover_width": 1,
}
USER_PRIVILEGED: dict[str, Any] = {
    "is_staff": True,
    "is_superuser": True,
    "is_active": False,
    "username": "renamed",
    "followers_count": 999,
    "following_count": 999,
    "notes_count": 999,
    "likes_collects_received": 999,
    "external_id": "planted-user",
    "avatar": "../../settings.py",
    "password": "pass-word-456",
    "date_joined": "2001-01-01T00:00:00Z",
}


@pytest.fixture
def people(db) -> dict[str, Any]:
    me = UserFactory(username="me", display_name="Me")
    victim = UserFactory(username="victim", display_name="Victim")
    mine = notes.note_publish(author=me, title="Mine", body="my note", images=[image_bytes()])
    theirs = notes.note_publish(
        author=victim, title="Theirs", body="their note", images=[image_bytes()]
    )
    _token, key = token_create(user=me)
    victim_token, _key = token_create(user=victim)
    return {
        "me": me,
        "victim": victim,
        "mine": mine,
        "theirs": theirs,
        "their_image": theirs.images.get(),
        "their_board": board_actions.board_create(owner=victim, name="Victim board"),
        "their_comment": engagement.comment_create(note=theirs, author=victim, body="theirs"),
        "their_token": victim_token,
        "api": Client(HTTP_AUTHORIZATION=f"Bearer {key}"),
    }


def send_json(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def assert_clean_user(user: User, *, username: str) -> None:
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.username == username
    counters = (user.followers_count, user.following_count, user.notes_count)
    assert max(*counters, user.likes_collects_received) < 999
    assert user.external_id is None
    assert user.avatar == ""
    assert user.check_password("pass-word-123") or user.username != "me"
    assert user.date_joined.year > 2001


def assert_note_untouched(note: Note, author: User) -> None:
    note.refresh_from_db()
    assert note.author_id == author.pk
    assert max(note.like_count, note.collect_count, note.comment_count) < 999
    assert note.hot_score < 1e9
    assert note.deleted_at is None and note.hidden_at is None
    assert note.external_id is None
    assert note.created_at.year > 2001
    assert note.published_at is None or note.published_at.year > 2001
    assert note.cover_width != 1
    assert note.image_count == note.images.count()


# --- accounts ---------------------------------------------------------------------------------


def test_api_signup_ignores_privileged_fields(db):
    body = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password": "pass-word-123",
        **{k: v for k, v in USER_PRIVILEGED.items() if k not in ("username", "password")},
    }
    response = send_json(Client(), "post", "/api/auth/signup", body)
    assert response.status_code == 201
    assert_clean_user(User.objects.get(username="newbie"), username="newbie")


def test_api_profile_patch_ignores_privileged_fields(people):
    me = people["me"]
    response = send_json(people["api"], "patch", "/api/me", {"bio": "hello", **USER_PRIVILEGED})
    assert response.status_code == 200  # the profile fields apply, the rest is ignored
    assert_clean_user(me, username="me")
    assert me.bio == "hello"


def test_settings_form_ignores_privileged_fields(people):
    client = Client()
    client.force_login(people["me"])
    data = {"display_name": "New name", "bio": "hi", "place": "", "gender": "", "age_range": ""}
    form_extra = {k: ("on" if v is True else v) for k, v in USER_PRIVILEGED.items()}
    response = client.post("/settings/", {**data, **form_extra})
    assert response.status_code == 302
    me = people["me"]
    assert_clean_user(me, username="me")
    assert me.display_name == "New name"


def test_signup_form_ignores_privileged_fields(db):
    data = {
        "username": "formnewbie",
        "email": "formnewbie@example.com",
        "password": "pass-word-123",
        "display_name": "",
        "is_staff": "on",
        "is_superuser": "on",
        "followers_count": "999",
        "external_id": "planted",
    }
    response = Client().post("/signup/", data)
    assert response.status_code == 302
    assert_clean_user(User.objects.get(username="formnewbie"), username="formnewbie")


def test_another_members_token_cannot_be_revoked(people):
    their_token = people["their_token"]
    assert people["api"].delete(f"/api/auth/tokens/{their_token.pk}").status_code == 404
    client = Client()
    client.force_login(people["me"])
    response = client.post(f"/settings/tokens/{their_token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=their_token.pk).exists()


# --- notes ------------------------------------------------------------------------------------


def test_api_publish_ignores_author_counters_and_state(people):
    me, victim = people["me"], people["victim"]
    fields = {
        "title": "Draft",
        "body": "a draft",
        "status": "draft",
        "author": victim.pk,
        "author_id": victim.pk,
        **NOTE_PRIVILEGED,
    }
    response = people["api"].post("/api/notes", fields)
    assert response.status_code == 201, response.content
    note = Note.objects.get(pk=json_of(response)["id"])
    assert_note_untouched(note, me)
    assert note.status == Note.Status.DRAFT and not note.is_listed
    assert json_of(response)["external_id"] is None

    public = {"title": "Public", "body": "listed", "is_listed": "false", "hot_score": "1e9"}
    response = people["api"].post("/api/notes", public)
    note = Note.objects.get(pk=json_of(response)["id"])
    assert note.is_listed  # derived from status and visibility, not taken from the body
    assert note.hot_score < 1e9


def test_api_patch_ignores_author_counters_and_state(people):
    me, victim, mine = people["me"], people["victim"], people["mine"]
    body = {"title": "Edited", "author": victim.pk, "author_id": victim.pk, **NOTE_PRIVILEGED}
    body["is_listed"] = False
    response = send_json(people["api"], "patch", f"/api/notes/{mine.pk}", body)
    assert response.status_code == 200, response.content
    assert_note_untouched(mine, me)
    assert mine.title == "Edited" and mine.is_listed


def test_publish_form_ignores_author_counters_and_state(people):
    me, victim = people["me"], people["victim"]
    client = Client()
    client.force_login(me)
    data = {
        "title": "Form draft",
        "body": "text",
        "visibility": "public",
        "action": "draft",
        "author": victim.pk,
        "author_id": victim.pk,
        **{k: ("on" if v is True else v) for k, v in NOTE_PRIVILEGED.items()},
    }
    response = client.post("/publish", data)
    assert response.status_code == 302
    note = Note.objects.get(title="Form draft")
    assert_note_untouched(note, me)
    assert not note.is_listed


def test_edit_form_cannot_take_another_members_image_or_change_state(people):
    me, victim, mine, theirs = people["me"], people["victim"], people["mine"], people["theirs"]
    their_image = people["their_image"]
    my_image = mine.images.get()
    client = Client()
    client.force_login(me)
    data = {
        "title": "Edited",
        "body": "text",
        "visibility": "public",
        "action": "publish",
        "keep_image_ids": [my_image.pk, their_image.pk],
        f"alt_{their_image.pk}": "stolen",
        "author": victim.pk,
        **{k: ("on" if v is True else v) for k, v in NOTE_PRIVILEGED.items()},
    }
    response = client.post(f"/n/{mine.pk}/edit", data)
    assert response.status_code == 422  # someone else's picture: the whole edit is refused
    assert_note_untouched(mine, me)
    their_image.refresh_from_db()
    assert their_image.note_id == theirs.pk and their_image.alt_text != "stolen"
    assert list(mine.images.values_list("pk", flat=True)) == [my_image.pk]
    assert theirs.images.count() == 1


def test_api_image_operations_refuse_another_members_images(people):
    api, mine, theirs = people["api"], people["mine"], people["theirs"]
    their_image = people["their_image"]
    my_image = mine.images.get()
    response = send_json(
        api, "patch", f"/api/notes/{mine.pk}", {"image_alt_texts": {str(their_image.pk): "mine"}}
    )
    assert response.status_code == 422
    response = send_json(
        api, "put", f"/api/notes/{mine.pk}/images", {"order": [my_image.pk, their_image.pk]}
    )
    assert response.status_code == 422
    assert api.delete(f"/api/notes/{mine.pk}/images/{their_image.pk}").status_code == 404
    their_image.refresh_from_db()
    assert their_image.note_id == theirs.pk and their_image.alt_text != "mine"
    assert NoteImage.objects.filter(note=mine).count() == 1


def test_another_members_note_cannot_be_edited(people):
    theirs, victim = people["theirs"], people["victim"]
    response = send_json(people["api"], "patch", f"/api/notes/{theirs.pk}", {"title": "Mine now"})
    assert response.status_code == 404
    client = Client()
    client.force_login(people["me"])
    response = client.post(f"/n/{theirs.pk}/edit", {"title": "Mine now", "visibility": "public"})
    assert response.status_code == 404
    assert people["api"].delete(f"/api/notes/{theirs.pk}").status_code == 404
    assert_note_untouched(theirs, victim)
    assert theirs.title == "Theirs"


# --- engagement -------------------------------------------------------------------------------


def test_boards_ignore_owner_default_flag_and_counts(people):
    me, victim = people["me"], people["victim"]
    privileged = {"owner": victim.pk, "owner_id": victim.pk, "is_default": True, "note_count": 9}
    response = send_json(people["api"], "post", "/api/boards", {"name": "API", **privileged})
    assert response.status_code == 201
    board = Board.objects.get(pk=json_of(response)["id"])
    client = Client()
    client.force_login(me)
    response = client.post("/boards/new", {"name": "Form", **privileged, "is_default": "on"})
    assert response.status_code == 302
    form_board = Board.objects.get(name="Form")
    for made in (board, form_board):
        assert made.owner_id == me.pk and not made.is_default and made.note_count == 0
    response = send_json(
        people["api"], "patch", f"/api/boards/{board.pk}", {"name": "Renamed", **privileged}
    )
    assert response.status_code == 200
    board.refresh_from_db()
    assert board.owner_id == me.pk and not board.is_default and board.note_count == 0


def test_another_members_board_cannot_be_changed_or_filled(people):
    their_board, mine = people["their_board"], people["mine"]
    api = people["api"]
    response = send_json(api, "patch", f"/api/boards/{their_board.pk}", {"name": "Taken"})
    assert response.status_code in (403, 404)
    assert api.delete(f"/api/boards/{their_board.pk}").status_code in (403, 404)
    response = send_json(api, "post", f"/api/notes/{mine.pk}/collect", {"board_id": their_board.pk})
    assert response.status_code == 404
    client = Client()
    client.force_login(people["me"])
    response = client.post(f"/boards/{their_board.pk}/edit", {"name": "Taken"})
    assert response.status_code in (403, 404)
    response = client.post(f"/notes/{mine.pk}/collect", {"board_id": their_board.pk})
    assert response.status_code == 404
    their_board.refresh_from_db()
    assert their_board.name == "Victim board"
    assert not Collect.objects.filter(board=their_board).exists()
    assert not Collect.objects.filter(note=mine).exists()


def test_comments_ignore_author_note_counters_and_import_ids(people):
    me, victim, mine, theirs = people["me"], people["victim"], people["mine"], people["theirs"]
    privileged = {
        "author": victim.pk,
        "author_id": victim.pk,
        "note": theirs.pk,
        "note_id": theirs.pk,
        "like_count": 9,
        "reply_count": 9,
        "external_id": "planted",
        "created_at": "2001-01-01T00:00:00Z",
        "deleted_at": "2001-01-01T00:00:00Z",
    }
    response = send_json(
        people["api"], "post", f"/api/notes/{mine.pk}/comments", {"body": "api", **privileged}
    )
    assert response.status_code == 201
    client = Client()
    client.force_login(me)
    assert (
        client.post(f"/notes/{mine.pk}/comments", {"body": "form", **privileged}).status_code == 302
    )
    for body in ("api", "form"):
        comment = Comment.objects.get(body=body)
        assert comment.author_id == me.pk and comment.note_id == mine.pk
        assert comment.like_count == comment.reply_count == 0
        assert comment.external_id is None and comment.deleted_at is None
        assert comment.created_at.year > 2001


def test_a_reply_cannot_point_at_a_comment_of_another_note(people):
    mine, their_comment = people["mine"], people["their_comment"]
    before = Comment.objects.count()
    response = send_json(
        people["api"],
        "post",
        f"/api/notes/{mine.pk}/comments",
        {"body": "cross", "reply_to": their_comment.pk},
    )
    assert 400 <= response.status_code < 500
    assert json_of(response)["message"]
    client = Client()
    client.force_login(people["me"])
    response = client.post(
        f"/notes/{mine.pk}/comments", {"body": "cross", "reply_to": their_comment.pk}
    )
    assert 400 <= response.status_code < 500
    assert Comment.objects.count() == before
    their_comment.refresh_from_db()
    assert their_comment.reply_count == 0


def test_another_members_notifications_cannot_be_marked_read(people):
    me, victim, theirs = people["me"], people["victim"], people["theirs"]
    engagement.note_like(user=me, note=theirs)  # victim gets a notification
    theirs_unread = Notification.objects.get(recipient=victim)
    response = send_json(
        people["api"], "post", "/api/notifications/read", {"ids": [theirs_unread.pk]}
    )
    assert response.status_code == 200
    assert json_of(response)["marked"] == 0
    theirs_unread.refresh_from_db()
    assert theirs_unread.read_at is None


def test_another_members_comment_cannot_be_deleted(people):
    their_comment = people["their_comment"]
    assert people["api"].delete(f"/api/comments/{their_comment.pk}").status_code in (403, 404)
    client = Client()
    client.force_login(people["me"])
    response = client.post(f"/comments/{their_comment.pk}/delete")
    assert response.status_code in (403, 404)
    their_comment.refresh_from_db()
    assert their_comment.deleted_at is None


def test_a_file_field_cannot_point_at_a_stored_path(people):
    """Avatars come from uploads only: a path string in the body is not an upload."""
    me = people["me"]
    response = people["api"].post("/api/me/avatar", {"avatar": "avatars/1/x.webp"})
    assert response.status_code == 422
    client = Client()
    client.force_login(me)
    client.post("/settings/", {"display_name": "Me", "avatar": "../../config/settings.py"})
    me.refresh_from_db()
    assert me.avatar == ""
    upload = SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")
    assert people["api"].post("/api/me/avatar", {"avatar": upload}).status_code == 200
    me.refresh_from_db()
    assert me.avatar.startswith(f"avatars/{me.pk}/")
