"""Shared helpers for search tests: publish through the real actions, then index."""

from __future__ import annotations

from typing import Any

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.actions import note_publish
from grassroots.notes.models import Note
from grassroots.search import indexer


def publish(title: str = "", body: str = "", *, author: Any = None, **kwargs: Any) -> Note:
    return note_publish(author=author or UserFactory(), title=title, body=body, **kwargs)


def index_all() -> int:
    applied = 0
    while step := indexer.apply_pending():
        applied += step
    return applied
