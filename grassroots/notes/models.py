from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """Two-level taxonomy shipped in notes/taxonomy.py and loaded by a data migration."""

    slug = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=20)
    name_en = models.CharField(max_length=40)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.slug

    @property
    def top(self) -> Category:
        return self.parent if self.parent_id else self  # type: ignore[return-value]


class Topic(models.Model):
    """A #hashtag. `name` is the normalised form (NFKC, lower case, no leading #)."""

    name = models.CharField(max_length=30, unique=True)
    note_count = models.PositiveIntegerField(default=0)
    follower_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"#{self.name}"


class Note(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Only me")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    external_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    title = models.CharField(_("title"), max_length=20, blank=True)
    body = models.TextField(_("body"), max_length=1000, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    # The top-level category, denormalised so channel pages use one index.
    top_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_name = models.CharField(_("place"), max_length=60, blank=True)
    place_city = models.CharField(_("city"), max_length=30, blank=True)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # Derived by notes.actions: published, public, not deleted, not hidden. Lists filter on it.
    is_listed = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    image_count = models.PositiveSmallIntegerField(default=0)
    # Cover size (first image, or the generated text card) so masonry cards need no join.
    cover_width = models.PositiveIntegerField(default=900)
    cover_height = models.PositiveIntegerField(default=1200)

    like_count = models.PositiveIntegerField(default=0)
    collect_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Discover ranking score; see feed/ranking.py for the formula.
    hot_score = models.FloatField(default=0.0)

    topics = models.ManyToManyField(Topic, through="NoteTopic", related_name="notes")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="NoteMention", related_name="mentioned_in"
    )

    class Meta:
        indexes = [
            models.Index(fields=["is_listed", "-hot_score", "-id"], name="note_discover_idx"),
            models.Index(
                fields=["top_category", "is_listed", "-hot_score", "-id"], name="note_channel_idx"
            ),
            models.Index(
                fields=["category", "is_listed", "-hot_score", "-id"], name="note_subchannel_idx"
            ),
            models.Index(fields=["is_listed", "-published_at", "-id"], name="note_latest_idx"),
            models.Index(
                fields=["author", "is_listed", "-published_at", "-id"], name="note_author_idx"
            ),
            models.Index(fields=["author", "-updated_at"], name="note_author_all_idx"),
            models.Index(fields=["deleted_at"], name="note_deleted_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"note {self.pk}"

    @property
    def is_text_only(self) -> bool:
        return self.image_count == 0

    @property
    def cover_ratio(self) -> float:
        """Height / width, clamped like Xiaohongshu cards (3:4 … 4:3 band stretched a bit)."""
        ratio = self.cover_height / max(self.cover_width, 1)
        return max(0.75, min(ratio, 1.333))


class NoteImage(models.Model):
    """One re-encoded image of a note. Files are served only through the checked media view."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Storage paths: large display size, card size, thumbnail.
    large = models.CharField(max_length=200)
    medium = models.CharField(max_length=200)
    thumb = models.CharField(max_length=200)
    alt_text = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["note", "position"], name="note_image_position_unique")
        ]

    def __str__(self) -> str:
        return f"image {self.position + 1} of note {self.note_id}"


class NoteTopic(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["note", "topic"], name="note_topic_once")]
        indexes = [models.Index(fields=["topic", "note"], name="notetopic_topic_idx")]

    def __str__(self) -> str:
        return f"note {self.note_id} #{self.topic_id}"


class NoteMention(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # Set when the mentioned user was notified (the note was listed); each user is told once.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="note_mention_once")]

    def __str__(self) -> str:
        return f"note {self.note_id} @{self.user_id}"


# The filter every list of notes starts from. `filter(is_listed=True)` compiles to a bare
# `WHERE is_listed` on SQLite, which its planner cannot use as the equality prefix of the
# composite indexes (it then sorts the whole table); `is_listed = true` seeks them on both
# databases.
LISTED = Exact(F("is_listed"), Value(True))
