"""`grassroots indexer`: apply search outbox events as they arrive (one per deployment/node)."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from grassroots.search import indexer

logger = logging.getLogger(__name__)
# After a failure (database restarting, disk full) wait this long before retrying.
RETRY_SECONDS = 5.0


class Command(BaseCommand):
    help = "Keep the search index up to date from the outbox (runs until stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--poll", type=float, default=0.3, help="seconds between polls")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--once", action="store_true", help="apply what is pending and exit")
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="exit when this process is gone (set by `grassroots serve`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        poll, batch, parent = options["poll"], options["batch"], options["parent_pid"]
        if options["once"]:
            total = 0
            while applied := indexer.apply_pending(batch=batch):
                total += applied
            self.stdout.write(f"Applied {total} events.")
            return
        while True:
            if parent is not None and not _alive(parent):
                return
            close_old_connections()
            try:
                applied = indexer.apply_pending(batch=batch)
            except Exception:
                # Events stay in the outbox until applied: log, back off, retry.
                logger.exception("search indexer: applying events failed; retrying")
                indexer.forget_writer()
                time.sleep(RETRY_SECONDS)
                continue
            if applied < batch:
                time.sleep(poll)


def _alive(pid: int) -> bool:
    # Re-parented to init once the parent dies.
    if os.getppid() != pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
