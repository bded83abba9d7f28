"""Search tables: the outbox the indexer drains, and the query log.

The tantivy index itself is derived (grassroots/search/index.py): it can be rebuilt from the
database at any time with `grassroots reindex`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchEvent(models.Model):
    """Outbox row: "note N may look different in search now".

    Written in the same transaction as the change (grassroots.search.outbox), so a committed
    change always has its event and a rolled-back one never does. The indexer applies events
    in id order and deletes them only after the index commit; replaying one is harmless
    (it re-reads the note). `note_id` is not a foreign key: a purged note still needs its
    event to leave the index.
    """

    class Kind(models.TextChoices):
        NOTE = "note", "note"
        COMMENT = "comment", "comment"

    note_id = models.BigIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} event for note {self.note_id}"


class SearchQuery(models.Model):
    """One search as typed, normalised, with how many results it found.

    No user id: hot searches, suggestions and the unanswered-questions list need only the
    text, counts and time. Personal history is kept elsewhere (helper U, clearable).
    `click_count`/`clicked_note_ids` are filled when a result is opened.
    """

    query = models.CharField(max_length=200)
    result_count = models.PositiveIntegerField(default=0)
    click_count = models.PositiveIntegerField(default=0)
    clicked_note_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["query", "-created_at"], name="searchquery_query_idx")]

    def __str__(self) -> str:
        return self.query


# --- pages & suggestions (helper U): personal history and hot-search demand ------------------


class SearchHistoryEntry(models.Model):
    """One distinct query a logged-in user searched (grassroots.search.history).

    Only the last 20 per user are kept, none older than 90 days; the user can delete them one
    by one or all at once, and they go with the account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_history"
    )
    query = models.CharField(max_length=100)
    searched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "query"], name="search_history_once")
        ]
        indexes = [models.Index(fields=["user", "-searched_at"], name="search_history_recent_idx")]

    def __str__(self) -> str:
        return self.query


class SearchDemand(models.Model):
    """One searcher asking one query (that found results) on one day (grassroots.search.hot).

    `searcher` is a keyed hash of the user id, session or IP, never reversible; rows older
    than the 8-day comparison window are deleted. The unique constraint is what makes hot
    searches spam-resistant: repeating a query adds no row.
    """

    query = models.CharField(max_length=100)
    searcher = models.CharField(max_length=16)
    day = models.DateField()
    first_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "searcher", "day"], name="search_demand_once")
        ]
        indexes = [models.Index(fields=["first_seen", "query"], name="search_demand_time_idx")]

    def __str__(self) -> str:
        return self.query
