"""The demo community generator: users, notes, comments, likes, collects, follows.

`CorpusSeeder(options).run()` writes a reproducible corpus through the bulk writer and
returns the manifest (what was planted, where, plus corpus statistics). The same options and
seed on an empty database give the same rows with the same ids: every random draw comes
from one `random.Random(seed)` in a fixed order, and ids are assigned here.

Counters are computed while generating (not F() per row) and equal the row counts:
Note.like/collect/comment_count, User.notes_count (listed notes), followers/following,
likes_collects_received, Topic.note_count (listed notes) and follower_count,
Board.note_count, Comment.reply_count and like_count.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from grassroots.accounts.models import User
from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
)
from grassroots.notes.models import Category, Note, NoteTopic, Topic
from grassroots.seed import lexicon
from grassroots.seed.brands import seed_brands
from grassroots.seed.cocreation import seed_cocreation
from grassroots.seed.community import CommunityMixin
from grassroots.seed.compose import Composer
from grassroots.seed.planting import PlantingMixin
from grassroots.seed.state import (
    _SENTENCE_SPLIT,
    BIG_CHUNK_NOTES,
    CHUNK_NOTES,
    DEFER_INDEXES_FROM,
    DEMO_NOTES,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DISTINCT_SAMPLE_NOTES,
    DRAFT_SHARE,
    PRIVATE_SHARE,
    SEEDED_MODELS,
    SeedOptions,
    _Ids,
)
from grassroots.seed.themes import THEMES, PlantedTheme
from grassroots.seed.writer import (
    Stopwatch,
    TableWriter,
    datetime_formatter,
    fast_sqlite_load,
    reset_sequences,
)

__all__ = ["CorpusSeeder", "SeedOptions", "DEMO_USERNAME", "DEMO_PASSWORD"]


class CorpusSeeder(PlantingMixin, CommunityMixin):
    """One seed run; see the module docstring."""

    def __init__(
        self, options: SeedOptions, *, progress: Callable[[int], None] | None = None
    ) -> None:
        if options.users < 2:
            raise ValueError("A community needs at least 2 users.")
        if options.notes < 0 or options.comments_per_note < 0:
            raise ValueError("Counts cannot be negative.")
        self.options = options
        self.progress = progress
        self.rng = random.Random(options.seed)
        self.composer = Composer()
        anchor = options.anchor or datetime.now(UTC).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.anchor = anchor
        self.anchor_ts = int(anchor.timestamp())
        self.fmt = datetime_formatter()
        self.timer = Stopwatch()
        self.stats: dict[str, Any] = {}

    def run(self) -> dict[str, Any]:
        opts = self.options
        with fast_sqlite_load(SEEDED_MODELS, defer_indexes=opts.notes >= DEFER_INDEXES_FROM):
            self.ids = _Ids()
            self._load_categories()
            with transaction.atomic():
                self._make_users()
            self.timer.mark("users")
            self._make_notes()
            with transaction.atomic():
                self._make_follows()
                self._make_topic_follows()
                self._make_demo_notifications()
                self._write_counters()
                reset_sequences(list(SEEDED_MODELS))
                seed_brands(self.user_ids[0] if self.user_ids else None, self.anchor)
            self.timer.mark("follows_and_counters")
        self.timer.mark("indexes")
        self.stats["cocreation"] = seed_cocreation(now=self.anchor, seed=opts.seed)
        return self._manifest()

    def _load_categories(self) -> None:
        rows = Category.objects.filter(parent__isnull=False).values_list("slug", "id", "parent_id")
        self.category_ids = {slug: (pk, parent) for slug, pk, parent in rows}
        missing = set(self.composer.subcategories) - set(self.category_ids)
        if missing:
            raise ValueError(f"categories missing from the database: {sorted(missing)[:5]}")
        self.topic_ids: dict[str, int] = dict(Topic.objects.values_list("name", "id"))
        self.topic_rows = TableWriter(Topic, ["id", "name", "created_at"])

    def _make_users(self) -> None:
        opts, rng = self.options, self.rng
        start = self.ids.next[User]
        self.user_ids = list(range(start, start + opts.users))
        self.usernames: list[str] = []
        writer = TableWriter(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "display_name",
                "bio",
                "place",
                "gender",
                "age_range",
            ],
        )
        taken = set(User.objects.values_list("username", flat=True))
        genders = ["", "", "female", "female", "female", "male", "other"]
        ages = ["", "18-24", "25-34", "25-34", "35-44", "45+"]
        for index, user_id in enumerate(self.user_ids):
            if index == 0:
                username = DEMO_USERNAME
                display = "小草 Demo"
                bio = "演示账号：随便逛逛，点赞收藏评论都可以试试 · The demo account"
                password = make_password(DEMO_PASSWORD)
            else:
                parts = lexicon.ROMAN_PARTS
                username = f"{parts[int(rng.random() * len(parts))]}{index}"
                display = self.composer.display_name(rng)
                bio = self.composer.bio(rng)
                password = f"!seed{opts.seed}"  # "!" prefix: an unusable password
            if username in taken:
                raise ValueError(f"username {username!r} already exists; seed an empty database")
            self.usernames.append(username)
            joined = self.anchor_ts - 86_400 * (400 + int(rng.random() * 700))
            writer.add(
                (
                    user_id,
                    password,
                    False,
                    username,
                    "",
                    False,
                    True,
                    self.fmt(joined),
                    display,
                    bio,
                    self.composer.grammars["life"].expand("city", rng),
                    genders[int(rng.random() * len(genders))],
                    ages[int(rng.random() * len(ages))],
                )
            )
        writer.flush()
        self.ids.next[User] = start + opts.users
        count = opts.users
        # Heavy-tailed activity: a few prolific authors and very active readers.
        author_rank = list(range(count))
        rng.shuffle(author_rank)
        self.author_cw = list(itertools.accumulate(1.0 / (rank + 3) ** 0.9 for rank in author_rank))
        reader_rank = list(range(count))
        rng.shuffle(reader_rank)
        self.reader_cw = list(
            itertools.accumulate(1.0 / (rank + 10) ** 0.7 for rank in reader_rank)
        )
        self.notes_count = [0] * count
        self.received = [0] * count
        self.followers = [0] * count
        self.following = [0] * count
        self.boards: dict[int, list[int]] = {}
        self.board_counts: dict[int, int] = {}
        self.topic_counts: dict[int, int] = {}
        self.demo_events: list[tuple[int, int, str, int | None, int | None]] = []

    def _make_notes(self) -> None:
        opts, rng = self.options, self.rng
        total = opts.notes
        self.note_writer = TableWriter(
            Note,
            [
                "id",
                "author_id",
                "external_id",
                "title",
                "body",
                "category_id",
                "top_category_id",
                "place_name",
                "place_city",
                "visibility",
                "status",
                "is_listed",
                "created_at",
                "updated_at",
                "published_at",
                "like_count",
                "collect_count",
                "comment_count",
                "hot_score",
            ],
        )
        self.note_topic_writer = TableWriter(NoteTopic, ["id", "note_id", "topic_id", "position"])
        self.like_writer = TableWriter(NoteLike, ["id", "user_id", "note_id", "created_at"])
        self.collect_writer = TableWriter(
            Collect, ["id", "user_id", "note_id", "board_id", "created_at"]
        )
        self.board_writer = TableWriter(
            Board,
            [
                "id",
                "owner_id",
                "name",
                "description",
                "is_private",
                "is_default",
                "created_at",
                "updated_at",
            ],
        )
        self.comment_writer = TableWriter(
            Comment,
            [
                "id",
                "note_id",
                "author_id",
                "parent_id",
                "reply_to_id",
                "body",
                "external_id",
                "like_count",
                "reply_count",
                "created_at",
            ],
        )
        self.comment_like_writer = TableWriter(
            CommentLike, ["id", "user_id", "comment_id", "created_at"]
        )
        writers = [
            self.topic_rows,
            self.note_writer,
            self.note_topic_writer,
            self.board_writer,
            self.like_writer,
            self.collect_writer,
            self.comment_writer,
            self.comment_like_writer,
        ]
        self.planted_questions = self._question_slots(total)
        self.theme_index: dict[str, list[PlantedTheme]] = {}
        for theme in THEMES:
            for slug in theme.categories:
                self.theme_index.setdefault(slug, []).append(theme)
        self.theme_records: dict[str, dict[str, Any]] = {
            theme.key: {"category_notes": 0, "brand_notes": 0, "occurrences": []}
            for theme in THEMES
        }
        self.question_records: list[dict[str, Any]] = []
        self.sentences_total = 0
        self.sentences_distinct: set[str] = set()
        self.counts: dict[str, Any] = {
            "english": 0,
            "drafts": 0,
            "private": 0,
            "listed": 0,
            "subcategories": set(),
        }
        demo_every = max(total // DEMO_NOTES, 1)
        focus_subs = sorted(self.theme_index) if self.options.theme_focus > 0 else []
        normal_index = 0
        self.note_index = 0
        self.comment_index = 0
        # Big loads commit less often: each commit re-writes the tables' last pages to the WAL.
        chunk = CHUNK_NOTES if total < DEFER_INDEXES_FROM else BIG_CHUNK_NOTES
        for chunk_start in range(0, total, chunk):
            chunk_end = min(chunk_start + chunk, total)
            for index in range(chunk_start, chunk_end):
                self.note_index = index
                planted = self.planted_questions.get(index)
                if planted is not None:
                    self._planted_note(index, *planted)
                    continue
                if normal_index < len(self.composer.subcategories):
                    sub = self.composer.subcategories[normal_index]
                elif focus_subs and rng.random() < self.options.theme_focus:
                    sub = focus_subs[int(rng.random() * len(focus_subs))]
                else:
                    sub = self.composer.subcategories[int(rng.random() * 200)]
                normal_index += 1
                author = 0 if index % demo_every == demo_every // 2 else self._author()
                self._note(index, sub, author)
            self.timer.mark("generate")
            with transaction.atomic():
                for writer in writers:
                    writer.flush()
            self.timer.mark("write")
            if self.progress is not None:
                self.progress(chunk_end - chunk_start)

    def _note(self, index: int, sub: str, author: int) -> None:
        rng, opts = self.rng, self.options
        moment = self._note_time()
        english = rng.random() < opts.english_share
        roll = rng.random()
        status, visibility = "published", "public"
        if roll < DRAFT_SHARE:
            status = "draft"
        elif roll < DRAFT_SHARE + PRIVATE_SHARE:
            visibility = "private"
        extra: list[str] = []
        item: str | None = None
        theme_hits: list[tuple[PlantedTheme, str]] = []
        if not english and status == "published" and visibility == "public":
            for theme in self.theme_index.get(sub, ()):
                record = self.theme_records[theme.key]
                record["category_notes"] += 1
                if rng.random() >= theme.brand_share:
                    continue
                record["brand_notes"] += 1
                item = theme.product
                if rng.random() < self._theme_rate(theme, moment) / theme.brand_share:
                    sentence = rng.choice(theme.sentences).replace("{product}", theme.product)
                    where = "comment" if rng.random() < theme.comment_share else "body"
                    if where == "body":
                        extra.append(sentence)
                    theme_hits.append((theme, sentence if where == "comment" else ""))
                    record["occurrences"].append(
                        {"where": where, "note_index": index, "date": self._date(moment)}
                    )
        composed = self.composer.note(
            rng, sub, english=english, item=item, extra_sentences=tuple(extra)
        )
        note_id = self._write_note(
            index,
            author,
            sub,
            composed.title,
            composed.body,
            composed.topics,
            composed.context,
            moment,
            status=status,
            visibility=visibility,
        )
        listed = status == "published" and visibility == "public"
        forced = [sentence for _theme, sentence in theme_hits if sentence]
        self._engage(note_id, author, moment, composed.context, listed, forced_comments=forced)
        for theme, _sentence in theme_hits:
            occurrence = self.theme_records[theme.key]["occurrences"][-1]
            occurrence["note_id"] = note_id
            occurrence["external_id"] = self._external_note_id(index)
            if occurrence["where"] == "comment":
                occurrence["comment"] = self.last_forced_comments.pop(0)
        if english:
            self.counts["english"] += 1
        self.counts["drafts" if status == "draft" else "private" if not listed else "listed"] += 1
        self.counts["subcategories"].add(sub)
        if index < DISTINCT_SAMPLE_NOTES:
            for sentence in _SENTENCE_SPLIT.split(composed.body):
                sentence = sentence.strip()
                if sentence and not sentence.startswith("#"):
                    self.sentences_total += 1
                    self.sentences_distinct.add(sentence)
