"""Notes API: publish, read with visibility, edit, images, delete/restore, drafts, catalog."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from ninja import NinjaAPI
from ninja.testing import TestClient

from grassroots.accounts.actions import token_create
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import DomainError
from grassroots.notes import actions
from grassroots.notes.api import catalog_router
from grassroots.notes.models import Note
from grassroots.notes.tests.factories import NoteFactory, TopicFactory, image_bytes

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def upload(name="a.jpg", fmt="JPEG", **kwargs):
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), "image/jpeg")


def publish(author, **kwargs):
    kwargs.setdefault("title", "标题")
    kwargs.setdefault("body", "正文")
    return actions.note_publish(author=author, **kwargs)


def patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", **headers)


# --- create ---------------------------------------------------------------------------------------


def test_publish_with_images_returns_the_note(client):
    author = UserFactory(username="mia")
    response = client.post(
        "/api/notes",
        {
            "title": "红酒",
            "body": "还能喝吗 #红酒",
            "topics": ["Wine", "生活"],
            "category": "food-wine",
            "place_name": "家",
            "place_city": "上海",
            "alt_texts": ["瓶子"],
            "images": [upload("1.jpg", size=(300, 400)), upload("2.png", "PNG")],
        },
        **bearer(author),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    note = Note.objects.get()
    assert data["id"] == note.pk and data["external_id"] is None
    assert data["author"]["username"] == "mia"
    assert data["topics"] == ["wine", "生活", "红酒"]
    assert data["category"] == {
        "slug": "food-wine",
        "name_zh": "酒类",
        "name_en": "Wine & spirits",
        "parent": "food",
    }
    assert data["place"] == {"name": "家", "city": "上海"}
    assert [(i["position"], i["width"], i["alt_text"]) for i in data["images"]] == [
        (0, 300, "瓶子"),
        (1, 64, ""),
    ]
    assert data["images"][0]["url"] == f"/img/{data['images'][0]['id']}/large"
    assert data["cover"] == {"url": f"/n/{note.pk}/cover", "width": 300, "height": 400}
    assert data["is_text_only"] is False and data["status"] == "published"
    assert {
        "created_at",
        "published_at",
        "like_count",
        "collect_count",
        "comment_count",
        "url",
    } <= set(data)


def test_publish_text_only_and_draft(client):
    headers = bearer(UserFactory())
    text = client.post("/api/notes", {"title": "只有文字"}, **headers).json()
    assert text["is_text_only"] and text["images"] == [] and text["cover"]["width"] == 900
    draft = client.post("/api/notes", {"body": "稍后再写", "status": "draft"}, **headers).json()
    assert draft["status"] == "draft" and draft["published_at"] is None


def test_publish_needs_authentication(client):
    response = client.post("/api/notes", {"title": "x"})
    assert response.status_code == 401
    assert Note.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"title": "字" * 21}, "title_too_long"),
        ({"title": "", "body": ""}, "note_empty"),
        ({"title": "t", "category": "nope"}, "unknown_category"),
        ({"title": "t", "visibility": "everyone"}, "bad_choice"),
        (
            {"title": "t", "images": [SimpleUploadedFile("x.jpg", b"GIF89a....")]},
            "image_unsupported",
        ),
        ({"title": "t", "images": [SimpleUploadedFile("x.jpg", b"hello")]}, "image_unsupported"),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(client, data, code):
    response = client.post("/api/notes", data, **bearer(UserFactory()))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code and body["message"]
    assert Note.objects.count() == 0


def test_oversize_upload_is_refused(client, settings):
    settings.GRASSROOTS_IMAGE_MAX_BYTES = 1000
    big = upload(size=(500, 500))
    big.file.write(b"\0" * 2000)
    big.size = 5000
    response = client.post("/api/notes", {"title": "t", "images": [big]}, **bearer(UserFactory()))
    assert response.status_code == 422 and response.json()["code"] == "image_too_large"


def test_mass_assignment_is_ignored_on_create(client):
    author, other = UserFactory(), UserFactory()
    response = client.post(
        "/api/notes",
        {
            "title": "t",
            "author": other.pk,
            "author_id": other.pk,
            "like_count": 999,
            "is_listed": "false",
            "hot_score": 1e9,
            "hidden_at": "2020-01-01T00:00:00Z",
            "external_id": "mine",
            "published_at": "2000-01-01T00:00:00Z",
        },
        **bearer(author),
    )
    assert response.status_code == 201
    note = Note.objects.get()
    assert note.author == author and note.like_count == 0 and note.is_listed
    assert note.hidden_at is None and note.external_id is None and note.hot_score < 1e6
    assert note.published_at is not None and note.published_at.year == timezone.now().year


def test_session_calls_need_the_csrf_token():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/api/notes", {"title": "t"}).status_code == 403
    assert Note.objects.count() == 0
    page = client.get("/publish").content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1)
    response = client.post("/api/notes", {"title": "t"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


# --- read -----------------------------------------------------------------------------------------


def test_anyone_reads_a_listed_note(client):
    note = publish(UserFactory(), images=[image_bytes()])
    response = Client().get(f"/api/notes/{note.pk}")
    assert response.status_code == 200 and response.json()["title"] == "标题"


@pytest.mark.parametrize(
    "state",
    [{"status": "draft"}, {"visibility": "private"}, {"hidden_at": "now"}, {"deleted_at": "now"}],
)
def test_unlisted_notes_are_404_for_others_and_visible_to_their_author(state):
    author = UserFactory()
    note = publish(author)
    state = {k: (timezone.now() if v == "now" else v) for k, v in state.items()}
    Note.objects.filter(pk=note.pk).update(is_listed=False, **state)
    for headers in (dict[str, str](), bearer(UserFactory())):
        response = Client().get(f"/api/notes/{note.pk}", **headers)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    own = Client().get(f"/api/notes/{note.pk}", **bearer(author))
    assert own.status_code == (404 if "deleted_at" in state else 200)


def test_a_bad_token_on_a_public_read_is_not_an_author_read():
    note = NoteFactory.create(draft=True)
    response = Client().get(f"/api/notes/{note.pk}", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 404


# --- edit -----------------------------------------------------------------------------------------


def test_patch_changes_only_given_fields_and_ignores_the_rest(client):
    author, other = UserFactory(), UserFactory()
    note = publish(author, body="#old", place_city="北京")
    response = patch(
        client,
        f"/api/notes/{note.pk}",
        {
            "title": "新",
            "body": "#new",
            "like_count": 500,
            "author": other.pk,
            "is_listed": False,
            "hot_score": 99999,
            "deleted_at": "2020-01-01T00:00:00Z",
        },
        **bearer(author),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "新" and data["topics"] == ["new"] and data["place"]["city"] == "北京"
    note.refresh_from_db()
    assert note.author == author and note.like_count == 0 and note.is_listed
    assert note.deleted_at is None and note.hot_score < 99999


def test_patch_is_for_the_author_only(client):
    note = publish(UserFactory())
    response = patch(client, f"/api/notes/{note.pk}", {"title": "hacked"}, **bearer(UserFactory()))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.title == "标题"


def test_patch_validation_error(client):
    author = UserFactory()
    note = publish(author)
    response = patch(client, f"/api/notes/{note.pk}", {"title": "字" * 21}, **bearer(author))
    assert response.status_code == 422 and response.json()["field"] == "title"


def test_images_add_reorder_and_remove(client):
    author = UserFactory()
    headers = bearer(author)
    note = publish(author, images=[image_bytes(size=(10, 10))])
    added = client.post(
        f"/api/notes/{note.pk}/images",
        {"images": [upload(size=(20, 20)), upload(size=(30, 30))], "alt_texts": ["b", "c"]},
        **headers,
    )
    assert added.status_code == 200, added.content
    ids = [image["id"] for image in added.json()["images"]]
    assert [image["width"] for image in added.json()["images"]] == [10, 20, 30]
    reordered = client.put(
        f"/api/notes/{note.pk}/images",
        json.dumps({"order": [ids[2], ids[0], ids[1]]}),
        content_type="application/json",
        **headers,
    )
    assert [i["id"] for i in reordered.json()["images"]] == [ids[2], ids[0], ids[1]]
    assert reordered.json()["cover"]["width"] == 30
    bad = client.put(
        f"/api/notes/{note.pk}/images",
        json.dumps({"order": [ids[0]]}),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    removed = client.delete(f"/api/notes/{note.pk}/images/{ids[0]}", **headers)
    assert [i["id"] for i in removed.json()["images"]] == [ids[2], ids[1]]
    assert client.delete(f"/api/notes/{note.pk}/images/{ids[0]}", **headers).status_code == 404
    stranger = client.delete(f"/api/notes/{note.pk}/images/{ids[1]}", **bearer(UserFactory()))
    assert stranger.status_code == 404


# --- delete, restore, drafts ----------------------------------------------------------------------


def test_delete_and_staff_restore(client):
    author, staff = UserFactory(), UserFactory(is_staff=True)
    note = publish(author)
    assert client.delete(f"/api/notes/{note.pk}", **bearer(UserFactory())).status_code == 404
    assert client.delete(f"/api/notes/{note.pk}", **bearer(author)).status_code == 204
    assert client.get(f"/api/notes/{note.pk}").status_code == 404
    assert client.post(f"/api/notes/{note.pk}/restore", **bearer(author)).status_code == 404
    restored = client.post(f"/api/notes/{note.pk}/restore", **bearer(staff))
    assert restored.status_code == 200 and restored.json()["id"] == note.pk
    assert client.get(f"/api/notes/{note.pk}").status_code == 200


def test_drafts_are_listed_for_their_author_with_a_cursor(client):
    author = UserFactory()
    drafts = [publish(author, status="draft", title=f"草稿{i}") for i in range(3)]
    publish(author, title="已发布")
    publish(UserFactory(), status="draft")
    headers = bearer(author)
    first = client.get("/api/notes/drafts?limit=2", **headers).json()
    assert [n["title"] for n in first["items"]] == ["草稿2", "草稿1"]
    second = client.get(
        f"/api/notes/drafts?limit=2&cursor={first['next_cursor']}", **headers
    ).json()
    assert [n["id"] for n in second["items"]] == [drafts[0].pk] and second["next_cursor"] is None
    assert client.get("/api/notes/drafts?cursor=garbage", **headers).status_code == 400
    assert client.get("/api/notes/drafts").status_code == 401


def test_openapi_lists_the_notes_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/notes",
        "/api/notes/{note_id}",
        "/api/notes/{note_id}/images",
        "/api/notes/drafts",
    ):
        assert path in paths


# --- catalog (categories and topics) --------------------------------------------------------------


_LOCAL_CATALOG: list = []


def catalog_client():
    """The catalog endpoints at /api when mounted there, else on a local API with our handler."""
    try:
        resolve("/api/categories")
    except Resolver404:
        if not _LOCAL_CATALOG:
            from config.api import on_domain_error

            local = NinjaAPI(urls_namespace="notes_catalog_test")
            local.add_exception_handler(DomainError, on_domain_error)  # type: ignore[arg-type]
            local.add_router("/", catalog_router)
            _LOCAL_CATALOG.append(TestClient(local))
        return _LOCAL_CATALOG[0], ""
    return Client(), "/api"


def test_category_tree_and_topics():
    api, prefix = catalog_client()
    tree = api.get(f"{prefix}/categories").json()
    assert len(tree) == 20 and tree[0]["slug"] == "food"
    assert {"slug", "name_zh", "name_en", "children"} == set(tree[0])
    assert len(tree[0]["children"]) == 10
    TopicFactory.create(name="红酒", note_count=3)
    topic = api.get(f"{prefix}/topics/红酒").json()
    assert topic["name"] == "红酒" and topic["note_count"] == 3 and topic["url"].startswith("/t/")
    missing = api.get(f"{prefix}/topics/nothing")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_topic"
