"""The bulk path: rows as tuples, written with executemany in big batches.

The seed generates ids itself (so foreign keys need no round trip) and writes counters that
it computed, not F() per row. On SQLite a large load also relaxes durability for its own
duration (synchronous=OFF: a crash mid-seed loses only the seed) and drops the secondary
indexes of the loaded tables, re-creating them from their own saved SQL afterwards, which is
several times faster than maintaining them row by row.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

BATCH_ROWS = 50_000


class TableWriter:
    """INSERTs rows (tuples in `columns` order) into a model's table.

    Concrete fields not in `columns` get their Python default (NULL when nullable without
    default), so a field added to a model later does not break the seed.
    """

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = [name for name in columns if name not in fields]
        if unknown:
            raise ValueError(f"{self.table}: unknown columns {unknown}")
        self.columns = list(columns)
        self.extra: tuple[Any, ...] = ()
        extra_columns: list[str] = []
        extra_values: list[Any] = []
        for attname, field in fields.items():
            if attname in columns:
                continue
            if field.null and not field.has_default():
                continue
            default = field.get_default()  # "" for text fields without an explicit default
            if default is None and not field.null:
                raise ValueError(f"{self.table}.{attname} needs a value")
            value = field.get_db_prep_save(default, connection)
            extra_columns.append(str(field.column))
            extra_values.append(value)
        self.extra = tuple(extra_values)
        names = [str(fields[name].column) for name in self.columns] + extra_columns
        quote = connection.ops.quote_name
        placeholders = ", ".join(["%s"] * len(names))
        self.sql = (
            f"INSERT INTO {quote(self.table)} ({', '.join(quote(n) for n in names)}) "  # noqa: S608 - identifiers from model metadata
            f"VALUES ({placeholders})"
        )
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row + self.extra if self.extra else row)

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), BATCH_ROWS):
                cursor.executemany(self.sql, self.rows[start : start + BATCH_ROWS])
        self.written += len(self.rows)
        self.rows = []


def update_rows(model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """UPDATE table SET columns… WHERE id = last value of each row (executemany, batched)."""
    quote = connection.ops.quote_name
    fields = {field.attname: field for field in model._meta.concrete_fields}
    assignments = ", ".join(f"{quote(str(fields[name].column))} = %s" for name in columns)
    table = quote(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - model identifiers
    batch: list[tuple[Any, ...]] = []
    total = 0
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def next_id(model: type[Model]) -> int:
    """The first free primary key (ids are assigned by the seed, so runs are reproducible)."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - a model's table name
        row = cursor.fetchone()
    return int(row[0] or 0) + 1


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """After explicit ids, point PostgreSQL sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def datetime_formatter() -> Callable[[int], Any]:
    """Epoch seconds → the value this database's driver stores for a DateTimeField.

    SQLite: Django's text format for UTC ("YYYY-MM-DD HH:MM:SS"), built from a per-day cache
    because the seed formats millions of them. Others: aware datetimes.
    """
    if connection.vendor != "sqlite":
        return lambda seconds: datetime.fromtimestamp(seconds, tz=UTC)
    days: dict[int, str] = {}

    def sqlite_text(seconds: int) -> str:
        day, rest = divmod(int(seconds), 86_400)
        prefix = days.get(day)
        if prefix is None:
            prefix = datetime.fromtimestamp(day * 86_400, tz=UTC).strftime("%Y-%m-%d ")
            days[day] = prefix
        hour, rest = divmod(rest, 3600)
        minute, second = divmod(rest, 60)
        return f"{prefix}{hour:02d}:{minute:02d}:{second:02d}"

    return sqlite_text


@contextlib.contextmanager
def fast_sqlite_load(models: Sequence[type[Model]], *, defer_indexes: bool) -> Iterator[None]:
    """Relax SQLite for a bulk load; a no-op on other databases and inside a transaction.

    With `defer_indexes`, the secondary indexes of `models` are dropped for the load and
    re-created from their saved CREATE INDEX statements at the end. No ANALYZE: the planner
    then sees what a live instance sees (no sqlite_stat1), so benchmarks measure real plans.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    tables = [model._meta.db_table for model in models]
    saved: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-400000")
        cursor.execute("PRAGMA temp_store=MEMORY")
        if defer_indexes:
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608 - placeholders only
                f"AND tbl_name IN ({placeholders})",
                tables,
            )
            saved = [(str(name), str(sql)) for name, sql in cursor.fetchall()]
            for name, _sql in saved:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    checks_were_on = connection.disable_constraint_checking()
    try:
        yield
    finally:
        if checks_were_on:
            connection.enable_constraint_checking()
        with connection.cursor() as cursor:
            for _name, sql in saved:
                cursor.execute(sql)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class Stopwatch:
    """Named durations for the seed's report."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: dict[str, float] = {}
        self._last = self.started

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.marks[name] = round(self.marks.get(name, 0.0) + now - self._last, 3)
        self._last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started
