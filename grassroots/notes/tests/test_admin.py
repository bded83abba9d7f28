"""Staff admin for notes: search, filters, bulk hide/unhide/restore through the actions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes import actions
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def publish(author, **kwargs):
    kwargs.setdefault("body", "正文 #t")
    kwargs.setdefault("title", "标题")
    return actions.note_publish(author=author, **kwargs)


def test_changelist_search_and_filters(admin_client):
    mia = UserFactory(username="mia")
    publish(mia, title="红酒笔记")
    publish(UserFactory(username="li"), title="咖啡", external_id="ext-42")
    url = reverse("admin:notes_note_changelist")
    assert "红酒笔记" in admin_client.get(url, {"q": "红酒"}).content.decode()
    by_author = admin_client.get(url, {"q": "mia"}).content.decode()
    assert "红酒笔记" in by_author and "咖啡" not in by_author
    assert "咖啡" in admin_client.get(url, {"q": "ext-42"}).content.decode()
    assert admin_client.get(url, {"hidden": "yes"}).status_code == 200
    assert admin_client.get(url, {"deleted": "no", "status__exact": "published"}).status_code == 200


def test_bulk_hide_unhide_restore_keep_counters(admin_client):
    author = UserFactory()
    notes = [publish(author, title=f"n{i}") for i in range(3)]
    url = reverse("admin:notes_note_changelist")
    ids = [str(n.pk) for n in notes]
    response = admin_client.post(url, {"action": "hide_notes", "_selected_action": ids})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.notes_count == 0 and Note.objects.filter(hidden_at__isnull=False).count() == 3
    admin_client.post(url, {"action": "unhide_notes", "_selected_action": ids})
    author.refresh_from_db()
    assert author.notes_count == 3
    actions.note_delete(note=notes[0], actor=author)
    admin_client.post(url, {"action": "restore_notes", "_selected_action": ids})
    notes[0].refresh_from_db()
    assert notes[0].deleted_at is None and notes[0].is_listed


def test_notes_cannot_be_edited_or_hard_deleted_in_admin(admin_client):
    note = publish(UserFactory(), title="原样")
    change = reverse("admin:notes_note_change", args=[note.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    admin_client.post(change, {"title": "changed"})
    note.refresh_from_db()
    assert note.title == "原样"
    url = reverse("admin:notes_note_changelist")
    admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [note.pk], "post": "yes"}
    )
    assert Note.objects.filter(pk=note.pk).exists()


def test_non_staff_cannot_use_the_admin(client):
    note = publish(UserFactory())
    client.force_login(UserFactory())
    response = client.post(
        reverse("admin:notes_note_changelist"),
        {"action": "hide_notes", "_selected_action": [note.pk]},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    note.refresh_from_db()
    assert note.hidden_at is None


def test_category_and_topic_admin_pages(admin_client):
    publish(UserFactory())
    assert (
        admin_client.get(reverse("admin:notes_category_changelist"), {"q": "wine"}).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:notes_topic_changelist")).status_code == 200
    Note.objects.update(deleted_at=timezone.now())
    assert admin_client.get(reverse("admin:notes_note_changelist")).status_code == 200
