"""Feed pages: discover, channels, following, topics, the card partial and infinite scroll."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.tests.factories import FollowFactory, UserFactory
from grassroots.engagement.actions import note_like, topic_follow
from grassroots.feed.queries import with_card_fields
from grassroots.feed.tests.factories import NoteFactory, TopicFactory
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CARD_IDS = re.compile(r'data-note-id="(\d+)"')


def card_ids(response):
    return [int(i) for i in CARD_IDS.findall(response.content.decode())]


def find(pattern, text, group=0):
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match.group(group)


def sentinel_url(response):
    match = re.search(r'class="sentinel" hx-get="([^"]+)"', response.content.decode())
    return unescape(match.group(1)) if match else None


def card_html(note, *, viewer=None, liked_ids=()):
    request = RequestFactory().get("/")
    request.user = viewer or UserFactory.build()
    loaded = with_card_fields(Note.objects.filter(pk=note.pk)).get()
    return render_to_string(
        "feed/partials/_card.html",
        {"note": loaded, "liked_ids": set(liked_ids), "user": viewer},
        request=request,
    )


# --- discover and channels ----------------------------------------------------------------


def test_discover_shows_channels_and_cards(client, make_note):
    note = make_note(title="开瓶红酒三个月还能喝吗", likes=12345)
    response = client.get(reverse("feed:discover"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/c/') == 20  # the 20 top categories
    assert 'aria-current="page">' in html
    assert card_ids(response) == [note.pk]
    assert "开瓶红酒三个月还能喝吗" in html
    assert reverse("notes:detail", args=[note.pk]) in html
    assert reverse("accounts:profile", args=[note.author.username]) in html


def test_discover_ignores_a_search_query(client, make_note):
    note = make_note()
    response = client.get(reverse("feed:discover"), {"q": "anything"})
    assert response.status_code == 200
    assert card_ids(response) == [note.pk]


def test_discover_empty_state(client):
    response = client.get(reverse("feed:discover"))
    assert response.status_code == 200
    assert 'data-testid="feed-empty"' in response.content.decode()


def test_discover_never_lists_private_draft_deleted_or_hidden_notes(client, make_note):
    author = UserFactory()
    listed = make_note(author=author)
    now = timezone.now()
    NoteFactory(author=author, private=True, title="secret-private")
    NoteFactory(author=author, draft=True, title="secret-draft")
    NoteFactory(author=author, deleted_at=now, title="secret-deleted")
    NoteFactory(author=author, hidden_at=now, title="secret-hidden")
    client.force_login(author)  # not even their author sees them on discover
    html = client.get(reverse("feed:discover")).content.decode()
    assert card_ids_from(html) == [listed.pk]
    assert "secret-" not in html


def card_ids_from(html):
    return [int(i) for i in CARD_IDS.findall(html)]


def test_infinite_scroll_walks_every_note_once(client, make_note):
    notes = [make_note(hours=i) for i in range(47)]
    response = client.get(reverse("feed:discover"))
    seen = card_ids(response)
    assert len(seen) == 20
    url = sentinel_url(response)
    pages = 1
    while url:
        response = client.get(url, **HTMX)
        assert response.status_code == 200
        assert b"<html" not in response.content  # cards only
        seen += card_ids(response)
        url = sentinel_url(response)
        pages += 1
    assert pages == 3
    assert seen == [n.pk for n in reversed(notes)]


def test_sentinel_is_an_htmx_revealed_outer_swap_with_a_plain_link(client, make_note):
    for i in range(21):
        make_note(hours=i)
    html = client.get(reverse("feed:discover")).content.decode()
    sentinel = find(r'<div class="sentinel"[^>]*>', html)
    assert 'hx-trigger="revealed"' in sentinel
    assert 'hx-swap="outerHTML"' in sentinel
    assert "cursor=" in sentinel
    assert 'class="sentinel-more"' in html  # works without JavaScript too


def test_last_page_has_no_sentinel(client, make_note):
    make_note()
    assert sentinel_url(client.get(reverse("feed:discover"))) is None


def test_top_category_page_shows_sub_category_chips(client, make_note):
    wine = make_note(category="food-wine")
    make_note(category="travel-camping")
    response = client.get(reverse("feed:category", args=["food"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert card_ids(response) == [wine.pk]
    assert 'data-testid="subchannels"' in html
    assert reverse("feed:category", args=["food-wine"]) in html
    assert reverse("feed:category", args=["travel-camping"]) not in html


def test_sub_category_page_marks_its_chip(client, make_note):
    wine = make_note(category="food-wine")
    make_note(category="food-baking")
    response = client.get(reverse("feed:category", args=["food-wine"]))
    assert card_ids(response) == [wine.pk]
    chip = find(r'<a href="/c/food-wine"[^>]*>', response.content.decode())
    assert 'aria-current="page"' in chip


def test_unknown_category_is_a_404_page(client):
    response = client.get(reverse("feed:category", args=["no-such-channel"]))
    assert response.status_code == 404


def test_bad_cursor_is_a_400_not_a_500(client):
    response = client.get(reverse("feed:discover"), {"cursor": "%%%bad"})
    assert response.status_code == 400
    response = client.get(reverse("feed:discover"), {"cursor": "bad"}, **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#toast"


# --- the card -----------------------------------------------------------------------------


def test_card_has_cover_with_size_aspect_ratio_and_lazy_loading(make_note):
    note = make_note(title="Wine", cover_width=1000, cover_height=1250)
    html = card_html(note)
    img = find(r"<img [^>]*>", html.split('class="cover"')[1])
    assert reverse("notes:cover", args=[note.pk]) in img
    assert 'loading="lazy"' in img
    assert 'width="1000"' in img and 'height="1250"' in img
    assert 'alt="Wine"' in img
    assert "aspect-ratio: 1 / 1.25" in html


def test_card_aspect_ratio_is_clamped_like_the_model(make_note):
    tall = card_html(make_note(cover_width=500, cover_height=5000))
    wide = card_html(make_note(cover_width=5000, cover_height=500))
    assert "aspect-ratio: 1 / 1.333" in tall
    assert "aspect-ratio: 1 / 0.75" in wide


def test_card_alt_falls_back_to_the_first_words_of_the_body(make_note):
    html = card_html(make_note(title="", body="打开的红酒   放了三个月 还能喝吗？" + "很长" * 80))
    alt = find(r'alt="([^"]*)"', html, 1)
    assert alt.startswith("打开的红酒 放了三个月 还能喝吗？")
    assert alt.endswith("…")
    assert len(alt) <= 31


def test_card_multi_image_badge(make_note):
    assert 'class="multi"' not in card_html(make_note(image_count=1))
    assert 'class="multi"' in card_html(make_note(image_count=3))


def test_card_owner_badges_only_for_the_owner():
    author = UserFactory()
    draft = NoteFactory(author=author, draft=True)
    private = NoteFactory(author=author, private=True)
    assert 'data-testid="card-draft"' in card_html(draft, viewer=author)
    assert 'data-testid="card-private"' in card_html(private, viewer=author)
    other = UserFactory()
    assert "card-draft" not in card_html(draft, viewer=other)
    assert "card-private" not in card_html(private, viewer=other)


def test_card_heart_is_filled_for_liked_notes(make_note):
    note = make_note(likes=3)
    assert "liked" not in card_html(note)
    assert 'class="card-likes liked"' in card_html(note, liked_ids={note.pk})


def test_card_escapes_user_text(make_note):
    note = make_note(title="<script>x</script>", author=UserFactory(display_name="<b>x"))
    html = card_html(note)
    assert "<script>x" not in html
    assert "&lt;script&gt;" in html
    assert "<b>x" not in html


def test_discover_fills_the_heart_of_notes_the_viewer_liked(client, make_note):
    liked, other = make_note(hours=1), make_note(hours=0)
    reader = UserFactory()
    note_like(user=reader, note=liked)
    client.force_login(reader)
    html = client.get(reverse("feed:discover")).content.decode()
    cards = html.split('<article class="card"')[1:]
    assert 'class="card-likes liked"' in cards[0]
    assert f'data-note-id="{other.pk}"' in cards[1] and "liked" not in cards[1]


# --- following ----------------------------------------------------------------------------


def test_following_needs_login(client):
    response = client.get(reverse("feed:following"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_following_empty_state_when_following_nobody(client, make_note):
    make_note()
    client.force_login(UserFactory())
    response = client.get(reverse("feed:following"))
    assert response.status_code == 200
    assert "Follow people to see their notes here" in response.content.decode()
    assert card_ids(response) == []


def test_following_lists_followed_authors(client, make_note):
    reader, author = UserFactory.create_batch(2)
    FollowFactory(follower=reader, followee=author)
    mine = make_note(author=author)
    make_note()
    NoteFactory(author=author, private=True)
    client.force_login(reader)
    response = client.get(reverse("feed:following"))
    assert card_ids(response) == [mine.pk]


# --- topics -------------------------------------------------------------------------------


def test_topic_page_shows_the_topic_and_its_notes(client, make_note):
    topic = TopicFactory(name="红酒", note_count=2, follower_count=7)
    hit = make_note(likes=500, topics=[topic])
    recent = make_note(hours=3, topics=[topic])
    NoteFactory(private=True, topics=[topic])
    response = client.get(reverse("feed:topic", args=["红酒"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "#红酒" in html
    assert 'data-testid="topic-follow"' in html
    assert card_ids(response) == [hit.pk, recent.pk]
    latest = client.get(reverse("feed:topic", args=["红酒"]), {"sort": "latest"})
    assert card_ids(latest) == [recent.pk, hit.pk]


def test_topic_page_shows_the_follow_state(client):
    topic = TopicFactory(name="camping")
    reader = UserFactory()
    topic_follow(user=reader, topic=topic)
    client.force_login(reader)
    html = client.get(reverse("feed:topic", args=["camping"])).content.decode()
    assert 'aria-pressed="true"' in html


def test_topic_page_errors(client):
    assert client.get(reverse("feed:topic", args=["nothing-here"])).status_code == 404
    TopicFactory(name="wine")
    assert client.get(reverse("feed:topic", args=["wine"]), {"sort": "random"}).status_code == 400


def test_topic_scroll_keeps_the_sort(client, make_note):
    topic = TopicFactory(name="hiking")
    for i in range(25):
        make_note(hours=i, topics=[topic])
    response = client.get(reverse("feed:topic", args=["hiking"]), {"sort": "latest"})
    assert "sort=latest" in sentinel_url(response)


# --- query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 40])
def test_anonymous_query_budget(client, make_note, count, django_assert_num_queries):
    for i in range(count):
        make_note(hours=i, category="food-wine")
    # taxonomy (cached after this), notes
    with django_assert_num_queries(2):
        assert client.get(reverse("feed:discover")).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("feed:category", args=["food"])).status_code == 200


@pytest.mark.parametrize("count", [5, 40])
def test_logged_in_query_budget(client, make_note, count, django_assert_num_queries):
    reader = UserFactory()
    for i in range(count):
        note = make_note(hours=i)
        if i % 2:
            note_like(user=reader, note=note)
    client.force_login(reader)
    # session, user, unread count, taxonomy, notes, liked ids, collected ids
    with django_assert_num_queries(7):
        response = client.get(reverse("feed:discover"))
    assert len(card_ids(response)) == min(count, 20)
    # htmx partial: session, user, notes, liked ids, collected ids (no nav bar, no channels)
    with django_assert_num_queries(5):
        response = client.get(reverse("feed:discover"), **HTMX)
    assert len(card_ids(response)) == min(count, 20)
