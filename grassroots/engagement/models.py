from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grassroots.notes.models import Note, Topic

USER = settings.AUTH_USER_MODEL


class NoteLike(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="note_likes")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="note_like_once")]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="notelike_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ note {self.note_id}"


class Board(models.Model):
    """A named collection (收藏专辑). Every user has exactly one default board."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=30)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_private = models.BooleanField(_("private"), default=False)
    is_default = models.BooleanField(default=False)
    note_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="board_name_unique"),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(is_default=True), name="board_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Collect(models.Model):
    """A user collects a note once, into one of their boards (moving is allowed)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="collects")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="collects")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="collects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="collect_once")]
        indexes = [models.Index(fields=["board", "-created_at", "-id"], name="collect_board_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ note {self.note_id} in board {self.board_id}"


class Comment(models.Model):
    """A comment on a note; replies have `parent` set (one level) and may target a reply."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=500)
    external_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    like_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["note", "parent", "created_at", "id"], name="comment_thread_idx"),
            models.Index(fields=["parent", "created_at", "id"], name="comment_replies_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None


class CommentLike(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="comment_likes")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="comment_like_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ comment {self.comment_id}"


class TopicFollow(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="topic_follows")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows topic {self.topic_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("liked your note")
        COMMENT_LIKE = "comment_like", _("liked your comment")
        COLLECT = "collect", _("collected your note")
        COMMENT = "comment", _("commented on your note")
        REPLY = "reply", _("replied to your comment")
        MENTION = "mention", _("mentioned you")
        FOLLOW = "follow", _("started following you")
        IDEA_ADOPTED = "idea_adopted", _("adopted your suggestion")

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} by {self.actor_id}"
