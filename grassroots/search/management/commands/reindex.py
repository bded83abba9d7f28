"""`grassroots reindex`: rebuild the search index from the database, swapped in atomically."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from grassroots.search import indexer


class Command(BaseCommand):
    help = "Rebuild the search index from the database (the live index keeps serving meanwhile)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=indexer.REBUILD_BATCH)
        parser.add_argument("--heap-mb", type=int, default=indexer.REBUILD_WRITER_HEAP // 1_000_000)
        parser.add_argument("--threads", type=int, default=0, help="writer threads (0: auto)")
        parser.add_argument(
            "--workers",
            type=int,
            default=indexer.default_workers(),
            help="text analysis processes (1: analyse in this process)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = indexer.listed_count()
        show_bar = options["verbosity"] > 0 and sys.stderr.isatty()
        started = time.perf_counter()
        with tqdm(total=total, unit="note", disable=not show_bar, smoothing=0.1) as bar:

            def advance(done: int) -> None:
                bar.update(done)

            indexed = indexer.rebuild(
                batch=options["batch"],
                progress=advance,
                heap_size=options["heap_mb"] * 1_000_000,
                num_threads=options["threads"],
                workers=options["workers"],
            )
        seconds = time.perf_counter() - started
        rate = indexed / seconds if seconds > 0 else 0.0
        self.stdout.write(f"Indexed {indexed} notes in {seconds:.1f} s ({rate:,.0f} notes/s).")
