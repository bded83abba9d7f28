from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from grassroots.accounts import actions
from grassroots.accounts.models import ApiToken, Follow, User
from grassroots.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from grassroots.accounts.tests.helpers import png_upload

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer(user: User) -> dict[str, Any]:
    _token, key = actions.token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# --- sign-up and tokens -------------------------------------------------------------------


def test_signup_returns_the_user_and_a_working_token(client):
    response = client.post(
        "/api/auth/signup",
        {"username": "mia", "email": "mia@example.com", "password": "lantern-river-42"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["username"] == "mia"
    assert body["user"]["display_name"] == "mia"
    assert body["user"]["is_self"] is True
    key = body["token"]["token"]
    me = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200
    assert me.json()["username"] == "mia"
    assert me.json()["email"] == "mia@example.com"


def test_signup_errors_name_the_field_and_change_nothing(client):
    UserFactory(username="mia")
    response = client.post(
        "/api/auth/signup",
        {"username": "MIA", "email": "x@example.com", "password": "lantern-river-42"},
        content_type=JSON,
    )
    assert response.status_code == 409
    assert response.json()["field"] == "username"
    response = client.post(
        "/api/auth/signup",
        {"username": "li", "email": "x@example.com", "password": "123"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "username"
    response = client.post(
        "/api/auth/signup",
        {"username": "li_lei", "email": "x@example.com", "password": "123"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "password"
    assert User.objects.count() == 1


def test_signup_ignores_staff_flags_in_the_body(client):
    response = client.post(
        "/api/auth/signup",
        {
            "username": "sneaky",
            "email": "s@example.com",
            "password": "lantern-river-42",
            "is_staff": True,
            "is_superuser": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    user = User.objects.get(username="sneaky")
    assert not user.is_staff and not user.is_superuser


def test_token_obtain_with_password(client):
    user = UserFactory(username="mia")
    response = client.post(
        "/api/auth/tokens",
        {"username": "Mia", "password": DEFAULT_PASSWORD, "name": "cli"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "cli"
    assert body["prefix"] == body["token"][:8]
    assert ApiToken.objects.filter(user=user, name="cli").count() == 1


def test_token_obtain_gives_one_401_for_unknown_and_known_accounts(client):
    UserFactory(username="mia")
    known = client.post(
        "/api/auth/tokens", {"username": "mia", "password": "wrong-one"}, content_type=JSON
    )
    unknown = client.post(
        "/api/auth/tokens", {"username": "nobody", "password": "wrong-one"}, content_type=JSON
    )
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
    assert known.json()["code"] == "bad_credentials"
    assert not ApiToken.objects.exists()


def test_token_obtain_is_rate_limited(client):
    UserFactory(username="mia")
    for _ in range(10):
        response = client.post(
            "/api/auth/tokens", {"username": "mia", "password": "wrong-one"}, content_type=JSON
        )
        assert response.status_code == 401
    response = client.post(
        "/api/auth/tokens", {"username": "mia", "password": DEFAULT_PASSWORD}, content_type=JSON
    )
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"


def test_list_and_revoke_tokens(client):
    mia = UserFactory()
    headers = bearer(mia)
    other, _key = actions.token_create(user=mia, name="laptop")
    stranger_token, _ = actions.token_create(user=UserFactory(), name="theirs")
    listed = client.get("/api/auth/tokens", **headers)
    assert listed.status_code == 200
    assert {t["name"] for t in listed.json()} == {"test", "laptop"}
    assert all("token" not in t and "key_hash" not in t for t in listed.json())
    assert client.delete(f"/api/auth/tokens/{stranger_token.pk}", **headers).status_code == 404
    assert client.delete(f"/api/auth/tokens/{other.pk}", **headers).status_code == 204
    assert not ApiToken.objects.filter(pk=other.pk).exists()
    # Revoking the current token logs this client out.
    assert client.delete("/api/auth/tokens", **headers).status_code == 204
    assert client.get("/api/me", **headers).status_code == 401


def test_bad_or_missing_token_is_401(client):
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401
    gone = UserFactory(is_active=False)
    assert client.get("/api/me", **bearer(gone)).status_code == 401


# --- me -----------------------------------------------------------------------------------


def test_patch_me_changes_profile_fields(client):
    mia = UserFactory(bio="old")
    response = client.patch(
        "/api/me",
        {"display_name": "米娅", "place": "Hangzhou", "gender": "female"},
        content_type=JSON,
        **bearer(mia),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["display_name"], body["place"], body["gender"], body["bio"]) == (
        "米娅",
        "Hangzhou",
        "female",
        "old",
    )


def test_patch_me_ignores_mass_assignment(client):
    mia = UserFactory(username="mia")
    response = client.patch(
        "/api/me",
        {
            "bio": "hello",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "username": "root",
            "email": "evil@example.com",
            "followers_count": 10_000,
            "password": "x",
            "avatar": "../../etc/passwd",
        },
        content_type=JSON,
        **bearer(mia),
    )
    assert response.status_code == 200
    mia.refresh_from_db()
    assert mia.bio == "hello"
    assert not mia.is_staff and not mia.is_superuser and mia.is_active
    assert mia.username == "mia"
    assert mia.email == "mia@example.com"
    assert mia.followers_count == 0
    assert mia.avatar == ""
    assert mia.check_password(DEFAULT_PASSWORD)


def test_patch_me_bad_values_are_422_and_change_nothing(client):
    mia = UserFactory(bio="keep", place="here")
    response = client.patch(
        "/api/me", {"place": "far", "age_range": "ancient"}, content_type=JSON, **bearer(mia)
    )
    assert response.status_code == 422
    assert response.json()["field"] == "age_range"
    response = client.patch("/api/me", {"bio": None}, content_type=JSON, **bearer(mia))
    assert response.status_code == 422
    mia.refresh_from_db()
    assert (mia.bio, mia.place) == ("keep", "here")


def test_avatar_upload_and_removal(client):
    mia = UserFactory(username="mia")
    response = client.post("/api/me/avatar", {"avatar": png_upload()}, **bearer(mia))
    assert response.status_code == 200, response.content
    url = response.json()["avatar_url"]
    assert url.startswith("/u/mia/avatar/?v=")
    image = client.get(url)
    assert image.status_code == 200
    assert "immutable" in image["Cache-Control"]
    assert image["Content-Type"] == "image/webp"
    # Consuming the stream closes the file (and keeps the test's database connection).
    assert b"".join(image.streaming_content)[:4] == b"RIFF"
    response = client.delete("/api/me/avatar", **bearer(mia))
    assert response.json()["avatar_url"] is None


def test_avatar_upload_rejects_non_images(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mia = UserFactory()
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    response = client.post("/api/me/avatar", {"avatar": fake}, **bearer(mia))
    assert response.status_code == 422
    assert response.json()["field"] == "avatar"
    mia.refresh_from_db()
    assert mia.avatar == ""


def test_session_api_calls_need_the_csrf_token():
    mia = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(mia)
    refused = browser.patch("/api/me", {"bio": "csrf"}, content_type=JSON)
    assert refused.status_code in (401, 403)
    mia.refresh_from_db()
    assert mia.bio != "csrf"
    # With the token from a page (cookie + header) the same call works.
    assert browser.get("/password/reset/").status_code == 200
    token = browser.cookies["csrftoken"].value
    accepted = browser.patch("/api/me", {"bio": "csrf"}, content_type=JSON, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    mia.refresh_from_db()
    assert mia.bio == "csrf"


def test_bearer_calls_need_no_csrf_token():
    mia = UserFactory()
    api_client = Client(enforce_csrf_checks=True)
    response = api_client.patch("/api/me", {"bio": "ok"}, content_type=JSON, **bearer(mia))
    assert response.status_code == 200


# --- people -------------------------------------------------------------------------------


def test_public_profile_for_anonymous_and_token_viewers(client):
    mia = UserFactory(username="mia", bio="<b>hi</b>")
    li = UserFactory()
    actions.follow_user(follower=li, followee=mia)
    anonymous = client.get("/api/users/MIA")
    assert anonymous.status_code == 200
    body = anonymous.json()
    assert body["username"] == "mia"
    assert body["bio"] == "<b>hi</b>"  # JSON carries text; pages escape it
    assert body["followers_count"] == 1
    assert body["is_following"] is False
    assert "email" not in body
    viewer = client.get("/api/users/mia", **bearer(li)).json()
    assert viewer["is_following"] is True and viewer["is_self"] is False
    assert client.get("/api/users/nobody").status_code == 404


def test_follow_and_unfollow_through_the_api(client):
    mia, li = UserFactory(username="mia"), UserFactory()
    headers = bearer(li)
    first = client.post("/api/users/mia/follow", **headers)
    again = client.post("/api/users/mia/follow", **headers)
    assert first.json() == again.json() == {"following": True, "followers_count": 1}
    assert Follow.objects.filter(follower=li, followee=mia).count() == 1
    gone = client.delete("/api/users/mia/follow", **headers)
    assert gone.json() == {"following": False, "followers_count": 0}
    assert client.post(f"/api/users/{li.username}/follow", **headers).status_code == 400
    assert client.post("/api/users/mia/follow").status_code == 401


def test_follower_lists_are_paged_with_cursors(client):
    mia = UserFactory(username="mia")
    people = [UserFactory() for _ in range(5)]
    for person in people:
        actions.follow_user(follower=person, followee=mia)
    viewer = people[0]
    actions.follow_user(follower=viewer, followee=people[1])
    first = client.get("/api/users/mia/followers?limit=3", **bearer(viewer)).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client.get(
        f"/api/users/mia/followers?limit=3&cursor={first['next_cursor']}", **bearer(viewer)
    ).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    rows = {row["id"]: row for row in first["items"] + second["items"]}
    assert set(rows) == {p.pk for p in people}
    assert rows[people[1].pk]["is_following"] is True
    assert rows[people[2].pk]["is_following"] is False
    following = client.get(f"/api/users/{viewer.username}/following").json()
    assert {row["username"] for row in following["items"]} == {"mia", people[1].username}
    assert client.get("/api/users/mia/followers?cursor=garbage").status_code == 400
    assert client.get("/api/users/mia/followers?limit=1000").status_code == 400


def test_openapi_schema_builds(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/auth/signup" in paths and "/api/users/{username}/followers" in paths
