"""Note pages and media views: rendering, visibility, forms, CSRF, XSS, query budget."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.actions import comment_create
from grassroots.notes import actions
from grassroots.notes.models import Note
from grassroots.notes.tests.factories import NoteFactory, image_bytes

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def upload(name="a.jpg", fmt="JPEG", **kwargs):
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), "image/jpeg")


def publish(author, **kwargs):
    kwargs.setdefault("title", "标题")
    kwargs.setdefault("body", "正文")
    return actions.note_publish(author=author, **kwargs)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- detail ---------------------------------------------------------------------------------------


def test_detail_shows_the_note(client):
    author = UserFactory(username="mia", display_name="Mia")
    UserFactory(username="li")
    note = publish(
        author,
        title="红酒还能喝吗",
        body="开了三个月 #红酒 问问 @li 和 @ghost",
        images=[image_bytes(), image_bytes("PNG")],
        alt_texts=["一瓶红酒"],
        category="food-wine",
        place_name="家",
        place_city="上海",
    )
    response = client.get(reverse("notes:detail", args=[note.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "红酒还能喝吗" in html and "Mia" in html
    first, second = note.images.all()
    assert f'src="/img/{first.pk}/large"' in html and 'alt="一瓶红酒"' in html
    assert f'src="/img/{second.pk}/large"' in html and 'alt="Image 2 of 红酒还能喝吗"' in html
    assert '<a class="topic-link" href="/t/%E7%BA%A2%E9%85%92">#红酒</a>' in html
    assert '<a class="mention" href="/u/li/">@li</a>' in html
    assert "@ghost" in html and 'href="/u/ghost/"' not in html
    assert 'class="carousel"' in html and "1 / 2" in html
    assert "上海" in html and 'href="/c/food-wine"' in html
    assert 'data-testid="note-actions"' in html and 'data-testid="comments"' in html
    assert 'data-testid="edit-note"' not in html


def test_detail_topics_row_lists_only_topics_not_tagged_in_the_body(client):
    note = publish(UserFactory(), body="周末 #野餐 去了", topics=["野餐", "公园"])
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    row = re.search(r'<p class="topics" data-testid="note-topics">(.*?)</p>', html)
    assert row and "#公园" in row.group(1) and "野餐" not in row.group(1)
    assert html.count("#野餐</a>") == 1  # linked once, in the body


def test_detail_has_no_topics_row_when_the_body_tags_them_all(client):
    note = publish(UserFactory(), body="周末 #野餐 #公园")
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert 'data-testid="note-topics"' not in html and html.count("#公园</a>") == 1


def test_every_image_has_alt_text(client):
    note = publish(UserFactory(), title="", body="只有正文", images=[image_bytes()] * 3)
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]+"', tag) for tag in images if "/img/" in tag)


def test_text_note_shows_its_card(client):
    note = publish(UserFactory(), title="只有文字")
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert f"/n/{note.pk}/cover" in html and 'alt="只有文字"' in html


def test_owner_sees_edit_and_delete(client):
    author = UserFactory()
    note = publish(author)
    client.force_login(author)
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert 'data-testid="edit-note"' in html and 'data-testid="delete-note"' in html
    assert 'data-testid="follow-button"' not in html


def test_others_get_a_follow_button(client):
    note = publish(UserFactory(username="mia"))
    client.force_login(UserFactory())
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert 'data-testid="follow-button"' in html and 'action="/u/mia/follow/"' in html


def test_xss_payloads_are_inert_on_the_detail_page(client):
    author = UserFactory(display_name=XSS[:30])
    note = publish(
        author,
        title=XSS[:20],
        body=f"{XSS} #<b>tag</b> @<i>x</i>",
        images=[image_bytes()],
        alt_texts=[XSS],
        place_name=XSS[:60],
        place_city=XSS[:30],
    )
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>tag</b>" not in html and "<i>x</i>" not in html


@pytest.mark.parametrize(
    "state",
    [
        {"draft": True},
        {"private": True},
        {"hidden_at": "now"},
        {"deleted_at": "now"},
    ],
)
def test_unlisted_notes_are_unreachable_for_others(client, state):
    author = UserFactory()
    state = {k: (timezone.now() if v == "now" else v) for k, v in state.items()}
    note = publish(author, images=[image_bytes()])
    text_note = publish(author)
    Note.objects.filter(pk__in=[note.pk, text_note.pk]).update(
        is_listed=False,
        **{
            "status": "draft" if state.get("draft") else "published",
            "visibility": "private" if state.get("private") else "public",
            "hidden_at": state.get("hidden_at"),
            "deleted_at": state.get("deleted_at"),
        },
    )
    image = note.images.get()
    urls = [
        reverse("notes:detail", args=[note.pk]),
        reverse("notes:cover", args=[note.pk]),
        reverse("notes:cover", args=[text_note.pk]),
        reverse("notes:edit", args=[note.pk]),
        reverse("notes:delete", args=[note.pk]),
        *[reverse("notes:image", args=[image.pk, size]) for size in ("large", "medium", "thumb")],
    ]
    client.force_login(UserFactory())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"RIFF" not in body_of(response)
    anonymous = Client()
    for url in urls[:3] + urls[5:]:
        assert anonymous.get(url).status_code == 404, url


def test_author_sees_own_draft_with_a_banner(client):
    author = UserFactory()
    note = publish(author, status="draft", images=[image_bytes()])
    client.force_login(author)
    html = client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert 'data-testid="draft-banner"' in html
    assert 'data-testid="comments"' not in html  # drafts take no comments
    image = note.images.get()
    assert client.get(reverse("notes:image", args=[image.pk, "thumb"])).status_code == 200


def test_detail_query_count_is_constant_in_comments_and_images(client):
    def count_queries(images, comments):
        author = UserFactory()
        note = publish(author, images=[image_bytes(size=(8, 8))] * images, body="#a #b @x")
        for i in range(comments):
            commenter = UserFactory()
            top = comment_create(note=note, author=commenter, body=f"comment {i}")
            comment_create(note=note, author=author, body="reply", reply_to=top)
        viewer = UserFactory()
        client.force_login(viewer)
        url = reverse("notes:detail", args=[note.pk])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count_queries(images=1, comments=1)
    large = count_queries(images=9, comments=15)
    assert small == large
    # session, user, note+author+category, images, topics, mentions, like/collect states,
    # comments (+ first replies, comment likes), follow state, unread notifications,
    # product cards and verified-purchase mark (shops, one query without cards)
    assert large <= 15


# --- media ----------------------------------------------------------------------------------------


def test_image_sizes_and_cache_headers(client):
    note = publish(UserFactory(), images=[image_bytes(size=(2000, 1000))])
    image = note.images.get()
    for size in ("large", "medium", "thumb"):
        response = client.get(reverse("notes:image", args=[image.pk, size]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert body_of(response)[:4] == b"RIFF"
    assert client.get(f"/img/{image.pk}/original").status_code == 404
    etag = client.get(reverse("notes:image", args=[image.pk, "large"]))["ETag"]
    again = client.get(reverse("notes:image", args=[image.pk, "large"]), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_cover_is_the_first_images_medium_size(client):
    note = publish(UserFactory(), images=[image_bytes(size=(1500, 1500)), image_bytes()])
    response = client.get(reverse("notes:cover", args=[note.pk]))
    assert response.status_code == 200
    with default_storage.open(note.images.first().medium, "rb") as handle:
        assert body_of(response) == handle.read()


def test_text_cover_is_rendered_once_and_cached(client, monkeypatch):
    note = publish(UserFactory(), title="文字卡片")
    calls = []
    from grassroots.notes import covers

    real = covers.render_text_cover

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(covers, "render_text_cover", counting)
    first = client.get(reverse("notes:cover", args=[note.pk]))
    second = client.get(reverse("notes:cover", args=[note.pk]))
    assert first.status_code == second.status_code == 200
    assert first["Cache-Control"] == "private, max-age=3600"
    assert body_of(first) == body_of(second) and body_of(first)[:4] == b"RIFF"
    assert calls == [{"title": "文字卡片", "seed": note.pk}]
    assert default_storage.exists(f"covers/{default_storage.listdir('covers')[1][0]}")


def test_unknown_media_is_404(client):
    assert client.get("/img/999999/large").status_code == 404
    assert client.get("/n/999999/cover").status_code == 404


# --- publish and edit ---------------------------------------------------------------------------


def test_publish_needs_login(client):
    response = client.get(reverse("notes:publish"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_publish_form_renders(client):
    client.force_login(UserFactory())
    html = client.get(reverse("notes:publish")).content.decode()
    assert (
        'enctype="multipart/form-data"' in html and 'name="images"' in html and "multiple" in html
    )
    assert 'value="draft"' in html and 'value="publish"' in html
    assert "<optgroup" in html and 'value="food-wine"' in html
    assert "notes/publish.js" in html


def test_publish_form_requires_csrf():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("notes:publish"), {"title": "t", "body": "b", "visibility": "public"}
    )
    assert response.status_code == 403
    assert Note.objects.count() == 0
    page = client.get(reverse("notes:publish")).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1)
    response = client.post(
        reverse("notes:publish"),
        {
            "csrfmiddlewaretoken": token,
            "title": "t",
            "body": "b",
            "visibility": "public",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    assert Note.objects.count() == 1


def test_publish_with_images_in_order(client):
    author = UserFactory()
    client.force_login(author)
    response = client.post(
        reverse("notes:publish"),
        {
            "title": "周末野餐",
            "body": "带了好多吃的 #野餐",
            "topics": "#春天 outdoor, 公园",
            "category": "travel-weekend",
            "place_name": "世纪公园",
            "place_city": "上海",
            "visibility": "public",
            "action": "publish",
            "images": [upload("1.jpg", size=(100, 50)), upload("2.png", "PNG", size=(60, 90))],
            "alt_texts": ["第一张", "第二张"],
        },
    )
    note = Note.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/n/{note.pk}"
    assert note.is_listed and note.category is not None
    assert note.category.slug == "travel-weekend"
    assert [(i.width, i.alt_text) for i in note.images.all()] == [(100, "第一张"), (60, "第二张")]
    assert sorted(note.topics.values_list("name", flat=True)) == ["outdoor", "公园", "春天", "野餐"]


def test_save_draft_goes_to_drafts(client):
    author = UserFactory()
    client.force_login(author)
    response = client.post(
        reverse("notes:publish"), {"title": "草稿", "visibility": "public", "action": "draft"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("notes:drafts")
    note = Note.objects.get()
    assert note.status == "draft" and not note.is_listed
    html = client.get(reverse("notes:drafts")).content.decode()
    assert "草稿" in html and reverse("notes:edit", args=[note.pk]) in html


def test_publish_errors_rerender_the_form_and_change_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("notes:publish"),
        {
            "title": "好标题",
            "body": "正文",
            "visibility": "public",
            "action": "publish",
            "images": [upload("ok.jpg"), SimpleUploadedFile("fake.jpg", b"GIF89a not really")],
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Image 2 (fake.jpg)" in html and 'value="好标题"' in html
    assert Note.objects.count() == 0
    response = client.post(
        reverse("notes:publish"), {"title": "", "body": "", "visibility": "public"}
    )
    assert response.status_code == 422 and "Write a title or some text" in response.content.decode()
    response = client.post(reverse("notes:publish"), {"title": "字" * 21, "visibility": "public"})
    assert response.status_code == 400
    assert Note.objects.count() == 0


def test_publish_form_ignores_staff_only_fields(client):
    author = UserFactory()
    client.force_login(author)
    other = UserFactory()
    client.post(
        reverse("notes:publish"),
        {
            "title": "t",
            "body": "b",
            "visibility": "public",
            "author": other.pk,
            "like_count": 999,
            "is_listed": "false",
            "hot_score": 1e9,
            "hidden_at": "2020-01-01",
        },
    )
    note = Note.objects.get()
    assert note.author == author and note.like_count == 0 and note.is_listed
    assert note.hot_score < 1e6 and note.hidden_at is None


def test_edit_form_updates_the_note(client):
    author = UserFactory()
    note = publish(
        author, body="#old", images=[image_bytes(size=(10, 10)), image_bytes(size=(20, 20))]
    )
    first, second = note.images.all()
    client.force_login(author)
    page = client.get(reverse("notes:edit", args=[note.pk]))
    assert page.status_code == 200 and 'value="#old"' in page.content.decode()
    response = client.post(
        reverse("notes:edit", args=[note.pk]),
        {
            "title": "改过",
            "body": "#new",
            "topics": "",
            "visibility": "private",
            "action": "save",
            "keep_image_ids": [str(second.pk), str(first.pk)],
            f"alt_{first.pk}": "现在第二",
            "images": [upload(size=(30, 30))],
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.title == "改过" and note.visibility == "private" and not note.is_listed
    assert [(i.pk, i.alt_text) for i in note.images.all()][:2] == [
        (second.pk, ""),
        (first.pk, "现在第二"),
    ]
    assert note.image_count == 3
    assert list(note.topics.values_list("name", flat=True)) == ["new"]


def test_edit_is_for_the_author_only(client):
    note = publish(UserFactory())
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("notes:edit", args=[note.pk])).status_code == 404
    response = client.post(
        reverse("notes:edit", args=[note.pk]), {"title": "x", "visibility": "public"}
    )
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.title == "标题"


def test_delete_asks_then_deletes(client):
    author = UserFactory()
    note = publish(author)
    client.force_login(author)
    confirm = client.get(reverse("notes:delete", args=[note.pk]))
    assert confirm.status_code == 200 and 'data-testid="confirm-delete"' in confirm.content.decode()
    note.refresh_from_db()
    assert note.deleted_at is None
    response = client.post(reverse("notes:delete", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.deleted_at is not None
    assert client.get(reverse("notes:detail", args=[note.pk])).status_code == 404


def test_strangers_cannot_delete(client):
    note = publish(UserFactory())
    client.force_login(UserFactory())
    assert client.post(reverse("notes:delete", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.deleted_at is None


def test_delete_form_requires_csrf():
    author = UserFactory()
    note = publish(author)
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.post(reverse("notes:delete", args=[note.pk])).status_code == 403
    note.refresh_from_db()
    assert note.deleted_at is None


def test_drafts_list_shows_only_my_drafts(client):
    me = UserFactory()
    NoteFactory.create(author=me, draft=True, title="我的草稿")
    NoteFactory.create(draft=True, title="别人的草稿")
    NoteFactory.create(author=me, title="已发布")
    client.force_login(me)
    html = client.get(reverse("notes:drafts")).content.decode()
    assert "我的草稿" in html and "别人的草稿" not in html and "已发布" not in html
