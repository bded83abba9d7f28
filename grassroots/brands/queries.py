"""Reads and access rules for brands."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.brands.models import Brand, BrandMember
from grassroots.core.errors import Forbidden, NotFound


def verified_brands_of(user: Any) -> QuerySet[Brand]:
    """Verified brands the user is a member of (any role)."""
    if not user.is_authenticated:
        return Brand.objects.none()
    return Brand.objects.filter(members__user=user, verified_at__isnull=False).distinct()


def can_read_insights(user: Any) -> bool:
    """Analysis of public content is open to members of any verified brand (and staff)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return verified_brands_of(user).exists()


def require_insights_reader(user: Any) -> None:
    if not can_read_insights(user):
        raise Forbidden("Insights are available to members of a verified brand.")


def brand_for_member(user: Any, slug: str, *, roles: tuple[str, ...] | None = None) -> Brand:
    """The brand `slug` if the user is a member (with one of `roles` when given).

    Non-members get NotFound for unverified brands (they don't exist to them) and Forbidden for
    verified ones (public brand pages show those anyway)."""
    brand = Brand.objects.filter(slug=slug).first()
    if brand is None:
        raise NotFound("No such brand.")
    membership = None
    if user.is_authenticated:
        membership = BrandMember.objects.filter(brand=brand, user=user).first()
    if membership is None or (roles is not None and membership.role not in roles):
        if not brand.is_verified and not getattr(user, "is_staff", False):
            raise NotFound("No such brand.")
        raise Forbidden("Only the brand's members can do that.")
    return brand
