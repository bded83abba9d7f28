"""`manage.py rescore` (and `grassroots rescore`): rebuild every note's discover score."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.feed.ranking import RESCORE_BATCH, rescore_all


class Command(BaseCommand):
    help = "Recompute Note.hot_score for every note from its counts (see docs/ranking.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=RESCORE_BATCH,
            help=f"notes per UPDATE (default {RESCORE_BATCH})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\rrescored {done:,} / {total:,} notes", ending="")
            self.stdout.flush()

        updated = rescore_all(batch_size=batch_size, progress=progress)
        elapsed = time.monotonic() - started
        if updated:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Rescored {updated:,} notes in {elapsed:.1f} s."))
