"""Factories for brands: a brand with its owner, members, a campaign with comments.

Everything is made through the actions, so tests start from states the product can reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands import actions, campaigns
from grassroots.brands.models import Brand, BrandMember, Campaign
from grassroots.engagement import actions as engagement
from grassroots.engagement.models import Comment

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def staff_user() -> User:
    user: User = UserFactory(username=f"staff{_next()}", is_staff=True)
    return user


def make_brand(
    *,
    owner: User | None = None,
    name: str | None = None,
    slug: str | None = None,
    verified: bool = True,
    account: User | None = None,
    aliases: Sequence[str] = (),
) -> Brand:
    """A brand applied for by `owner` (made when None), verified by a staff user by default."""
    n = _next()
    owner = owner or UserFactory(username=f"owner{n}")
    brand = actions.brand_apply(
        user=owner, name=name or f"Brand {n}", slug=slug or f"brand-{n}", aliases=aliases
    )
    if account is not None:
        Brand.objects.filter(pk=brand.pk).update(account=account)
        brand.account = account
    if verified:
        actions.brand_verify(brand=brand, actor=staff_user())
    return brand


def owner_of(brand: Brand) -> User:
    member = BrandMember.objects.filter(brand=brand, role=BrandMember.Role.OWNER).first()
    assert member is not None
    return member.user


def add_member(brand: Brand, user: User, role: str = BrandMember.Role.ANALYST) -> BrandMember:
    return actions.member_add(brand=brand, actor=owner_of(brand), username=user.username, role=role)


@dataclass
class CampaignSetup:
    brand: Brand
    owner: User
    campaign: Campaign
    comments: list[Comment]


def make_campaign(
    *,
    brand: Brand | None = None,
    comments: Sequence[tuple[str, str]] = (),
    title: str = "下一代推车听你们的",
    body: str = "你们最想改进什么？",
) -> CampaignSetup:
    """A campaign of a verified brand with comments given as (username, body)."""
    brand = brand or make_brand()
    owner = owner_of(brand)
    campaign = campaigns.campaign_create(brand=brand, actor=owner, title=title, body=body)
    made: list[Comment] = []
    for username, text in comments:
        author = UserFactory(username=username)
        made.append(engagement.comment_create(note=campaign.note, author=author, body=text))
    return CampaignSetup(brand=brand, owner=owner, campaign=campaign, comments=made)


def security_objects(*, member: User, other: User) -> dict[str, str]:
    """Brand objects for the security suite: `member` owns a verified brand with an analyst,
    a product, a competitor and a campaign whose idea came from `other`'s comment.

    Returns the URL parameter values (brand_slug, member_id, product_id, competitor_slug,
    campaign_id, idea_id) for its route walks."""
    brand = make_brand(owner=member, name="Security brand", slug="security-brand")
    rival = make_brand(name="Rival brand", slug="rival-brand")
    mate = UserFactory(username="brandmate")
    analyst = add_member(brand, mate)
    product = actions.product_create(brand=brand, actor=member, name="Trail stroller")
    actions.competitor_add(brand=brand, actor=member, competitor_slug=rival.slug)
    campaign = campaigns.campaign_create(
        brand=brand, actor=member, title="Ask", body="What should we make next?"
    )
    engagement.comment_create(
        note=campaign.note, author=other, body="建议加个头托，宝宝睡着脖子总歪"
    )
    campaigns.campaign_analyse(campaign=campaign)
    idea = campaign.ideas.get()
    return {
        "brand_slug": brand.slug,
        "member_id": str(analyst.pk),
        "product_id": str(product.pk),
        "competitor_slug": rival.slug,
        "campaign_id": str(campaign.pk),
        "idea_id": str(idea.pk),
    }


def security_bodies(kwargs: dict[str, str]) -> dict[tuple[str, str], dict[str, object]]:
    """Valid JSON bodies of the brand API writes (for the CSRF suite's positive controls)."""
    return {
        ("post", "/api/brands"): {"name": "CSRF brand", "slug": "csrf-brand"},
        ("patch", "/api/brands/{brand_slug}"): {"description": "changed"},
        ("post", "/api/brands/{brand_slug}/members"): {"username": "other"},
        ("patch", "/api/brands/{brand_slug}/members/{member_id}"): {"role": "owner"},
        ("post", "/api/brands/{brand_slug}/products"): {"name": "CSRF product"},
        ("patch", "/api/brands/{brand_slug}/products/{product_id}"): {"aliases": ["tr"]},
        ("post", "/api/brands/{brand_slug}/competitors"): {"slug": kwargs["competitor_slug"]},
        ("post", "/api/brands/{brand_slug}/campaigns"): {"title": "Q", "body": "Ideas?"},
    }


# Brand API writes only staff may make (a member gets 403).
STAFF_ONLY_WRITES = {("post", "/api/brands/{brand_slug}/verify")}
