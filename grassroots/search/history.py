"""Personal search history: the last HISTORY_SIZE distinct queries of a logged-in user.

Kept with the user (deleted with the account), removed row by row or all at once when the user
clears it, trimmed to HISTORY_SIZE on every search and never older than HISTORY_DAYS: a query
nobody repeated for 90 days is dropped the next time that user searches.
Anonymous visitors have no history at all.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core.errors import NotFound
from grassroots.search.models import SearchHistoryEntry

HISTORY_SIZE = 20
HISTORY_DAYS = 90
QUERY_CHARS = 100


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def history_record(*, user: Any, query: str) -> None:
    """Remember that `user` searched `query` (moves a repeated query to the top)."""
    query = query.strip()[:QUERY_CHARS]
    if not _signed_in(user) or not query:
        return
    now = timezone.now()
    with transaction.atomic():
        updated = SearchHistoryEntry.objects.filter(user=user, query=query).update(searched_at=now)
        if not updated:
            try:
                with transaction.atomic():
                    SearchHistoryEntry.objects.create(user=user, query=query, searched_at=now)
            except IntegrityError:
                # A parallel request of the same user stored it first: just refresh the time.
                SearchHistoryEntry.objects.filter(user=user, query=query).update(searched_at=now)
        keep = list(
            SearchHistoryEntry.objects.filter(user=user)
            .order_by("-searched_at", "-id")
            .values_list("id", flat=True)[:HISTORY_SIZE]
        )
        SearchHistoryEntry.objects.filter(user=user).exclude(id__in=keep).delete()
        SearchHistoryEntry.objects.filter(
            user=user, searched_at__lt=now - timedelta(days=HISTORY_DAYS)
        ).delete()


def history_for(*, user: Any, limit: int = HISTORY_SIZE) -> list[SearchHistoryEntry]:
    """The user's recent queries, newest first (empty for anonymous visitors)."""
    if not _signed_in(user):
        return []
    cutoff = timezone.now() - timedelta(days=HISTORY_DAYS)
    return list(
        SearchHistoryEntry.objects.filter(user=user, searched_at__gte=cutoff).order_by(
            "-searched_at", "-id"
        )[: max(0, min(limit, HISTORY_SIZE))]
    )


@transaction.atomic
def history_delete(*, user: Any, entry_id: int) -> None:
    """Forget one query; another user's entry answers like a missing one."""
    if not _signed_in(user):
        raise NotFound(_("No such search in your history."), code="history_entry_not_found")
    deleted, _by_model = SearchHistoryEntry.objects.filter(user=user, id=entry_id).delete()
    if not deleted:
        raise NotFound(_("No such search in your history."), code="history_entry_not_found")


@transaction.atomic
def history_clear(*, user: Any) -> int:
    """Forget every query of the user; returns how many were removed."""
    if not _signed_in(user):
        return 0
    deleted, _by_model = SearchHistoryEntry.objects.filter(user=user).delete()
    return deleted
