"""Suggestions while typing: popular past queries, topic names and popular note titles.

Candidates live in a small in-process index rebuilt every REFRESH_SECONDS (and whenever the
shared cache loses its token, e.g. after a deploy or in tests). Each candidate is findable by
three keys — its normalised text, its full pinyin without spaces (`tuiche` → 推车) and its
pinyin initials (`tc`) — kept in one sorted list, so a prefix lookup is a binary search plus
a short scan. Candidates are ranked by popularity within a kind, kinds weighted
queries > topics > titles.

Popularity: a query's distinct searchers over the last 8 days (SearchDemand, only queries that
found results are recorded there), a topic's note_count, a title's note engagement.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import time
import uuid
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from django.core.cache import cache
from django.db.models import Count

from grassroots.notes.models import Note, Topic
from grassroots.search.models import SearchDemand
from grassroots.text import normalize, pinyin_initials, to_pinyin

Kind = Literal["query", "topic", "title"]

SUGGEST_SIZE = 10
REFRESH_SECONDS = 300
TOKEN_KEY = "search:suggest:token"  # noqa: S105 - a cache key, not a secret
MAX_QUERIES = 2000
MAX_TOPICS = 2000
MAX_TITLES = 5000
# Above this many prefix matches (one or two letters typed) scan by popularity instead.
WIDE_PREFIX = 3000
KIND_WEIGHT: dict[str, float] = {"query": 3.0, "topic": 2.0, "title": 1.0}

_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_LATIN = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: Kind
    weight: float


@dataclass
class SuggestIndex:
    token: str
    built: float
    entries: list[Suggestion]  # by weight, best first
    keys: list[tuple[str, int]]  # (key, entry position), sorted
    by_pinyin: dict[str, list[int]] = field(default_factory=dict)  # full pinyin → entries
    entry_keys: list[tuple[str, ...]] = field(default_factory=list)  # keys of each entry
    build_seconds: float = 0.0
    near_misses: dict[str, str | None] = field(default_factory=dict)  # did-you-mean memo


def clean_query(text: str) -> str:
    """The normalised, single-spaced form used for lookups and logging."""
    return _SPACES.sub(" ", normalize(text or "")).strip()


def pinyin_key(text: str) -> str:
    """Full pinyin of the Chinese in `text`, lower case, letters and digits only."""
    return _NOT_LATIN.sub("", to_pinyin(text).lower())


def initials_key(text: str) -> str:
    return _NOT_LATIN.sub("", pinyin_initials(text).lower())


@functools.lru_cache(maxsize=65536)
def _char_pinyin(char: str) -> str:
    return pinyin_key(char)


_PINYIN_RUN = re.compile(r"[\u3400-\u9fff]|[a-z0-9]+")
_pinyin_memo: dict[str, tuple[str, str]] = {}
PINYIN_MEMO_SIZE = 100_000


def pinyin_keys(text: str, *, phrase: bool) -> tuple[str, str]:
    """(full pinyin, initials) of normalised `text`, remembered across index rebuilds.

    `phrase=True` asks pypinyin for whole-phrase readings (重庆 → chongqing), about 0.5 ms a
    text: used for topic names. Queries and titles use per-character readings (cached per
    character), many times cheaper, which only misses polyphones read unusually in a phrase.
    """
    key = ("p:" if phrase else "c:") + text
    found = _pinyin_memo.get(key)
    if found is not None:
        return found
    if phrase:
        found = (pinyin_key(text), initials_key(text))
    else:
        full: list[str] = []
        initials: list[str] = []
        for run in _PINYIN_RUN.findall(text):
            if _CJK.match(run):
                syllable = _char_pinyin(run)
                full.append(syllable)
                initials.append(syllable[:1])
            else:
                full.append(run)
                initials.append(run)
        found = ("".join(full), "".join(initials))
    if len(_pinyin_memo) >= PINYIN_MEMO_SIZE:
        _pinyin_memo.clear()
    _pinyin_memo[key] = found
    return found


def _popular_candidates() -> list[Suggestion]:
    found: dict[str, Suggestion] = {}

    def add(text: str, kind: Kind, popularity: float) -> None:
        key = clean_query(text)
        if not key:
            return
        weight = KIND_WEIGHT[kind] * math.log1p(max(0.0, popularity)) + KIND_WEIGHT[kind] / 10
        current = found.get(key)
        if current is None or current.weight < weight:
            found[key] = Suggestion(text=key if kind == "query" else text, kind=kind, weight=weight)

    for query, searchers in (
        SearchDemand.objects.values("query")
        .annotate(n=Count("searcher", distinct=True))
        .order_by("-n", "query")
        .values_list("query", "n")[:MAX_QUERIES]
    ):
        add(query, "query", searchers)
    for name, note_count in (
        Topic.objects.filter(note_count__gt=0)
        .order_by("-note_count", "name")
        .values_list("name", "note_count")[:MAX_TOPICS]
    ):
        add(name, "topic", note_count)
    for title, likes, collects, comments in (
        Note.objects.filter(is_listed=True)
        .exclude(title="")
        .order_by("-hot_score", "-id")
        .values_list("title", "like_count", "collect_count", "comment_count")[:MAX_TITLES]
    ):
        add(title, "title", likes + 2 * collects + comments)
    return sorted(found.values(), key=lambda item: (-item.weight, item.text))


def build_index(token: str = "") -> SuggestIndex:
    """Read the candidates from the database and index them by text, pinyin and initials."""
    started = time.perf_counter()
    entries = _popular_candidates()
    keys: list[tuple[str, int]] = []
    by_pinyin: dict[str, list[int]] = {}
    entry_keys: list[tuple[str, ...]] = []
    for position, entry in enumerate(entries):
        text = clean_query(entry.text)
        own = [text]
        if _CJK.search(text):
            full, initials = pinyin_keys(text, phrase=entry.kind == "topic")
            if full:
                own.append(full)
                by_pinyin.setdefault(full, []).append(position)
            if initials and initials != full:
                own.append(initials)
        entry_keys.append(tuple(own))
        keys.extend((key, position) for key in own)
    keys.sort()
    return SuggestIndex(
        token=token,
        built=time.monotonic(),
        entries=entries,
        keys=keys,
        by_pinyin=by_pinyin,
        entry_keys=entry_keys,
        build_seconds=time.perf_counter() - started,
    )


_lock = threading.Lock()
_current: SuggestIndex | None = None


def suggest_index() -> SuggestIndex:
    """This process's index, rebuilt when the shared token changes or it grows too old."""
    global _current
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, REFRESH_SECONDS)
        token = cache.get(TOKEN_KEY) or ""
    index = _current
    if (
        index is not None
        and index.token == token
        and time.monotonic() - index.built < 2 * REFRESH_SECONDS
    ):
        return index
    with _lock:
        index = _current
        if (
            index is None
            or index.token != token
            or time.monotonic() - index.built >= 2 * REFRESH_SECONDS
        ):
            index = build_index(token)
            _current = index
    return index


def suggest_index_reset() -> None:
    """Forget the index everywhere: the next lookup in every process rebuilds it."""
    global _current
    cache.delete(TOKEN_KEY)
    _current = None


def _matches(index: SuggestIndex, prefix: str, limit: int) -> list[int]:
    start = bisect_left(index.keys, (prefix, -1))
    end = bisect_left(index.keys, (prefix + "\U0010ffff", -1), lo=start)
    if end - start > WIDE_PREFIX:
        # Very common prefix: the entries are sorted by popularity, take the first hits.
        return _scan(index, prefix, limit)
    return sorted({position for _key, position in index.keys[start:end]})[:limit]


def _scan(index: SuggestIndex, prefix: str, limit: int) -> list[int]:
    hits: list[int] = []
    for position, own in enumerate(index.entry_keys):
        if any(key.startswith(prefix) for key in own):
            hits.append(position)
            if len(hits) >= limit:
                break
    return hits


def suggest(query: str, *, limit: int = SUGGEST_SIZE) -> list[Suggestion]:
    """Up to `limit` completions of what is typed, most popular first."""
    limit = max(1, min(limit, SUGGEST_SIZE))
    typed = clean_query(query)[:100]
    if not typed:
        return []
    index = suggest_index()
    positions = set(_matches(index, typed, limit * 3))
    latin = _NOT_LATIN.sub("", typed)
    if latin and latin != typed:
        # "tui che" typed with a space still reaches 推车.
        positions.update(_matches(index, latin, limit * 3))
    result: list[Suggestion] = []
    for position in sorted(positions):
        result.append(index.entries[position])
        if len(result) >= limit:
            break
    return result
