"""Follow counters under real concurrent requests (PostgreSQL: SQLite serialises writers)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from grassroots.accounts import actions
from grassroots.accounts.models import Follow, User
from grassroots.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL (SQLite serialises writers)")


def run_together(jobs: list[Callable[[], None]]) -> None:
    """Run jobs in threads released at the same moment; re-raise the first failure."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    if errors:
        raise errors[0]


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
