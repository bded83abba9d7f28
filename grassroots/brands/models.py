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
