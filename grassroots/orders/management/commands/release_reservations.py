"""`grassroots release_reservations`: release expired stock reservations, cancel unpaid orders.

Run once (cron) or with --every N (seconds) as a loop; `grassroots serve` starts the loop
beside the web server (it stops when the server's pid is gone).
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from grassroots.orders.checkout import reservations_release_expired
from grassroots.orders.fulfilment import orders_cancel_unpaid


def release_once() -> tuple[int, int]:
    """(reservations released, unpaid orders cancelled)."""
    released = 0
    while True:  # in batches, so one run clears any backlog
        batch = reservations_release_expired()
        released += batch
        if batch < 1000:
            break
    return released, orders_cancel_unpaid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


class Command(BaseCommand):
    help = "Release expired stock reservations and cancel orders left unpaid too long."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=0, help="loop: seconds between runs")
        parser.add_argument("--parent-pid", type=int, default=0, help="exit when it is gone")

    def handle(self, *args: Any, **options: Any) -> None:
        every = float(options["every"])
        parent = int(options["parent_pid"])
        while True:
            released, cancelled = release_once()
            if options["verbosity"] > 0 and (released or cancelled or not every):
                self.stdout.write(
                    f"Released {released} reservations; cancelled {cancelled} unpaid orders."
                )
            if every <= 0:
                return
            connections.close_all()
            time.sleep(every)
            if parent and not _alive(parent):
                return
