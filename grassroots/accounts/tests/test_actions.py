from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory

from grassroots.accounts import actions
from grassroots.accounts.actions import BadCredentials
from grassroots.accounts.auth import hash_token
from grassroots.accounts.models import ApiToken, Follow, User
from grassroots.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from grassroots.accounts.tests.helpers import png_upload
from grassroots.core.errors import Conflict, DomainError, NotFound, RateLimited, ValidationFailed

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "lantern-river-42"


def _request(ip: str = "10.0.0.1"):
    return RequestFactory().post("/login/", REMOTE_ADDR=ip)


# --- sign-up ------------------------------------------------------------------------------


def test_signup_creates_a_user_with_a_hashed_password():
    user = actions.user_signup(
        username="Mia_01", email="Mia@Example.COM", password=GOOD_PASSWORD, display_name="  Mia  "
    )
    user.refresh_from_db()
    assert user.username == "Mia_01"
    assert user.email == "Mia@example.com"  # domain normalised
    assert user.display_name == "Mia"
    assert user.check_password(GOOD_PASSWORD)
    assert GOOD_PASSWORD not in user.password


@pytest.mark.parametrize(
    "username",
    ["ab", "x" * 31, "has space", "dash-name", "emoji😀", "点点", "", "a.b", "admin", "ROOT"],
)
def test_signup_rejects_bad_or_reserved_usernames(username):
    with pytest.raises(DomainError) as info:
        actions.user_signup(username=username, email="a@example.com", password=GOOD_PASSWORD)
    assert info.value.field == "username"
    assert User.objects.count() == 0


def test_signup_usernames_are_unique_ignoring_case():
    UserFactory(username="mia")
    with pytest.raises(Conflict) as info:
        actions.user_signup(username="MIA", email="m@example.com", password=GOOD_PASSWORD)
    assert info.value.field == "username"
    assert User.objects.count() == 1


def test_signup_rejects_bad_email():
    with pytest.raises(ValidationFailed) as info:
        actions.user_signup(username="mia", email="not-an-email", password=GOOD_PASSWORD)
    assert info.value.field == "email"


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "mia_rocks_mia"])
def test_signup_applies_django_password_validators(password):
    with pytest.raises(ValidationFailed) as info:
        actions.user_signup(username="mia_rocks", email="mia@example.com", password=password)
    assert info.value.field == "password"
    assert info.value.message
    assert not User.objects.exists()


def test_signup_display_name_is_capped_and_cleaned():
    with pytest.raises(ValidationFailed) as info:
        actions.user_signup(
            username="mia", email="m@example.com", password=GOOD_PASSWORD, display_name="x" * 31
        )
    assert info.value.field == "display_name"
    user = actions.user_signup(
        username="mia",
        email="m@example.com",
        password=GOOD_PASSWORD,
        display_name="Mi\u202ea\x00 \n Lee",
    )
    assert user.display_name == "Mia Lee"


def test_signup_is_rate_limited_per_address():
    request = _request("10.1.1.1")
    for n in range(20):
        actions.user_signup(
            username=f"user_{n}", email=f"u{n}@example.com", password=GOOD_PASSWORD, request=request
        )
    with pytest.raises(RateLimited):
        actions.user_signup(
            username="one_more", email="x@example.com", password=GOOD_PASSWORD, request=request
        )
    # Another address is not affected.
    actions.user_signup(
        username="elsewhere",
        email="e@example.com",
        password=GOOD_PASSWORD,
        request=_request("10.1.1.2"),
    )


def test_production_hasher_is_argon2(settings):
    import config.settings as project_settings  # the module, untouched by test overrides

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = actions.user_signup(username="argon", email="a@example.com", password=GOOD_PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(GOOD_PASSWORD)


# --- log-in -------------------------------------------------------------------------------


def test_authenticate_accepts_any_case_of_the_username():
    user = UserFactory(username="Mia")
    assert (
        actions.user_authenticate(request=_request(), username="mia", password=DEFAULT_PASSWORD)
        == user
    )
    assert (
        actions.user_authenticate(request=_request(), username=" MIA ", password=DEFAULT_PASSWORD)
        == user
    )


def test_authenticate_gives_one_error_for_unknown_and_known_accounts():
    UserFactory(username="mia")
    with pytest.raises(BadCredentials) as known:
        actions.user_authenticate(request=_request(), username="mia", password="wrong-password")
    with pytest.raises(BadCredentials) as unknown:
        actions.user_authenticate(request=_request(), username="nobody", password="wrong-password")
    assert known.value.as_dict() == unknown.value.as_dict()
    assert known.value.status == 401


def test_authenticate_refuses_inactive_users_with_the_same_error():
    UserFactory(username="gone", is_active=False)
    with pytest.raises(BadCredentials):
        actions.user_authenticate(request=_request(), username="gone", password=DEFAULT_PASSWORD)


def test_login_rate_limit_after_ten_failures_even_with_the_right_password():
    UserFactory(username="mia")
    for _ in range(10):
        with pytest.raises(BadCredentials):
            actions.user_authenticate(request=_request(), username="mia", password="nope-nope")
    with pytest.raises(RateLimited):
        actions.user_authenticate(request=_request(), username="mia", password=DEFAULT_PASSWORD)
    # Same account from another address still works; the limit is per account and address.
    user = actions.user_authenticate(
        request=_request("10.9.9.9"), username="mia", password=DEFAULT_PASSWORD
    )
    assert user.username == "mia"


def test_login_rate_limit_per_address_across_accounts():
    for n in range(50):
        with pytest.raises(BadCredentials):
            actions.user_authenticate(request=_request(), username=f"guess{n}", password="x")
    UserFactory(username="mia")
    with pytest.raises(RateLimited):
        actions.user_authenticate(request=_request(), username="mia", password=DEFAULT_PASSWORD)


def test_successful_login_resets_the_failure_count():
    UserFactory(username="mia")
    for _ in range(9):
        with pytest.raises(BadCredentials):
            actions.user_authenticate(request=_request(), username="mia", password="nope-nope")
    actions.user_authenticate(request=_request(), username="mia", password=DEFAULT_PASSWORD)
    for _ in range(9):
        with pytest.raises(BadCredentials):
            actions.user_authenticate(request=_request(), username="mia", password="nope-nope")
    assert actions.user_authenticate(request=_request(), username="mia", password=DEFAULT_PASSWORD)


def test_client_ip_header_is_used_only_when_configured(settings):
    UserFactory(username="mia")
    proxied = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    for _ in range(10):
        with pytest.raises(BadCredentials):
            actions.user_authenticate(request=proxied, username="mia", password="bad-bad")
    settings.GRASSROOTS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    other_client = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert actions.user_authenticate(
        request=other_client, username="mia", password=DEFAULT_PASSWORD
    )


# --- password and profile -----------------------------------------------------------------


def test_password_change_checks_the_old_password_and_the_rules():
    user = UserFactory()
    with pytest.raises(ValidationFailed) as wrong:
        actions.password_change(user=user, old_password="nope", new_password=GOOD_PASSWORD)
    assert wrong.value.field == "old_password"
    with pytest.raises(ValidationFailed) as weak:
        actions.password_change(user=user, old_password=DEFAULT_PASSWORD, new_password="123")
    assert weak.value.field == "new_password"
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    actions.password_change(user=user, old_password=DEFAULT_PASSWORD, new_password=GOOD_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_profile_update_changes_only_given_fields():
    user = UserFactory(display_name="Old", bio="old bio", place="Chengdu")
    actions.profile_update(
        user=user, display_name="  New  name ", bio="line one\r\n\r\n\r\n\r\nline two"
    )
    user.refresh_from_db()
    assert user.display_name == "New name"
    assert user.bio == "line one\n\nline two"
    assert user.place == "Chengdu"


def test_profile_update_validates_choices_and_lengths():
    user = UserFactory(bio="keep")
    with pytest.raises(ValidationFailed) as bad_gender:
        actions.profile_update(user=user, gender="robot")
    assert bad_gender.value.field == "gender"
    with pytest.raises(ValidationFailed) as long_bio:
        actions.profile_update(user=user, bio="字" * 201)
    assert long_bio.value.field == "bio"
    with pytest.raises(ValidationFailed):
        actions.profile_update(user=user, place="p" * 41)
    actions.profile_update(user=user, gender="female", age_range="25-34", place="上海")
    user.refresh_from_db()
    assert (user.gender, user.age_range, user.place, user.bio) == (
        "female",
        "25-34",
        "上海",
        "keep",
    )


def test_profile_update_stores_a_new_avatar_and_deletes_the_old_file(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        actions.profile_update(user=user, avatar=png_upload())
    user.refresh_from_db()
    first = user.avatar
    assert first.startswith(f"avatars/{user.pk}/") and first.endswith(".webp")
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        actions.profile_update(user=user, avatar=png_upload())
    user.refresh_from_db()
    assert user.avatar != first
    assert default_storage.exists(user.avatar)
    assert not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        actions.profile_update(user=user, remove_avatar=True)
    user.refresh_from_db()
    assert user.avatar == ""


def test_profile_update_rejects_a_fake_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    fake = SimpleUploadedFile("me.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    with pytest.raises(ValidationFailed) as info:
        actions.profile_update(user=user, avatar=fake, display_name="Changed")
    assert info.value.field == "avatar"
    user.refresh_from_db()
    assert user.avatar == "" and user.display_name != "Changed"


# --- follows ------------------------------------------------------------------------------


def _counts(user: User) -> tuple[int, int]:
    user.refresh_from_db(fields=["followers_count", "following_count"])
    return user.followers_count, user.following_count


def test_follow_is_idempotent_and_counts_once():
    mia, li = UserFactory(), UserFactory()
    assert actions.follow_user(follower=li, followee=mia) is True
    assert actions.follow_user(follower=li, followee=mia) is False
    assert Follow.objects.filter(follower=li, followee=mia).count() == 1
    assert _counts(mia) == (1, 0)
    assert _counts(li) == (0, 1)
    assert actions.unfollow_user(follower=li, followee=mia) is True
    assert actions.unfollow_user(follower=li, followee=mia) is False
    assert _counts(mia) == (0, 0)
    assert _counts(li) == (0, 0)


def test_follow_notifies_the_followee_once():
    from grassroots.engagement.models import Notification

    mia, li = UserFactory(), UserFactory()
    actions.follow_user(follower=li, followee=mia)
    actions.follow_user(follower=li, followee=mia)
    notes = Notification.objects.filter(recipient=mia, actor=li, kind="follow")
    assert notes.count() == 1


def test_cannot_follow_yourself_or_an_inactive_user():
    mia = UserFactory()
    with pytest.raises(DomainError) as info:
        actions.follow_user(follower=mia, followee=mia)
    assert info.value.code == "follow_self"
    gone = UserFactory(is_active=False)
    with pytest.raises(NotFound):
        actions.follow_user(follower=mia, followee=gone)
    assert not Follow.objects.exists()
    assert _counts(mia) == (0, 0)


def test_unfollow_never_drives_a_counter_below_zero():
    mia, li = UserFactory(), UserFactory()
    Follow.objects.create(follower=li, followee=mia)  # a raw row, counters never bumped
    assert actions.unfollow_user(follower=li, followee=mia) is True
    assert _counts(mia) == (0, 0)


def test_mutual_follows_count_both_ways():
    mia, li = UserFactory(), UserFactory()
    actions.follow_user(follower=li, followee=mia)
    actions.follow_user(follower=mia, followee=li)
    assert _counts(mia) == (1, 1)
    assert _counts(li) == (1, 1)


# --- tokens -------------------------------------------------------------------------------


def test_token_create_stores_only_a_hash():
    user = UserFactory()
    token, plaintext = actions.token_create(user=user, name="phone")
    assert len(plaintext) >= 40
    assert token.key_hash == hash_token(plaintext)
    assert token.prefix == plaintext[:8]
    assert plaintext not in token.key_hash
    assert ApiToken.objects.get(pk=token.pk).name == "phone"


def test_token_revoke_only_touches_your_own_tokens():
    mia, li = UserFactory(), UserFactory()
    token, _key = actions.token_create(user=mia, name="x")
    with pytest.raises(NotFound):
        actions.token_revoke(user=li, token_id=token.pk)
    assert ApiToken.objects.filter(pk=token.pk).exists()
    actions.token_revoke(user=mia, token_id=token.pk)
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_token_count_is_capped():
    user = UserFactory()
    for n in range(actions.MAX_TOKENS_PER_USER):
        actions.token_create(user=user, name=f"t{n}")
    with pytest.raises(Conflict):
        actions.token_create(user=user, name="too many")


def test_suspending_users_never_touches_superusers():
    boss = UserFactory(is_superuser=True)
    member = UserFactory()
    assert actions.users_set_active(user_ids=[boss.pk, member.pk], active=False) == 1
    boss.refresh_from_db()
    member.refresh_from_db()
    assert boss.is_active and not member.is_active
