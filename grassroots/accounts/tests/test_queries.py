from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from grassroots.accounts import actions, queries
from grassroots.accounts.models import Follow
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db


def test_user_by_username_ignores_case_and_hides_inactive_users():
    mia = UserFactory(username="Mia")
    assert queries.user_by_username("mia") == mia
    assert queries.user_by_username("MIA") == mia
    UserFactory(username="gone", is_active=False)
    with pytest.raises(NotFound):
        queries.user_by_username("gone")
    with pytest.raises(NotFound):
        queries.user_by_username("nobody")
    with pytest.raises(NotFound):
        queries.user_by_username("x" * 500)


def _follow_many(target, count):
    people = [UserFactory() for _ in range(count)]
    base = timezone.now() - timedelta(hours=1)
    for person in people:
        actions.follow_user(follower=person, followee=target)
    # Spread the times so the order is defined (and include a tie to test the id tiebreak).
    for n, person in enumerate(people):
        Follow.objects.filter(follower=person, followee=target).update(
            created_at=base + timedelta(minutes=n // 2)
        )
    return people


def test_followers_page_walks_every_follower_once_newest_first():
    mia = UserFactory()
    people = _follow_many(mia, 7)
    seen = []
    cursor = None
    pages = 0
    while True:
        page = queries.followers_page(user=mia, cursor=cursor, limit=3)
        seen.extend(page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert sorted(p.pk for p in seen) == sorted(p.pk for p in people)
    assert len(seen) == len({p.pk for p in seen})
    times = [getattr(p, "followed_at") for p in seen]  # noqa: B009
    assert times == sorted(times, reverse=True)


def test_following_page_lists_whom_the_user_follows_and_skips_inactive():
    li = UserFactory()
    a, b, gone = UserFactory(), UserFactory(), UserFactory()
    for person in (a, b, gone):
        actions.follow_user(follower=li, followee=person)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    page = queries.following_page(user=li)
    assert {p.pk for p in page.items} == {a.pk, b.pk}
    assert page.next_cursor is None


def test_follow_pages_reject_tampered_cursors():
    mia = UserFactory()
    for cursor in ["!!!", "WzFd", "WyJub3QtYS1kYXRlIiwxXQ"]:
        with pytest.raises(DomainError):
            queries.followers_page(user=mia, cursor=cursor)


def test_follow_page_query_count_is_constant(django_assert_num_queries):
    mia = UserFactory()
    _follow_many(mia, 12)
    with django_assert_num_queries(1):
        page = queries.followers_page(user=mia, limit=10)
        names = [p.name for p in page.items]
    assert len(names) == 10


def test_followed_ids_and_is_following(django_assert_num_queries):
    viewer, a, b, c = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    actions.follow_user(follower=viewer, followee=a)
    actions.follow_user(follower=viewer, followee=c)
    with django_assert_num_queries(1):
        assert queries.followed_ids(viewer=viewer, user_ids=[a.pk, b.pk, c.pk]) == {a.pk, c.pk}
    with django_assert_num_queries(0):
        assert queries.followed_ids(viewer=AnonymousUser(), user_ids=[a.pk]) == set()
        assert queries.followed_ids(viewer=viewer, user_ids=[]) == set()
        assert queries.is_following(viewer=viewer, user=viewer) is False
    assert queries.is_following(viewer=viewer, user=a) is True
    assert queries.is_following(viewer=viewer, user=b) is False
    assert queries.is_following(viewer=AnonymousUser(), user=a) is False
