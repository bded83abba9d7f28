"""Two baselines the engine is measured against, on the same corpus and queries.

SQL LIKE — how Lemmy and Misskey search: substring match, no ranking beyond newest first.
  The query is split on whitespace; in "chunks" mode (the default, kinder to Chinese) every
  whitespace term longer than two characters that contains CJK is further cut into
  consecutive 2-character chunks ("开了的红酒" → 开了 / 的红 / 酒). A listed note matches when
  EVERY term/chunk occurs (case-insensitive LIKE '%chunk%') in its title, its body or one of
  its visible comments; results are ordered newest first (created_at, id descending).
  "literal" mode keeps whitespace terms whole (Lemmy joins words with '%', Misskey matches the
  whole string): a Chinese question then only finds notes containing it verbatim.

SQLite FTS5 trigram — the database full-text approach (Discourse and Zulip search with the
  database's full-text index): a contentless FTS5 table (title, body, comments = all visible
  comments of the note joined) with tokenize='trigram', ranked by bm25 with column weights
  title 3, body 1, comments 1. The query is split on whitespace; every term of 3+ characters
  becomes its overlapping character trigrams (CJK) or one quoted term (other scripts), all
  OR-ed, so bm25 rewards notes sharing more trigrams. The trigram index cannot match 1–2
  character terms: those are answered by the LIKE baseline (AND of the short terms) and
  appended after the bm25 hits; a query made only of short terms is the LIKE baseline.
  The table lives in its own SQLite file (or in memory), built from whatever database Django
  uses, so the baseline also runs beside PostgreSQL.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator

from django.db.models import Q

from grassroots.engagement.models import Comment
from grassroots.notes.models import Note

_CJK = re.compile(r"[\u3400-\u9fff]")
BATCH = 5000


def like_terms(query: str, *, chunks: bool = True) -> list[str]:
    terms: list[str] = []
    for term in query.split():
        if chunks and len(term) > 2 and _CJK.search(term):
            terms.extend(term[start : start + 2] for start in range(0, len(term), 2))
        else:
            terms.append(term)
    return terms


def like_search(query: str, *, limit: int = 50, chunks: bool = True) -> list[int]:
    terms = like_terms(query, chunks=chunks)
    if not terms:
        return []
    notes = Note.objects.filter(is_listed=True)
    visible_comments = Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
    for term in terms:
        commented = visible_comments.filter(body__icontains=term).values("note_id")
        notes = notes.filter(
            Q(title__icontains=term) | Q(body__icontains=term) | Q(pk__in=commented)
        )
    return list(notes.order_by("-created_at", "-id").values_list("id", flat=True)[:limit])


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_expression(query: str) -> tuple[str, list[str]]:
    """(FTS5 MATCH expression over trigrams, the 1–2-character terms it cannot match)."""
    parts: list[str] = []
    short: list[str] = []
    for term in query.lower().split():
        if len(term) < 3:
            short.append(term)
        elif _CJK.search(term):
            parts.extend(_quote(term[i : i + 3]) for i in range(len(term) - 2))
        else:
            parts.append(_quote(term))
    return " OR ".join(dict.fromkeys(parts)), short


class Fts5Trigram:
    """A contentless FTS5 trigram table over the listed notes (see the module docstring)."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self.connection = sqlite3.connect(path)

    def exists(self) -> bool:
        row = self.connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'note_fts'"
        ).fetchone()
        return bool(row and row[0])

    def _rows(self) -> Iterator[tuple[int, str, str, str]]:
        listed = Note.objects.filter(is_listed=True).order_by("id")
        last = 0
        while True:
            batch = list(listed.filter(pk__gt=last).values_list("id", "title", "body")[:BATCH])
            if not batch:
                return
            ids = [row[0] for row in batch]
            comments: dict[int, list[str]] = {}
            for note_id, body in (
                Comment.objects.filter(
                    note_id__in=ids, deleted_at__isnull=True, hidden_at__isnull=True
                )
                .order_by("note_id", "id")
                .values_list("note_id", "body")
            ):
                comments.setdefault(note_id, []).append(body)
            for note_id, title, body in batch:
                yield note_id, title, body, "\n".join(comments.get(note_id, ()))
            last = ids[-1]

    def build(self) -> int:
        """(Re)build the table; returns the number of notes indexed."""
        started = time.perf_counter()
        db = self.connection
        db.execute("DROP TABLE IF EXISTS note_fts")
        db.execute(
            "CREATE VIRTUAL TABLE note_fts USING fts5("
            "title, body, comments, content='', tokenize='trigram')"
        )
        count = 0
        rows: list[tuple[int, str, str, str]] = []
        for row in self._rows():
            rows.append(row)
            if len(rows) >= BATCH:
                count += self._insert(rows)
                rows = []
        count += self._insert(rows)
        db.execute("DROP TABLE IF EXISTS note_fts_build")
        db.execute("CREATE TABLE note_fts_build (notes INTEGER, seconds REAL)")
        db.execute(
            "INSERT INTO note_fts_build VALUES (?, ?)",
            (count, round(time.perf_counter() - started, 1)),
        )
        db.commit()
        return count

    def build_info(self) -> tuple[int, float] | None:
        """(notes, seconds) of the last build, when this file recorded it."""
        try:
            row = self.connection.execute("SELECT notes, seconds FROM note_fts_build").fetchone()
        except sqlite3.OperationalError:
            return None
        return (int(row[0]), float(row[1])) if row else None

    def _insert(self, rows: list[tuple[int, str, str, str]]) -> int:
        self.connection.executemany(
            "INSERT INTO note_fts(rowid, title, body, comments) VALUES (?, ?, ?, ?)", rows
        )
        return len(rows)

    def match(self, expression: str, *, limit: int = 50) -> list[int]:
        """Raw FTS5: note ids for a MATCH expression, best bm25 first."""
        rows = self.connection.execute(
            "SELECT rowid FROM note_fts WHERE note_fts MATCH ? "
            "ORDER BY bm25(note_fts, 3.0, 1.0, 1.0) LIMIT ?",
            (expression, limit),
        ).fetchall()
        return [int(row[0]) for row in rows]

    def search(self, query: str, *, limit: int = 50) -> list[int]:
        expression, short = fts_expression(query)
        found = self.match(expression, limit=limit) if expression else []
        if short and len(found) < limit:
            seen = set(found)
            for note_id in like_search(" ".join(short), limit=limit, chunks=False):
                if note_id not in seen:
                    found.append(note_id)
                    if len(found) >= limit:
                        break
        return found

    def close(self) -> None:
        self.connection.close()
