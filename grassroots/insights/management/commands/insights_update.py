"""Analyse new and changed notes (what the `serve` background loop runs)."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grassroots.insights import pipeline


class Command(BaseCommand):
    help = "Analyse notes published or changed since the last run and update the aggregates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true", help="keep running, every --every s")
        parser.add_argument("--every", type=float, default=30.0)
        parser.add_argument("--parent-pid", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["watch"]:
            done = pipeline.update(max_batches=1_000_000)
            themes = pipeline.maybe_discover(force=True)
            self.stdout.write(f"Analysed {done} notes; {themes} new themes.")
            return
        parent = options["parent_pid"]
        while parent is None or _alive(parent):
            try:
                pipeline.update()
            except Exception as error:  # noqa: BLE001 - keep the loop alive; report and retry
                self.stderr.write(f"insights update failed: {error!r}")
            time.sleep(options["every"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
