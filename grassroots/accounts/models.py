from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member. Profile fields live on the user: every page that shows a user needs them."""

    class Gender(models.TextChoices):
        UNSPECIFIED = "", _("Prefer not to say")
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    class AgeRange(models.TextChoices):
        UNSPECIFIED = "", _("Prefer not to say")
        UNDER_18 = "under18", _("Under 18")
        AGE_18_24 = "18-24", "18–24"
        AGE_25_34 = "25-34", "25–34"
        AGE_35_44 = "35-44", "35–44"
        AGE_45_PLUS = "45+", "45+"

    display_name = models.CharField(_("display name"), max_length=30, blank=True)
    bio = models.CharField(_("bio"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    age_range = models.CharField(_("age range"), max_length=8, choices=AgeRange.choices, blank=True)
    avatar = models.CharField(max_length=200, blank=True, help_text="storage path of the avatar")
    external_id = models.CharField(max_length=64, null=True, blank=True, unique=True)

    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    notes_count = models.PositiveIntegerField(default=0)
    # 获赞与收藏: likes and collects received on this user's notes.
    likes_collects_received = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["display_name"], name="user_display_name_idx")]
        constraints = [
            # "Mia" and "mia" are one person: profile URLs and log-in ignore case.
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def __str__(self) -> str:
        return self.username


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followee")), name="follow_not_self"),
        ]
        indexes = [
            models.Index(fields=["followee", "-created_at"], name="follow_followee_idx"),
            models.Index(fields=["follower", "-created_at"], name="follow_follower_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followee_id}"


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=50, default="api")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
