from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from grassroots.accounts import actions
from grassroots.accounts.models import ApiToken, User
from grassroots.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff_with_user_permissions() -> User:
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["view_user", "change_user", "view_apitoken", "delete_apitoken"],
        )
    )
    return staff


def test_superuser_can_search_members(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    UserFactory(username="mia", display_name="米娅")
    UserFactory(username="li")
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_changelist")
    by_name = client.get(url, {"q": "米娅"})
    assert by_name.status_code == 200
    assert b"mia" in by_name.content and b">li<" not in by_name.content
    assert client.get(url, {"is_active__exact": "1"}).status_code == 200
    member = User.objects.get(username="mia")
    assert client.get(reverse("admin:accounts_user_change", args=[member.pk])).status_code == 200


def test_staff_cannot_grant_privileges_or_edit_superusers(client):
    staff = staff_with_user_permissions()
    member = UserFactory(username="member")
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="is_staff"' not in page.content
    assert b'name="display_name"' in page.content
    boss_page = client.get(reverse("admin:accounts_user_change", args=[boss.pk]))
    assert b'name="display_name"' not in boss_page.content  # view-only
    response = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "new-pass-word-9", "password2": "new-pass-word-9"},
    )
    assert response.status_code == 403
    # Staff cannot promote themselves either.
    own = client.get(reverse("admin:accounts_user_change", args=[staff.pk]))
    assert b'name="is_superuser"' not in own.content


def test_suspend_action_spares_staff_when_run_by_staff(client):
    staff = staff_with_user_permissions()
    member = UserFactory()
    peer = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "suspend_users", "_selected_action": [member.pk, peer.pk]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    peer.refresh_from_db()
    assert not member.is_active
    assert peer.is_active


def test_token_admin_shows_no_key_and_revokes(client):
    staff = staff_with_user_permissions()
    token, key = actions.token_create(user=UserFactory(), name="bot")
    client.force_login(staff)
    page = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert page.status_code == 200
    assert key.encode() not in page.content
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_follow_admin_is_read_only(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    actions.follow_user(follower=UserFactory(), followee=UserFactory())
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_follow_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_follow_add")).status_code == 403
