"""Engagement of each seeded note: likes, collects into boards, comments and replies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext

from grassroots.engagement.models import (
    Board,
    Collect,
    Comment,
    CommentLike,
    NoteLike,
)
from grassroots.feed.ranking import hot_score
from grassroots.notes.models import Note, NoteTopic, Topic
from grassroots.seed.compose import NoteContext
from grassroots.seed.state import (
    BOARD_NAMES,
    SeedState,
)


class EngagementMixin(SeedState):
    """Writes a note row with exact counters after generating what it counts."""

    def _write_note(
        self,
        index: int,
        author: int,
        sub: str,
        title: str,
        body: str,
        topics: list[str],
        ctx: NoteContext,
        moment: int,
        *,
        status: str,
        visibility: str,
    ) -> int:
        """Draw the note's engagement counts and prepare its row; `_engage` completes it.

        The row is added only by `_engage`, once the likes, collects and comments it counts
        have been generated, so the stored counters are the numbers of rows written.
        """
        rng = self.rng
        note_id = self.ids.take(Note)
        listed = status == "published" and visibility == "public"
        category_id, top_id = self.category_ids[sub]
        if listed:
            popularity = rng.paretovariate(1.4)
            like_n = min(int((popularity - 1) * 1.6), self.options.users // 3)
            collect_n = int(like_n * rng.random() * 0.6)
            k = self.options.comments_per_note
            spread = 0.5 + 0.5 * min(popularity, 10.0) / 2.5  # popular notes get more comments
            comment_n = min(int(0.5 + rng.expovariate(1.0) * k * spread), 300)
        else:
            like_n = collect_n = comment_n = 0
        self.pending = (like_n, min(collect_n, like_n + 5), comment_n)
        place_name = place_city = ""
        if ctx.kind == "visit" and not ctx.english:
            place_name = self.composer.grammars[ctx.top].expand("place", rng)
            place_city = ctx.city
        self.pending_note: list[Any] = [
            note_id,
            self.user_ids[author],
            self._external_note_id(index),
            title,
            body,
            category_id,
            top_id,
            place_name,
            place_city,
            visibility,
            status,
            listed,
            moment,
        ]
        for position, name in enumerate(topics):
            topic_id = self._topic_id(name, moment)
            self.note_topic_writer.add((self.ids.take(NoteTopic), note_id, topic_id, position))
            if listed:
                self.topic_counts[topic_id] = self.topic_counts.get(topic_id, 0) + 1
        if listed:
            self.notes_count[author] += 1
        return note_id

    def _topic_id(self, name: str, moment: int) -> int:
        topic_id = self.topic_ids.get(name)
        if topic_id is None:
            topic_id = self.ids.take(Topic)
            self.topic_ids[name] = topic_id
            self.topic_rows.add((topic_id, name, self.fmt(moment)))
        return topic_id

    def _engage(
        self,
        note_id: int,
        author: int,
        moment: int,
        ctx: NoteContext,
        listed: bool,
        *,
        forced_comments: list[str],
        answer: tuple[str, int] | None = None,
    ) -> None:
        """Likes, collects and comments of one note, then the note row with exact counts."""
        like_n, collect_n, comment_n = self.pending
        comment_n += len(forced_comments) + (1 if answer else 0)
        fmt = self.fmt
        likers = self._readers(like_n, author)
        for user in likers:
            at = self._after(moment)
            self.like_writer.add((self.ids.take(NoteLike), self.user_ids[user], note_id, fmt(at)))
            if author == 0:
                self.demo_events.append((at, user, "like", note_id, None))
        collectors = (
            likers[:collect_n] if len(likers) >= collect_n else self._readers(collect_n, author)
        )
        for user in collectors:
            at = self._after(moment)
            board_id = self._board_for(user, at)
            self.collect_writer.add(
                (self.ids.take(Collect), self.user_ids[user], note_id, board_id, fmt(at))
            )
            self.board_counts[board_id] = self.board_counts.get(board_id, 0) + 1
            if author == 0:
                self.demo_events.append((at, user, "collect", note_id, None))
        self.received[author] += len(likers) + len(collectors)
        real_comments = (
            self._comments(note_id, author, moment, ctx, comment_n, forced_comments, answer)
            if listed
            else 0
        )
        row = self.pending_note
        published = row[12]
        published_at = datetime.fromtimestamp(published, tz=UTC)
        score = hot_score(
            likes=len(likers),
            collects=len(collectors),
            comments=real_comments,
            published_at=published_at,
        )
        status = row[10]
        self.note_writer.add(
            (
                *row[:12],
                fmt(published),
                fmt(published),
                fmt(published) if status == "published" else None,
                len(likers),
                len(collectors),
                real_comments,
                score,
            )
        )

    def _board_for(self, user: int, at: int) -> int:
        boards = self.boards.get(user)
        rng = self.rng
        if boards is None:
            boards = []
            names = [gettext("Default board")]
            if rng.random() < 0.3:
                names.append(BOARD_NAMES[int(rng.random() * len(BOARD_NAMES))])
            for position, name in enumerate(names):
                board_id = self.ids.take(Board)
                self.board_writer.add(
                    (
                        board_id,
                        self.user_ids[user],
                        name,
                        "",
                        position > 0 and rng.random() < 0.2,
                        position == 0,
                        self.fmt(at),
                        self.fmt(at),
                    )
                )
                boards.append(board_id)
            self.boards[user] = boards
        if len(boards) > 1 and rng.random() < 0.4:
            return boards[1]
        return boards[0]

    def _comments(
        self,
        note_id: int,
        author: int,
        moment: int,
        ctx: NoteContext,
        count: int,
        forced: list[str],
        answer: tuple[str, int] | None,
    ) -> int:
        rng, fmt = self.rng, self.fmt
        threads: list[tuple[int, int]] = []  # (comment id, author index) of top-level comments
        replies: dict[int, int] = {}
        times = sorted(self._after(moment) for _ in range(count))
        forced_queue = list(forced)
        self.last_forced_comments: list[dict[str, Any]] = []
        self.last_answer_comment: dict[str, Any] | None = None
        for position, at in enumerate(times):
            comment_id = self.ids.take(Comment)
            external_id = f"seed{self.options.seed}-c{self.comment_index:09d}"
            parent_id = reply_to_id = None
            if answer is not None and position == 0:
                body, writer = answer
                self.last_answer_comment = {"id": comment_id, "external_id": external_id}
            elif forced_queue:
                body = forced_queue.pop(0)
                writer = self._readers(1, author)[0]
                self.last_forced_comments.append({"id": comment_id, "external_id": external_id})
            elif threads and rng.random() < 0.3:
                parent_id, parent_author = threads[int(rng.random() * len(threads))]
                reply_to_id = parent_id
                writer = author if rng.random() < 0.35 else self._readers(1, parent_author)[0]
                body = self.composer.comment(rng, ctx, reply=True)
                replies[parent_id] = replies.get(parent_id, 0) + 1
            else:
                writer = self._readers(1, author)[0]
                body = self.composer.comment(rng, ctx)
            if parent_id is None:
                threads.append((comment_id, writer))
            like_n = 0
            if rng.random() < 0.15:
                fans = self._readers(min(1 + int(rng.paretovariate(2.0)), 30), writer)
                for user in fans:
                    self.comment_like_writer.add(
                        (self.ids.take(CommentLike), self.user_ids[user], comment_id, fmt(at))
                    )
                like_n = len(fans)
            self.comment_writer.add(
                (
                    comment_id,
                    note_id,
                    self.user_ids[writer],
                    parent_id,
                    reply_to_id,
                    body or "…",
                    external_id,
                    like_n,
                    0,
                    fmt(at),
                )
            )
            self.comment_index += 1
            if author == 0 and writer != 0:
                self.demo_events.append((at, writer, "comment", note_id, comment_id))
        if replies:
            # reply_count is known only after the thread is written: patch the buffered rows.
            rows = self.comment_writer.rows
            for offset in range(len(rows) - count, len(rows)):
                row = rows[offset]
                if row[0] in replies:
                    rows[offset] = (*row[:8], replies[row[0]], *row[9:])
        return count
