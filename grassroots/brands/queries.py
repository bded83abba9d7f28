"""Reads and access rules for brands."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from grassroots.brands.models import (
    Brand,
    BrandEvent,
    BrandMember,
    BrandProduct,
    Campaign,
    Idea,
    IdeaCredit,
    Suggestion,
)
from grassroots.core.errors import Forbidden, NotFound

EXAMPLES_PER_IDEA = 3


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
        hidden = membership is None and not getattr(user, "is_staff", False)
        if hidden and not brand.is_verified:
            raise NotFound("No such brand.")
        raise Forbidden("Only the brand's members can do that.")
    return brand


# --- pages and API reads ----------------------------------------------------------------------


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def role_in(brand: Brand, user: Any) -> str | None:
    """The user's role in the brand, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    role: str | None = (
        BrandMember.objects.filter(brand=brand, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return role


def brand_for_viewer(*, slug: str, viewer: Any) -> Brand:
    """A verified brand for anyone; an unverified one only for its members and staff.

    Everyone else gets the same NotFound as for a slug never used."""
    brand = Brand.objects.select_related("account").filter(slug=slug).first()
    if brand is None:
        raise NotFound("No such brand.")
    if brand.is_verified or _is_staff(viewer) or role_in(brand, viewer) is not None:
        return brand
    raise NotFound("No such brand.")


def brands_of(user: Any) -> list[BrandMember]:
    """The user's memberships (verified or not), with their brands."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        BrandMember.objects.filter(user_id=user.pk)
        .select_related("brand")
        .order_by("brand__name", "brand_id")
    )


def verified_brands() -> QuerySet[Brand]:
    return Brand.objects.filter(verified_at__isnull=False).order_by("name", "id")


def pending_brands(*, viewer: Any) -> QuerySet[Brand]:
    """Staff: brands waiting for verification, oldest first."""
    if not _is_staff(viewer):
        raise Forbidden("Only staff can do this.")
    return Brand.objects.filter(verified_at__isnull=True).order_by("created_at", "id")


def members_of(brand: Brand) -> list[BrandMember]:
    return list(
        BrandMember.objects.filter(brand=brand).select_related("user").order_by("role", "id")
    )


def products_of(brand: Brand) -> list[BrandProduct]:
    return list(
        BrandProduct.objects.filter(brand=brand).select_related("category").order_by("name", "id")
    )


def product_for_member(*, brand: Brand, product_id: int) -> BrandProduct:
    product = BrandProduct.objects.filter(brand=brand, pk=product_id).first()
    if product is None:
        raise NotFound("No such product.")
    return product


def competitors_of(brand: Brand) -> list[Brand]:
    """The brand's competitors that are (still) verified."""
    return list(brand.competitors.filter(verified_at__isnull=False).order_by("name", "id"))


def competitor_choices(brand: Brand) -> list[Brand]:
    """Verified brands the brand could add as competitors."""
    taken = brand.competitors.values("pk")
    return list(verified_brands().exclude(pk=brand.pk).exclude(pk__in=taken))


def brand_events(brand: Brand, *, limit: int = 50) -> list[BrandEvent]:
    return list(
        BrandEvent.objects.filter(brand=brand)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def _campaign_visible(campaign: Campaign, viewer: Any) -> bool:
    brand = campaign.brand
    if _is_staff(viewer) or role_in(brand, viewer) is not None:
        return True
    return brand.is_verified and campaign.note.is_listed


def campaigns_of(*, brand: Brand, viewer: Any) -> list[Campaign]:
    """The brand's campaigns the viewer may see, newest first."""
    rows = (
        Campaign.objects.filter(brand=brand)
        .select_related("note", "note__author", "brand")
        .order_by("-created_at", "-id")
    )
    if not (_is_staff(viewer) or role_in(brand, viewer) is not None):
        rows = rows.filter(note__is_listed=True)
    return list(rows)


def campaign_for_viewer(*, campaign_id: int, viewer: Any) -> Campaign:
    """A campaign whose note is public (of a verified brand); members and staff see theirs
    always. Anything else is the NotFound of an unknown id."""
    campaign = (
        Campaign.objects.select_related("brand", "brand__account", "note", "note__author")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None or not _campaign_visible(campaign, viewer):
        raise NotFound("No such campaign.")
    return campaign


def ideas_of(campaign: Campaign) -> list[Idea]:
    """Ideas best first, with their credited authors and up to a few example suggestions."""
    ideas = list(
        Idea.objects.filter(campaign=campaign)
        .prefetch_related(
            Prefetch("credits", queryset=IdeaCredit.objects.select_related("user").order_by("id"))
        )
        .order_by("rank", "id")
    )
    examples: dict[int, list[Suggestion]] = {}
    rows = (
        Suggestion.objects.filter(
            idea__in=ideas, comment__deleted_at__isnull=True, comment__hidden_at__isnull=True
        )
        .select_related("comment__author")
        .order_by("-comment__like_count", "id")
    )
    for suggestion in rows:
        bucket = examples.setdefault(suggestion.idea_id or 0, [])
        if len(bucket) < EXAMPLES_PER_IDEA:
            bucket.append(suggestion)
    for idea in ideas:
        idea.examples = examples.get(idea.pk, [])  # type: ignore[attr-defined]
    return ideas


def idea_for_viewer(*, idea_id: int, viewer: Any) -> Idea:
    idea = Idea.objects.select_related("campaign").filter(pk=idea_id).first()
    if idea is None:
        raise NotFound("No such idea.")
    campaign_for_viewer(campaign_id=idea.campaign_id, viewer=viewer)
    return idea
