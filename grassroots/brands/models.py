"""Brands: staff-verified accounts with members, a product catalogue (names and aliases used
to find mentions), and the competitor brands they compare themselves with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Brand(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    # Other names people write for the brand (English name, nickname), one per entry.
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    # The account that speaks for the brand (its @handle in notes and campaign questions).
    account = models.OneToOneField(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="brand_account"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competitors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="compared_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class BrandMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ANALYST = "analyst", _("Analyst")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="brand_memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.ANALYST)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["brand", "user"], name="brand_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in brand {self.brand_id} ({self.role})"


class BrandProduct(models.Model):
    """A product of the brand as people name it; aliases catch the other spellings."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=60)
    aliases = models.JSONField(default=list, blank=True)
    category = models.ForeignKey(
        "notes.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="brand_product_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BrandEvent(models.Model):
    """The audit log of a brand: who verified it, who changed members, products, ideas."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["brand", "-created_at", "-id"], name="brandevent_brand_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on brand {self.brand_id}"


class Campaign(models.Model):
    """A co-creation question: a public note (marked as a campaign) the brand asked."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="campaigns")
    note = models.OneToOneField("notes.Note", on_delete=models.CASCADE, related_name="campaign")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Comments with an id up to this one have been read for suggestions (incremental runs).
    comments_read_to = models.BigIntegerField(default=0)
    analysed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["brand", "-created_at"], name="campaign_brand_idx")]

    def __str__(self) -> str:
        return f"campaign {self.pk} of brand {self.brand_id}"


class Idea(models.Model):
    """A cluster of similar suggestions, ranked by support; the brand may adopt it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ideas")
    label = models.CharField(max_length=200)
    rank = models.PositiveIntegerField(default=0)
    support = models.FloatField(default=0.0)
    supporter_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    suggestion_count = models.PositiveIntegerField(default=0)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank", "id"]
        indexes = [models.Index(fields=["campaign", "rank"], name="idea_campaign_rank_idx")]

    def __str__(self) -> str:
        return self.label


class Suggestion(models.Model):
    """One suggestion sentence found in a campaign comment."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="suggestions")
    comment = models.ForeignKey("engagement.Comment", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    # Normalised core of the sentence (cue words and punctuation dropped): the dedup key.
    key = models.CharField(max_length=500)
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "comment", "position"], name="suggestion_once"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class IdeaCredit(models.Model):
    """An author credited for an adopted idea (fixed at adoption, shown on the campaign)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="credits")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="idea_credits")
    comment = models.ForeignKey(
        "engagement.Comment", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_credit_once")]

    def __str__(self) -> str:
        return f"{self.user_id} credited for idea {self.idea_id}"
