"""Follows, topic follows, the demo account's notifications, and the final counters."""

from __future__ import annotations

import bisect

from grassroots.accounts.models import Follow, User
from grassroots.engagement.models import (
    Board,
    Notification,
    TopicFollow,
)
from grassroots.notes.models import Topic
from grassroots.seed.state import (
    DEMO_NOTIFICATIONS,
    SeedState,
)
from grassroots.seed.writer import (
    TableWriter,
    update_rows,
)


class CommunityMixin(SeedState):
    """Social graph and counters written once every note exists."""

    def _make_follows(self) -> None:
        rng, fmt = self.rng, self.fmt
        writer = TableWriter(Follow, ["id", "follower_id", "followee_id", "created_at"])
        users = self.options.users
        total = self.author_cw[-1]
        for follower in range(users):
            wanted = min(int(rng.paretovariate(1.3) * 3) - 2, users - 1, 500)
            if follower == 0:
                wanted = min(30, users - 1)
            chosen: dict[int, None] = {}
            attempts = 0
            while len(chosen) < wanted and attempts < wanted * 6:
                attempts += 1
                followee = bisect.bisect_left(self.author_cw, rng.random() * total)
                if followee != follower:
                    chosen[followee] = None
            if follower != 0 and users > 1 and rng.random() < 0.15:
                chosen[0] = None  # the demo account gets followers to show
            for followee in chosen:
                at = self.anchor_ts - int(rng.random() * self.options.days * 86_400)
                writer.add(
                    (
                        self.ids.take(Follow),
                        self.user_ids[follower],
                        self.user_ids[followee],
                        fmt(at),
                    )
                )
                self.following[follower] += 1
                self.followers[followee] += 1
                if followee == 0:
                    self.demo_events.append((at, follower, "follow", None, None))
        writer.flush()
        self.stats["follows"] = writer.written

    def _make_topic_follows(self) -> None:
        rng, fmt = self.rng, self.fmt
        writer = TableWriter(TopicFollow, ["id", "user_id", "topic_id", "created_at"])
        popular = sorted(self.topic_counts, key=lambda t: (-self.topic_counts[t], t))[:200]
        self.topic_followers: dict[int, int] = {}
        if popular:
            for user in range(self.options.users):
                if user != 0 and rng.random() >= 0.2:
                    continue
                for topic_id in dict.fromkeys(
                    rng.choice(popular) for _ in range(1 + int(rng.random() * 5))
                ):
                    at = self.anchor_ts - int(rng.random() * self.options.days * 86_400)
                    writer.add((self.ids.take(TopicFollow), self.user_ids[user], topic_id, fmt(at)))
                    self.topic_followers[topic_id] = self.topic_followers.get(topic_id, 0) + 1
        writer.flush()
        self.stats["topic_follows"] = writer.written

    def _make_demo_notifications(self) -> None:
        fmt = self.fmt
        writer = TableWriter(
            Notification,
            [
                "id",
                "recipient_id",
                "actor_id",
                "kind",
                "note_id",
                "comment_id",
                "created_at",
                "read_at",
            ],
        )
        events = sorted(self.demo_events, key=lambda event: (event[0], event[1], event[2]))
        recent = events[-DEMO_NOTIFICATIONS:]
        read_before = self.anchor_ts - 3 * 86_400
        for at, actor, kind, note_id, comment_id in recent:
            writer.add(
                (
                    self.ids.take(Notification),
                    self.user_ids[0],
                    self.user_ids[actor],
                    kind,
                    note_id,
                    comment_id,
                    fmt(at),
                    fmt(at + 3600) if at < read_before else None,
                )
            )
        writer.flush()
        self.stats["notifications"] = writer.written

    def _write_counters(self) -> None:
        update_rows(
            User,
            ["notes_count", "likes_collects_received", "followers_count", "following_count"],
            (
                (
                    self.notes_count[i],
                    self.received[i],
                    self.followers[i],
                    self.following[i],
                    self.user_ids[i],
                )
                for i in range(self.options.users)
            ),
        )
        update_rows(
            Topic,
            ["note_count", "follower_count"],
            (
                (
                    self.topic_counts.get(topic_id, 0),
                    self.topic_followers.get(topic_id, 0),
                    topic_id,
                )
                for topic_id in sorted(set(self.topic_counts) | set(self.topic_followers))
            ),
        )
        update_rows(
            Board,
            ["note_count"],
            ((count, board) for board, count in sorted(self.board_counts.items())),
        )
