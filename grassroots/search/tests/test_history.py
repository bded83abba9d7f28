"""Personal search history: recorded per user, capped, clearable, private."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import NotFound
from grassroots.search.history import (
    HISTORY_DAYS,
    HISTORY_SIZE,
    history_clear,
    history_delete,
    history_for,
    history_record,
)
from grassroots.search.models import SearchHistoryEntry

pytestmark = pytest.mark.django_db


def queries(user):
    return [entry.query for entry in history_for(user=user)]


def test_newest_first_and_a_repeat_moves_to_the_top():
    user = UserFactory()
    for q in ("红酒", "推车", "防晒"):
        history_record(user=user, query=q)
    history_record(user=user, query="红酒")
    assert queries(user) == ["红酒", "防晒", "推车"]
    assert SearchHistoryEntry.objects.filter(user=user).count() == 3


def test_only_the_last_twenty_are_kept():
    user = UserFactory()
    for i in range(HISTORY_SIZE + 5):
        history_record(user=user, query=f"q{i}")
    assert SearchHistoryEntry.objects.filter(user=user).count() == HISTORY_SIZE
    assert queries(user)[0] == f"q{HISTORY_SIZE + 4}"
    assert "q0" not in queries(user)


def test_old_entries_expire():
    user = UserFactory()
    history_record(user=user, query="old")
    SearchHistoryEntry.objects.filter(user=user).update(
        searched_at=timezone.now() - timedelta(days=HISTORY_DAYS + 1)
    )
    assert queries(user) == []
    history_record(user=user, query="new")
    assert list(SearchHistoryEntry.objects.values_list("query", flat=True)) == ["new"]


def test_anonymous_visitors_have_no_history():
    from django.contrib.auth.models import AnonymousUser

    history_record(user=AnonymousUser(), query="红酒")
    assert SearchHistoryEntry.objects.count() == 0
    assert history_for(user=AnonymousUser()) == []


def test_delete_one_and_clear_all():
    user = UserFactory()
    for q in ("a1", "b2", "c3"):
        history_record(user=user, query=q)
    entry = SearchHistoryEntry.objects.get(user=user, query="b2")
    history_delete(user=user, entry_id=entry.pk)
    assert queries(user) == ["c3", "a1"]
    assert history_clear(user=user) == 2
    assert queries(user) == []


def test_another_users_entry_cannot_be_deleted():
    owner, other = UserFactory(), UserFactory()
    history_record(user=owner, query="mine")
    entry = SearchHistoryEntry.objects.get(user=owner)
    with pytest.raises(NotFound):
        history_delete(user=other, entry_id=entry.pk)
    history_clear(user=other)
    assert queries(owner) == ["mine"]
    assert queries(other) == []
