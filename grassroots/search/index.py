"""The tantivy index: schema, documents, one writer, many readers.

Layout under SEARCH_INDEX_DIR (default VAR_DIR/search):

    current -> gen-<stamp>   symlink naming the live generation (swapped atomically)
    gen-<stamp>/             a tantivy index
    writer.lock              flock held by whoever writes (indexer batch, reindex)

Text is analysed in Python (grassroots.text) and stored as space-joined tokens in fields
with a whitespace tokenizer, so index and query agree on what a word is. Each web process
opens the live generation read-only and, at most every SEARCH_RELOAD_SECONDS, checks whether
the symlink or the generation's meta.json changed, reloading its searcher if so.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from grassroots import text as text_analysis

WHITESPACE = "ws"
# Word fields keep positions (phrase boost); bigram fields too (exact phrase on CJK runs).
TEXT_FIELDS = (
    "title_words",
    "topic_words",
    "body_words",
    "comment_words",
    "title_bigrams",
    "body_bigrams",
    "comment_bigrams",
)
WORD_SET = "word_set"
INT_FIELDS = (
    "published_ts",
    "like_count",
    "collect_count",
    "comment_count",
    "category_id",
    "top_category_id",
    "is_text_only",
    "author_id",
)
# Analysis caps: a note body is at most 1,000 characters; comments of one note are capped so
# a thread of thousands of comments cannot make one document huge.
COMMENT_TEXT_MAX_CHARS = 20_000


def index_root() -> Path:
    configured = getattr(settings, "SEARCH_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search"


def reload_seconds() -> float:
    return float(getattr(settings, "SEARCH_RELOAD_SECONDS", 0.5))


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("note_id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=WHITESPACE, index_option="position")
    # Distinct words of the whole note, no frequencies or positions (coordination).
    builder.add_text_field(WORD_SET, tokenizer_name=WHITESPACE, index_option="basic")
    builder.add_text_field("city", tokenizer_name="raw")
    for name in INT_FIELDS:
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


SCHEMA = build_schema()


def _register(index: tantivy.Index) -> tantivy.Index:
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(WHITESPACE, analyzer)
    return index


# --- generations ---------------------------------------------------------------------------


@contextlib.contextmanager
def writer_lock(root: Path | None = None) -> Iterator[None]:
    """Exclusive lock for writers of the index family (indexer batches and reindex)."""
    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "writer.lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def current_generation(root: Path | None = None) -> Path | None:
    root = root or index_root()
    link = root / "current"
    try:
        target = os.readlink(link)
    except OSError:
        return None
    return root / target


def new_generation(root: Path | None = None) -> Path:
    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")  # noqa: DTZ005 - a name, not a time
    path = root / f"gen-{stamp}-{os.getpid()}"
    path.mkdir()
    _register(tantivy.Index(SCHEMA, path=str(path), reuse=False))
    return path


def publish_generation(path: Path, root: Path | None = None, *, keep: int = 1) -> None:
    """Point `current` at `path` atomically, then delete generations older than `keep` back.

    Readers still holding an old generation keep working: their files stay mapped.
    """
    root = root or index_root()
    temporary = root / f"current.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    os.symlink(path.name, temporary)
    os.replace(temporary, root / "current")
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p != path)
    for old in generations[: max(0, len(generations) - keep)]:
        shutil.rmtree(old, ignore_errors=True)


def ensure_index(root: Path | None = None) -> Path:
    """The live generation, creating an empty one when there is none yet."""
    root = root or index_root()
    current = current_generation(root)
    if current is not None and current.exists():
        return current
    with writer_lock(root):
        current = current_generation(root)
        if current is not None and current.exists():
            return current
        path = new_generation(root)
        publish_generation(path, root)
        return path


class OutdatedIndex(RuntimeError):
    """The generation on disk was built with another schema: `grassroots reindex` rebuilds it."""


def open_index(path: Path) -> tantivy.Index:
    try:
        return _register(tantivy.Index(SCHEMA, path=str(path), reuse=True))
    except ValueError as error:
        if "schema does not match" in str(error):
            raise OutdatedIndex(
                f"The search index at {path} was built by another version of Grassroots; "
                "run `grassroots reindex`."
            ) from error
        raise


def is_compatible(path: Path | None) -> bool:
    """Whether the generation at `path` exists and has this code's schema."""
    if path is None or not path.exists():
        return False
    try:
        open_index(path)
    except OutdatedIndex:
        return False
    return True


# --- documents -----------------------------------------------------------------------------


@dataclass
class NoteSource:
    """What the index needs of one listed note (loaded in bulk by the indexer)."""

    note_id: int
    title: str
    body: str
    published_ts: int
    like_count: int
    collect_count: int
    comment_count: int
    category_id: int | None
    top_category_id: int | None
    city: str
    is_text_only: bool
    author_id: int
    topics: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=20_000)
def _topic_tokens(name: str) -> tuple[str, ...]:
    """A topic as one token plus its words (topics repeat across notes: cached)."""
    return (text_analysis.normalize(name).replace(" ", "_"), *text_analysis.words(name))


def analysed_fields(source: NoteSource) -> dict[str, str]:
    """The space-joined token strings of each text field.

    `word_set` holds each distinct word of the note (title, topics, body, comments) once,
    without frequencies or positions: one term per query word tells whether the note holds
    it anywhere, which the ranking uses for coordination (docs/search.md).
    """
    both = text_analysis.words_and_bigrams
    comment_text = "\n".join(source.comments)[:COMMENT_TEXT_MAX_CHARS]
    topic_tokens: list[str] = []
    for name in source.topics:
        topic_tokens.extend(_topic_tokens(name))
    title_words, title_bigrams = both(source.title)
    body_words, body_bigrams = both(source.body)
    comment_words, comment_bigrams = both(comment_text)
    word_set = dict.fromkeys(title_words)
    word_set.update(dict.fromkeys(topic_tokens))
    word_set.update(dict.fromkeys(body_words))
    word_set.update(dict.fromkeys(comment_words))
    return {
        "title_words": " ".join(title_words),
        "topic_words": " ".join(topic_tokens),
        "body_words": " ".join(body_words),
        "comment_words": " ".join(comment_words),
        "word_set": " ".join(word_set),
        "title_bigrams": " ".join(title_bigrams),
        "body_bigrams": " ".join(body_bigrams),
        "comment_bigrams": " ".join(comment_bigrams),
    }


def normalise_city(city: str) -> str:
    return text_analysis.normalize(city).strip()


def make_document(source: NoteSource, analysed: dict[str, str] | None = None) -> tantivy.Document:
    values: dict[str, Any] = dict(analysed if analysed is not None else analysed_fields(source))
    values.update(
        note_id=source.note_id,
        published_ts=source.published_ts,
        like_count=source.like_count,
        collect_count=source.collect_count,
        comment_count=source.comment_count,
        category_id=source.category_id or 0,
        top_category_id=source.top_category_id or 0,
        is_text_only=int(source.is_text_only),
        author_id=source.author_id,
    )
    city = normalise_city(source.city)
    if city:
        values["city"] = city
    return tantivy.Document.from_dict(values, SCHEMA)


# --- readers -------------------------------------------------------------------------------


class IndexReader:
    """A process's read side: the live generation's searcher, refreshed cheaply."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._path: Path | None = None
        self._meta_stamp: tuple[int, int] | None = None
        self._checked_at = 0.0

    def _meta(self, path: Path) -> tuple[int, int] | None:
        try:
            stat = (path / "meta.json").stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def refresh(self, *, force: bool = False) -> tantivy.Index:
        now = time.monotonic()
        with self._lock:
            if self._index is not None and not force and now - self._checked_at < reload_seconds():
                return self._index
            self._checked_at = now
            path = current_generation(self.root)
            if path is None or not path.exists():
                path = ensure_index(self.root)
            if self._index is None or path != self._path:
                self._index = open_index(path)
                self._path = path
                self._meta_stamp = self._meta(path)
                self._index.reload()
            else:
                stamp = self._meta(path)
                if stamp != self._meta_stamp:
                    self._meta_stamp = stamp
                    self._index.reload()
            return self._index

    def searcher(self) -> tantivy.Searcher:
        return self.refresh().searcher()


_readers: dict[Path, IndexReader] = {}
_readers_lock = threading.Lock()


def reader() -> IndexReader:
    root = index_root()
    with _readers_lock:
        found = _readers.get(root)
        if found is None:
            found = _readers[root] = IndexReader(root)
        return found


def reset() -> None:
    """Forget open readers and writers (tests switch SEARCH_INDEX_DIR per test)."""
    with _readers_lock:
        _readers.clear()
    from grassroots.search import indexer

    indexer.forget_writer()
