"""Helpers shared by the apps' test suites (imported only from tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

# Real concurrency needs PostgreSQL: SQLite serialises writers and ignores select_for_update.
# Skipped at collection, so SQLite never sets up (and flushes) a transactional database for them.
POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrency needs PostgreSQL (SQLite serialises writers)",
    ),
    pytest.mark.django_db(transaction=True),
]


def run_together(jobs: list[Callable[[], None]]) -> None:
    """Run jobs in threads released at the same moment; re-raise the first failure.

    Each thread has its own database connection, as gunicorn workers would.
    """
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if any(thread.is_alive() for thread in threads):
        raise AssertionError("a worker hung")
    if errors:
        raise errors[0]
