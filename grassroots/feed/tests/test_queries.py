"""Feed queries: ordering, keyset paging, channels, visibility, following, topics, profiles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from grassroots.accounts.tests.factories import FollowFactory, UserFactory
from grassroots.core.errors import DomainError, NotFound
from grassroots.core.pagination import encode_cursor
from grassroots.feed.queries import (
    channel_by_slug,
    channel_taxonomy,
    discover_page,
    discover_queryset,
    following_page,
    profile_notes_page,
    profile_notes_queryset,
    topic_notes_page,
    with_card_fields,
)
from grassroots.feed.tests.factories import NoteFactory, TopicFactory
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db


def walk(fetch, limit):
    """Follow next_cursor to the end; returns the ids in order and the number of pages."""
    ids: list[int] = []
    cursor, pages = None, 0
    while True:
        page = fetch(cursor=cursor, limit=limit)
        pages += 1
        ids.extend(note.pk for note in page.items)
        if page.next_cursor is None:
            return ids, pages
        cursor = page.next_cursor


def hidden_kinds(author=None):
    """One note of every kind nobody but (sometimes) its author may list."""
    now = timezone.now()
    author = author or UserFactory()
    return {
        "private": NoteFactory(author=author, private=True),
        "draft": NoteFactory(author=author, draft=True),
        "deleted": NoteFactory(author=author, deleted_at=now),
        "hidden": NoteFactory(author=author, hidden_at=now),
    }


# --- discover ---------------------------------------------------------------------------


def test_discover_orders_by_score_then_id(make_note):
    old_hit = make_note(hours=-30, likes=5000)
    fresh = make_note(hours=0)
    fresher = make_note(hours=1)
    tie_a = make_note(hours=-2, likes=10)
    tie_b = NoteFactory(created_at=tie_a.created_at, hot_score=tie_a.hot_score)
    page = discover_page(viewer=None)
    expected = sorted(
        [old_hit, fresh, fresher, tie_a, tie_b], key=lambda n: (n.hot_score, n.pk), reverse=True
    )
    assert [n.pk for n in page.items] == [n.pk for n in expected]
    assert page.items.index(tie_b) < page.items.index(tie_a)  # higher id first on a tie


def test_discover_keyset_pages_have_no_duplicates_or_gaps(make_note):
    notes = [make_note(hours=i % 9, likes=(i * 7) % 5) for i in range(45)]
    ids, pages = walk(lambda **kw: discover_page(viewer=None, **kw), limit=7)
    expected = sorted(notes, key=lambda n: (n.hot_score, n.pk), reverse=True)
    assert ids == [n.pk for n in expected]
    assert pages == 7


def test_discover_cursor_survives_new_and_rising_notes(make_note):
    notes = [make_note(hours=i) for i in range(10)]
    first = discover_page(viewer=None, limit=4)
    # While the reader scrolls: a fresh note arrives and an already-seen one gains likes.
    make_note(hours=50)
    seen = first.items[0]
    Note.objects.filter(pk=seen.pk).update(hot_score=seen.hot_score + 100)
    rest, _ = walk(
        lambda cursor, limit: discover_page(
            viewer=None, cursor=cursor or first.next_cursor, limit=limit
        ),
        limit=4,
    )
    assert [n.pk for n in first.items] + rest == [n.pk for n in reversed(notes)]


def test_discover_exact_multiple_of_the_page_size_has_no_empty_last_page(make_note):
    for i in range(6):
        make_note(hours=i)
    first = discover_page(viewer=None, limit=3)
    second = discover_page(viewer=None, cursor=first.next_cursor, limit=3)
    assert len(second.items) == 3
    assert second.next_cursor is None


def test_discover_lists_only_listed_notes(make_note):
    visible = make_note()
    hidden = hidden_kinds()
    ids = {n.pk for n in discover_page(viewer=hidden["draft"].author).items}
    assert ids == {visible.pk}


def test_channels_filter_by_top_and_sub_category(make_note):
    wine = make_note(category="food-wine")
    baking = make_note(category="food-baking")
    trip = make_note(category="travel-camping")
    make_note()  # no category: only in "for you"
    make_note(category="food-wine", private=True)
    assert {n.pk for n in discover_page(viewer=None, category="food").items} == {
        wine.pk,
        baking.pk,
    }
    assert [n.pk for n in discover_page(viewer=None, category="food-wine").items] == [wine.pk]
    assert [n.pk for n in discover_page(viewer=None, category="travel").items] == [trip.pk]
    assert len(discover_page(viewer=None).items) == 4


def test_unknown_category_is_not_found():
    with pytest.raises(NotFound):
        discover_page(viewer=None, category="no-such-thing")


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !!",
        encode_cursor([1.5]),
        encode_cursor(["x", 3]),
        encode_cursor([1.5, "3"]),
        encode_cursor([True, 3]),
    ],
)
def test_bad_discover_cursor_is_a_domain_error(cursor):
    with pytest.raises(DomainError) as raised:
        discover_page(viewer=None, cursor=cursor)
    assert raised.value.code == "bad_cursor"


@pytest.mark.parametrize("limit", [0, -1, 101])
def test_bad_limit_is_a_domain_error(limit):
    with pytest.raises(DomainError) as raised:
        discover_page(viewer=None, limit=limit)
    assert raised.value.code == "bad_limit"


def test_taxonomy_has_twenty_channels_with_sub_categories():
    taxonomy = channel_taxonomy()
    assert len(taxonomy.tops) == 20
    food = channel_by_slug("food")
    assert food.is_top
    assert "food-wine" in {child.slug for child in taxonomy.children[food.id]}
    assert taxonomy.top_of(channel_by_slug("food-wine")) == food


def test_taxonomy_is_cached(django_assert_num_queries):
    channel_taxonomy()
    with django_assert_num_queries(0):
        channel_taxonomy()
        channel_by_slug("travel")


# --- following --------------------------------------------------------------------------


def test_following_lists_followed_authors_newest_first(make_note):
    reader, mia, li, stranger = UserFactory.create_batch(4)
    FollowFactory(follower=reader, followee=mia)
    FollowFactory(follower=reader, followee=li)
    older = make_note(author=mia, hours=1, likes=900)
    newer = make_note(author=li, hours=2)
    make_note(author=stranger, hours=3)
    hidden_kinds(author=mia)
    page = following_page(viewer=reader)
    assert [n.pk for n in page.items] == [newer.pk, older.pk]
    assert page.extra["follows_anyone"] is True


def test_following_pages_by_time_without_duplicates(make_note):
    reader, author = UserFactory.create_batch(2)
    FollowFactory(follower=reader, followee=author)
    at = timezone.now()
    # Several notes share a publication time: the id breaks the tie.
    notes = [make_note(author=author, created_at=at - timedelta(minutes=i // 3)) for i in range(11)]
    ids, _ = walk(lambda **kw: following_page(viewer=reader, **kw), limit=4)
    expected = sorted(notes, key=lambda n: (n.published_at, n.pk), reverse=True)
    assert ids == [n.pk for n in expected]


def test_following_nobody_says_so(make_note):
    make_note()
    page = following_page(viewer=UserFactory())
    assert page.items == []
    assert page.extra["follows_anyone"] is False


def test_following_quiet_people_is_not_following_nobody():
    reader = UserFactory()
    FollowFactory(follower=reader, followee=UserFactory())
    page = following_page(viewer=reader)
    assert page.items == []
    assert page.extra["follows_anyone"] is True


def test_following_for_anonymous_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert following_page(viewer=AnonymousUser()).items == []


def test_following_rejects_a_hot_cursor():
    with pytest.raises(DomainError):
        following_page(viewer=UserFactory(), cursor=encode_cursor([1.5, 3]))


# --- topics -----------------------------------------------------------------------------


def test_topic_notes_hot_and_latest(make_note):
    wine = TopicFactory(name="红酒")
    hit = make_note(hours=0, likes=1000, topics=[wine])
    recent = make_note(hours=5, topics=[wine])
    make_note(hours=6)  # another topic-less note
    NoteFactory(private=True, topics=[wine])
    NoteFactory(draft=True, topics=[wine])
    NoteFactory(deleted_at=timezone.now(), topics=[wine])
    hot = topic_notes_page(topic=wine, viewer=None, sort="hot")
    latest = topic_notes_page(topic=wine, viewer=None, sort="latest")
    assert [n.pk for n in hot.items] == [hit.pk, recent.pk]
    assert [n.pk for n in latest.items] == [recent.pk, hit.pk]


def test_topic_latest_paging(make_note):
    topic = TopicFactory()
    notes = [make_note(hours=i // 2, topics=[topic]) for i in range(9)]
    ids, _ = walk(lambda **kw: topic_notes_page(topic=topic, viewer=None, sort="latest", **kw), 4)
    assert ids == [n.pk for n in sorted(notes, key=lambda n: (n.published_at, n.pk), reverse=True)]


def test_topic_bad_sort():
    with pytest.raises(DomainError) as raised:
        topic_notes_page(topic=TopicFactory(), viewer=None, sort="random")
    assert raised.value.field == "sort"


# --- profiles ---------------------------------------------------------------------------


def test_profile_shows_others_only_listed_notes(make_note):
    author = UserFactory()
    listed = make_note(author=author)
    hidden_kinds(author=author)
    make_note()  # someone else's
    for viewer in (None, UserFactory()):
        page = profile_notes_page(author=author, viewer=viewer)
        assert [n.pk for n in page.items] == [listed.pk]


def test_profile_owner_sees_drafts_and_private_notes_but_not_deleted(make_note):
    author = UserFactory()
    listed = make_note(author=author, hours=1)
    kinds = hidden_kinds(author=author)
    page = profile_notes_page(author=author, viewer=author)
    ids = {n.pk for n in page.items}
    assert ids == {listed.pk, kinds["private"].pk, kinds["draft"].pk}


def test_profile_owner_paging_mixes_drafts_by_creation_time(make_note):
    author = UserFactory()
    now = timezone.now()
    notes = []
    for i in range(9):
        at = now - timedelta(hours=i)
        if i % 3 == 0:
            notes.append(NoteFactory(author=author, draft=True, created_at=at))
        else:
            notes.append(make_note(author=author, created_at=at))
    ids, _ = walk(lambda **kw: profile_notes_page(author=author, viewer=author, **kw), 4)
    assert ids == [n.pk for n in notes]


def test_profile_paging_for_visitors(make_note):
    author = UserFactory()
    notes = [make_note(author=author, hours=i) for i in range(7)]
    ids, pages = walk(lambda **kw: profile_notes_page(author=author, viewer=None, **kw), 3)
    assert ids == [n.pk for n in reversed(notes)]
    assert pages == 3


# --- query budgets ----------------------------------------------------------------------


def _touch_cards(page):
    # What the card template reads: the author, the excerpt, the counts.
    return [
        (n.author.username, n.author.name, n.author.avatar, n.card_excerpt, n.like_count, n.title)
        for n in page.items
    ]


@pytest.mark.parametrize("count", [5, 40])
def test_discover_page_is_one_query_whatever_the_page_size(
    make_note, count, django_assert_num_queries
):
    for i in range(count):
        make_note(hours=i)
    channel_taxonomy()
    with django_assert_num_queries(1):
        _touch_cards(discover_page(viewer=None, limit=40))
    with django_assert_num_queries(1):
        _touch_cards(discover_page(viewer=None, category="food", limit=40))


@pytest.mark.parametrize("count", [5, 40])
def test_profile_page_is_one_query_whatever_the_page_size(
    make_note, count, django_assert_num_queries
):
    author = UserFactory()
    for i in range(count):
        make_note(author=author, hours=i)
        NoteFactory(author=author, draft=True)
    with django_assert_num_queries(1):
        _touch_cards(profile_notes_page(author=author, viewer=None, limit=40))
    with django_assert_num_queries(1):
        _touch_cards(profile_notes_page(author=author, viewer=author, limit=40))


# --- index usage ------------------------------------------------------------------------

HOT = encode_cursor([12.5, 1000])
LATEST = encode_cursor(["2026-03-01T12:00:00+00:00", 1000])


@pytest.mark.parametrize(
    ("build", "index"),
    [
        (lambda: discover_queryset(), "note_discover_idx"),
        (lambda: discover_queryset(cursor=HOT), "note_discover_idx"),
        (lambda: discover_queryset(category="food", cursor=HOT), "note_channel_idx"),
        (lambda: discover_queryset(category="food-wine", cursor=HOT), "note_subchannel_idx"),
        (
            lambda: profile_notes_queryset(author=UserFactory(), own=False, cursor=LATEST),
            "note_author_idx",
        ),
    ],
)
def test_feed_queries_read_an_index_in_order(build, index):
    query = with_card_fields(build())[:21]
    if connection.vendor == "sqlite":
        plan = query.explain()
        assert f"USING INDEX {index}" in plan
        assert "TEMP B-TREE" not in plan  # no sort step
    elif connection.vendor == "postgresql":
        # Tiny test tables make a sequential scan cheapest; forbid it (and sorting) to prove
        # the planner *can* answer from the index in order.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        plan = query.explain()
        assert index in plan
        assert "Sort" not in plan
    else:  # pragma: no cover
        pytest.skip(f"no plan check for {connection.vendor}")
