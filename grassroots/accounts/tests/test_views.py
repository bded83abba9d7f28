from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts import actions
from grassroots.accounts.models import ApiToken, Follow, User
from grassroots.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from grassroots.accounts.tests.helpers import make_note, png_upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token_from(client: Client, url: str) -> str:
    response = client.get(url)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


# --- sign-up, log-in, log-out -------------------------------------------------------------


def test_signup_page_creates_the_account_and_logs_in(client):
    page = client.get(reverse("accounts:signup"))
    assert page.status_code == 200
    assert b'name="username"' in page.content and b'name="password"' in page.content
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "mia",
            "display_name": "Mia",
            "email": "mia@example.com",
            "password": "lantern-river-42",
            "next": "/u/mia/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/u/mia/"
    user = User.objects.get(username="mia")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_page_shows_errors_next_to_fields(client):
    UserFactory(username="mia")
    response = client.post(
        reverse("accounts:signup"),
        {"username": "Mia", "email": "m@example.com", "password": "lantern-river-42"},
    )
    assert response.status_code == 409
    assert b'data-field="username"' in response.content
    response = client.post(
        reverse("accounts:signup"),
        {"username": "li_lei", "email": "m@example.com", "password": "12345678"},
    )
    assert response.status_code == 422
    assert b'data-field="password"' in response.content
    assert User.objects.count() == 1


def test_signup_ignores_an_offsite_next(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "mia",
            "email": "mia@example.com",
            "password": "lantern-river-42",
            "next": "https://evil.example.com/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feed:discover")


def test_login_and_logout(client):
    UserFactory(username="Mia")
    response = client.post(
        reverse("accounts:login"), {"username": "mia", "password": DEFAULT_PASSWORD, "next": "/x"}
    )
    assert response.status_code == 302 and response["Location"] == "/x"
    assert "_auth_user_id" in client.session
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_failure_reads_the_same_for_unknown_and_known_accounts(client):
    UserFactory(username="mia")
    known = client.post(reverse("accounts:login"), {"username": "mia", "password": "wrong-pw"})
    unknown = client.post(reverse("accounts:login"), {"username": "zed", "password": "wrong-pw"})
    assert known.status_code == unknown.status_code == 400
    assert b"Wrong username or password" in known.content
    assert b"Wrong username or password" in unknown.content

    def form_part(response):
        html = response.content.decode()
        html = re.sub(r'value="[^"]*"', "", html)  # csrf tokens and the typed username differ
        return html[html.index('data-testid="login-form"') :]

    assert form_part(known) == form_part(unknown)


def test_login_page_is_rate_limited(client):
    UserFactory(username="mia")
    for _ in range(10):
        client.post(reverse("accounts:login"), {"username": "mia", "password": "wrong-pw"})
    response = client.post(
        reverse("accounts:login"), {"username": "mia", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_form_enforces_csrf():
    UserFactory(username="mia")
    browser = csrf_client()
    refused = browser.post(
        reverse("accounts:login"), {"username": "mia", "password": DEFAULT_PASSWORD}
    )
    assert refused.status_code == 403
    assert "_auth_user_id" not in browser.session
    token = csrf_token_from(browser, reverse("accounts:login"))
    accepted = browser.post(
        reverse("accounts:login"),
        {"username": "mia", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302


def test_follow_and_logout_forms_enforce_csrf():
    mia = UserFactory(username="mia")
    li = UserFactory()
    browser = csrf_client()
    browser.force_login(li)
    assert browser.post(reverse("accounts:follow", args=["mia"])).status_code == 403
    assert not Follow.objects.filter(follower=li, followee=mia).exists()
    assert browser.post(reverse("accounts:logout")).status_code == 403


# --- passwords ----------------------------------------------------------------------------


def test_password_change_keeps_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password": "lantern-river-42"},
    )
    assert response.status_code == 422
    assert b'data-field="old_password"' in response.content
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password": "lantern-river-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("lantern-river-42")
    assert client.get(reverse("accounts:settings")).status_code == 200  # still logged in


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_reset_same_answer_for_known_and_unknown_email(client):
    UserFactory(username="mia", email="mia@example.com")
    known = client.post(reverse("accounts:password_reset"), {"email": "MIA@example.com"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mia@example.com"]
    done = client.get(known["Location"])
    assert b"If an account uses that address" in done.content


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(username="mia", email="mia@example.com")
    _token, key = actions.token_create(user=user, name="old script")
    client.post(reverse("accounts:password_reset"), {"email": "mia@example.com"})
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "lantern-river-42", "new_password2": "lantern-river-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("lantern-river-42")
    # Whoever held the account before the reset loses its API tokens.
    assert not ApiToken.objects.filter(user=user).exists()
    api = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert b"This link does not work" in again.content


def test_password_reset_mails_are_capped_per_address_without_telling(client):
    UserFactory(email="mia@example.com")
    for _ in range(8):
        response = client.post(reverse("accounts:password_reset"), {"email": "mia@example.com"})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 5


# --- settings -----------------------------------------------------------------------------


def test_settings_needs_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302


def test_settings_updates_the_profile_and_avatar(client):
    user = UserFactory(username="mia")
    client.force_login(user)
    page = client.get(reverse("accounts:settings"))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert b"data-avatar-preview" in page.content
    # The native file input sits behind a labelled button (accounts.js hides it).
    assert re.search(
        r'<label class="btn btn-sm avatar-choose" for="id_avatar">Upload an avatar<',
        page.content.decode(),
    )
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": "米娅",
            "bio": "Food & travel",
            "place": "上海",
            "gender": "female",
            "age_range": "25-34",
            "avatar": png_upload(),
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.place, user.gender) == ("米娅", "上海", "female")
    assert user.avatar.endswith(".webp")
    profile = client.get(reverse("accounts:profile", args=["mia"]))
    assert b'src="/u/mia/avatar/?v=' in profile.content


def test_settings_rejects_a_bad_avatar_with_a_message(client):
    user = UserFactory()
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("a.png", b"not an image at all", content_type="image/png")
    response = client.post(reverse("accounts:settings"), {"display_name": "New", "avatar": fake})
    assert response.status_code == 422
    assert b'data-field="avatar"' in response.content
    user.refresh_from_db()
    assert user.display_name != "New"


def test_tokens_are_created_shown_once_and_revoked(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:token_create"), {"name": "script"}, **HTMX)
    assert response.status_code == 201
    found = re.search(rb'data-testid="new-token">([^<]+)<', response.content)
    assert found
    key = found.group(1).decode()
    token = ApiToken.objects.get(user=user)
    assert token.prefix == key[:8]
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    page = client.get(reverse("accounts:settings"))
    assert key.encode() not in page.content
    assert token.prefix.encode() in page.content
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


# --- profile ------------------------------------------------------------------------------


def test_profile_header_shows_counts_and_links(client):
    mia = UserFactory(username="mia", display_name="Mia", bio="Cooks a lot", place="Chengdu")
    li = UserFactory()
    actions.follow_user(follower=li, followee=mia)
    User.objects.filter(pk=mia.pk).update(likes_collects_received=12345)
    response = client.get(reverse("accounts:profile", args=["mia"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mia" in html and "@mia" in html and "Cooks a lot" in html and "Chengdu" in html
    assert reverse("accounts:followers", args=["mia"]) in html
    assert reverse("accounts:following", args=["mia"]) in html
    assert "1.2万" in html  # zh-Hans: 获赞与收藏 compacted
    assert 'data-testid="follow-button"' in html  # anonymous: a link to log in


def test_profile_redirects_to_the_canonical_username(client):
    UserFactory(username="Mia")
    response = client.get("/u/mia/?tab=likes")
    assert response.status_code == 301
    assert response["Location"] == "/u/Mia/?tab=likes"
    assert client.get("/u/nobody/").status_code == 404


def test_profile_shows_edit_for_self_and_follow_for_others(client):
    mia, li = UserFactory(username="mia"), UserFactory()
    client.force_login(mia)
    own = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert 'data-testid="edit-profile"' in own and 'name="action"' not in own
    client.force_login(li)
    other = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert 'data-testid="edit-profile"' not in other
    assert 'name="action" value="follow"' in other


def test_profile_escapes_user_text(client):
    UserFactory(username="mia", display_name=XSS[:30], bio=XSS, place="<b>x</b>")
    html = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>x</b>" not in html
    assert "&lt;script&gt;" in html


def test_profile_notes_tab_hides_drafts_and_private_notes_from_others(client):
    mia = UserFactory(username="mia")
    make_note(author=mia, title="public one")
    make_note(author=mia, title="secret diary", visibility="private")
    make_note(author=mia, title="draft idea", status="draft")
    make_note(author=mia, title="deleted one", deleted_at=timezone.now())
    stranger = UserFactory()

    anonymous = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert "public one" in anonymous
    assert "secret diary" not in anonymous and "draft idea" not in anonymous
    assert "deleted one" not in anonymous

    client.force_login(stranger)
    other = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert "public one" in other
    assert "secret diary" not in other and "draft idea" not in other

    client.force_login(mia)
    own = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert "public one" in own and "secret diary" in own and "draft idea" in own
    assert "deleted one" not in own


def test_profile_likes_tab_shows_only_notes_the_viewer_may_see(client):
    from grassroots.engagement.actions import note_like

    mia, li = UserFactory(username="mia"), UserFactory()
    visible = make_note(author=li, title="nice dumplings")
    hidden = make_note(author=li, title="li private", visibility="private")
    note_like(user=mia, note=visible)
    # A like on a note that later became private must not leak it.
    from grassroots.engagement.models import NoteLike

    NoteLike.objects.create(user=mia, note=hidden)
    html = client.get(reverse("accounts:profile", args=["mia"]) + "?tab=likes").content.decode()
    assert "nice dumplings" in html
    assert "li private" not in html


def test_profile_boards_tab_hides_private_boards_from_others(client):
    from grassroots.engagement.boards import board_create

    mia = UserFactory(username="mia")
    board_create(owner=mia, name="Trips", description="", is_private=False)
    board_create(owner=mia, name="Secret gifts", description="", is_private=True)
    url = reverse("accounts:profile", args=["mia"]) + "?tab=boards"
    html = client.get(url).content.decode()
    assert "Trips" in html and "Secret gifts" not in html
    assert 'data-testid="board-new"' not in html
    client.force_login(mia)
    own = client.get(url).content.decode()
    assert "Trips" in own and "Secret gifts" in own
    assert 'data-testid="board-new"' in own  # the new-board tile sits in the grid


def test_profile_boards_tab_without_boards_says_so(client):
    UserFactory(username="mia")
    html = client.get(reverse("accounts:profile", args=["mia"]) + "?tab=boards").content.decode()
    assert "No boards to show." in html


def test_profile_tab_switch_returns_a_partial_for_htmx(client):
    mia = UserFactory(username="mia")
    make_note(author=mia, title="hello there")
    url = reverse("accounts:profile", args=["mia"]) + "?tab=notes"
    partial = client.get(url, HTTP_HX_TARGET="profile-tab", **HTMX)
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "hello there" in html and "<html" not in html and 'class="tabs' in html
    assert "HX-Request" in partial["Vary"]


def test_profile_notes_infinite_scroll(client):
    mia = UserFactory(username="mia")
    base = timezone.now() - timedelta(days=1)
    for n in range(25):
        make_note(author=mia, title=f"note {n:02d}", at=base + timedelta(minutes=n))
    url = reverse("accounts:profile", args=["mia"])
    first = client.get(url).content.decode()
    assert first.count('class="card"') == 20
    assert 'hx-trigger="revealed"' in first
    sentinel = re.search(r'hx-get="([^"]*cursor=[^"]+)"', first)
    assert sentinel
    next_url = sentinel.group(1).replace("&amp;", "&")
    more = client.get(next_url, **HTMX)
    assert more.status_code == 200
    html = more.content.decode()
    assert "<html" not in html
    assert html.count('class="card"') == 5
    assert "note 00" in html and "note 24" not in html
    assert 'hx-trigger="revealed"' not in html  # the end


def test_profile_query_count_does_not_grow_with_notes(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mia = UserFactory(username="mia")
    viewer = UserFactory()
    client.force_login(viewer)
    make_note(author=mia, title="first")
    url = reverse("accounts:profile", args=["mia"])
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    # session, viewer, profile owner, unread count, is_following, notes page, liked states
    assert baseline <= 9, [q["sql"] for q in few.captured_queries]
    for n in range(30):
        make_note(author=mia, title=f"more {n}")
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == 20
    for tab in ("likes", "boards"):
        client.get(f"{url}?tab={tab}")
        with CaptureQueriesContext(connection) as tab_queries:
            client.get(f"{url}?tab={tab}")
        assert len(tab_queries.captured_queries) <= 9


# --- followers / following ----------------------------------------------------------------


def test_followers_page_lists_people_with_follow_buttons(client):
    mia = UserFactory(username="mia")
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        actions.follow_user(follower=fan, followee=mia)
    viewer = fans[0]
    actions.follow_user(follower=viewer, followee=fans[1])
    client.force_login(viewer)
    html = client.get(reverse("accounts:followers", args=["mia"])).content.decode()
    assert html.count('data-testid="user-row"') == 3
    assert html.count('name="action" value="unfollow"') == 1  # fans[1]
    assert html.count('name="action" value="follow"') == 1  # fans[2]; no button for oneself
    following = client.get(reverse("accounts:following", args=[viewer.username])).content
    assert b"@mia" in following


def test_followers_page_is_paged_for_htmx(client, django_assert_num_queries):
    mia = UserFactory(username="mia")
    for _ in range(35):
        actions.follow_user(follower=UserFactory(), followee=mia)
    url = reverse("accounts:followers", args=["mia"])
    first = client.get(url).content.decode()
    assert first.count('data-testid="user-row"') == 30
    sentinel = re.search(r'class="sentinel" hx-get="([^"]+)"', first)
    assert sentinel
    next_url = sentinel.group(1).replace("&amp;", "&")
    more = client.get(next_url, **HTMX).content.decode()
    assert more.count('data-testid="user-row"') == 5
    assert 'hx-swap-oob="true"' in more


# --- follow toggle ------------------------------------------------------------------------


def test_follow_button_htmx_returns_the_partial(client):
    mia, li = UserFactory(username="mia"), UserFactory()
    client.force_login(li)
    url = reverse("accounts:follow", args=["mia"])
    response = client.post(url, {"action": "follow", "show_counts": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="unfollow"' in html and "<html" not in html
    assert 'id="followers-count" hx-swap-oob="true">1<' in html
    # A repeated click with the same intent changes nothing.
    client.post(url, {"action": "follow"}, **HTMX)
    mia.refresh_from_db()
    assert mia.followers_count == 1
    response = client.post(url, {"action": "unfollow"}, **HTMX)
    assert 'value="follow"' in response.content.decode()
    mia.refresh_from_db()
    assert mia.followers_count == 0


def test_follow_without_htmx_redirects_back(client):
    mia, li = UserFactory(username="mia"), UserFactory()
    client.force_login(li)
    response = client.post(reverse("accounts:follow", args=["mia"]), {"next": "/u/mia/"})
    assert response.status_code == 302 and response["Location"] == "/u/mia/"
    assert Follow.objects.filter(follower=li, followee=mia).exists()
    # No action given: toggles.
    client.post(reverse("accounts:follow", args=["mia"]))
    assert not Follow.objects.filter(follower=li, followee=mia).exists()


def test_follow_needs_login_and_refuses_self(client):
    mia = UserFactory(username="mia")
    response = client.post(reverse("accounts:follow", args=["mia"]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    htmx = client.post(reverse("accounts:follow", args=["mia"]), **HTMX)
    assert "/login/" in htmx["HX-Redirect"]
    client.force_login(mia)
    own = client.post(reverse("accounts:follow", args=["mia"]), {"action": "follow"})
    assert own.status_code == 400
    assert not Follow.objects.exists()


# --- avatar -------------------------------------------------------------------------------


def test_avatar_view_serves_the_file_with_cache_headers(client, django_capture_on_commit_callbacks):
    mia = UserFactory(username="mia")
    actions.profile_update(user=mia, avatar=png_upload())
    from grassroots.accounts.templatetags.accounts_tags import avatar_version

    versioned = client.get(f"/u/mia/avatar/?v={avatar_version(mia)}")
    assert versioned.status_code == 200
    assert versioned["Content-Type"] == "image/webp"
    assert "immutable" in versioned["Cache-Control"]
    assert b"".join(versioned.streaming_content)  # consuming it closes the file
    plain = client.get("/u/mia/avatar/")
    assert plain["Cache-Control"] == "public, max-age=300"
    assert b"".join(plain.streaming_content)
    assert client.get(f"/u/{UserFactory().username}/avatar/").status_code == 404
    assert client.get("/u/nobody/avatar/").status_code == 404


def test_letter_avatar_uses_a_tone_class_not_inline_style(client):
    user = UserFactory(username="mia", display_name="mia")
    html = client.get(reverse("accounts:profile", args=["mia"])).content.decode()
    assert f"avatar-tone-{user.pk % 8}" in html
    assert "hsl(" not in html
