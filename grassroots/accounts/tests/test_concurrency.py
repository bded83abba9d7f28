"""Follow counters under real concurrent requests (PostgreSQL: SQLite serialises writers)."""

from __future__ import annotations

from collections.abc import Callable

from grassroots.accounts import actions
from grassroots.accounts.models import Follow, User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.testing import POSTGRES_ONLY, run_together

pytestmark = POSTGRES_ONLY


def _counts(user: User) -> tuple[int, int]:
    user.refresh_from_db(fields=["followers_count", "following_count"])
    return user.followers_count, user.following_count


def test_concurrent_repeated_follows_count_once():
    star = UserFactory()
    fans = UserFactory.create_batch(12)

    def clicks(fan: User) -> Callable[[], None]:
        def job() -> None:
            for _ in range(3):
                actions.follow_user(follower=fan, followee=star)

        return job

    # Every fan follows from two "tabs" at once, three clicks each.
    run_together([clicks(fan) for fan in fans for _tab in range(2)])
    assert Follow.objects.filter(followee=star).count() == 12
    assert _counts(star) == (12, 0)
    assert all(_counts(fan) == (0, 1) for fan in fans)


def test_concurrent_follow_and_unfollow_keep_counters_equal_to_rows():
    star = UserFactory()
    fans = UserFactory.create_batch(8)
    for fan in fans[:4]:
        actions.follow_user(follower=fan, followee=star)

    def flip(fan: User) -> Callable[[], None]:
        def job() -> None:
            for _ in range(4):
                actions.follow_user(follower=fan, followee=star)
                actions.unfollow_user(follower=fan, followee=star)

        return job

    run_together([flip(fan) for fan in fans for _tab in range(2)])
    rows = Follow.objects.filter(followee=star).count()
    assert rows == 0
    assert _counts(star) == (0, 0)
    assert all(_counts(fan)[1] == Follow.objects.filter(follower=fan).count() for fan in fans)


def test_mutual_follows_at_once_do_not_deadlock():
    pairs = [(UserFactory(), UserFactory()) for _ in range(6)]

    def follows(follower: User, followee: User) -> Callable[[], None]:
        def job() -> None:
            actions.follow_user(follower=follower, followee=followee)

        return job

    jobs = [follows(a, b) for a, b in pairs] + [follows(b, a) for a, b in pairs]
    run_together(jobs)
    for a, b in pairs:
        assert _counts(a) == (1, 1)
        assert _counts(b) == (1, 1)
