"""Shared state of the seed run and the draws every part of it uses.

The generator is split by topic (generator: users and notes; engagement: likes, collects,
comments; planting: questions, themes, manifest; community: follows, notifications,
counters). They share this state, declared once here so the type checker sees it.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from grassroots.accounts.models import Follow, User
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
    Notification,
    TopicFollow,
)
from grassroots.notes.models import Note, NoteTopic, Topic
from grassroots.seed.compose import Composer
from grassroots.seed.themes import PlantedQuestion, PlantedTheme
from grassroots.seed.writer import (
    Stopwatch,
    TableWriter,
    next_id,
)

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "grassroots-demo"  # noqa: S105 - the documented local demo login
CHUNK_NOTES = 5_000
BIG_CHUNK_NOTES = 25_000
DEFER_INDEXES_FROM = 50_000  # notes; below this, index maintenance is cheaper than rebuilds
DISTINCT_SAMPLE_NOTES = 20_000
DRAFT_SHARE = 0.02
PRIVATE_SHARE = 0.015
DEMO_NOTES = 15
DEMO_NOTIFICATIONS = 200
BOARD_NAMES = (
    "想去的地方",
    "护肤清单",
    "菜谱收藏",
    "穿搭灵感",
    "装修参考",
    "好物清单",
    "旅行计划",
    "读书清单",
    "Wishlist",
    "以后会用到",
)
_SENTENCE_SPLIT = re.compile(r"[。！？!?\n～]+")

SEEDED_MODELS = (
    User,
    Topic,
    Note,
    NoteTopic,
    Board,
    NoteLike,
    Collect,
    Comment,
    CommentLike,
    Follow,
    TopicFollow,
    Notification,
)


@dataclass(frozen=True)
class SeedOptions:
    users: int
    notes: int
    seed: int = 42
    comments_per_note: float = 3.0
    english_share: float = 0.15
    anchor: datetime | None = None  # the corpus' "now"; default: start of the current UTC day
    days: int = 365
    # Share of ordinary notes drawn from the planted themes' sub-categories instead of all 200:
    # a small demo then has enough brand talk for the insight workspace. 0 keeps corpora as-is.
    theme_focus: float = 0.0


class _Ids:
    """Sequential ids per table, starting past what the table already holds."""

    def __init__(self) -> None:
        self.next = {model: next_id(model) for model in SEEDED_MODELS}

    def take(self, model: type[Any]) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class SeedState:
    """Attributes of a seed run (set by CorpusSeeder) and the random draws they share."""

    options: SeedOptions
    rng: random.Random
    composer: Composer
    anchor: datetime
    anchor_ts: int
    fmt: Callable[[int], Any]
    timer: Stopwatch
    stats: dict[str, Any]
    ids: _Ids
    category_ids: dict[str, tuple[int, int]]
    topic_ids: dict[str, int]
    topic_rows: TableWriter
    user_ids: list[int]
    usernames: list[str]
    author_cw: list[float]
    reader_cw: list[float]
    notes_count: list[int]
    received: list[int]
    followers: list[int]
    following: list[int]
    boards: dict[int, list[int]]
    board_counts: dict[int, int]
    topic_counts: dict[int, int]
    topic_followers: dict[int, int]
    demo_events: list[tuple[int, int, str, int | None, int | None]]
    note_writer: TableWriter
    note_topic_writer: TableWriter
    like_writer: TableWriter
    collect_writer: TableWriter
    board_writer: TableWriter
    comment_writer: TableWriter
    comment_like_writer: TableWriter
    pending: tuple[int, int, int]
    pending_note: list[Any]
    last_forced_comments: list[dict[str, Any]]
    last_answer_comment: dict[str, Any] | None
    comment_index: int
    note_index: int
    counts: dict[str, Any]
    question_records: list[dict[str, Any]]
    theme_records: dict[str, dict[str, Any]]
    theme_index: dict[str, list[PlantedTheme]]
    planted_questions: dict[int, tuple[PlantedQuestion, str]]
    sentences_total: int
    sentences_distinct: set[str]

    def _author(self) -> int:
        total = self.author_cw[-1]
        return bisect.bisect_left(self.author_cw, self.rng.random() * total)

    def _readers(self, count: int, exclude: int) -> list[int]:
        """`count` distinct user indexes (not `exclude`), favouring active readers."""
        users = self.options.users
        count = min(count, users - 1)
        if count <= 0:
            return []
        rng = self.rng
        if count > users // 8:
            picked = rng.sample(range(users), min(count + 1, users))
            return [u for u in picked if u != exclude][:count]
        chosen: dict[int, None] = {}
        total = self.reader_cw[-1]
        cw = self.reader_cw
        while len(chosen) < count:
            index = bisect.bisect_left(cw, rng.random() * total)
            if index != exclude:
                chosen[index] = None
        return list(chosen)

    def _note_time(self) -> int:
        days_ago = self.options.days * self.rng.random() ** 1.3
        return self.anchor_ts - int(days_ago * 86_400) - 60

    def _after(self, moment: int) -> int:
        """A moment between `moment` and the anchor, most of them soon after `moment`."""
        return moment + int((self.anchor_ts - moment) * self.rng.random() ** 3)

    def _date(self, moment: int) -> str:
        return datetime.fromtimestamp(moment, tz=UTC).date().isoformat()

    def _external_note_id(self, index: int) -> str:
        return f"seed{self.options.seed}-n{index:08d}"
