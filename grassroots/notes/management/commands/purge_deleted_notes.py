"""Hard-delete notes soft-deleted more than 30 days ago (run daily from cron or a worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grassroots.notes.actions import note_purge_expired


class Command(BaseCommand):
    help = "Delete notes (and their pictures) that were soft-deleted more than 30 days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = note_purge_expired()
        self.stdout.write(f"Purged {purged} notes deleted more than 30 days ago.")
