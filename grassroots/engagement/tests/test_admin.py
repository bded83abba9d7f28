from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions
from grassroots.engagement.models import Comment
from grassroots.engagement.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_comment_admin_search_and_bulk_hide_unhide_keep_counts(staff_client):
    note = NoteFactory()
    keep = actions.comment_create(note=note, author=UserFactory(), body="lovely photos")
    spam = actions.comment_create(note=note, author=UserFactory(), body="buy followers now")
    changelist = reverse("admin:engagement_comment_changelist")
    found = staff_client.get(changelist, {"q": "followers"}).content.decode()
    assert "buy followers now" in found and "lovely photos" not in found

    response = staff_client.post(
        changelist, {"action": "hide_comments", "_selected_action": [spam.pk]}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.comment_count == 1
    assert Comment.objects.get(pk=spam.pk).hidden_at is not None
    assert Comment.objects.get(pk=keep.pk).hidden_at is None

    staff_client.post(changelist, {"action": "unhide_comments", "_selected_action": [spam.pk]})
    note.refresh_from_db()
    assert note.comment_count == 2


def test_board_and_notification_admin_are_read_only(staff_client):
    owner = UserFactory()
    actions.note_collect(user=owner, note=NoteFactory())
    for name in ("board", "notification", "comment"):
        assert staff_client.get(reverse(f"admin:engagement_{name}_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:engagement_board_add")).status_code == 403
    assert staff_client.get(reverse("admin:engagement_notification_add")).status_code == 403


def test_non_staff_cannot_reach_the_admin():
    client = Client()
    client.force_login(UserFactory())
    response = client.get(reverse("admin:engagement_comment_changelist"))
    assert response.status_code == 302
